import type { Check } from '../check.ts';
import { NIST, SECURITY_HUB } from '../frameworks.ts';
import { vpnSubject } from '../lib/vpn-tunnel.ts';

const since = (iso: string | undefined, now: Date): string => {
  if (!iso) return 'since an unknown time';
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
  const text =
    minutes < 60
      ? `${minutes} min`
      : minutes < 2880
        ? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
        : `${Math.floor(minutes / 1440)} days`;
  return `for ${text} (since ${iso})`;
};

const check = {
  id: 'vpn_connection_tunnels_up',
  title: 'Both tunnels of every Site-to-Site VPN connection are up',
  headline: 'VPN tunnel down',
  service: 'vpn',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPNConnection',
  subject: 'vpnConnections',
  requires: [],
  frameworks: [NIST.AC_17, NIST.CP_8, SECURITY_HUB.EC2_20],
  rationale:
    'Each Site-to-Site VPN connection has two tunnels to different AWS endpoints so the private path survives maintenance and failures. With one tunnel down the path has no redundancy; with both down on-premises clients have no private path at all.',
  remediation:
    'Check the customer gateway for the down tunnel (IKE/IPsec logs, pre-shared key, routing, firewall), bring it up, and configure both tunnels on every customer gateway device.',
  references: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/monitoring-overview-vpn.html'],
  evaluate(resource, ctx) {
    const connection = resource.attributes;
    const subject = vpnSubject(connection);
    const tunnels = connection.tunnels.map((tunnel) => ({
      outsideIp: tunnel.outsideIp,
      status: tunnel.status ?? 'UNKNOWN',
      since: tunnel.lastStatusChange ?? null,
      message: tunnel.statusMessage ?? null,
    }));
    const evidence = { tunnels, tunnelsUp: tunnels.filter((tunnel) => tunnel.status === 'UP').length };
    if (connection.state !== 'available') {
      return {
        status: 'NOT_APPLICABLE',
        message: `${subject} is ${connection.state}; tunnel state is judged once it is available.`,
        evidence,
      };
    }
    const unknown = connection.tunnels.filter((tunnel) => tunnel.status === undefined);
    if (connection.tunnels.length === 0 || unknown.length === connection.tunnels.length) {
      return { status: 'ERROR', message: `${subject}: AWS reported no tunnel telemetry, so tunnel state is unknown.`, evidence };
    }
    const down = connection.tunnels.filter((tunnel) => tunnel.status === 'DOWN');
    const describeDown = down.map((tunnel) => `${tunnel.outsideIp} down ${since(tunnel.lastStatusChange, ctx.now)}`).join('; ');
    if (down.length > 0 && down.length === connection.tunnels.length) {
      return {
        status: 'FAIL',
        severity: 'CRITICAL',
        message: `${subject} has no tunnel up: ${describeDown}. On-premises clients have no private path.`,
        evidence,
      };
    }
    if (down.length > 0) {
      return { status: 'FAIL', message: `${subject} has lost its redundancy: ${describeDown}.`, evidence };
    }
    if (unknown.length > 0) {
      return {
        status: 'ERROR',
        message: `${subject}: no telemetry for tunnel ${unknown.map((tunnel) => tunnel.outsideIp).join(', ')}.`,
        evidence,
      };
    }
    if (connection.tunnels.length < 2) {
      return {
        status: 'FAIL',
        message: `${subject} reports only ${connection.tunnels.length} tunnel; two are needed for redundancy.`,
        evidence,
      };
    }
    return { status: 'PASS', message: `${subject} has all ${connection.tunnels.length} tunnels up.`, evidence };
  },
} satisfies Check<'vpnConnections'>;

export { check };
