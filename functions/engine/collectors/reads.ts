/**
 * What each collector reads to fill each collection it provides, by collector name (= its file
 * name), and what the change re-check's VPC lookup reads. Data only, over operations.ts: the IAM
 * permissions (scan/permissions.ts) derive from it without loading a collector or the AWS SDK, so
 * `tpm checks` stays fast. A meta-test holds every SDK command each collector file imports to
 * its entry here, and every entry to a call.
 */
import type { AwsOperation } from '../iam-actions.ts';
import type { CollectionName } from '../model/inventory.ts';
import {
  DESCRIBE_CONNECTIONS,
  DESCRIBE_DX_GATEWAY_ASSOCIATIONS,
  DESCRIBE_FILE_CACHES,
  DESCRIBE_LISTENERS,
  DESCRIBE_LOAD_BALANCERS,
  DESCRIBE_NAT_GATEWAYS,
  DESCRIBE_NETWORK_INTERFACES,
  DESCRIBE_ROUTE_TABLES,
  DESCRIBE_SECURITY_GROUPS,
  DESCRIBE_SSL_POLICIES,
  DESCRIBE_SUBNETS,
  DESCRIBE_VIRTUAL_INTERFACES,
  DESCRIBE_VPC_ENDPOINTS,
  DESCRIBE_VPCS,
  DESCRIBE_VPN_CONNECTIONS,
  GET_DISTRIBUTION,
  GET_DOMAIN_NAMES,
  GET_MANAGED_PREFIX_LIST_ENTRIES,
  LIST_DISTRIBUTIONS,
} from './operations.ts';

export type CollectionReads = { readonly [K in CollectionName]?: readonly AwsOperation[] };

const DX_VIRTUAL_INTERFACES = [DESCRIBE_CONNECTIONS, DESCRIBE_VIRTUAL_INTERFACES, DESCRIBE_DX_GATEWAY_ASSOCIATIONS];

export const COLLECTOR_READS = {
  // Every collection starts from the VPC list: when it fails, they all fail.
  'ec2-network': {
    vpcs: [DESCRIBE_VPCS],
    subnets: [DESCRIBE_VPCS, DESCRIBE_SUBNETS],
    routeTables: [DESCRIBE_VPCS, DESCRIBE_ROUTE_TABLES],
    vpcEndpoints: [DESCRIBE_VPCS, DESCRIBE_VPC_ENDPOINTS],
    securityGroups: [DESCRIBE_VPCS, DESCRIBE_SECURITY_GROUPS, GET_MANAGED_PREFIX_LIST_ENTRIES],
  },
  'ec2-egress': { egressAddresses: [DESCRIBE_VPCS, DESCRIBE_NAT_GATEWAYS, DESCRIBE_NETWORK_INTERFACES] },
  'tls-probe': { tlsEndpoints: [DESCRIBE_VPC_ENDPOINTS] },
  'tls-policies': {
    elbListeners: [DESCRIBE_LOAD_BALANCERS, DESCRIBE_LISTENERS, DESCRIBE_SSL_POLICIES],
    apiGatewayDomains: [GET_DOMAIN_NAMES],
    cloudFrontDistributions: [LIST_DISTRIBUTIONS, GET_DISTRIBUTION],
  },
  vpn: { vpnConnections: [DESCRIBE_VPN_CONNECTIONS] },
  'direct-connect': {
    dxConnections: [DESCRIBE_CONNECTIONS],
    dxVirtualInterfaces: DX_VIRTUAL_INTERFACES,
    dxGateways: DX_VIRTUAL_INTERFACES,
    dxRegions: DX_VIRTUAL_INTERFACES,
  },
  'file-cache': { fileCaches: [DESCRIBE_FILE_CACHES, DESCRIBE_NETWORK_INTERFACES] },
} as const satisfies Record<string, CollectionReads>;

/** The re-check's VPC lookup (vpc-locator.ts), one operation per kind of resource it locates. */
export const LOCATOR_READS = {
  'vpc-endpoint': DESCRIBE_VPC_ENDPOINTS,
  'security-group': DESCRIBE_SECURITY_GROUPS,
  'network-interface': DESCRIBE_NETWORK_INTERFACES,
  'route-table': DESCRIBE_ROUTE_TABLES,
  subnet: DESCRIBE_SUBNETS,
} as const;
