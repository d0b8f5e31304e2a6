import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeAllowList, judgeTunnels } from '../lib/vpn-tunnel.ts';

const check = {
  id: 'vpn_tunnel_encryption_approved',
  title: 'Site-to-Site VPN tunnels allow only approved encryption in phase 1 and phase 2',
  headline: 'VPN tunnel allows unapproved encryption',
  service: 'vpn',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, NIST.AC_17_2, PCI.R4_2_1],
  rationale:
    'The tunnel cipher protects every byte on-premises clients send to the monitored services. AWS allows AES128 (CBC) alongside AES-256 and the GCM family unless told otherwise; the policy (vpn.allowedEncryption, default AES256, AES128-GCM-16, AES256-GCM-16) decides what is acceptable, for both phases.',
  remediation:
    'aws ec2 modify-vpn-tunnel-options ... --tunnel-options Phase1EncryptionAlgorithms=[{Value=AES256-GCM-16}],Phase2EncryptionAlgorithms=[{Value=AES256-GCM-16}]',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html'],
  evaluate: (resource, ctx) =>
    judgeTunnels(resource, (tunnel, subject) =>
      judgeAllowList(
        subject,
        { phase1: tunnel.phase1Encryption, phase2: tunnel.phase2Encryption },
        ctx.policy.vpn.allowedEncryption,
        'allows only approved encryption',
      ),
    ),
} satisfies Check<'vpnConnections'>;

export { check };
