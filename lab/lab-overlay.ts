/**
 * Typed stand-ins, at the SDK boundary, for the AWS APIs moto does not implement usably: FSx
 * File Cache; Direct Connect (moto's answers carry timestamps the SDK cannot parse); and the
 * tunnel options and telemetry of Site-to-Site VPN connections (moto returns the connections
 * without them).
 * Everything else, including every security group and network interface, stays real moto.
 * Shapes are the SDK's own output types, as the AWS API references define them.
 */
import type { Connection, DirectConnectGatewayAssociation, VirtualInterface } from '@aws-sdk/client-direct-connect';
import type { TunnelOption, VgwTelemetry, VpnConnection } from '@aws-sdk/client-ec2';
import type { FileCache } from '@aws-sdk/client-fsx';
import type { CallInterceptor } from '../functions/engine/collectors/aws-clients.ts';

/** What the lab pretends AWS knows beyond moto, in one region. Mutable: the demo stages events with it. */
export interface LabRegionState {
  fileCaches: FileCache[];
  dxConnections: Connection[];
  virtualInterfaces: VirtualInterface[];
  gatewayAssociations: Record<string, DirectConnectGatewayAssociation[]>;
  /** Tunnel details per VPN connection id, merged into moto's DescribeVpnConnections answer. */
  vpnTunnels: Record<string, { tunnelOptions: TunnelOption[]; telemetry: VgwTelemetry[]; outsideIpAddressType?: string }>;
}

/** Lab state per region, created on first use. */
export interface LabAwsState {
  region(name: string): LabRegionState;
  /** Forgets every region, as moto's reset forgets its side. */
  clear(): void;
}

export const emptyLabState = (): LabAwsState => {
  const regions = new Map<string, LabRegionState>();
  return {
    region(name) {
      let state = regions.get(name);
      if (!state) {
        state = { fileCaches: [], dxConnections: [], virtualInterfaces: [], gatewayAssociations: {}, vpnTunnels: {} };
        regions.set(name, state);
      }
      return state;
    },
    clear() {
      regions.clear();
    },
  };
};

/**
 * The lab's interceptor for every client it builds: it answers File Cache and Direct Connect
 * itself, from the lab's state, and adds the tunnel details to moto's DescribeVpnConnections.
 */
export const labInterceptor =
  (lab: LabAwsState): CallInterceptor =>
  async ({ service, operation, input, region }, proceed) => {
    const state = lab.region(region);
    if (service === 'FSx' && operation === 'DescribeFileCaches') return { FileCaches: state.fileCaches };
    if (service === 'DirectConnect' && operation === 'DescribeConnections') return { connections: state.dxConnections };
    if (service === 'DirectConnect' && operation === 'DescribeVirtualInterfaces')
      return { virtualInterfaces: state.virtualInterfaces };
    if (service === 'DirectConnect' && operation === 'DescribeDirectConnectGatewayAssociations') {
      const gatewayId = (input as { directConnectGatewayId?: string }).directConnectGatewayId ?? '';
      return { directConnectGatewayAssociations: state.gatewayAssociations[gatewayId] ?? [] };
    }
    const output = await proceed();
    if (service !== 'EC2' || operation !== 'DescribeVpnConnections') return output;
    const connections = (output as { VpnConnections?: VpnConnection[] }).VpnConnections ?? [];
    return {
      ...output,
      VpnConnections: connections.map((connection) => {
        const tunnels = state.vpnTunnels[connection.VpnConnectionId ?? ''];
        if (!tunnels) return connection;
        return {
          ...connection,
          Options: {
            ...connection.Options,
            TunnelOptions: tunnels.tunnelOptions,
            ...(tunnels.outsideIpAddressType ? { OutsideIpAddressType: tunnels.outsideIpAddressType } : {}),
          },
          VgwTelemetry: tunnels.telemetry,
        };
      }),
    };
  };
