import { describe, expect, it } from 'vitest';
import { applySuppressions, expiredSuppressions, isExpired } from '../../../functions/engine/policy/suppressions.ts';
import type { Finding } from '../../../functions/engine/types.ts';

const finding = (overrides: Partial<Finding> = {}): Finding => ({
  checkId: 'vpc_endpoint_subnets_multi_az',
  title: 't',
  status: 'FAIL',
  severity: 'LOW',
  service: 'vpc',
  account: '111122223333',
  region: 'us-east-1',
  resourceType: 'AWS::EC2::VPCEndpoint',
  resourceId: 'vpce-0abc',
  message: 'single zone.',
  evidence: {},
  remediation: 'r',
  ...overrides,
});
const rule = (overrides: Record<string, unknown> = {}) => ({
  check: 'vpc_endpoint_subnets_multi_az',
  resource: 'vpce-0a*',
  reason: 'accepted until migration',
  expires: '2026-12-31',
  ...overrides,
});
const now = new Date('2026-11-22T00:00:00Z');

describe('suppressions', () => {
  it('applies through the end of the expiry day, UTC', () => {
    expect(isExpired(rule(), new Date('2026-12-31T23:59:59Z'))).toBe(false);
    expect(isExpired(rule(), new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('suppresses a matching FAIL and records why', () => {
    const [result] = applySuppressions([finding()], [rule()], now);
    expect(result?.suppression).toEqual({
      state: 'active',
      reason: 'accepted until migration',
      expires: '2026-12-31',
      resourcePattern: 'vpce-0a*',
    });
    expect(result?.message).toBe('single zone.');
  });

  it('stops suppressing once expired and says so on the finding', () => {
    const [result] = applySuppressions([finding()], [rule({ expires: '2026-01-31' })], now);
    expect(result?.suppression?.state).toBe('expired');
    expect(result?.message).toContain('expired on 2026-01-31 and no longer applies');
    expect(expiredSuppressions([rule({ expires: '2026-01-31' }), rule()], now)).toHaveLength(1);
  });

  it('prefers an active suppression over an expired one for the same finding', () => {
    const [result] = applySuppressions([finding()], [rule({ expires: '2026-01-31' }), rule()], now);
    expect(result?.suppression?.state).toBe('active');
  });

  it('never suppresses ERROR or PASS findings, so lost visibility always shows', () => {
    const results = applySuppressions([finding({ status: 'ERROR' }), finding({ status: 'PASS' })], [rule()], now);
    expect(results.map((result) => result.suppression)).toEqual([undefined, undefined]);
  });

  it('matches on check glob, resource glob, account and region', () => {
    const findings = [
      finding(),
      finding({ resourceId: 'vpce-9zz' }),
      finding({ region: 'eu-west-1' }),
      finding({ checkId: 'vpc_endpoint_state_available' }),
    ];
    const results = applySuppressions(findings, [rule({ check: 'vpc_endpoint_*', regions: ['us-east-1'] })], now);
    expect(results.map((result) => result.suppression?.state ?? 'none')).toEqual(['active', 'none', 'none', 'active']);
  });

  it('treats glob metacharacters literally except * and ?', () => {
    const results = applySuppressions(
      [finding({ resourceId: 'vpc-1/dynamodb' }), finding({ resourceId: 'vpc-1xdynamodb' })],
      [rule({ resource: 'vpc-1/dynamodb' })],
      now,
    );
    expect(results.map((result) => result.suppression?.state ?? 'none')).toEqual(['active', 'none']);
  });
});
