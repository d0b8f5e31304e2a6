import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpn/vpn_tunnel_ike_v2_only.ts';
import { defaultTunnel, inventory, only, runCheck, tunnel, vpnConnection } from '../../../support/builders.ts';

const findings = (tunnels: ReturnType<typeof tunnel>[]) =>
  runCheck(check, inventory({ vpnConnections: [vpnConnection({ tunnels })] }));

describe('vpn_tunnel_ike_v2_only', () => {
  it('judges each tunnel on its own, named by outside IP', () => {
    const results = findings([
      tunnel('203.0.113.1'),
      tunnel('203.0.113.2', { ikeVersions: { values: ['ikev1', 'ikev2'], isDefault: false } }),
    ]);
    expect(only(results, 'vpn-00000001/203.0.113.1').status).toBe('PASS');
    const weak = only(results, 'vpn-00000001/203.0.113.2');
    expect(weak.status).toBe('FAIL');
    expect(weak.message).toContain('tunnel 203.0.113.2 allows IKEv1 (IKE versions: ikev1, ikev2)');
  });

  it('reports an empty option list as the AWS defaults, which include IKEv1, not as a pass', () => {
    const finding = only(findings([defaultTunnel('203.0.113.1')]), 'vpn-00000001/203.0.113.1');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('AWS defaults (ikev1, ikev2)');
    expect(finding.evidence).toEqual({ ikeVersions: ['ikev1', 'ikev2'], usesAwsDefaults: true });
  });

  it('reports ERROR for a connection without tunnel details', () => {
    expect(only(findings([]), 'vpn-00000001').status).toBe('ERROR');
  });
});
