/**
 * Every AWS operation the collectors call, each declared once with the IAM action that allows
 * it. A collector names the ones it calls at the call (`guarded({ ...DESCRIBE_VPCS, region })`)
 * and in its `reads`; check permissions, the deployed roles and the "Grant …" hints derive from
 * these, and a meta-test holds every SDK command a collector imports to an entry here.
 */
import { apiGatewayRead, awsOperation } from '../iam-actions.ts';

// EC2: the network, the VPN connections and the egress addresses.
export const DESCRIBE_VPCS = awsOperation('ec2', 'DescribeVpcs');
export const DESCRIBE_SUBNETS = awsOperation('ec2', 'DescribeSubnets');
export const DESCRIBE_ROUTE_TABLES = awsOperation('ec2', 'DescribeRouteTables');
export const DESCRIBE_VPC_ENDPOINTS = awsOperation('ec2', 'DescribeVpcEndpoints');
export const DESCRIBE_SECURITY_GROUPS = awsOperation('ec2', 'DescribeSecurityGroups');
export const GET_MANAGED_PREFIX_LIST_ENTRIES = awsOperation('ec2', 'GetManagedPrefixListEntries');
export const DESCRIBE_NETWORK_INTERFACES = awsOperation('ec2', 'DescribeNetworkInterfaces');
export const DESCRIBE_NAT_GATEWAYS = awsOperation('ec2', 'DescribeNatGateways');
export const DESCRIBE_VPN_CONNECTIONS = awsOperation('ec2', 'DescribeVpnConnections');

// Elastic Load Balancing v2, API Gateway (v1 and v2 share the GET action), CloudFront.
export const DESCRIBE_LOAD_BALANCERS = awsOperation('elasticloadbalancing', 'DescribeLoadBalancers');
export const DESCRIBE_LISTENERS = awsOperation('elasticloadbalancing', 'DescribeListeners');
export const DESCRIBE_SSL_POLICIES = awsOperation('elasticloadbalancing', 'DescribeSSLPolicies');
export const GET_DOMAIN_NAMES = apiGatewayRead('GetDomainNames');
export const LIST_DISTRIBUTIONS = awsOperation('cloudfront', 'ListDistributions');
export const GET_DISTRIBUTION = awsOperation('cloudfront', 'GetDistribution');

// Direct Connect and FSx (File Cache).
export const DESCRIBE_CONNECTIONS = awsOperation('directconnect', 'DescribeConnections');
export const DESCRIBE_VIRTUAL_INTERFACES = awsOperation('directconnect', 'DescribeVirtualInterfaces');
export const DESCRIBE_DX_GATEWAY_ASSOCIATIONS = awsOperation('directconnect', 'DescribeDirectConnectGatewayAssociations');
export const DESCRIBE_FILE_CACHES = awsOperation('fsx', 'DescribeFileCaches');

// Organizations and STS: the scan's own organization, the org fan-out, the caller's identity.
export const DESCRIBE_ORGANIZATION = awsOperation('organizations', 'DescribeOrganization');
export const LIST_ACCOUNTS = awsOperation('organizations', 'ListAccounts');
export const ASSUME_ROLE = awsOperation('sts', 'AssumeRole');
/** Needs no grant: any principal may ask who it is. */
export const GET_CALLER_IDENTITY = awsOperation('sts', 'GetCallerIdentity');
