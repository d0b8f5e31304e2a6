import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { judgeAllowList, judgeTunnels } from '../lib/vpn-tunnel.ts';

const check = {
  id: 'vpn_tunnel_integrity_sha2',
  title: 'Site-to-Site VPN tunnels use SHA-2 integrity in phase 1 and phase 2',
  headline: 'VPN tunnel allows SHA1 integrity',
  service: 'vpn',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13],
  rationale:
    'SHA-1 is deprecated for integrity protection; AWS still allows it on every tunnel whose integrity options were left empty. The policy (vpn.allowedIntegrity, default SHA2-256/384/512) decides what is acceptable, for both phases.',
  remediation:
    'aws ec2 modify-vpn-tunnel-options ... --tunnel-options Phase1IntegrityAlgorithms=[{Value=SHA2-256}],Phase2IntegrityAlgorithms=[{Value=SHA2-256}]',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html'],
  evaluate: (resource, ctx) =>
    judgeTunnels(resource, (tunnel, subject) =>
      judgeAllowList(
        subject,
        { phase1: tunnel.phase1Integrity, phase2: tunnel.phase2Integrity },
        ctx.policy.vpn.allowedIntegrity,
        'uses SHA-2 integrity only',
      ),
    ),
} satisfies Check<'vpnConnections'>;

export { check };
