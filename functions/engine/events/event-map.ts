/**
 * Which CloudTrail API calls change what the monitor judges, and what to re-check when one
 * happens. The single source of truth for both the change handler and the EventBridge rules the
 * infrastructure creates (a test proves the deployed patterns are built from this table).
 */

import { stringsIn } from '../tree.ts';

/** The kinds of resource a change touches; each has one id pattern. */
export const RESOURCE_KINDS = {
  'vpc-endpoint': /^vpce-[0-9a-f]{8,17}$/,
  'security-group': /^sg-[0-9a-f]{8,17}$/,
  'network-interface': /^eni-[0-9a-f]{8,17}$/,
  subnet: /^subnet-[0-9a-f]{8,17}$/,
  'route-table': /^rtb-[0-9a-f]{8,17}$/,
  'vpn-connection': /^vpn-[0-9a-f]{8,17}$/,
  'dx-connection': /^dx(con|lag)-[0-9a-z]{8}$/,
  'dx-virtual-interface': /^dxvif-[0-9a-z]{8}$/,
  'file-cache': /^fc-[0-9a-f]{17}$/,
  'elb-listener': /^arn:aws[a-z-]*:elasticloadbalancing:[^:]+:\d{12}:listener\/.+$/,
} as const satisfies Record<string, RegExp>;
export type ResourceKind = keyof typeof RESOURCE_KINDS;

/** Also picked out of the event when present: they locate network resources without a lookup. */
export const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

/**
 * How much to re-check. `vpc`: the network collections of the VPCs the touched resources live in,
 * and only the resources in them. `region`: the whole (small) collection in the region.
 */
export type RecheckScope = 'vpc' | 'region';

export interface ChangeEventMapping {
  /** CloudTrail `eventSource`. */
  readonly eventSource: string;
  /** EventBridge `source` of the same events (`aws.ec2`). */
  readonly source: string;
  readonly eventNames: readonly string[];
  readonly resource: ResourceKind;
  /**
   * Where the touched ids are, as the calls' CloudTrail records print them: dotted paths from the
   * record's `detail`, `*` for any key, arrays spread (EC2 spells one field `groupId`, `GroupId` or
   * `ModifySecurityGroupRulesRequest.GroupId` by API generation, and wraps lists as
   * `{ "content": … }` items). Only when none of them holds an id is every matching value under
   * `requestParameters` and `responseElements` taken, so a source group a rule *references*
   * (another account's, a peered VPC's, a deleted one) is never mistaken for the group changed.
   */
  readonly idFields: readonly string[];
  /** Calls whose record carries no id of the kind (DisassociateRouteTable names only the association). */
  readonly withoutId?: readonly string[];
  readonly recheck: {
    readonly scope: RecheckScope;
    /** Check services to re-run (`vpc`, `vpn`, …). */
    readonly services: readonly string[];
    /** Single checks from other services that depend on this resource. */
    readonly alsoChecks?: readonly string[];
  };
}

const NETWORK = { scope: 'vpc', services: ['vpc'] } as const;

export const CHANGE_EVENTS: readonly ChangeEventMapping[] = [
  {
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: [
      'CreateVpcEndpoint',
      'ModifyVpcEndpoint',
      'DeleteVpcEndpoints',
      'AcceptVpcEndpointConnections',
      'RejectVpcEndpointConnections',
    ],
    resource: 'vpc-endpoint',
    idFields: ['responseElements.CreateVpcEndpointResponse.vpcEndpoint.vpcEndpointId', 'requestParameters.*.VpcEndpointId'],
    recheck: NETWORK,
  },
  {
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: [
      'AuthorizeSecurityGroupIngress',
      'RevokeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupEgress',
      'ModifySecurityGroupRules',
      'UpdateSecurityGroupRuleDescriptionsIngress',
    ],
    resource: 'security-group',
    idFields: [
      'requestParameters.groupId',
      'requestParameters.ModifySecurityGroupRulesRequest.GroupId',
      'responseElements.securityGroupRuleSet.items.groupId',
    ],
    recheck: { ...NETWORK, alsoChecks: ['fsx_file_cache_lustre_ports_restricted'] },
  },
  {
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: ['ModifyNetworkInterfaceAttribute'],
    resource: 'network-interface',
    idFields: ['requestParameters.networkInterfaceId'],
    recheck: { ...NETWORK, alsoChecks: ['fsx_file_cache_lustre_ports_restricted'] },
  },
  {
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: [
      'CreateRouteTable',
      'DeleteRouteTable',
      'AssociateRouteTable',
      'DisassociateRouteTable',
      'ReplaceRouteTableAssociation',
    ],
    resource: 'route-table',
    idFields: ['requestParameters.routeTableId', 'responseElements.routeTable.routeTableId'],
    withoutId: ['DisassociateRouteTable'],
    recheck: NETWORK,
  },
  {
    // A new or removed subnet, or a subnet's new CIDR, changes which subnets a gateway endpoint's
    // route tables must serve (vpc_endpoint_gateway_routes_all_subnets).
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: ['CreateSubnet', 'DeleteSubnet', 'AssociateSubnetCidrBlock'],
    resource: 'subnet',
    idFields: ['requestParameters.subnetId', 'responseElements.subnet.subnetId', 'responseElements.subnetId'],
    recheck: NETWORK,
  },
  {
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: [
      'CreateVpnConnection',
      'ModifyVpnConnection',
      'ModifyVpnConnectionOptions',
      'ModifyVpnTunnelOptions',
      'ModifyVpnTunnelCertificate',
      'ReplaceVpnTunnel',
      'DeleteVpnConnection',
    ],
    resource: 'vpn-connection',
    idFields: [
      'requestParameters.vpnConnectionId',
      'requestParameters.*.VpnConnectionId',
      'responseElements.*.vpnConnection.vpnConnectionId',
    ],
    recheck: { scope: 'region', services: ['vpn'], alsoChecks: ['directconnect_connection_link_encrypted'] },
  },
  {
    eventSource: 'directconnect.amazonaws.com',
    source: 'aws.directconnect',
    eventNames: [
      'CreateConnection',
      'UpdateConnection',
      'DeleteConnection',
      'AssociateMacSecKey',
      'DisassociateMacSecKey',
      'CreateLag',
      'UpdateLag',
      'DeleteLag',
    ],
    resource: 'dx-connection',
    idFields: [
      'requestParameters.connectionId',
      'requestParameters.lagId',
      'responseElements.connectionId',
      'responseElements.lagId',
    ],
    recheck: { scope: 'region', services: ['directconnect'] },
  },
  {
    eventSource: 'directconnect.amazonaws.com',
    source: 'aws.directconnect',
    eventNames: [
      'CreatePrivateVirtualInterface',
      'CreateTransitVirtualInterface',
      'DeleteVirtualInterface',
      'UpdateVirtualInterfaceAttributes',
      'AssociateVirtualInterface',
    ],
    resource: 'dx-virtual-interface',
    idFields: ['requestParameters.virtualInterfaceId', 'responseElements.virtualInterfaceId'],
    recheck: { scope: 'region', services: ['directconnect'] },
  },
  {
    eventSource: 'fsx.amazonaws.com',
    source: 'aws.fsx',
    eventNames: ['CreateFileCache', 'UpdateFileCache', 'DeleteFileCache'],
    resource: 'file-cache',
    idFields: ['requestParameters.fileCacheId', 'responseElements.fileCacheId', 'responseElements.fileCache.fileCacheId'],
    recheck: { scope: 'region', services: ['fsx'] },
  },
  {
    eventSource: 'elasticloadbalancing.amazonaws.com',
    source: 'aws.elasticloadbalancing',
    eventNames: ['CreateListener', 'ModifyListener', 'DeleteListener'],
    resource: 'elb-listener',
    idFields: ['requestParameters.listenerArn', 'responseElements.listeners.listenerArn'],
    recheck: { scope: 'region', services: ['elbv2'] },
  },
];

/** The mapping for one call, if the monitor cares about it. */
export const mappingFor = (eventSource: string, eventName: string): ChangeEventMapping | undefined =>
  CHANGE_EVENTS.find((mapping) => mapping.eventSource === eventSource && mapping.eventNames.includes(eventName));

/**
 * The values at `path` (dotted, `*` any key) under `root`, arrays spread at every step and EC2's
 * `{ "content": "id" }` list items unwrapped.
 */
export const valuesAt = (root: unknown, path: string): string[] => {
  let nodes: unknown[] = [root];
  const spread = (node: unknown): unknown[] => (Array.isArray(node) ? node.flatMap(spread) : [node]);
  for (const segment of path.split('.')) {
    nodes = nodes
      .flatMap(spread)
      .flatMap((node) =>
        node && typeof node === 'object'
          ? segment === '*'
            ? Object.values(node)
            : Object.hasOwn(node, segment)
              ? [(node as Record<string, unknown>)[segment]]
              : []
          : [],
      );
  }
  return nodes
    .flatMap(spread)
    .map((node) => (node && typeof node === 'object' && 'content' in node ? (node as { content: unknown }).content : node))
    .flatMap(spread)
    .filter((node): node is string => typeof node === 'string');
};

/**
 * The ids a call touched: those at the mapping's documented fields, else (`fallback`) every
 * value under the request and response that matches the kind's pattern.
 */
export const touchedIds = (
  mapping: ChangeEventMapping,
  detail: { readonly requestParameters?: unknown; readonly responseElements?: unknown },
): { ids: string[]; fallback: boolean } => {
  const pattern = RESOURCE_KINDS[mapping.resource];
  const documented = [
    ...new Set(mapping.idFields.flatMap((path) => valuesAt(detail, path)).filter((value) => pattern.test(value))),
  ].sort();
  if (documented.length) return { ids: documented, fallback: false };
  return { ids: findIds([detail.requestParameters, detail.responseElements], pattern), fallback: true };
};

/** Every value in `tree` (objects and arrays, any depth) that matches `pattern`; iterative, never recursive. */
export const findIds = (tree: unknown, pattern: RegExp): string[] => {
  const found = new Set<string>();
  for (const text of stringsIn(tree)) if (pattern.test(text)) found.add(text);
  return [...found].sort();
};

/**
 * The EventBridge rule patterns that deliver exactly the mapped calls: one per event source,
 * because EventBridge matches `source` and `detail.eventSource` per rule.
 */
export const changeEventPatterns = (): {
  source: string[];
  'detail-type': string[];
  detail: { eventSource: string[]; eventName: string[] };
}[] => {
  const bySource = new Map<string, { source: string; names: Set<string> }>();
  for (const mapping of CHANGE_EVENTS) {
    const entry = bySource.get(mapping.eventSource) ?? { source: mapping.source, names: new Set<string>() };
    for (const name of mapping.eventNames) entry.names.add(name);
    bySource.set(mapping.eventSource, entry);
  }
  return [...bySource].map(([eventSource, { source, names }]) => ({
    source: [source],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: [eventSource], eventName: [...names].sort() },
  }));
};

/** EventBridge's `source` for a CloudTrail event source: `aws.` and the service's endpoint prefix. */
export const eventBridgeSource = (eventSource: string): string => `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;

/**
 * The rule pattern for the observed-client-TLS handler: every CloudTrail-recorded call to the
 * monitored services, whatever its name (the handler judges the caller's TLS, not the call).
 */
export const clientTlsEventPattern = (
  catalog: Readonly<Record<string, { readonly cloudTrailEventSources: readonly string[] }>>,
  services: readonly string[],
): { source: string[]; 'detail-type': string[]; detail: { eventSource: string[] } } => {
  const eventSources = [...new Set(services.flatMap((key) => catalog[key]?.cloudTrailEventSources ?? []))].sort();
  return {
    source: eventSources.map(eventBridgeSource),
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: eventSources },
  };
};
