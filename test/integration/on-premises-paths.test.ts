/**
 * Issue "on-premises connectivity and File Cache", end to end through `runScan`: EC2 (VPCs,
 * security groups, network interfaces, VPN connections) is real moto; what moto lacks (tunnel
 * options and telemetry, Direct Connect, FSx File Cache) comes from the lab overlay at the SDK
 * boundary, with the SDK's own response shapes.
 */
import {
  AttachVpnGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateCustomerGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../functions/engine/checks/registry.ts';
import { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { runScan } from '../../functions/engine/scan/scan.ts';
import type { Finding } from '../../functions/engine/types.ts';
import { emptyLabState, type LabRegionState, labInterceptor } from '../../lab/lab-overlay.ts';
import { strongTunnelOptions } from '../../lab/seed.ts';
import { policy } from '../support/builders.ts';
import { useMoto } from '../support/moto.ts';

const REGION = 'us-east-1';
const ON_PREMISES = '192.168.0.0/16';
const moto = useMoto();
const labState = emptyLabState();
let clients: AwsClients;
beforeEach(() => {
  labState.clear();
  clients = new AwsClients({ ...moto.server.clientOptions, interceptors: [labInterceptor(labState)] });
});
afterEach(() => clients.destroy());

const ON_PREMISES_SERVICES = new Set(['vpn', 'directconnect', 'fsx']);
const scan = async (): Promise<readonly Finding[]> => {
  const result = await runScan({
    policy: policy({ network: { allowedCidrs: [ON_PREMISES] } }),
    regions: [REGION],
    clients,
    checks: CHECKS.filter((check) => ON_PREMISES_SERVICES.has(check.service)),
  });
  expect(result.coverage[0]?.status).toBe('complete');
  return result.findings;
};
const lines = (findings: readonly Finding[], status: Finding['status']) =>
  findings
    .filter((finding) => finding.status === status)
    .map((finding) => `${finding.checkId} ${finding.resourceId}`)
    .sort();

// ---- estate builders: real moto resources, plus lab state for what moto lacks -------------

const createVpc = async (ec2: EC2Client) => {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }));
  const vpcId = Vpc?.VpcId as string;
  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.60.1.0/24', AvailabilityZone: 'us-east-1a' }),
  );
  return { vpcId, subnetId: Subnet?.SubnetId as string };
};

const createVpn = async (ec2: EC2Client, vpcId: string, cgwIp: string): Promise<string> => {
  const { CustomerGateway } = await ec2.send(
    new CreateCustomerGatewayCommand({ Type: 'ipsec.1', BgpAsn: 65000, IpAddress: cgwIp }),
  );
  const { VpnGateway } = await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }));
  await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: VpnGateway?.VpnGatewayId, VpcId: vpcId }));
  const { VpnConnection } = await ec2.send(
    new CreateVpnConnectionCommand({
      Type: 'ipsec.1',
      CustomerGatewayId: CustomerGateway?.CustomerGatewayId,
      VpnGatewayId: VpnGateway?.VpnGatewayId,
    }),
  );
  return VpnConnection?.VpnConnectionId as string;
};

const telemetry = (OutsideIpAddress: string, Status: 'UP' | 'DOWN', at = '2026-11-01T00:00:00Z') => ({
  OutsideIpAddress,
  Status,
  LastStatusChange: new Date(at),
  StatusMessage: Status === 'DOWN' ? 'IPSEC IS DOWN' : '',
  AcceptedRouteCount: Status === 'UP' ? 2 : 0,
});

/** The weak tunnel of the issue: IKEv1, SHA1 and DH group 2 in both phases (AES256 is fine). */
const ikev1Sha1Dh2 = (outsideIp: string) => ({
  ...strongTunnelOptions(outsideIp),
  IkeVersions: [{ Value: 'ikev1' }],
  Phase1IntegrityAlgorithms: [{ Value: 'SHA1' }],
  Phase2IntegrityAlgorithms: [{ Value: 'SHA1' }],
  Phase1DHGroupNumbers: [{ Value: 2 }],
  Phase2DHGroupNumbers: [{ Value: 2 }],
});

const dxConnection = (connectionId: string, location: string, macsec: boolean) => ({
  connectionId,
  connectionName: `dc-${location}`,
  connectionState: 'available' as const,
  region: REGION,
  location,
  bandwidth: '10Gbps',
  macSecCapable: true,
  ...(macsec ? { encryptionMode: 'must_encrypt', portEncryptionStatus: 'Encryption Up' } : { encryptionMode: 'no_encrypt' }),
});

const privateVif = (virtualInterfaceId: string, connectionId: string, virtualGatewayId: string) => ({
  virtualInterfaceId,
  virtualInterfaceName: virtualInterfaceId,
  virtualInterfaceType: 'private',
  virtualInterfaceState: 'available' as const,
  connectionId,
  virtualGatewayId,
  bgpPeers: [{ bgpPeerId: `peer-${virtualInterfaceId}`, bgpPeerState: 'available' as const, bgpStatus: 'up' as const }],
});

const createFileCache = async (
  ec2: EC2Client,
  lab: LabRegionState,
  network: { vpcId: string; subnetId: string },
  ingress: IpPermission[],
) => {
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({ VpcId: network.vpcId, GroupName: 'file-cache-lustre', Description: 'Lustre' }),
  );
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: ingress }));
  const { NetworkInterface } = await ec2.send(
    new CreateNetworkInterfaceCommand({ SubnetId: network.subnetId, Groups: [GroupId as string] }),
  );
  lab.fileCaches.push({
    FileCacheId: 'fc-0a1b2c3d4e5f60001',
    FileCacheType: 'LUSTRE',
    Lifecycle: 'AVAILABLE',
    VpcId: network.vpcId,
    SubnetIds: [network.subnetId],
    NetworkInterfaceIds: [NetworkInterface?.NetworkInterfaceId as string],
  });
  return GroupId as string;
};

const lustre = (cidr: string): IpPermission[] => [
  { IpProtocol: 'tcp', FromPort: 988, ToPort: 988, IpRanges: [{ CidrIp: cidr }] },
  { IpProtocol: 'tcp', FromPort: 1018, ToPort: 1023, IpRanges: [{ CidrIp: cidr }] },
];

describe('on-premises paths and File Cache, scanned end to end', () => {
  it('reports a one-tunnel-down VPN, an IKEv1/SHA1/DH2 tunnel, a single-location DX without MACsec and Lustre open to the world', async () => {
    // Prepare
    const ec2 = clients.ec2(REGION);
    const lab = labState.region(REGION);
    const network = await createVpc(ec2);
    const oneDown = await createVpn(ec2, network.vpcId, '198.51.100.1');
    lab.vpnTunnels[oneDown] = {
      tunnelOptions: [strongTunnelOptions('203.0.113.1'), strongTunnelOptions('203.0.113.2')],
      telemetry: [telemetry('203.0.113.1', 'UP'), telemetry('203.0.113.2', 'DOWN', '2026-11-21T12:00:00Z')],
    };
    const weak = await createVpn(ec2, network.vpcId, '198.51.100.2');
    lab.vpnTunnels[weak] = {
      tunnelOptions: [ikev1Sha1Dh2('203.0.113.3'), strongTunnelOptions('203.0.113.4')],
      telemetry: [telemetry('203.0.113.3', 'UP'), telemetry('203.0.113.4', 'UP')],
    };
    lab.dxConnections.push(dxConnection('dxcon-single01', 'EqDC2', false));
    lab.virtualInterfaces.push(privateVif('dxvif-single01', 'dxcon-single01', 'vgw-onprem01'));
    const lustreGroup = await createFileCache(ec2, lab, network, [
      { IpProtocol: 'tcp', FromPort: 988, ToPort: 988, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 1018, ToPort: 1023, IpRanges: [{ CidrIp: '10.60.0.0/16' }] },
    ]);

    // Act
    const findings = await scan();

    // Assess: exactly these fail, and nothing could not be judged.
    expect(lines(findings, 'FAIL')).toEqual(
      [
        `vpn_connection_tunnels_up ${oneDown}`,
        `vpn_tunnel_ike_v2_only ${weak}/203.0.113.3`,
        `vpn_tunnel_integrity_sha2 ${weak}/203.0.113.3`,
        `vpn_tunnel_dh_groups_strong ${weak}/203.0.113.3`,
        'directconnect_region_connection_redundancy directconnect/us-east-1',
        'directconnect_connection_link_encrypted dxcon-single01',
        // One VIF on one connection is also a gateway without redundancy: the same root cause, seen from the VPC side.
        'directconnect_gateway_vif_redundancy vgw-onprem01',
        'fsx_file_cache_lustre_ports_restricted fc-0a1b2c3d4e5f60001',
      ].sort(),
    );
    expect(lines(findings, 'ERROR')).toEqual([]);
    const failing = findings.filter((finding) => finding.status === 'FAIL');
    for (const finding of failing) {
      expect(finding.remediation.length, finding.checkId).toBeGreaterThan(20);
      expect(Object.keys(finding.evidence).length, finding.checkId).toBeGreaterThan(0);
    }
    const byCheck = (id: string) => failing.find((finding) => finding.checkId === id) as Finding;
    expect(byCheck('vpn_connection_tunnels_up').message).toContain('203.0.113.2 down for');
    expect(byCheck('vpn_connection_tunnels_up').evidence.tunnels).toContainEqual({
      outsideIp: '203.0.113.2',
      status: 'DOWN',
      since: '2026-11-21T12:00:00.000Z',
      message: 'IPSEC IS DOWN',
    });
    expect(byCheck('vpn_tunnel_dh_groups_strong').message).toContain('phase 2 (PFS) allows weak groups 2');
    expect(byCheck('directconnect_region_connection_redundancy').message).toContain(
      '1 available connection in 1 location (EqDC2)',
    );
    expect(byCheck('directconnect_connection_link_encrypted').evidence.remedy).toBe(
      'the port is MACsec-capable: associate a MACsec key and set must_encrypt',
    );
    const lustreFinding = byCheck('fsx_file_cache_lustre_ports_restricted');
    expect(lustreFinding.severity).toBe('CRITICAL');
    expect(lustreFinding.message).toContain(`security group ${lustreGroup} admits Lustre port 988 from 0.0.0.0/0`);
  });

  it('passes a well-built setup: strong VPN with both tunnels up, MACsec DX in two locations, Lustre closed to the world', async () => {
    const ec2 = clients.ec2(REGION);
    const lab = labState.region(REGION);
    const network = await createVpc(ec2);
    const vpn = await createVpn(ec2, network.vpcId, '198.51.100.1');
    lab.vpnTunnels[vpn] = {
      tunnelOptions: [strongTunnelOptions('203.0.113.1'), strongTunnelOptions('203.0.113.2')],
      telemetry: [telemetry('203.0.113.1', 'UP'), telemetry('203.0.113.2', 'UP')],
    };
    lab.dxConnections.push(dxConnection('dxcon-east0001', 'EqDC2', true), dxConnection('dxcon-west0001', 'CSVA1', true));
    lab.virtualInterfaces.push(
      privateVif('dxvif-east0001', 'dxcon-east0001', 'vgw-onprem01'),
      privateVif('dxvif-west0001', 'dxcon-west0001', 'vgw-onprem01'),
    );
    await createFileCache(ec2, lab, network, [...lustre('10.60.0.0/16'), ...lustre(ON_PREMISES)]);

    const findings = await scan();

    expect(lines(findings, 'FAIL')).toEqual([]);
    expect(lines(findings, 'ERROR')).toEqual([]);
    // Every check of the three services judged something: 7 VPN checks (5 per tunnel), 5 DX, 2 File Cache.
    expect(new Set(findings.filter((finding) => finding.status === 'PASS').map((finding) => finding.checkId)).size).toBe(14);
    expect(
      findings.filter((finding) => finding.checkId === 'vpn_tunnel_ike_v2_only').map((finding) => finding.resourceId),
    ).toEqual([`${vpn}/203.0.113.1`, `${vpn}/203.0.113.2`]);
  });

  it('fails closed: a File Cache whose network interface is gone is ERROR, never PASS', async () => {
    const network = await createVpc(clients.ec2(REGION));
    labState.region(REGION).fileCaches.push({
      FileCacheId: 'fc-0a1b2c3d4e5f60009',
      Lifecycle: 'AVAILABLE',
      VpcId: network.vpcId,
      NetworkInterfaceIds: ['eni-0123456789abcdef0'],
    });
    const result = await runScan({
      policy: policy(),
      regions: [REGION],
      clients,
      checks: CHECKS.filter((check) => check.service === 'fsx'),
    });
    expect(result.findings.map((finding) => [finding.checkId, finding.status]).sort()).toEqual([
      ['fsx_file_cache_lifecycle_available', 'ERROR'],
      ['fsx_file_cache_lustre_ports_restricted', 'ERROR'],
    ]);
    expect(result.coverage[0]?.status).toBe('partial');
    // moto, like AWS, rejects the whole DescribeNetworkInterfaces call for an unknown id.
    expect(result.findings[0]?.message).toContain(
      "ec2:DescribeNetworkInterfaces in us-east-1 failed (InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-0123456789abcdef0' does not exist)",
    );
  });
});
