/**
 * Which CloudTrail API calls change what the monitor judges, and what to re-check when one
 * happens. The single source of truth for both the change handler and the EventBridge rules the
 * infrastructure creates (a test proves the deployed patterns are built from this table).
 */

/** The kinds of resource a change touches; each has one id pattern. */
export const RESOURCE_KINDS = {
  'vpc-endpoint': /^vpce-[0-9a-f]{8,17}$/,
  'security-group': /^sg-[0-9a-f]{8,17}$/,
  'network-interface': /^eni-[0-9a-f]{8,17}$/,
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
   * Where the ids are: every value under `requestParameters` or `responseElements` that matches
   * the kind's pattern (EC2 spells the same field `groupId`, `GroupId` or
   * `ModifySecurityGroupRulesRequest.GroupId` depending on the API generation, so a value match
   * is the robust path).
   */
  readonly idPath: 'requestParameters|responseElements';
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
    idPath: 'requestParameters|responseElements',
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
    idPath: 'requestParameters|responseElements',
    recheck: { ...NETWORK, alsoChecks: ['fsx_file_cache_lustre_ports_restricted'] },
  },
  {
    eventSource: 'ec2.amazonaws.com',
    source: 'aws.ec2',
    eventNames: ['ModifyNetworkInterfaceAttribute'],
    resource: 'network-interface',
    idPath: 'requestParameters|responseElements',
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
    idPath: 'requestParameters|responseElements',
    withoutId: ['DisassociateRouteTable'],
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
    idPath: 'requestParameters|responseElements',
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
    idPath: 'requestParameters|responseElements',
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
    idPath: 'requestParameters|responseElements',
    recheck: { scope: 'region', services: ['directconnect'] },
  },
  {
    eventSource: 'fsx.amazonaws.com',
    source: 'aws.fsx',
    eventNames: ['CreateFileCache', 'UpdateFileCache', 'DeleteFileCache'],
    resource: 'file-cache',
    idPath: 'requestParameters|responseElements',
    recheck: { scope: 'region', services: ['fsx'] },
  },
  {
    eventSource: 'elasticloadbalancing.amazonaws.com',
    source: 'aws.elasticloadbalancing',
    eventNames: ['CreateListener', 'ModifyListener', 'DeleteListener'],
    resource: 'elb-listener',
    idPath: 'requestParameters|responseElements',
    recheck: { scope: 'region', services: ['elbv2'] },
  },
];

/** The mapping for one call, if the monitor cares about it. */
export const mappingFor = (eventSource: string, eventName: string): ChangeEventMapping | undefined =>
  CHANGE_EVENTS.find((mapping) => mapping.eventSource === eventSource && mapping.eventNames.includes(eventName));

/** Every value in `tree` (objects and arrays, any depth) that matches `pattern`. */
export const findIds = (tree: unknown, pattern: RegExp): string[] => {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (pattern.test(node)) found.add(node);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item);
    } else if (node && typeof node === 'object') {
      for (const value of Object.values(node)) visit(value);
    }
  };
  visit(tree);
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
