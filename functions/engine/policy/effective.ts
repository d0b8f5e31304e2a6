/**
 * The policy as checks consume it: defaults filled, catalog keys validated, lookups
 * precomputed. Frozen, because a check that mutated shared configuration would change the
 * verdicts of every check after it.
 */
import type { ServiceCatalog } from '../catalog.ts';
import { matchesGlob } from '../text.ts';
import type { TlsVersion } from '../tls-versions.ts';
import type { PolicyDocument, RequiredEndpointRule, SuppressionRule, VpcSelector } from './schema.ts';

export type DeclaredTlsTarget = PolicyDocument['tls']['targets'][number] & { readonly caPem?: string | undefined };

export interface EffectivePolicy {
  /** Where the policy came from, for evidence and error messages. */
  readonly source: string;
  readonly regions: readonly string[] | undefined;
  readonly regionConcurrency: number;
  readonly vpcScope: PolicyDocument['scope']['vpcs'];
  readonly monitoredServices: readonly string[];
  readonly requiredEndpoints: readonly RequiredEndpointRule[];
  readonly trustedAccounts: ReadonlySet<string>;
  readonly trustedOrganizationIds: ReadonlySet<string>;
  /** Whether the scan adds the account's own organization to {@link trustedOrganizationIds}. */
  readonly trustOwnOrganization: boolean;
  readonly allowedCidrs: readonly string[];
  readonly certificateExpiryDays: number;
  readonly tls: Pick<PolicyDocument['tls'], 'minimumDheBits' | 'certificateKeys' | 'probe' | 'connectTo'> & {
    /** Declared targets, with any caFile already read (so a missing file fails at load). */
    readonly targets: readonly DeclaredTlsTarget[];
    /** The global tls.caFile, read at load. */
    readonly caPem?: string | undefined;
  };
  readonly suppressions: readonly SuppressionRule[];
  /** Globs of checks the policy turns off. */
  readonly excludedChecks: readonly string[];
  readonly vpn: PolicyDocument['vpn'];
  readonly directConnect: PolicyDocument['directConnect'];
  readonly alerts: PolicyDocument['alerts'];
  readonly metrics: PolicyDocument['metrics'];
  readonly observedClientTls: PolicyDocument['observedClientTls'];
  /** The minimum TLS version required of the service's endpoints. */
  minimumTls(serviceKey: string): TlsVersion;
}

/** Builds the effective policy from a document that passed the schema. */
export const toEffectivePolicy = (document: PolicyDocument, catalog: ServiceCatalog, source: string): EffectivePolicy => {
  const monitoredServices = document.scope.services ?? Object.keys(catalog);
  const tls = document.tls;
  const policy: EffectivePolicy = {
    source,
    regions: document.scope.regions,
    regionConcurrency: document.scope.regionConcurrency,
    vpcScope: document.scope.vpcs,
    monitoredServices,
    requiredEndpoints: document.requiredEndpoints,
    trustedAccounts: new Set(document.trust.accounts),
    trustedOrganizationIds: new Set(document.trust.organizationIds),
    trustOwnOrganization: document.trust.ownOrganization,
    allowedCidrs: document.network.allowedCidrs,
    certificateExpiryDays: tls.certificateExpiryDays,
    tls: {
      minimumDheBits: tls.minimumDheBits,
      certificateKeys: tls.certificateKeys,
      probe: tls.probe,
      targets: tls.targets,
      connectTo: tls.connectTo,
    },
    suppressions: document.suppressions,
    excludedChecks: document.checks.exclude,
    vpn: document.vpn,
    directConnect: document.directConnect,
    alerts: document.alerts,
    metrics: document.metrics,
    observedClientTls: document.observedClientTls,
    minimumTls: (serviceKey) =>
      tls.services[serviceKey]?.minimumVersion ?? tls.minimumVersion ?? catalog[serviceKey]?.defaultMinimumTls ?? 'TLSv1.2',
  };
  return Object.freeze(policy);
};

/**
 * The policy with one more trusted organization (the scanned account's own), frozen like the
 * original: the policy file stays what it said, and the scan judges with what it learned.
 */
export const withTrustedOrganization = (policy: EffectivePolicy, organizationId: string): EffectivePolicy =>
  policy.trustedOrganizationIds.has(organizationId)
    ? policy
    : Object.freeze({ ...policy, trustedOrganizationIds: new Set([...policy.trustedOrganizationIds, organizationId]) });

/** True unless the policy's `checks.exclude` names the check. */
export const isCheckEnabled = (policy: Pick<EffectivePolicy, 'excludedChecks'>, checkId: string): boolean =>
  !policy.excludedChecks.some((pattern) => matchesGlob(pattern, checkId));

/** True when the selector picks this VPC. */
export const selectsVpc = (
  selector: VpcSelector,
  vpc: { readonly vpcId: string; readonly tags: Readonly<Record<string, string>> },
): boolean => {
  if (selector === '*') return true;
  if (selector.ids && !selector.ids.includes(vpc.vpcId)) return false;
  if (selector.tags && !Object.entries(selector.tags).every(([key, value]) => vpc.tags[key] === value)) return false;
  return true;
};
