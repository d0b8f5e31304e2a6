/**
 * Direct Connect in one region: connections (with MACsec state), virtual interfaces with their
 * BGP peers, the gateways those interfaces reach, and for transit VIFs the transit gateways
 * associated with their Direct Connect gateway, so a Private IP VPN over the path can be seen.
 */
import {
  type Connection,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  type VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import { mapWithConcurrency } from '../concurrency.ts';
import type { DxConnection, DxGateway, DxRegionSummary, DxVirtualInterface } from '../model/connectivity.ts';
import type { Collections } from '../model/inventory.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, collected, failedCollections, guarded } from './collector.ts';
import { DESCRIBE_CONNECTIONS, DESCRIBE_VIRTUAL_INTERFACES } from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

export const normalizeDxConnection = (connection: Connection): DxConnection => ({
  connectionId: connection.connectionId ?? '',
  name: connection.connectionName ?? '',
  state: connection.connectionState ?? 'unknown',
  location: connection.location ?? 'unknown',
  bandwidth: connection.bandwidth ?? '',
  // A partner provisions hosted connections on its own port; MACsec needs a dedicated port.
  hosted: Boolean(connection.partnerName),
  macSecCapable: connection.macSecCapable === true,
  encryptionMode: connection.encryptionMode,
  portEncryptionStatus: connection.portEncryptionStatus,
  lagId: connection.lagId,
});

const normalizeVif = (vif: VirtualInterface, transitGateways: ReadonlyMap<string, readonly string[]>): DxVirtualInterface => ({
  virtualInterfaceId: vif.virtualInterfaceId ?? '',
  name: vif.virtualInterfaceName ?? '',
  type: vif.virtualInterfaceType ?? 'unknown',
  state: vif.virtualInterfaceState ?? 'unknown',
  connectionId: vif.connectionId ?? '',
  directConnectGatewayId: vif.directConnectGatewayId || undefined,
  virtualGatewayId: vif.virtualGatewayId || undefined,
  bgpPeers: (vif.bgpPeers ?? []).map((peer) => ({
    peerId: peer.bgpPeerId ?? '',
    state: peer.bgpPeerState ?? 'unknown',
    status: peer.bgpStatus ?? 'unknown',
  })),
  associatedTransitGatewayIds: vif.directConnectGatewayId ? (transitGateways.get(vif.directConnectGatewayId) ?? []) : [],
});

/** Gateways reached by the region's VIFs, each with the VIFs (and connections) that reach it. */
export const gatewaysOf = (vifs: readonly DxVirtualInterface[]): DxGateway[] => {
  const gateways = new Map<string, DxGateway>();
  for (const vif of vifs) {
    const id = vif.directConnectGatewayId ?? vif.virtualGatewayId;
    if (!id) continue;
    const gateway = gateways.get(id) ?? {
      gatewayId: id,
      kind: vif.directConnectGatewayId ? 'direct-connect-gateway' : 'virtual-private-gateway',
      virtualInterfaces: [],
    };
    gateways.set(id, {
      ...gateway,
      virtualInterfaces: [
        ...gateway.virtualInterfaces,
        { virtualInterfaceId: vif.virtualInterfaceId, connectionId: vif.connectionId, state: vif.state },
      ],
    });
  }
  return [...gateways.values()];
};

export const directConnectCollector: Collector = {
  name: 'direct-connect',
  provides: ['dxConnections', 'dxVirtualInterfaces', 'dxGateways', 'dxRegions'],
  reads: COLLECTOR_READS['direct-connect'],
  async collect(ctx): Promise<Collections> {
    const dx = ctx.clients.client(DirectConnectClient, ctx.region);
    const where = { account: ctx.account, region: ctx.region };
    const region = ctx.region;
    const connections = await guarded({ ...DESCRIBE_CONNECTIONS, region }, async () => {
      const { connections: raw } = await dx.send(new DescribeConnectionsCommand({}));
      // The same connection can appear more than once (LAG members, hosted listings): count ids, not entries.
      return [
        ...new Map((raw ?? []).map((connection) => [connection.connectionId, normalizeDxConnection(connection)])).values(),
      ].filter((connection) => connection.state !== 'deleted' && connection.state !== 'rejected');
    });
    if (!connections.ok) return failedCollections(this.provides, connections.error);
    const vifs = await guarded({ ...DESCRIBE_VIRTUAL_INTERFACES, region }, async () => {
      const { virtualInterfaces } = await dx.send(new DescribeVirtualInterfacesCommand({}));
      const live = (virtualInterfaces ?? []).filter((vif) => vif.virtualInterfaceState !== 'deleted');
      const gatewayIds = [
        ...new Set(live.filter((vif) => vif.virtualInterfaceType === 'transit').map((vif) => vif.directConnectGatewayId)),
      ].filter((id): id is string => Boolean(id));
      const associations = new Map<string, readonly string[]>();
      await mapWithConcurrency(gatewayIds, 4, async (directConnectGatewayId) => {
        const ids: string[] = [];
        // No SDK paginator exists for this operation; follow nextToken by hand.
        let nextToken: string | undefined;
        do {
          const page = await dx.send(new DescribeDirectConnectGatewayAssociationsCommand({ directConnectGatewayId, nextToken }));
          nextToken = page.nextToken;
          for (const association of page.directConnectGatewayAssociations ?? []) {
            if (
              association.associatedGateway?.type === 'transitGateway' &&
              association.associatedGateway.id &&
              association.associationState === 'associated'
            ) {
              ids.push(association.associatedGateway.id);
            }
          }
        } while (nextToken);
        associations.set(directConnectGatewayId, ids);
      });
      return live.map((vif) => normalizeVif(vif, associations));
    });
    const summary: DxRegionSummary = {
      region,
      connections: connections.value.map((connection) => ({
        connectionId: connection.connectionId,
        location: connection.location,
        state: connection.state,
      })),
    };
    return {
      dxConnections: collected(connections, RESOURCE_TYPES.dxConnection, where, (connection) => connection.connectionId),
      dxVirtualInterfaces: collected(vifs, RESOURCE_TYPES.dxVirtualInterface, where, (vif) => vif.virtualInterfaceId),
      dxGateways: collected(
        vifs.ok ? { ok: true, value: gatewaysOf(vifs.value) } : vifs,
        RESOURCE_TYPES.dxGateway,
        where,
        (gateway) => gateway.gatewayId,
      ),
      // Only regions that use Direct Connect have a footprint to judge.
      dxRegions: collected(
        { ok: true, value: summary.connections.length > 0 ? [summary] : [] },
        RESOURCE_TYPES.dxRegion,
        where,
        () => `directconnect/${region}`,
      ),
    };
  },
};
