import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_connection_state_available.ts';
import { failedCollection, inventory, only, runCheck, vpnConnection } from '../../../support/builders.ts';

const evaluate = (connection: ReturnType<typeof vpnConnection>) =>
  only(runCheck(check, inventory({ vpnConnections: [connection] })), connection.id);

describe('vpn_connection_state_available', () => {
  it('passes an available connection and fails one that is pending, naming its gateway', () => {
    expect(evaluate(vpnConnection()).status).toBe('PASS');
    const pending = evaluate(vpnConnection({ state: 'pending', attachment: { kind: 'transit-gateway', id: 'tgw-0abc' } }));
    expect(pending.status).toBe('FAIL');
    expect(pending.message).toBe(
      'Site-to-Site VPN vpn-00000001 (transit gateway tgw-0abc) is pending, so it carries no traffic.',
    );
    expect(pending.evidence).toMatchObject({ state: 'pending', attachment: { kind: 'transit-gateway', id: 'tgw-0abc' } });
  });

  it('reports ERROR, not PASS, when the connections could not be read', () => {
    const findings = runCheck(
      check,
      inventory({}, { vpnConnections: failedCollection('ec2', 'DescribeVpnConnections', 'UnauthorizedOperation') }),
    );
    expect(findings.map((finding) => finding.status)).toEqual(['ERROR']);
    expect(findings[0]?.message).toContain('UnauthorizedOperation');
  });
});
