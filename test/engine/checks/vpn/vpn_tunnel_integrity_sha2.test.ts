import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_tunnel_integrity_sha2.ts';
import { defaultTunnel, inventory, only, runCheck, tunnel, vpnConnection } from '../../../support/builders.ts';

const evaluate = (t: ReturnType<typeof tunnel>) =>
  only(runCheck(check, inventory({ vpnConnections: [vpnConnection({ tunnels: [t] })] })), `vpn-00000001/${t.outsideIp}`);

describe('vpn_tunnel_integrity_sha2', () => {
  it('passes SHA-2 and fails SHA1 in phase 1', () => {
    expect(evaluate(tunnel('203.0.113.1')).status).toBe('PASS');
    const finding = evaluate(tunnel('203.0.113.1', { phase1Integrity: { values: ['SHA1'], isDefault: false } }));
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('phase 1 allows SHA1 (SHA1)');
    expect(finding.message).not.toContain('phase 2');
  });

  it('fails the AWS defaults, which still allow SHA1', () => {
    const finding = evaluate(defaultTunnel('203.0.113.1'));
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence).toMatchObject({ phase1: { isDefault: true }, phase2: { isDefault: true } });
  });
});
