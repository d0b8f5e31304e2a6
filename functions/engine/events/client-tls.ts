/**
 * What clients really negotiate with the monitored services, read from CloudTrail. Records carry
 * `tlsDetails` (the version and suite the caller used; event version 1.08 and later, for calls
 * that reached the service's endpoint over TLS) and `vpcEndpointId` when the call came through an
 * interface endpoint. The prober proves what endpoints *accept*; this shows what callers *use*,
 * and which VPC workloads still call around the endpoint.
 *
 * A bypass is a *workload* of a monitored VPC reaching the service without its endpoint: a call
 * from one of the VPCs' public egress addresses (NAT gateways, Elastic and public IPs, kept in
 * the baseline by the sweep), or by a principal the policy names as a workload. A person at a
 * console, CloudShell or a laptop is not a bypass, and is not flagged.
 */
import type { EgressRecord } from '../baseline/types.ts';
import type { CatalogService, ServiceCatalog } from '../catalog.ts';
import type { MetricDatum } from '../metrics/metrics.ts';
import type { EffectivePolicy } from '../policy/effective.ts';
import { matchesGlob } from '../text.ts';
import { isForwardSecret, suiteByName } from '../tls/registry.ts';
import { displayTlsVersion, isBelow, parseTlsVersion, type TlsVersion } from '../tls-versions.ts';

export interface ObservedCall {
  readonly eventSource: string;
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  readonly tlsVersion?: string | undefined;
  readonly cipherSuite?: string | undefined;
  readonly vpcEndpointId?: string | undefined;
  readonly sourceIPAddress?: string | undefined;
  readonly principal?: string | undefined;
}

export interface ClientTlsVerdict {
  readonly service: CatalogService;
  readonly version: TlsVersion | undefined;
  readonly minimum: TlsVersion;
  readonly belowMinimum: boolean;
  /** undefined: no suite recorded, or one we do not know (never guessed). */
  readonly forwardSecret: boolean | undefined;
  readonly viaEndpoint: boolean;
  /** The policy requires an endpoint for the service, and a workload of a monitored VPC went around it. */
  readonly outsideEndpoint: boolean;
  /** Why the call counts as a workload's (the evidence for `outsideEndpoint`). */
  readonly bypassReason: string | undefined;
  /**
   * False when a bypass could not be judged: an endpoint is required, the call used none, and no
   * complete sweep has recorded the VPCs' egress addresses yet (so only named principals count).
   */
  readonly workloadAddressesKnown: boolean;
  /** Sentences for the log line, empty when nothing is wrong. */
  readonly problems: readonly string[];
}

/** AWS services calling on a principal's behalf show a hostname, not an IP: no endpoint applies. */
const isAwsServiceCaller = (source: string | undefined): boolean =>
  !source || /(^|\.)amazonaws\.com$|^AWS Internal$/i.test(source);

/** The monitored catalog service whose CloudTrail records carry this `eventSource`, if any. */
export const monitoredServiceOf = (
  eventSource: string,
  policy: EffectivePolicy,
  catalog: ServiceCatalog,
): CatalogService | undefined =>
  Object.values(catalog).find(
    (entry) => entry.cloudTrailEventSources.includes(eventSource) && policy.monitoredServices.includes(entry.key),
  );

/** Why a call is a monitored VPC workload's, or undefined when nothing says it is. */
const workloadReason = (call: ObservedCall, policy: EffectivePolicy, egress: EgressRecord | undefined): string | undefined => {
  const pattern = call.principal
    ? policy.observedClientTls.workloadPrincipals.find((glob) => matchesGlob(glob, call.principal as string))
    : undefined;
  if (pattern) return `${call.principal} is a workload principal (observedClientTls.workloadPrincipals: ${pattern})`;
  const address = egress?.addresses.find((entry) => entry.publicIp === call.sourceIPAddress);
  if (address)
    return `${address.publicIp} is the public address of ${address.via === 'nat-gateway' ? 'NAT gateway' : 'network interface'} ${address.resourceId} in ${address.vpcId} (sweep of ${egress?.recordedAt})`;
  return undefined;
};

/** Judges a call to `service` (the caller found it with {@link monitoredServiceOf}). */
export const judgeClientTls = (
  call: ObservedCall,
  service: CatalogService,
  policy: EffectivePolicy,
  egress?: EgressRecord,
): ClientTlsVerdict => {
  const minimum = policy.minimumTls(service.key);
  const version = call.tlsVersion ? parseTlsVersion(call.tlsVersion) : undefined;
  const suite = call.cipherSuite ? suiteByName(call.cipherSuite) : undefined;
  const viaEndpoint = Boolean(call.vpcEndpointId);
  const endpointRequired = policy.requiredEndpoints.some((rule) => rule.services.includes(service.key));
  const judged = endpointRequired && !viaEndpoint && !isAwsServiceCaller(call.sourceIPAddress);
  const bypassReason = judged ? workloadReason(call, policy, egress) : undefined;
  const outsideEndpoint = bypassReason !== undefined;
  const belowMinimum = version !== undefined && isBelow(version, minimum);
  const forwardSecret = suite ? isForwardSecret(suite) : undefined;
  const problems = [
    ...(belowMinimum
      ? [`negotiated ${displayTlsVersion(version as TlsVersion)}, below the required ${displayTlsVersion(minimum)}`]
      : []),
    ...(forwardSecret === false ? [`used ${call.cipherSuite}, which has no forward secrecy`] : []),
    ...(call.cipherSuite && !suite ? [`used ${call.cipherSuite}, a suite the monitor does not know`] : []),
    ...(call.tlsVersion && !version ? [`reported TLS version "${call.tlsVersion}", which the monitor does not know`] : []),
    ...(outsideEndpoint
      ? [`reached ${service.key} without its VPC endpoint, although the policy requires one: ${bypassReason}`]
      : []),
  ];
  return {
    service,
    version,
    minimum,
    belowMinimum,
    forwardSecret,
    viaEndpoint,
    outsideEndpoint,
    bypassReason,
    workloadAddressesKnown: !judged || egress !== undefined,
    problems,
  };
};

/** The observation as metrics, per monitored service (no principal or IP as a dimension). */
export const clientTlsMetrics = (verdict: ClientTlsVerdict): MetricDatum[] => {
  const dimensions = { MonitoredService: verdict.service.key };
  const count = (name: MetricDatum['name'], value: boolean): MetricDatum => ({
    name,
    unit: 'Count',
    value: value ? 1 : 0,
    dimensions,
  });
  return [
    count('ObservedApiCalls', true),
    count('ObservedCallsBelowMinimumTls', verdict.belowMinimum),
    count('ObservedCallsWithoutForwardSecrecy', verdict.forwardSecret === false),
    count('ObservedCallsOutsideEndpoint', verdict.outsideEndpoint),
  ];
};
