import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/directconnect/directconnect_region_connection_redundancy.ts';
import { dxRegion, inventory, only, policy, runCheck } from '../../../support/builders.ts';

const evaluate = (connections: Parameters<typeof dxRegion>[0], pol = policy()) =>
  only(runCheck(check, inventory({ dxRegions: [dxRegion(connections)] }), pol), 'directconnect/us-east-1');
const at = (connectionId: string, location: string, state = 'available') => ({ connectionId, location, state });

describe('directconnect_region_connection_redundancy', () => {
  it('passes two connections in two locations', () => {
    expect(evaluate([at('dxcon-a', 'EqDC2'), at('dxcon-b', 'CSVA1')]).status).toBe('PASS');
  });

  it('fails a single location, even with two connections there', () => {
    const finding = evaluate([at('dxcon-a', 'EqDC2'), at('dxcon-b', 'EqDC2')]);
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toBe(
      'Direct Connect in us-east-1 has 2 available connections in 1 location (EqDC2); the policy requires 2 in 2.',
    );
  });

  it('counts distinct connection ids: the same connection listed twice is one', () => {
    const finding = evaluate([at('dxcon-a', 'EqDC2'), at('dxcon-a', 'CSVA1')]);
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.availableConnections).toBe(1);
  });

  it('ignores connections that are down when counting', () => {
    expect(evaluate([at('dxcon-a', 'EqDC2'), at('dxcon-b', 'CSVA1', 'down')]).status).toBe('FAIL');
  });

  it('follows the policy minimums', () => {
    const relaxed = policy({ directConnect: { minimumConnections: 1, minimumLocations: 1 } });
    expect(evaluate([at('dxcon-a', 'EqDC2')], relaxed).status).toBe('PASS');
  });
});
