/**
 * Pure translations from EC2 response shapes to the normalized model. Kept apart from the I/O so
 * they can be tested against recorded AWS responses, and so absent-vs-empty is decided once.
 */
import type {
  RouteTable as Ec2RouteTable,
  SecurityGroup as Ec2SecurityGroup,
  Subnet as Ec2Subnet,
  Vpc as Ec2Vpc,
  VpcEndpoint as Ec2VpcEndpoint,
  IpPermission,
  Tag,
} from '@aws-sdk/client-ec2';
import {
  ENDPOINT_TYPES,
  type EndpointType,
  type IngressRule,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '../model/network.ts';

export const tagsOf = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((tag) => tag.Key !== undefined).map((tag) => [tag.Key as string, tag.Value ?? '']));

export const normalizeVpc = (vpc: Ec2Vpc, inScope = true): Vpc => ({
  vpcId: vpc.VpcId ?? '',
  ownerId: vpc.OwnerId ?? '',
  isDefault: vpc.IsDefault === true,
  inScope,
  // The primary CIDR is repeated in the association set; associated (not disassociated) blocks count.
  cidrBlocks: [
    ...new Set([
      ...(vpc.CidrBlock ? [vpc.CidrBlock] : []),
      ...(vpc.CidrBlockAssociationSet ?? [])
        .filter((association) => association.CidrBlockState?.State === 'associated' || association.CidrBlockState === undefined)
        .map((association) => association.CidrBlock)
        .filter((cidr): cidr is string => Boolean(cidr)),
    ]),
  ],
  ipv6CidrBlocks: (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter((association) => association.Ipv6CidrBlockState?.State !== 'disassociated')
    .map((association) => association.Ipv6CidrBlock)
    .filter((cidr): cidr is string => Boolean(cidr)),
  tags: tagsOf(vpc.Tags),
});

export const normalizeSubnet = (subnet: Ec2Subnet): Subnet => ({
  subnetId: subnet.SubnetId ?? '',
  vpcId: subnet.VpcId ?? '',
  availabilityZone: subnet.AvailabilityZone ?? '',
  // Zone names are shuffled per account; zone ids are physical. Fall back to the name if absent.
  availabilityZoneId: subnet.AvailabilityZoneId ?? subnet.AvailabilityZone ?? '',
  cidrBlock: subnet.CidrBlock,
});

export const normalizeRouteTable = (table: Ec2RouteTable): RouteTable => ({
  routeTableId: table.RouteTableId ?? '',
  vpcId: table.VpcId ?? '',
  isMain: (table.Associations ?? []).some((association) => association.Main === true),
  subnetIds: (table.Associations ?? []).map((association) => association.SubnetId).filter((id): id is string => Boolean(id)),
  gatewayEndpointRoutes: (table.Routes ?? [])
    .filter((route) => route.DestinationPrefixListId && route.GatewayId?.startsWith('vpce-'))
    .map((route) => ({ prefixListId: route.DestinationPrefixListId as string, gatewayId: route.GatewayId as string })),
});

const endpointTypeOf = (value: string | undefined): EndpointType =>
  ((ENDPOINT_TYPES as readonly string[]).find((type) => type.toLowerCase() === (value ?? '').toLowerCase()) as EndpointType) ??
  'Interface';

export const normalizeVpcEndpoint = (endpoint: Ec2VpcEndpoint): VpcEndpoint => ({
  vpcEndpointId: endpoint.VpcEndpointId ?? '',
  vpcId: endpoint.VpcId ?? '',
  ownerId: endpoint.OwnerId ?? '',
  serviceName: endpoint.ServiceName ?? '',
  endpointType: endpointTypeOf(endpoint.VpcEndpointType),
  state: (endpoint.State ?? 'unknown').toLowerCase(),
  policyDocument: endpoint.PolicyDocument,
  privateDnsEnabled: endpoint.PrivateDnsEnabled === true,
  subnetIds: endpoint.SubnetIds ?? [],
  routeTableIds: endpoint.RouteTableIds ?? [],
  securityGroupIds: (endpoint.Groups ?? []).map((group) => group.GroupId).filter((id): id is string => Boolean(id)),
  networkInterfaceIds: endpoint.NetworkInterfaceIds ?? [],
  dnsNames: (endpoint.DnsEntries ?? []).map((entry) => entry.DnsName).filter((name): name is string => Boolean(name)),
  tags: tagsOf(endpoint.Tags),
});

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** One IpPermission becomes one rule per source; all-traffic rules span every port. */
export const normalizeIngress = (
  permission: IpPermission,
  prefixListEntries: ReadonlyMap<string, readonly string[] | undefined>,
): IngressRule[] => {
  const raw = (permission.IpProtocol ?? '-1').toLowerCase();
  const protocol = PROTOCOL_NAMES[raw] ?? raw;
  const allPorts = protocol === '-1' || permission.FromPort === undefined || permission.FromPort === -1;
  const fromPort = allPorts ? 0 : (permission.FromPort as number);
  const toPort = allPorts ? 65535 : (permission.ToPort ?? fromPort);
  const base = { protocol, fromPort, toPort };
  return [
    ...(permission.IpRanges ?? []).map((range) => ({
      ...base,
      source: { kind: 'cidr' as const, cidr: range.CidrIp ?? '' },
      description: range.Description,
    })),
    ...(permission.Ipv6Ranges ?? []).map((range) => ({
      ...base,
      source: { kind: 'cidr' as const, cidr: range.CidrIpv6 ?? '' },
      description: range.Description,
    })),
    ...(permission.PrefixListIds ?? []).map((list) => ({
      ...base,
      source: {
        kind: 'prefixList' as const,
        prefixListId: list.PrefixListId ?? '',
        cidrs: prefixListEntries.get(list.PrefixListId ?? ''),
      },
      description: list.Description,
    })),
    ...(permission.UserIdGroupPairs ?? []).map((pair) => ({
      ...base,
      source: { kind: 'securityGroup' as const, groupId: pair.GroupId ?? '', ownerId: pair.UserId, vpcId: pair.VpcId },
      description: pair.Description,
    })),
  ];
};

export const normalizeSecurityGroup = (
  group: Ec2SecurityGroup,
  prefixListEntries: ReadonlyMap<string, readonly string[] | undefined>,
): SecurityGroup => ({
  groupId: group.GroupId ?? '',
  groupName: group.GroupName ?? '',
  vpcId: group.VpcId,
  ownerId: group.OwnerId ?? '',
  ingress: (group.IpPermissions ?? []).flatMap((permission) => normalizeIngress(permission, prefixListEntries)),
});

/** Prefix lists referenced by any ingress rule, so their entries can be read once each. */
export const referencedPrefixLists = (groups: readonly Ec2SecurityGroup[]): string[] => [
  ...new Set(
    groups.flatMap((group) =>
      (group.IpPermissions ?? []).flatMap((permission) =>
        (permission.PrefixListIds ?? []).map((list) => list.PrefixListId).filter((id): id is string => Boolean(id)),
      ),
    ),
  ),
];
