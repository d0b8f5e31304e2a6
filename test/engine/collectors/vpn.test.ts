/**
 * The Site-to-Site VPN collector against typed SDK mocks. moto returns VPN connections without
 * `Options.TunnelOptions` or `VgwTelemetry`, so the shapes here follow the EC2 API Reference
 * (DescribeVpnConnections → VpnConnection, VpnConnectionOptions, TunnelOption, VgwTelemetry) as
 * `@aws-sdk/client-ec2` deserializes them; the last test pins the moto gap itself.
 */
import {
  CreateCustomerGatewayCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  DescribeVpnConnectionsCommand,
  EC2Client,
  type EC2ClientResolvedConfig,
  EC2ServiceException,
  type ServiceOutputTypes,
  type VpnConnection,
} from '@aws-sdk/client-ec2';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { vpnCollector } from '../../../functions/engine/collectors/vpn.ts';
import { VPN_TUNNEL_DEFAULTS } from '../../../functions/engine/model/connectivity.ts';
import { collectWith, itemsOf } from '../../support/collectors.ts';
import { useMoto } from '../../support/moto.ts';

const strongOptions = (OutsideIpAddress: string) => ({
  OutsideIpAddress,
  TunnelInsideCidr: '169.254.10.0/30',
  PreSharedKey: 'redacted',
  IkeVersions: [{ Value: 'ikev2' }],
  Phase1EncryptionAlgorithms: [{ Value: 'AES256-GCM-16' }],
  Phase2EncryptionAlgorithms: [{ Value: 'AES256-GCM-16' }],
  Phase1IntegrityAlgorithms: [{ Value: 'SHA2-384' }],
  Phase2IntegrityAlgorithms: [{ Value: 'SHA2-384' }],
  Phase1DHGroupNumbers: [{ Value: 20 }],
  Phase2DHGroupNumbers: [{ Value: 20 }],
  LogOptions: { CloudWatchLogOptions: { LogEnabled: true, LogGroupArn: 'arn:aws:logs:us-east-1:111122223333:log-group:vpn' } },
});
const telemetry = (OutsideIpAddress: string, Status: 'UP' | 'DOWN', at: string, StatusMessage = '') => ({
  OutsideIpAddress,
  Status,
  LastStatusChange: new Date(at),
  StatusMessage,
  AcceptedRouteCount: Status === 'UP' ? 2 : 0,
});

/** A virtual-private-gateway VPN: explicit strong options, tunnel 2 down, telemetry listed in the other order. */
const vgwVpn: VpnConnection = {
  VpnConnectionId: 'vpn-0a1b2c3d4e5f60001',
  State: 'available',
  Type: 'ipsec.1',
  CustomerGatewayId: 'cgw-0a1b2c3d4e5f60001',
  VpnGatewayId: 'vgw-0a1b2c3d4e5f60001',
  Category: 'VPN',
  Options: {
    StaticRoutesOnly: false,
    LocalIpv4NetworkCidr: '0.0.0.0/0',
    OutsideIpAddressType: 'PublicIpv4',
    TunnelOptions: [strongOptions('3.210.0.1'), strongOptions('3.210.0.2')],
  },
  VgwTelemetry: [
    telemetry('3.210.0.2', 'DOWN', '2026-11-22T09:00:00Z', 'IPSEC IS DOWN'),
    telemetry('3.210.0.1', 'UP', '2026-11-01T00:00:00Z'),
  ],
  Tags: [{ Key: 'Name', Value: 'dc-primary' }],
};

/** A transit-gateway Private IP VPN whose tunnels were created with every option left empty. */
const tgwVpnWithDefaults: VpnConnection = {
  VpnConnectionId: 'vpn-0a1b2c3d4e5f60002',
  State: 'available',
  Type: 'ipsec.1',
  CustomerGatewayId: 'cgw-0a1b2c3d4e5f60002',
  TransitGatewayId: 'tgw-0a1b2c3d4e5f60001',
  Category: 'VPN',
  Options: {
    OutsideIpAddressType: 'PrivateIpv4',
    TransportTransitGatewayAttachmentId: 'tgw-attach-0a1b2c3d4e5f60001',
    TunnelOptions: [
      {
        OutsideIpAddress: '10.99.0.10',
        IkeVersions: [],
        Phase1EncryptionAlgorithms: [],
        Phase2EncryptionAlgorithms: [],
        Phase1IntegrityAlgorithms: [],
        Phase2IntegrityAlgorithms: [],
        Phase1DHGroupNumbers: [],
        Phase2DHGroupNumbers: [],
        LogOptions: { CloudWatchLogOptions: { LogEnabled: false } },
      },
      { OutsideIpAddress: '10.99.0.11' },
    ],
  },
  VgwTelemetry: [telemetry('10.99.0.10', 'UP', '2026-11-20T00:00:00Z'), telemetry('10.99.0.11', 'UP', '2026-11-20T00:00:00Z')],
};

describe('vpnCollector (SDK mocks)', () => {
  // Installed for this block only: the moto block below needs the real client.
  let ec2: AwsStub<object, ServiceOutputTypes, EC2ClientResolvedConfig>;
  beforeAll(() => {
    ec2 = mockClient(EC2Client);
  });
  beforeEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it('merges tunnel options with telemetry by outside IP, whatever order AWS lists them in', async () => {
    ec2.on(DescribeVpnConnectionsCommand).resolves({ VpnConnections: [vgwVpn] });
    const [connection] = itemsOf(await collectWith(vpnCollector), 'vpnConnections');
    expect(connection).toMatchObject({
      vpnConnectionId: 'vpn-0a1b2c3d4e5f60001',
      state: 'available',
      attachment: { kind: 'virtual-private-gateway', id: 'vgw-0a1b2c3d4e5f60001' },
      outsideIpAddressType: 'PublicIpv4',
      tags: { Name: 'dc-primary' },
    });
    expect(connection?.tunnels.map((tunnel) => [tunnel.outsideIp, tunnel.status, tunnel.lastStatusChange])).toEqual([
      ['3.210.0.1', 'UP', '2026-11-01T00:00:00.000Z'],
      ['3.210.0.2', 'DOWN', '2026-11-22T09:00:00.000Z'],
    ]);
    expect(connection?.tunnels[1]).toMatchObject({
      statusMessage: 'IPSEC IS DOWN',
      ikeVersions: { values: ['ikev2'], isDefault: false },
      phase2DhGroups: { values: [20], isDefault: false },
      phase1Integrity: { values: ['SHA2-384'], isDefault: false },
      loggingEnabled: true,
    });
  });

  it('reads empty or absent option lists as the AWS defaults, and transit-gateway attachment', async () => {
    ec2.on(DescribeVpnConnectionsCommand).resolves({ VpnConnections: [tgwVpnWithDefaults] });
    const [connection] = itemsOf(await collectWith(vpnCollector), 'vpnConnections');
    expect(connection).toMatchObject({
      attachment: { kind: 'transit-gateway', id: 'tgw-0a1b2c3d4e5f60001' },
      outsideIpAddressType: 'PrivateIpv4',
      transportTransitGatewayAttachmentId: 'tgw-attach-0a1b2c3d4e5f60001',
    });
    for (const tunnel of connection?.tunnels ?? []) {
      expect(tunnel.ikeVersions).toEqual({ values: VPN_TUNNEL_DEFAULTS.ikeVersions, isDefault: true });
      expect(tunnel.phase2DhGroups).toEqual({ values: VPN_TUNNEL_DEFAULTS.phase2DhGroups, isDefault: true });
      expect(tunnel.loggingEnabled).toBe(false);
    }
  });

  it('skips deleted connections, which AWS lists for a while after deletion', async () => {
    ec2.on(DescribeVpnConnectionsCommand).resolves({
      VpnConnections: [vgwVpn, { ...tgwVpnWithDefaults, State: 'deleted' }],
    });
    const connections = itemsOf(await collectWith(vpnCollector), 'vpnConnections');
    expect(connections.map((connection) => connection.vpnConnectionId)).toEqual(['vpn-0a1b2c3d4e5f60001']);
  });

  it('returns the collection as an error naming the permission when access is denied', async () => {
    ec2
      .on(DescribeVpnConnectionsCommand)
      .rejects(
        new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: {}, message: 'not authorized' }),
      );
    const collections = await collectWith(vpnCollector);
    expect(collections.vpnConnections?.status).toBe('error');
    expect(collections.vpnConnections?.status === 'error' && collections.vpnConnections.error.message).toContain(
      'Grant ec2:DescribeVpnConnections to the scanning role.',
    );
  });
});

describe('vpnCollector against moto', () => {
  const moto = useMoto();

  it('documents the moto gap: connections come back without tunnel options or telemetry', async () => {
    const clients = new AwsClients(moto.server.clientOptions);
    try {
      const ec2 = clients.ec2('us-east-1');
      const { CustomerGateway } = await ec2.send(
        new CreateCustomerGatewayCommand({ Type: 'ipsec.1', BgpAsn: 65000, IpAddress: '198.51.100.7' }),
      );
      const { VpnGateway } = await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }));
      await ec2.send(
        new CreateVpnConnectionCommand({
          Type: 'ipsec.1',
          CustomerGatewayId: CustomerGateway?.CustomerGatewayId,
          VpnGatewayId: VpnGateway?.VpnGatewayId,
        }),
      );
      const [connection] = itemsOf(await collectWith(vpnCollector, { clients }), 'vpnConnections');
      // If this fails, moto learned tunnel details: move the tunnel tests above onto moto.
      expect(connection?.attachment.kind).toBe('virtual-private-gateway');
      expect(connection?.tunnels).toEqual([]);
    } finally {
      clients.destroy();
    }
  });
});
