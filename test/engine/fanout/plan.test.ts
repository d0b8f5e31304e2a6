import { describe, expect, it } from 'vitest';
import { planOrgSweep, unitsOf } from '../../../functions/engine/fanout/plan.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const org = [
  { id: '333333333333', name: 'prod', state: 'ACTIVE' },
  { id: '222222222222', name: 'dev', state: 'ACTIVE' },
  { id: '444444444444', name: 'old', state: 'SUSPENDED' },
  { id: '111111111111', name: 'monitor', state: 'ACTIVE' },
];
const plan = (overrides: Partial<Parameters<typeof planOrgSweep>[0]> = {}) =>
  planOrgSweep({
    runId: 'run-1',
    now: NOW,
    regions: ['us-east-1', 'eu-west-1'],
    organization: org,
    selfAccount: '111111111111',
    ...overrides,
  });

describe('planOrgSweep', () => {
  it('takes every active account of the organization and says why the others were left out', () => {
    expect(plan()).toEqual({
      runId: 'run-1',
      plannedAt: '2026-11-22T12:00:00.000Z',
      primaryRegion: 'us-east-1',
      regions: ['us-east-1', 'eu-west-1'],
      accounts: ['111111111111', '222222222222', '333333333333'],
      skipped: [{ account: '444444444444', reason: 'account is SUSPENDED' }],
    });
  });

  it('scans exactly the configured accounts, plus its own, and refuses ones the organization does not have', () => {
    const chosen = plan({ configured: ['333333333333', '999999999999', '444444444444'] });
    expect(chosen.accounts).toEqual(['111111111111', '333333333333']);
    expect(chosen.skipped).toEqual([
      { account: '444444444444', reason: 'account is SUSPENDED' },
      { account: '999999999999', reason: 'not an account of this organization' },
    ]);
  });

  it('trusts a configured list when the organization cannot be listed', () => {
    expect(plan({ organization: undefined, configured: ['222222222222'] }).accounts).toEqual(['111111111111', '222222222222']);
  });

  it('still scans its own account when the organization is empty', () => {
    expect(plan({ organization: [] }).accounts).toEqual(['111111111111']);
  });

  it('expands to one unit per account and region, the first region reading global resources', () => {
    const units = unitsOf(plan({ organization: org.slice(0, 2) }));
    expect(units.map((unit) => `${unit.account}/${unit.region}`)).toEqual([
      '111111111111/us-east-1',
      '111111111111/eu-west-1',
      '222222222222/us-east-1',
      '222222222222/eu-west-1',
      '333333333333/us-east-1',
      '333333333333/eu-west-1',
    ]);
    expect(new Set(units.map((unit) => unit.primaryRegion))).toEqual(new Set(['us-east-1']));
  });

  it('refuses a plan without regions', () => {
    expect(() => plan({ regions: [] })).toThrow(RangeError);
  });
});
