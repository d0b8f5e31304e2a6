/**
 * Site-to-Site VPN connections of one region, virtual-private-gateway and transit-gateway
 * attached alike: tunnel options merged with tunnel telemetry by outside IP, and every empty
 * option list marked as AWS's (permissive) defaults rather than read as "nothing allowed".
 */
import { DescribeVpnConnectionsCommand, type VpnConnection as Ec2VpnConnection } from '@aws-sdk/client-ec2';
import { type TunnelSetting, VPN_TUNNEL_DEFAULTS, type VpnConnection, type VpnTunnel } from '../model/connectivity.ts';
import type { Collections } from '../model/inventory.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, collected, guarded } from './collector.ts';
import { tagsOf } from './ec2-normalize.ts';
import { DESCRIBE_VPN_CONNECTIONS } from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

const setting = <T>(
  values: readonly ({ Value?: T | undefined } | undefined)[] | undefined,
  fallback: readonly T[],
): TunnelSetting<T> => {
  const explicit = (values ?? []).map((entry) => entry?.Value).filter((value): value is T => value !== undefined);
  return explicit.length > 0 ? { values: explicit, isDefault: false } : { values: fallback, isDefault: true };
};

/** Pure translation of one DescribeVpnConnections entry. */
export const normalizeVpnConnection = (connection: Ec2VpnConnection): VpnConnection => {
  const options = connection.Options?.TunnelOptions ?? [];
  const telemetry = connection.VgwTelemetry ?? [];
  const outsideIps = [
    ...new Set([...options.map((tunnel) => tunnel.OutsideIpAddress), ...telemetry.map((entry) => entry.OutsideIpAddress)]),
  ].filter((ip): ip is string => Boolean(ip));
  const tunnels = outsideIps.map((outsideIp): VpnTunnel => {
    const option = options.find((tunnel) => tunnel.OutsideIpAddress === outsideIp);
    const status = telemetry.find((entry) => entry.OutsideIpAddress === outsideIp);
    const log = option?.LogOptions?.CloudWatchLogOptions;
    return {
      outsideIp,
      status: status?.Status === 'UP' || status?.Status === 'DOWN' ? status.Status : undefined,
      lastStatusChange: status?.LastStatusChange ? new Date(status.LastStatusChange).toISOString() : undefined,
      statusMessage: status?.StatusMessage,
      ikeVersions: setting(option?.IkeVersions, VPN_TUNNEL_DEFAULTS.ikeVersions),
      phase1Encryption: setting(option?.Phase1EncryptionAlgorithms, VPN_TUNNEL_DEFAULTS.phase1Encryption),
      phase2Encryption: setting(option?.Phase2EncryptionAlgorithms, VPN_TUNNEL_DEFAULTS.phase2Encryption),
      phase1Integrity: setting(option?.Phase1IntegrityAlgorithms, VPN_TUNNEL_DEFAULTS.phase1Integrity),
      phase2Integrity: setting(option?.Phase2IntegrityAlgorithms, VPN_TUNNEL_DEFAULTS.phase2Integrity),
      phase1DhGroups: setting(option?.Phase1DHGroupNumbers, VPN_TUNNEL_DEFAULTS.phase1DhGroups),
      phase2DhGroups: setting(option?.Phase2DHGroupNumbers, VPN_TUNNEL_DEFAULTS.phase2DhGroups),
      loggingEnabled: log === undefined ? (option ? false : undefined) : log.LogEnabled === true,
    };
  });
  return {
    vpnConnectionId: connection.VpnConnectionId ?? '',
    state: connection.State ?? 'unknown',
    customerGatewayId: connection.CustomerGatewayId,
    attachment: connection.TransitGatewayId
      ? { kind: 'transit-gateway', id: connection.TransitGatewayId }
      : connection.VpnGatewayId
        ? { kind: 'virtual-private-gateway', id: connection.VpnGatewayId }
        : { kind: 'none', id: undefined },
    outsideIpAddressType: connection.Options?.OutsideIpAddressType ?? 'PublicIpv4',
    transportTransitGatewayAttachmentId: connection.Options?.TransportTransitGatewayAttachmentId,
    tunnels,
    tags: tagsOf(connection.Tags),
  };
};

export const vpnCollector: Collector = {
  name: 'vpn',
  provides: ['vpnConnections'],
  reads: COLLECTOR_READS.vpn,
  async collect(ctx): Promise<Collections> {
    const ec2 = ctx.clients.ec2(ctx.region);
    const result = await guarded({ ...DESCRIBE_VPN_CONNECTIONS, region: ctx.region }, async () => {
      // DescribeVpnConnections is not paginated: one call returns every connection in the region.
      const { VpnConnections } = await ec2.send(new DescribeVpnConnectionsCommand({}));
      return (VpnConnections ?? []).filter((connection) => connection.State !== 'deleted').map(normalizeVpnConnection);
    });
    return {
      vpnConnections: collected(
        result,
        RESOURCE_TYPES.vpnConnection,
        { account: ctx.account, region: ctx.region },
        (connection) => connection.vpnConnectionId,
      ),
    };
  },
};
