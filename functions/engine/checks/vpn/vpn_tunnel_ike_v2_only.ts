import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { describeSetting, judgeTunnels } from '../lib/vpn-tunnel.ts';

const check = {
  id: 'vpn_tunnel_ike_v2_only',
  title: 'Site-to-Site VPN tunnels allow IKEv2 only',
  headline: 'VPN tunnel allows IKEv1',
  service: 'vpn',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.SC_13, NIST.AC_17_2],
  rationale:
    'IKEv1 is the older key-exchange protocol for the tunnels that keep on-premises traffic private; its aggressive mode and weaker negotiation are the classic targets. AWS allows IKEv1 and IKEv2 unless the tunnel options say otherwise, so an untouched tunnel accepts IKEv1.',
  remediation:
    'aws ec2 modify-vpn-tunnel-options --vpn-connection-id <id> --vpn-tunnel-outside-ip-address <ip> --tunnel-options IKEVersions=[{Value=ikev2}]',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html'],
  evaluate: (resource) =>
    judgeTunnels(resource, (tunnel, subject) => {
      const evidence = { ikeVersions: tunnel.ikeVersions.values, usesAwsDefaults: tunnel.ikeVersions.isDefault };
      if (tunnel.ikeVersions.values.every((version) => version === 'ikev2'))
        return { status: 'PASS', message: `${subject} allows IKEv2 only.`, evidence };
      return {
        status: 'FAIL',
        message: `${subject} allows IKEv1 (IKE versions: ${describeSetting(tunnel.ikeVersions)}).`,
        evidence,
      };
    }),
} satisfies Check<'vpnConnections'>;

export { check };
