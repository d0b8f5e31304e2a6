/**
 * What clients really negotiate with the monitored services, read from CloudTrail. Every
 * management (and logged data) event carries `tlsDetails` (the version and suite the caller used)
 * and `vpcEndpointId` when the call came through an interface endpoint. The prober proves what
 * endpoints *accept*; this shows what callers *use*, and who still calls around the endpoint.
 */
import type { CatalogService, ServiceCatalog } from '../catalog.ts';
import type { MetricDatum } from '../metrics/metrics.ts';
import type { EffectivePolicy } from '../policy/effective.ts';
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
  /** The policy requires an endpoint for the service, and this call from a network did not use one. */
  readonly outsideEndpoint: boolean;
  /** Sentences for the log line, empty when nothing is wrong. */
  readonly problems: readonly string[];
}

/** AWS services calling on a principal's behalf show a hostname, not an IP: no endpoint applies. */
const isAwsServiceCaller = (source: string | undefined): boolean =>
  !source || /(^|\.)amazonaws\.com$|^AWS Internal$/i.test(source);

/** Undefined when the call is not to a monitored service. */
export const judgeClientTls = (
  call: ObservedCall,
  policy: EffectivePolicy,
  catalog: ServiceCatalog,
): ClientTlsVerdict | undefined => {
  const service = Object.values(catalog).find(
    (entry) => entry.cloudTrailEventSource === call.eventSource && policy.monitoredServices.includes(entry.key),
  );
  if (!service) return undefined;
  const minimum = policy.minimumTls(service.key);
  const version = call.tlsVersion ? parseTlsVersion(call.tlsVersion) : undefined;
  const suite = call.cipherSuite ? suiteByName(call.cipherSuite) : undefined;
  const viaEndpoint = Boolean(call.vpcEndpointId);
  const endpointRequired = policy.requiredEndpoints.some((rule) => rule.services.includes(service.key));
  const outsideEndpoint = endpointRequired && !viaEndpoint && !isAwsServiceCaller(call.sourceIPAddress);
  const belowMinimum = version !== undefined && isBelow(version, minimum);
  const forwardSecret = suite ? isForwardSecret(suite) : undefined;
  const problems = [
    ...(belowMinimum
      ? [`negotiated ${displayTlsVersion(version as TlsVersion)}, below the required ${displayTlsVersion(minimum)}`]
      : []),
    ...(forwardSecret === false ? [`used ${call.cipherSuite}, which has no forward secrecy`] : []),
    ...(call.cipherSuite && !suite ? [`used ${call.cipherSuite}, a suite the monitor does not know`] : []),
    ...(call.tlsVersion && !version ? [`reported TLS version "${call.tlsVersion}", which the monitor does not know`] : []),
    ...(outsideEndpoint ? [`came from ${call.sourceIPAddress} without a VPC endpoint, although the policy requires one`] : []),
  ];
  return { service, version, minimum, belowMinimum, forwardSecret, viaEndpoint, outsideEndpoint, problems };
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
