import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeTunnels } from '../lib/vpn-tunnel.ts';

const check = {
  id: 'vpn_tunnel_logging_enabled',
  title: 'Site-to-Site VPN tunnels send activity logs to CloudWatch Logs',
  headline: 'VPN tunnel logging is off',
  service: 'vpn',
  severity: 'LOW',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.AU_12, PCI.R10_2_1],
  rationale:
    'Tunnel logs record IKE negotiation, dead-peer detection and tunnel state changes, the evidence needed when the private path fails or is tampered with. Security Hub control EC2.171 asks for the same.',
  remediation:
    'aws ec2 modify-vpn-tunnel-options ... --tunnel-options LogOptions={CloudWatchLogOptions={LogEnabled=true,LogGroupArn=<arn>,LogOutputFormat=json}}',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-logs.html'],
  evaluate: (resource, ctx) =>
    judgeTunnels(resource, (tunnel, subject) => {
      const evidence = { loggingEnabled: tunnel.loggingEnabled ?? null };
      if (!ctx.policy.vpn.requireLogging)
        return { status: 'NOT_APPLICABLE', message: `${subject}: the policy does not require tunnel logs.`, evidence };
      if (tunnel.loggingEnabled === undefined)
        return { status: 'ERROR', message: `${subject}: AWS returned no log options for the tunnel.`, evidence };
      if (tunnel.loggingEnabled)
        return { status: 'PASS', message: `${subject} sends activity logs to CloudWatch Logs.`, evidence };
      return { status: 'FAIL', message: `${subject} does not send activity logs to CloudWatch Logs.`, evidence };
    }),
} satisfies Check<'vpnConnections'>;

export { check };
