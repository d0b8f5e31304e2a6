/**
 * The service catalog: for each AWS service whose internetwork-traffic-privacy promise we watch,
 * the facts the checks and prober need. Adding a service is adding one entry here; the
 * catalog meta-tests then demand it is complete.
 *
 * Sources: the "Internetwork traffic privacy" page of each service's security chapter, and the
 * "endpoints and quotas" pages of the AWS General Reference.
 */
import type { TlsVersion } from './tls-versions.ts';

export type EndpointServiceType = 'Gateway' | 'Interface';

/** How a client reaches the service's API: regional, FIPS, dual-stack, account-based. */
export const HOSTNAME_KINDS = ['regional', 'dualstack', 'fips', 'fips-dualstack', 'account'] as const;
export type HostnameKind = (typeof HOSTNAME_KINDS)[number];

export interface ApiHostname {
  readonly kind: HostnameKind;
  readonly host: string;
}

/** A TCP range the service's data plane uses, e.g. Lustre's 988 and 1018–1023. */
export interface DataPortRange {
  readonly protocol: 'tcp';
  readonly from: number;
  readonly to: number;
  readonly purpose: string;
}

export interface CatalogService {
  /** Stable key used in the policy file, metrics and findings (`dynamodb`). */
  readonly key: string;
  readonly displayName: string;
  /** VPC endpoint service types the service offers. */
  readonly endpointTypes: readonly EndpointServiceType[];
  /** `com.amazonaws.<region>.<suffix>` — the endpoint service name for the region. */
  readonly endpointServiceName: (region: string) => string;
  /** API hostnames a client may use in the region; the account id enables account-based ones. */
  readonly apiHostnames: (region: string, account?: string) => readonly ApiHostname[];
  /** The lowest TLS version AWS documents as accepted by the service. */
  readonly awsTlsFloor: TlsVersion;
  /** The minimum we require unless the policy file says otherwise. */
  readonly defaultMinimumTls: TlsVersion;
  readonly dataPorts: readonly DataPortRange[];
  /** Whether the endpoint service honours endpoint policies (otherwise policy checks do not apply). */
  readonly endpointPolicySupported: boolean;
  /** Whether interface endpoints for the service offer private DNS names. */
  readonly privateDnsSupported: boolean;
  /** IAM action prefix of the data plane (`dynamodb`, `fsx`, `mobiletargeting`). */
  readonly iamActionPrefix: string;
  /**
   * `eventSource` values of the service's API calls in CloudTrail, as the service's own "Logging
   * API calls with AWS CloudTrail" page prints them (not the IAM prefix, which can differ), for
   * observing what clients negotiate. EventBridge's `source` is `aws.` and the host's first label.
   */
  readonly cloudTrailEventSources: readonly string[];
  /** The page stating the service's internetwork traffic privacy promise. */
  readonly privacyDocumentation: string;
  readonly notes?: string;
}

const US_REGIONS = new Set(['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']);
const US_CA_REGIONS = new Set([...US_REGIONS, 'ca-central-1', 'ca-west-1']);

const dynamodb: CatalogService = {
  key: 'dynamodb',
  displayName: 'Amazon DynamoDB',
  endpointTypes: ['Gateway', 'Interface'],
  endpointServiceName: (region) => `com.amazonaws.${region}.dynamodb`,
  apiHostnames: (region, account) => [
    { kind: 'regional', host: `dynamodb.${region}.amazonaws.com` },
    { kind: 'dualstack', host: `dynamodb.${region}.api.aws` },
    ...(US_CA_REGIONS.has(region)
      ? [
          { kind: 'fips' as const, host: `dynamodb-fips.${region}.amazonaws.com` },
          { kind: 'fips-dualstack' as const, host: `dynamodb-fips.${region}.api.aws` },
        ]
      : []),
    // Newer SDKs default to account-based endpoints, so they are what clients really negotiate with.
    ...(account ? [{ kind: 'account' as const, host: `${account}.ddb.${region}.amazonaws.com` }] : []),
  ],
  awsTlsFloor: 'TLSv1',
  defaultMinimumTls: 'TLSv1.2',
  dataPorts: [],
  endpointPolicySupported: true,
  privateDnsSupported: true,
  iamActionPrefix: 'dynamodb',
  // DynamoDB developer guide, "Logging DynamoDB operations by using AWS CloudTrail".
  cloudTrailEventSources: ['dynamodb.amazonaws.com'],
  privacyDocumentation: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/inter-network-traffic-privacy.html',
};

const filecache: CatalogService = {
  key: 'filecache',
  displayName: 'Amazon File Cache',
  endpointTypes: ['Interface'],
  // File Cache's API is the FSx API.
  endpointServiceName: (region) => `com.amazonaws.${region}.fsx`,
  apiHostnames: (region) => [
    { kind: 'regional', host: `fsx.${region}.amazonaws.com` },
    ...(US_REGIONS.has(region)
      ? [
          { kind: 'fips' as const, host: `fsx-fips.${region}.amazonaws.com` },
          { kind: 'fips-dualstack' as const, host: `fsx-fips.${region}.api.aws` },
        ]
      : []),
  ],
  awsTlsFloor: 'TLSv1',
  defaultMinimumTls: 'TLSv1.2',
  dataPorts: [
    { protocol: 'tcp', from: 988, to: 988, purpose: 'Lustre' },
    { protocol: 'tcp', from: 1018, to: 1023, purpose: 'Lustre' },
  ],
  endpointPolicySupported: true,
  privateDnsSupported: true,
  iamActionPrefix: 'fsx',
  // File Cache user guide, "Logging File Cache API calls with AWS CloudTrail": the FSx API.
  cloudTrailEventSources: ['fsx.amazonaws.com'],
  privacyDocumentation: 'https://docs.aws.amazon.com/fsx/latest/FileCacheGuide/internetwork-privacy.html',
};

const pinpoint: CatalogService = {
  key: 'pinpoint',
  displayName: 'Amazon Pinpoint',
  endpointTypes: ['Interface'],
  endpointServiceName: (region) => `com.amazonaws.${region}.pinpoint`,
  apiHostnames: (region) => [
    { kind: 'regional', host: `pinpoint.${region}.amazonaws.com` },
    { kind: 'dualstack', host: `pinpoint.${region}.api.aws` },
  ],
  // Pinpoint documents TLS 1.2 as its own requirement, not just a recommendation.
  awsTlsFloor: 'TLSv1.2',
  defaultMinimumTls: 'TLSv1.2',
  dataPorts: [],
  endpointPolicySupported: true,
  privateDnsSupported: true,
  iamActionPrefix: 'mobiletargeting',
  // Pinpoint developer guide, "CloudTrail log entry examples": `pinpoint.amazonaws.com`, although
  // the IAM prefix is `mobiletargeting`; the SMS and voice API (now AWS End User Messaging) logs
  // as `sms-voice.amazonaws.com`.
  cloudTrailEventSources: ['pinpoint.amazonaws.com', 'sms-voice.amazonaws.com'],
  privacyDocumentation: 'https://docs.aws.amazon.com/pinpoint/latest/developerguide/security-infrastructure-security.html',
  notes:
    'AWS ended support for Pinpoint engagement features on 2026-10-30; its SMS, voice, push and OTP APIs continue as AWS End User Messaging and keep the same transport promise.',
};

/** The catalog the product ships with. */
export const DEFAULT_CATALOG = { dynamodb, filecache, pinpoint } as const satisfies Record<string, CatalogService>;

/** A catalog keyed by service key; policy files pick from it, tests may extend it. */
export type ServiceCatalog = Readonly<Record<string, CatalogService>>;

/**
 * The catalog entry whose endpoint service this is, if any. Matching is exact on the
 * regional name, because `com.amazonaws.us-east-1.dynamodb-fips` is a different service.
 */
export const serviceForEndpoint = (
  catalog: ServiceCatalog,
  region: string,
  endpointServiceName: string,
): CatalogService | undefined =>
  Object.values(catalog).find((service) => service.endpointServiceName(region) === endpointServiceName);
