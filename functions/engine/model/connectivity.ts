/**
 * Normalized models of the on-premises paths the privacy promise relies on (Site-to-Site VPN,
 * Direct Connect) and of File Cache, whose Lustre ports carry data outside the API.
 */

/**
 * What AWS applies to a tunnel option left empty (Site-to-Site VPN User Guide, "Tunnel options
 * for your Site-to-Site VPN connection"). Empty never means "strong": it means all of these.
 */
export const VPN_TUNNEL_DEFAULTS = {
  ikeVersions: ['ikev1', 'ikev2'],
  phase1Encryption: ['AES128', 'AES256', 'AES128-GCM-16', 'AES256-GCM-16'],
  phase2Encryption: ['AES128', 'AES256', 'AES128-GCM-16', 'AES256-GCM-16'],
  phase1Integrity: ['SHA1', 'SHA2-256', 'SHA2-384', 'SHA2-512'],
  phase2Integrity: ['SHA1', 'SHA2-256', 'SHA2-384', 'SHA2-512'],
  phase1DhGroups: [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
  phase2DhGroups: [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
} as const;

/** A tunnel option as configured: the explicit list, or `default` when AWS's defaults apply. */
export interface TunnelSetting<T> {
  readonly values: readonly T[];
  readonly isDefault: boolean;
}

export interface VpnTunnel {
  readonly outsideIp: string;
  /** From VgwTelemetry; undefined when AWS reported no telemetry for the tunnel. */
  readonly status: 'UP' | 'DOWN' | undefined;
  readonly lastStatusChange: string | undefined;
  readonly statusMessage: string | undefined;
  readonly ikeVersions: TunnelSetting<string>;
  readonly phase1Encryption: TunnelSetting<string>;
  readonly phase2Encryption: TunnelSetting<string>;
  readonly phase1Integrity: TunnelSetting<string>;
  readonly phase2Integrity: TunnelSetting<string>;
  readonly phase1DhGroups: TunnelSetting<number>;
  readonly phase2DhGroups: TunnelSetting<number>;
  /** Tunnel activity logs to CloudWatch Logs; undefined when AWS did not report log options. */
  readonly loggingEnabled: boolean | undefined;
}

export interface VpnConnection {
  readonly vpnConnectionId: string;
  readonly state: string;
  readonly customerGatewayId: string | undefined;
  /** What the VPN terminates on in AWS. */
  readonly attachment: { readonly kind: 'virtual-private-gateway' | 'transit-gateway' | 'none'; readonly id: string | undefined };
  /** `PrivateIpv4` marks a Private IP VPN, which runs over a Direct Connect transit VIF. */
  readonly outsideIpAddressType: string;
  readonly transportTransitGatewayAttachmentId: string | undefined;
  readonly tunnels: readonly VpnTunnel[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface DxConnection {
  readonly connectionId: string;
  readonly name: string;
  readonly state: string;
  readonly location: string;
  readonly bandwidth: string;
  /** Hosted connections are provisioned by a partner on a shared port: MACsec is not available. */
  readonly hosted: boolean;
  readonly macSecCapable: boolean;
  /** `no_encrypt`, `should_encrypt` or `must_encrypt`; undefined when the connection has none. */
  readonly encryptionMode: string | undefined;
  /** `Encryption Up` / `Encryption Down`, as AWS reports the port. */
  readonly portEncryptionStatus: string | undefined;
  readonly lagId: string | undefined;
}

export interface DxVirtualInterface {
  readonly virtualInterfaceId: string;
  readonly name: string;
  readonly type: string;
  readonly state: string;
  readonly connectionId: string;
  readonly directConnectGatewayId: string | undefined;
  readonly virtualGatewayId: string | undefined;
  readonly bgpPeers: readonly { readonly peerId: string; readonly state: string; readonly status: string }[];
  /** Transit gateways associated with this VIF's Direct Connect gateway. */
  readonly associatedTransitGatewayIds: readonly string[];
}

/** One region's Direct Connect footprint, for redundancy judged across connections. */
export interface DxRegionSummary {
  readonly region: string;
  readonly connections: readonly { readonly connectionId: string; readonly location: string; readonly state: string }[];
}

/** A gateway (Direct Connect gateway or virtual private gateway) and the VIFs that reach it. */
export interface DxGateway {
  readonly gatewayId: string;
  readonly kind: 'direct-connect-gateway' | 'virtual-private-gateway';
  readonly virtualInterfaces: readonly {
    readonly virtualInterfaceId: string;
    readonly connectionId: string;
    readonly state: string;
  }[];
}

export interface FileCache {
  readonly fileCacheId: string;
  readonly lifecycle: string;
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  /** Security groups of the cache's network interfaces, resolved with DescribeNetworkInterfaces. */
  readonly securityGroupIds: readonly string[];
  readonly dnsName: string | undefined;
  readonly failureMessage: string | undefined;
}
