import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { DH_GROUP_STRENGTH, judgePhases, judgeTunnels, weakDhGroups } from '../lib/vpn-tunnel.ts';

const check = {
  id: 'vpn_tunnel_dh_groups_strong',
  title: 'Site-to-Site VPN tunnels use strong Diffie-Hellman groups in phase 1 and phase 2 (PFS)',
  headline: 'VPN tunnel allows weak DH groups',
  service: 'vpn',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, NIST.AC_17_2],
  rationale:
    "Phase 2 Diffie-Hellman is the tunnel's perfect forward secrecy, the VPN twin of the ECDHE requirement for API traffic; phase 1 protects the key exchange itself. AWS allows group 2 (1024-bit) in phase 1 and groups 2 and 5 in phase 2 unless told otherwise. Groups are judged by strength, not number: group 22 is 1024-bit MODP.",
  remediation:
    'aws ec2 modify-vpn-tunnel-options ... --tunnel-options Phase1DHGroupNumbers=[{Value=20}],Phase2DHGroupNumbers=[{Value=20}] (or 14–21, 23, 24 per policy)',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html'],
  evaluate: (resource, ctx) =>
    judgeTunnels(resource, (tunnel, subject) => {
      const floor = ctx.policy.vpn.minimumDhGroup;
      const phases = { phase1: tunnel.phase1DhGroups, phase2: tunnel.phase2DhGroups };
      return judgePhases(
        subject,
        phases,
        (groups) => weakDhGroups(groups, floor),
        {
          passes: `allows only DH groups at least as strong as group ${floor} in both phases`,
          allows: 'allows weak groups',
          phase2Label: 'phase 2 (PFS)',
        },
        { ...phases, minimumGroup: floor, minimumStrengthBits: DH_GROUP_STRENGTH[floor] ?? null },
      );
    }),
} satisfies Check<'vpnConnections'>;

export { check };
