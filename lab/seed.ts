/**
 * Seeds a local (moto) account with a realistic estate and a known set of planted
 * misconfigurations, through the real SDK. The demo scans it; the integration tests assert the
 * scan reports each planted problem and nothing else.
 *
 * Two monitored VPCs in us-east-1 (the default VPC is left alone and out of scope):
 * - prod-app: DynamoDB gateway endpoint with an over-broad policy and a subnet whose route table
 *   lacks it; File Cache API endpoint built correctly; Pinpoint endpoint whose security group
 *   opens 443 to the world and which sits in one zone (suppressed by the demo policy).
 * - analytics: DynamoDB gateway endpoint whose policy names a foreign account; no File Cache API
 *   endpoint although the policy requires one.
 * - on-premises paths (with lab state for what moto lacks): a well-built Site-to-Site VPN to
 *   prod-app (IKEv2, AES256-GCM, SHA2-256, DH 20, both tunnels up, logs on), one dedicated
 *   Direct Connect connection with MACsec but in a single location, and a File Cache whose
 *   Lustre security group admits only the VPC (its network interfaces are real moto ENIs).
 */
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachVpnGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateCustomerGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  CreateVpnConnectionCommand,
  CreateVpnGatewayCommand,
  DescribeRouteTablesCommand,
  type EC2Client,
  type IpPermission,
  type Tag,
} from '@aws-sdk/client-ec2';
import { CreateOrganizationCommand, DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsClients } from '../functions/engine/collectors/aws-clients.ts';
import type { LabAwsState } from './lab-overlay.ts';
import { orgBoundPolicy } from './policies.ts';

export const DEMO_REGION = 'us-east-1';
export const FOREIGN_ACCOUNT = '999988887777';
export const MONITORED_TAG = { Key: 'tpm:monitored', Value: 'true' } as const;

const tagSpec = (resourceType: 'vpc' | 'subnet' | 'security-group' | 'route-table' | 'vpc-endpoint', tags: Tag[]) => [
  { ResourceType: resourceType, Tags: tags },
];

/** A misconfiguration the seed planted on purpose: the finding a correct scan must report. */
export interface PlantedFinding {
  readonly checkId: string;
  readonly resourceId: string;
  readonly what: string;
}

/** Ids of everything the seed created, for tests and the demo's narration. */
export interface DemoEstate {
  readonly account: string;
  /** The account's organization (created by the seed if it had none); the endpoint policies name it. */
  readonly organizationId: string;
  readonly planted: readonly PlantedFinding[];
  /** Planted, but accepted by a suppression in the demo policy. */
  readonly plantedSuppressed: readonly PlantedFinding[];
  readonly region: string;
  readonly prodApp: {
    readonly vpcId: string;
    readonly subnetIds: readonly [string, string, string];
    readonly mainRouteTableId: string;
    readonly batchRouteTableId: string;
    readonly dynamodbEndpointId: string;
    readonly fileCacheEndpointId: string;
    readonly pinpointEndpointId: string;
    readonly internalSecurityGroupId: string;
    readonly pinpointSecurityGroupId: string;
    readonly lustreSecurityGroupId: string;
    readonly natGatewayId: string;
    readonly natPublicIp: string;
  };
  readonly analytics: {
    readonly vpcId: string;
    readonly subnetIds: readonly [string, string];
    readonly dynamodbEndpointId: string;
  };
  readonly onPremises: {
    readonly vpnConnectionId: string;
    readonly dxConnectionId: string;
    readonly fileCacheId: string;
    readonly fileCacheInterfaceIds: readonly string[];
  };
}

/** Tunnel options for a well-built tunnel, as DescribeVpnConnections reports them. */
export const strongTunnelOptions = (outsideIp: string) => ({
  OutsideIpAddress: outsideIp,
  IkeVersions: [{ Value: 'ikev2' }],
  Phase1EncryptionAlgorithms: [{ Value: 'AES256-GCM-16' }],
  Phase2EncryptionAlgorithms: [{ Value: 'AES256-GCM-16' }],
  Phase1IntegrityAlgorithms: [{ Value: 'SHA2-256' }],
  Phase2IntegrityAlgorithms: [{ Value: 'SHA2-256' }],
  Phase1DHGroupNumbers: [{ Value: 20 }],
  Phase2DHGroupNumbers: [{ Value: 20 }],
  LogOptions: {
    CloudWatchLogOptions: {
      LogEnabled: true,
      LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:vpn-tunnels',
      LogOutputFormat: 'json',
    },
  },
});

export const DEMO_FILE_CACHE_ID = 'fc-0a1b2c3d4e5f67890';
export const DEMO_DX_CONNECTION_ID = 'dxcon-demo0001';

const createVpc = async (ec2: EC2Client, name: string, cidr: string): Promise<string> => {
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: cidr,
      TagSpecifications: tagSpec('vpc', [{ Key: 'Name', Value: name }, { ...MONITORED_TAG }]),
    }),
  );
  return Vpc?.VpcId as string;
};

const createSubnet = async (ec2: EC2Client, vpcId: string, cidr: string, zone: string, name: string): Promise<string> => {
  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({
      VpcId: vpcId,
      CidrBlock: cidr,
      AvailabilityZone: zone,
      TagSpecifications: tagSpec('subnet', [{ Key: 'Name', Value: name }]),
    }),
  );
  return Subnet?.SubnetId as string;
};

const createGroup = async (ec2: EC2Client, vpcId: string, name: string, ingress: IpPermission[]): Promise<string> => {
  const { GroupId } = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: name,
      Description: name,
      TagSpecifications: tagSpec('security-group', [{ Key: 'Name', Value: name }]),
    }),
  );
  // moto gives every new group an allow-all egress rule, as AWS does; only ingress matters here.
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: ingress }));
  return GroupId as string;
};

const mainRouteTable = async (ec2: EC2Client, vpcId: string): Promise<string> => {
  const { RouteTables } = await ec2.send(
    new DescribeRouteTablesCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'association.main', Values: ['true'] },
      ],
    }),
  );
  return RouteTables?.[0]?.RouteTableId as string;
};

const https = (cidr: string, description: string): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: cidr, Description: description }],
});

/** Creates the demo estate (in moto, and in `lab` for what moto lacks) and returns its ids. */
/**
 * The account's AWS Organizations organization, created when it has none: the estate's
 * endpoint policies are bound to it, as AWS's data-perimeter guidance recommends, and a scan
 * with no policy file trusts it because it is the account's own.
 */
const ensureOrganization = async (clients: AwsClients, region: string): Promise<string> => {
  const organizations = clients.client(OrganizationsClient, region);
  try {
    const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
    if (Organization?.Id) return Organization.Id;
  } catch (error) {
    if ((error as { name?: string }).name !== 'AWSOrganizationsNotInUseException') throw error;
  }
  const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  return Organization?.Id as string;
};

export const seedDemoAccount = async (
  clients: AwsClients,
  account: string,
  region: string,
  lab: LabAwsState,
): Promise<DemoEstate> => {
  const ec2 = clients.ec2(region);
  const zone = (letter: string) => `${region}${letter}`;
  const organizationId = await ensureOrganization(clients, region);

  // prod-app
  const prodVpc = await createVpc(ec2, 'prod-app', '10.10.0.0/16');
  const prodSubnets = [
    await createSubnet(ec2, prodVpc, '10.10.1.0/24', zone('a'), 'prod-app-a'),
    await createSubnet(ec2, prodVpc, '10.10.2.0/24', zone('b'), 'prod-app-b'),
    await createSubnet(ec2, prodVpc, '10.10.3.0/24', zone('c'), 'prod-app-batch'),
  ] as const;
  const prodMain = await mainRouteTable(ec2, prodVpc);
  const { RouteTable: batchTable } = await ec2.send(
    new CreateRouteTableCommand({
      VpcId: prodVpc,
      TagSpecifications: tagSpec('route-table', [{ Key: 'Name', Value: 'prod-app-batch' }]),
    }),
  );
  const batchRouteTableId = batchTable?.RouteTableId as string;
  // The batch subnet's NAT gateway: its Elastic IP is how the sweep recognises a prod-app workload
  // that calls DynamoDB around its endpoint (the observed-client-TLS handler's bypass evidence).
  const natAddress = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const { NatGateway } = await ec2.send(
    new CreateNatGatewayCommand({ SubnetId: prodSubnets[2], AllocationId: natAddress.AllocationId }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: batchRouteTableId, SubnetId: prodSubnets[2] }));
  const internalSg = await createGroup(ec2, prodVpc, 'prod-app-endpoints', [https('10.10.0.0/16', 'VPC clients')]);
  const pinpointSg = await createGroup(ec2, prodVpc, 'prod-app-pinpoint', [https('0.0.0.0/0', 'temporary: vendor test')]);
  const lustreSg = await createGroup(ec2, prodVpc, 'prod-app-filecache-lustre', [
    { IpProtocol: 'tcp', FromPort: 988, ToPort: 988, IpRanges: [{ CidrIp: '10.10.0.0/16', Description: 'Lustre clients' }] },
    { IpProtocol: 'tcp', FromPort: 1018, ToPort: 1023, IpRanges: [{ CidrIp: '10.10.0.0/16', Description: 'Lustre clients' }] },
  ]);

  // The batch subnet's route table is left out: its DynamoDB traffic would take the NAT path.
  const { VpcEndpoint: prodDynamo } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: prodVpc,
      ServiceName: `com.amazonaws.${region}.dynamodb`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: [prodMain],
      // Any principal, every action, on the account's tables: meant as "our tables only", it bounds
      // the resource and not the caller, so credentials of any account may use it.
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:${region}:${account}:table/*` },
        ],
      }),
      TagSpecifications: tagSpec('vpc-endpoint', [{ Key: 'Name', Value: 'prod-app-dynamodb' }]),
    }),
  );
  const { VpcEndpoint: prodFileCache } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: prodVpc,
      ServiceName: `com.amazonaws.${region}.fsx`,
      VpcEndpointType: 'Interface',
      SubnetIds: [prodSubnets[0], prodSubnets[1]],
      SecurityGroupIds: [internalSg],
      PrivateDnsEnabled: true,
      PolicyDocument: orgBoundPolicy(organizationId, ['fsx:DescribeFileCaches', 'fsx:DescribeDataRepositoryAssociations']),
      TagSpecifications: tagSpec('vpc-endpoint', [{ Key: 'Name', Value: 'prod-app-filecache-api' }]),
    }),
  );
  const { VpcEndpoint: prodPinpoint } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: prodVpc,
      ServiceName: `com.amazonaws.${region}.pinpoint`,
      VpcEndpointType: 'Interface',
      SubnetIds: [prodSubnets[0]],
      SecurityGroupIds: [pinpointSg],
      PrivateDnsEnabled: true,
      PolicyDocument: orgBoundPolicy(organizationId, ['mobiletargeting:SendMessages', 'mobiletargeting:GetEndpoint']),
      TagSpecifications: tagSpec('vpc-endpoint', [{ Key: 'Name', Value: 'prod-app-pinpoint' }]),
    }),
  );

  // analytics
  const analyticsVpc = await createVpc(ec2, 'analytics', '10.20.0.0/16');
  const analyticsSubnets = [
    await createSubnet(ec2, analyticsVpc, '10.20.1.0/24', zone('a'), 'analytics-a'),
    await createSubnet(ec2, analyticsVpc, '10.20.2.0/24', zone('b'), 'analytics-b'),
  ] as const;
  const analyticsMain = await mainRouteTable(ec2, analyticsVpc);
  const { VpcEndpoint: analyticsDynamo } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: analyticsVpc,
      ServiceName: `com.amazonaws.${region}.dynamodb`,
      VpcEndpointType: 'Gateway',
      RouteTableIds: [analyticsMain],
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam::${account}:root`, `arn:aws:iam::${FOREIGN_ACCOUNT}:root`] },
            Action: ['dynamodb:GetItem', 'dynamodb:Query'],
            Resource: '*',
          },
        ],
      }),
      TagSpecifications: tagSpec('vpc-endpoint', [{ Key: 'Name', Value: 'analytics-dynamodb' }]),
    }),
  );

  // On-premises paths. The VPN connection is real moto; its tunnel details live in the lab.
  const { CustomerGateway } = await ec2.send(
    new CreateCustomerGatewayCommand({ Type: 'ipsec.1', BgpAsn: 65000, IpAddress: '198.51.100.10' }),
  );
  const { VpnGateway } = await ec2.send(new CreateVpnGatewayCommand({ Type: 'ipsec.1' }));
  await ec2.send(new AttachVpnGatewayCommand({ VpnGatewayId: VpnGateway?.VpnGatewayId, VpcId: prodVpc }));
  const { VpnConnection } = await ec2.send(
    new CreateVpnConnectionCommand({
      Type: 'ipsec.1',
      CustomerGatewayId: CustomerGateway?.CustomerGatewayId,
      VpnGatewayId: VpnGateway?.VpnGatewayId,
    }),
  );
  const vpnConnectionId = VpnConnection?.VpnConnectionId as string;
  const regionState = lab.region(region);
  const up = (OutsideIpAddress: string) => ({
    OutsideIpAddress,
    Status: 'UP' as const,
    LastStatusChange: new Date('2026-11-01T00:00:00Z'),
    StatusMessage: '',
    AcceptedRouteCount: 2,
  });
  regionState.vpnTunnels[vpnConnectionId] = {
    tunnelOptions: [strongTunnelOptions('203.0.113.11'), strongTunnelOptions('203.0.113.12')],
    telemetry: [up('203.0.113.11'), up('203.0.113.12')],
  };
  regionState.dxConnections.push({
    connectionId: DEMO_DX_CONNECTION_ID,
    connectionName: 'dc-primary',
    connectionState: 'available',
    region,
    location: 'EqDC2',
    bandwidth: '10Gbps',
    macSecCapable: true,
    encryptionMode: 'must_encrypt',
    portEncryptionStatus: 'Encryption Up',
  });
  // File Cache: real ENIs in moto, in the Lustre security group; the cache itself lives in the lab.
  const cacheInterfaces = await Promise.all(
    [prodSubnets[0], prodSubnets[1]].map(async (SubnetId) => {
      const { NetworkInterface } = await ec2.send(
        new CreateNetworkInterfaceCommand({ SubnetId, Groups: [lustreSg], Description: `File Cache ${DEMO_FILE_CACHE_ID}` }),
      );
      return NetworkInterface?.NetworkInterfaceId as string;
    }),
  );
  regionState.fileCaches.push({
    FileCacheId: DEMO_FILE_CACHE_ID,
    FileCacheType: 'LUSTRE',
    FileCacheTypeVersion: '2.12',
    Lifecycle: 'AVAILABLE',
    StorageCapacity: 1200,
    VpcId: prodVpc,
    SubnetIds: [prodSubnets[0], prodSubnets[1]],
    NetworkInterfaceIds: cacheInterfaces,
    DNSName: `${DEMO_FILE_CACHE_ID}.fsx.${region}.amazonaws.com`,
    OwnerId: account,
  });

  const prodDynamoId = prodDynamo?.VpcEndpointId as string;
  const pinpointId = prodPinpoint?.VpcEndpointId as string;
  const analyticsDynamoId = analyticsDynamo?.VpcEndpointId as string;
  return {
    account,
    organizationId,
    planted: [
      {
        checkId: 'vpc_endpoint_policy_wildcard_principal_bounded',
        resourceId: prodDynamoId,
        what: 'DynamoDB endpoint policy allows any principal',
      },
      {
        checkId: 'vpc_endpoint_policy_no_wildcard_actions',
        resourceId: prodDynamoId,
        what: 'DynamoDB endpoint policy allows dynamodb:*',
      },
      {
        checkId: 'vpc_endpoint_gateway_routes_all_subnets',
        resourceId: prodDynamoId,
        what: 'batch subnet bypasses the DynamoDB gateway endpoint',
      },
      {
        checkId: 'vpc_endpoint_security_group_ingress_restricted',
        resourceId: pinpointId,
        what: 'Pinpoint endpoint admits 443 from 0.0.0.0/0',
      },
      {
        checkId: 'vpc_endpoint_policy_trusted_principals',
        resourceId: analyticsDynamoId,
        what: `endpoint policy names foreign account ${FOREIGN_ACCOUNT}`,
      },
      {
        checkId: 'vpc_required_service_endpoints_present',
        resourceId: `${analyticsVpc}/filecache`,
        what: 'analytics VPC lacks the File Cache API endpoint',
      },
      {
        checkId: 'directconnect_region_connection_redundancy',
        resourceId: `directconnect/${region}`,
        what: 'Direct Connect in one location only',
      },
    ],
    plantedSuppressed: [
      {
        checkId: 'vpc_endpoint_subnets_multi_az',
        resourceId: pinpointId,
        what: 'Pinpoint endpoint in a single zone (accepted risk)',
      },
    ],
    region,
    prodApp: {
      vpcId: prodVpc,
      subnetIds: prodSubnets,
      mainRouteTableId: prodMain,
      batchRouteTableId,
      dynamodbEndpointId: prodDynamoId,
      fileCacheEndpointId: prodFileCache?.VpcEndpointId as string,
      pinpointEndpointId: pinpointId,
      internalSecurityGroupId: internalSg,
      pinpointSecurityGroupId: pinpointSg,
      lustreSecurityGroupId: lustreSg,
      natGatewayId: NatGateway?.NatGatewayId as string,
      natPublicIp: natAddress.PublicIp as string,
    },
    analytics: {
      vpcId: analyticsVpc,
      subnetIds: analyticsSubnets,
      dynamodbEndpointId: analyticsDynamoId,
    },
    onPremises: {
      vpnConnectionId,
      dxConnectionId: DEMO_DX_CONNECTION_ID,
      fileCacheId: DEMO_FILE_CACHE_ID,
      fileCacheInterfaceIds: cacheInterfaces,
    },
  };
};
