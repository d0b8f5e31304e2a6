/**
 * Normalized VPC networking models. Collectors translate EC2 responses into these shapes once,
 * so checks read plain, fully-typed data and never see an SDK type or an absent-vs-empty
 * ambiguity.
 */

export interface Vpc {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly isDefault: boolean;
  /**
   * False for VPCs read only to resolve a security-group reference (a peer VPC): they inform
   * other verdicts but are never themselves judged.
   */
  readonly inScope: boolean;
  readonly cidrBlocks: readonly string[];
  readonly ipv6CidrBlocks: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * A public IPv4 address a monitored VPC's workloads can reach a public AWS endpoint from: a NAT
 * gateway's address, or an Elastic or auto-assigned public IP on an interface. A CloudTrail call
 * from one of these without `vpcEndpointId` is a VPC workload going around its endpoint.
 */
export interface EgressAddress {
  readonly publicIp: string;
  readonly vpcId: string;
  readonly via: 'nat-gateway' | 'network-interface';
  /** `nat-…` or `eni-…`. */
  readonly resourceId: string;
}

export interface Subnet {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly cidrBlock: string | undefined;
}

export interface RouteTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  /** True for the VPC's main route table, which serves every subnet without an explicit one. */
  readonly isMain: boolean;
  /** Subnets explicitly associated with this table. */
  readonly subnetIds: readonly string[];
  /** Prefix-list destinations routed to a gateway endpoint (`vpce-…`), e.g. DynamoDB's `pl-…`. */
  readonly gatewayEndpointRoutes: readonly { readonly prefixListId: string; readonly gatewayId: string }[];
}

export const ENDPOINT_TYPES = ['Gateway', 'Interface', 'GatewayLoadBalancer', 'Resource', 'ServiceNetwork'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

export interface VpcEndpoint {
  readonly vpcEndpointId: string;
  readonly vpcId: string;
  readonly ownerId: string;
  readonly serviceName: string;
  readonly endpointType: EndpointType;
  /** Lower-cased `State` (`available`, `pending`, `pendingacceptance`, `failed`, …). */
  readonly state: string;
  /** The raw policy text as AWS returned it; `undefined` means no policy (full access). */
  readonly policyDocument: string | undefined;
  readonly privateDnsEnabled: boolean;
  readonly subnetIds: readonly string[];
  readonly routeTableIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  readonly dnsNames: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/** Where an ingress rule admits traffic from. Every source kind is explicit: nothing is guessed. */
export type RuleSource =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | {
      readonly kind: 'securityGroup';
      readonly groupId: string;
      readonly ownerId: string | undefined;
      readonly vpcId: string | undefined;
    }
  | {
      readonly kind: 'prefixList';
      readonly prefixListId: string;
      /** Resolved entries; `undefined` when the prefix list could not be read. */
      readonly cidrs: readonly string[] | undefined;
    };

export interface IngressRule {
  /** `-1` (all), `tcp`, `udp`, `icmp`, … as EC2 reports it (numbers normalized to names). */
  readonly protocol: string;
  /** Inclusive; for protocol `-1` the collector stores 0..65535. */
  readonly fromPort: number;
  readonly toPort: number;
  readonly source: RuleSource;
  readonly description: string | undefined;
}

export interface SecurityGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string | undefined;
  readonly ownerId: string;
  readonly ingress: readonly IngressRule[];
}
