import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { vpnSubject } from '../lib/vpn-tunnel.ts';

const check = {
  id: 'vpn_connection_state_available',
  title: 'Site-to-Site VPN connections are available',
  headline: 'VPN connection is not available',
  service: 'vpn',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.AC_17],
  rationale:
    'AWS names Site-to-Site VPN as one of the two private paths on-premises clients use to reach DynamoDB, File Cache and Pinpoint. A connection that is pending or being deleted carries nothing, and clients fall back to the internet or fail.',
  remediation:
    'Check the connection in the VPC console; recreate it if it is stuck, and confirm the customer gateway configuration.',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html'],
  evaluate(resource) {
    const connection = resource.attributes;
    const evidence = {
      state: connection.state,
      attachment: connection.attachment,
      customerGatewayId: connection.customerGatewayId ?? null,
    };
    if (connection.state === 'available') return { status: 'PASS', message: `${vpnSubject(connection)} is available.`, evidence };
    return { status: 'FAIL', message: `${vpnSubject(connection)} is ${connection.state}, so it carries no traffic.`, evidence };
  },
} satisfies Check<'vpnConnections'>;

export { check };
