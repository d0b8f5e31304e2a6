/**
 * Domain types shared by collectors, checks, the scan engine and every output.
 *
 * Data flows one way: collectors build an {@link Inventory} of normalized {@link Resource}s,
 * checks turn each resource into {@link Verdict}s without any I/O, and the engine stamps
 * verdicts with check metadata to make {@link Finding}s.
 */

/** Ordered from least to most severe; the order drives `--fail-on` and alert buckets. */
export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Position of a severity in {@link SEVERITIES}, for comparisons. */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/**
 * PASS and FAIL are verdicts; ERROR means the data needed for a verdict could not be
 * collected or understood (fail closed: never a PASS); NOT_APPLICABLE means the check does
 * not apply to this resource (a private-DNS check on a gateway endpoint).
 */
export const FINDING_STATUSES = ['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** CloudFormation-style type names, as Cloud Custodian and AWS Config use them. */
export const RESOURCE_TYPES = {
  vpc: 'AWS::EC2::VPC',
  subnet: 'AWS::EC2::Subnet',
  routeTable: 'AWS::EC2::RouteTable',
  vpcEndpoint: 'AWS::EC2::VPCEndpoint',
  securityGroup: 'AWS::EC2::SecurityGroup',
  /** A TLS endpoint as the prober measured it (not an AWS resource type of its own). */
  tlsEndpoint: 'TPM::TLS::Endpoint',
  elbListener: 'AWS::ElasticLoadBalancingV2::Listener',
  apiGatewayDomain: 'AWS::ApiGateway::DomainName',
  cloudFrontDistribution: 'AWS::CloudFront::Distribution',
  vpnConnection: 'AWS::EC2::VPNConnection',
  dxConnection: 'AWS::DirectConnect::Connection',
  dxVirtualInterface: 'AWS::DirectConnect::VirtualInterface',
  dxGateway: 'AWS::DirectConnect::Gateway',
  /** A region's Direct Connect footprint, judged as a whole for redundancy. */
  dxRegion: 'TPM::DirectConnect::Region',
  fileCache: 'AWS::FSx::FileCache',
  /** A public address a monitored VPC's workloads leave AWS's network from (NAT gateway, EIP, public IP). */
  egressAddress: 'AWS::EC2::EIP',
} as const;
export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];

/** One AWS resource as a collector saw it, normalized so checks never parse SDK shapes. */
/**
 * The resource id of a finding about a whole region's collection: what could not be listed at all.
 * One ERROR under this id stands for every resource the listing would have shown.
 */
export const WHOLE_REGION = '*';

export interface Resource<TAttributes = unknown> {
  readonly account: string;
  readonly region: string;
  readonly type: ResourceType;
  readonly id: string;
  readonly attributes: TAttributes;
}

/** What a check concluded about one resource (or one facet of it). */
export interface Verdict {
  readonly status: FindingStatus;
  /** One sentence naming the service, the resource and the reason. */
  readonly message: string;
  /** JSON-serialisable facts that show *why*; alerts and reports print them. */
  readonly evidence: Readonly<Record<string, unknown>>;
  /**
   * Distinguishes several findings of one check on one resource, e.g. the required service
   * (`vpc-0abc/dynamodb`). Becomes part of the finding's resource id.
   */
  readonly facet?: string;
  /** Overrides the check's default severity when the impact differs (both VPN tunnels down). */
  readonly severity?: Severity;
  /** The monitored service (catalog key) this finding protects, when there is one. */
  readonly monitoredService?: string;
  /**
   * How bad a FAIL is, on the check's own scale (versions below the minimum, suites without
   * forward secrecy, exposed rules). A FAIL whose degree rises is a regression, not "still failing".
   */
  readonly degree?: number;
}

/** A suppression as it applied (or failed to apply, because it expired) to a finding. */
export interface AppliedSuppression {
  readonly state: 'active' | 'expired';
  readonly reason: string;
  readonly expires: string;
  readonly resourcePattern: string;
}

/** A verdict stamped with its check's metadata: the unit every output consumes. */
export interface Finding {
  readonly checkId: string;
  readonly title: string;
  readonly status: FindingStatus;
  readonly severity: Severity;
  readonly service: string;
  readonly account: string;
  readonly region: string;
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly remediation: string;
  readonly monitoredService?: string;
  /** See {@link Verdict.degree}. */
  readonly degree?: number;
  readonly suppression?: AppliedSuppression;
}

/** True when a finding should count against the estate: a FAIL nobody has suppressed. */
export const isActiveFailure = (finding: Finding): boolean =>
  finding.status === 'FAIL' && finding.suppression?.state !== 'active';
