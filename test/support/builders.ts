/**
 * Builders for normalized resources and inventories. Defaults describe a healthy, ordinary
 * estate; each test overrides only the property it is about, so a reader sees the cause.
 */
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { CHECK_IDS } from '../../functions/engine/checks/registry.ts';
import type { CollectionName, Collections, CollectionTypes, Inventory } from '../../functions/engine/model/inventory.ts';
import type { IngressRule, RouteTable, SecurityGroup, Subnet, Vpc, VpcEndpoint } from '../../functions/engine/model/network.ts';
import type { EffectivePolicy } from '../../functions/engine/policy/effective.ts';
import { policyFromDocument } from '../../functions/engine/policy/load.ts';
import { evaluateInventory } from '../../functions/engine/scan/evaluate.ts';
import { type AnyCheck, type Finding, RESOURCE_TYPES, type Resource, type ResourceType } from '../../functions/engine/types.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const ORG = 'o-testorg1234';
export const NOW = new Date('2026-11-22T12:00:00Z');

const resource = <T>(type: ResourceType, id: string, attributes: T): Resource<T> => ({
  account: ACCOUNT,
  region: REGION,
  type,
  id,
  attributes,
});

export const vpc = (overrides: Partial<Vpc> = {}): Resource<Vpc> => {
  const attributes: Vpc = {
    vpcId: 'vpc-00000001',
    ownerId: ACCOUNT,
    isDefault: false,
    inScope: true,
    cidrBlocks: ['10.0.0.0/16'],
    ipv6CidrBlocks: [],
    tags: {},
    ...overrides,
  };
  return resource(RESOURCE_TYPES.vpc, attributes.vpcId, attributes);
};

export const subnet = (subnetId: string, availabilityZoneId: string, overrides: Partial<Subnet> = {}): Resource<Subnet> =>
  resource(RESOURCE_TYPES.subnet, subnetId, {
    subnetId,
    vpcId: 'vpc-00000001',
    availabilityZone: `us-east-1${availabilityZoneId.slice(-1)}`,
    availabilityZoneId,
    cidrBlock: undefined,
    ...overrides,
  });

export const routeTable = (routeTableId: string, overrides: Partial<RouteTable> = {}): Resource<RouteTable> =>
  resource(RESOURCE_TYPES.routeTable, routeTableId, {
    routeTableId,
    vpcId: 'vpc-00000001',
    isMain: false,
    subnetIds: [],
    gatewayEndpointRoutes: [],
    ...overrides,
  });

export const ORG_BOUND_POLICY = JSON.stringify({
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    },
  ],
});

/** An interface endpoint for DynamoDB in two zones, private DNS on, org-bound policy. */
export const endpoint = (overrides: Partial<VpcEndpoint> = {}): Resource<VpcEndpoint> => {
  const attributes: VpcEndpoint = {
    vpcEndpointId: 'vpce-00000001',
    vpcId: 'vpc-00000001',
    ownerId: ACCOUNT,
    serviceName: `com.amazonaws.${REGION}.dynamodb`,
    endpointType: 'Interface',
    state: 'available',
    policyDocument: ORG_BOUND_POLICY,
    privateDnsEnabled: true,
    subnetIds: ['subnet-0000000a', 'subnet-0000000b'],
    routeTableIds: [],
    securityGroupIds: ['sg-00000001'],
    networkInterfaceIds: [],
    dnsNames: [],
    tags: {},
    ...overrides,
  };
  return resource(RESOURCE_TYPES.vpcEndpoint, attributes.vpcEndpointId, attributes);
};

export const gatewayEndpoint = (overrides: Partial<VpcEndpoint> = {}): Resource<VpcEndpoint> =>
  endpoint({ endpointType: 'Gateway', subnetIds: [], securityGroupIds: [], privateDnsEnabled: false, ...overrides });

export const tcpFrom = (cidr: string, fromPort = 443, toPort = fromPort): IngressRule => ({
  protocol: 'tcp',
  fromPort,
  toPort,
  source: { kind: 'cidr', cidr },
  description: undefined,
});

export const securityGroup = (
  groupId: string,
  ingress: IngressRule[],
  overrides: Partial<SecurityGroup> = {},
): Resource<SecurityGroup> =>
  resource(RESOURCE_TYPES.securityGroup, groupId, {
    groupId,
    groupName: groupId,
    vpcId: 'vpc-00000001',
    ownerId: ACCOUNT,
    ingress,
    ...overrides,
  });

type CollectionInput = { [K in CollectionName]?: readonly Resource<CollectionTypes[K]>[] };

/** An inventory whose collections all read successfully; pass `failed` to simulate errors. */
export const inventory = (collections: CollectionInput, failed: Partial<Collections> = {}): Inventory => ({
  account: ACCOUNT,
  region: REGION,
  collections: {
    ...Object.fromEntries(Object.entries(collections).map(([name, items]) => [name, { status: 'ok', items }])),
    ...failed,
  },
});

/** The standard healthy neighbourhood of {@link endpoint}: its VPC, two zones, a tight group. */
export const healthyNetwork = (): CollectionInput => ({
  vpcs: [vpc()],
  subnets: [subnet('subnet-0000000a', 'use1-az1'), subnet('subnet-0000000b', 'use1-az2')],
  routeTables: [routeTable('rtb-main', { isMain: true })],
  securityGroups: [securityGroup('sg-00000001', [tcpFrom('10.0.0.0/16')])],
});

export const policy = (document: Record<string, unknown> = {}): EffectivePolicy =>
  policyFromDocument({ version: 1, trust: { organizationIds: [ORG] }, ...document }, 'test policy', {
    catalog: DEFAULT_CATALOG,
    knownCheckIds: CHECK_IDS,
  });

/** Runs one check over an inventory, as the engine would. */
export const runCheck = (check: AnyCheck, inv: Inventory, pol: EffectivePolicy = policy()): Finding[] =>
  evaluateInventory(inv, { checks: [check], policy: pol, catalog: DEFAULT_CATALOG, now: NOW });

/** The single finding for a resource id, failing the test if there is not exactly one. */
export const only = (findings: readonly Finding[], resourceId: string): Finding => {
  const matching = findings.filter((finding) => finding.resourceId === resourceId);
  if (matching.length !== 1) {
    throw new Error(
      `expected one finding for ${resourceId}, got ${matching.length}: ${JSON.stringify(findings.map((f) => [f.resourceId, f.status]))}`,
    );
  }
  return matching[0] as Finding;
};
