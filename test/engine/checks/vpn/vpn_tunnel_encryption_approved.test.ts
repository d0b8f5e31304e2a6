import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_tunnel_encryption_approved.ts';
import { defaultTunnel, inventory, only, policy, runCheck, tunnel, vpnConnection } from '../../../support/builders.ts';

const evaluate = (t: ReturnType<typeof tunnel>, pol = policy()) =>
  only(runCheck(check, inventory({ vpnConnections: [vpnConnection({ tunnels: [t] })] }), pol), `vpn-00000001/${t.outsideIp}`);

describe('vpn_tunnel_encryption_approved', () => {
  it('passes AES-256 and AES-GCM, fails AES-128-CBC in phase 2 only, saying which phase', () => {
    expect(evaluate(tunnel('203.0.113.1')).status).toBe('PASS');
    const finding = evaluate(
      tunnel('203.0.113.1', { phase2Encryption: { values: ['AES256-GCM-16', 'AES128'], isDefault: false } }),
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toMatch(/: phase 2 allows AES128 \(AES256-GCM-16, AES128\)\.$/);
  });

  it('fails the AWS defaults, which include AES128-CBC in both phases', () => {
    const finding = evaluate(defaultTunnel('203.0.113.1'));
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('phase 1 allows AES128 (AWS defaults (AES128, AES256, AES128-GCM-16, AES256-GCM-16))');
    expect(finding.message).toContain('phase 2 allows AES128');
  });

  it('follows the policy: a GCM-only organisation fails AES256-CBC', () => {
    const gcmOnly = policy({ vpn: { allowedEncryption: ['AES128-GCM-16', 'AES256-GCM-16'] } });
    const cbc = tunnel('203.0.113.1', { phase1Encryption: { values: ['AES256'], isDefault: false } });
    expect(evaluate(cbc).status).toBe('PASS');
    expect(evaluate(cbc, gcmOnly).status).toBe('FAIL');
  });
});
