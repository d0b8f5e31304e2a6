import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_tunnel_dh_groups_strong.ts';
import { defaultTunnel, inventory, only, policy, runCheck, tunnel, vpnConnection } from '../../../support/builders.ts';

const evaluate = (t: ReturnType<typeof tunnel>, pol = policy()) =>
  only(runCheck(check, inventory({ vpnConnections: [vpnConnection({ tunnels: [t] })] }), pol), `vpn-00000001/${t.outsideIp}`);
const groups = (values: number[]) => ({ values, isDefault: false });

describe('vpn_tunnel_dh_groups_strong', () => {
  it('passes groups at or above the floor (14) in both phases', () => {
    expect(
      evaluate(tunnel('203.0.113.1', { phase1DhGroups: groups([14, 19, 20]), phase2DhGroups: groups([14, 21]) })).status,
    ).toBe('PASS');
  });

  it('fails DH group 2 in phase 2 as missing perfect forward secrecy', () => {
    const finding = evaluate(tunnel('203.0.113.1', { phase2DhGroups: groups([2, 14]) }));
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('phase 2 (PFS) allows weak groups 2 (2, 14)');
    expect(finding.message).not.toContain('phase 1');
  });

  it('judges by strength, not number: group 22 (1024-bit MODP) is weaker than 14', () => {
    expect(evaluate(tunnel('203.0.113.1', { phase1DhGroups: groups([22]) })).status).toBe('FAIL');
  });

  it('fails unknown group numbers rather than trusting them', () => {
    expect(evaluate(tunnel('203.0.113.1', { phase1DhGroups: groups([31]) })).status).toBe('FAIL');
  });

  it('fails the AWS defaults in both phases (groups 2 and 22 in phase 1; 2, 5 and 22 in phase 2)', () => {
    const finding = evaluate(defaultTunnel('203.0.113.1'));
    expect(finding.message).toContain('phase 1 allows weak groups 2, 22 (AWS defaults (2, 14,');
    expect(finding.message).toContain('phase 2 (PFS) allows weak groups 2, 5, 22 (AWS defaults (2, 5, 14,');
  });

  it('follows a stricter policy floor: group 19 (256-bit ECP, ≈3072-bit) fails a floor of 20', () => {
    const strict = policy({ vpn: { minimumDhGroup: 20 } });
    const finding = evaluate(tunnel('203.0.113.1', { phase1DhGroups: groups([19, 20]) }), strict);
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence).toMatchObject({ minimumGroup: 20, minimumStrengthBits: 7680 });
  });
});
