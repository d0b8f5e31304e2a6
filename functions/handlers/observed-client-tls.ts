/**
 * Observed client TLS: every API call to a monitored service that CloudTrail records carries the
 * TLS version and suite the caller negotiated, and the VPC endpoint it came through. Callers below
 * the policy minimum, without forward secrecy, or VPC workloads around a required endpoint are
 * logged by principal and counted as metrics. The monitored VPCs' egress addresses come from the
 * baseline (one small read per partition, cached for a few minutes), never from EC2 per event.
 */
import { type EgressRecord, type Partition, partitionId } from '../engine/baseline/types.ts';
import { DEFAULT_CATALOG } from '../engine/catalog.ts';
import { clientTlsMetrics, judgeClientTls, monitoredServiceOf } from '../engine/events/client-tls.ts';
import { buildHandler, countEvent, emfEmitter, type HandlerDependencies, lazyHandler } from './runtime.ts';
import { type CloudTrailApiCallEvent, CloudTrailApiCallEventSchema } from './schemas.ts';

/** How long a partition's egress addresses are reused before the baseline is read again. */
const EGRESS_CACHE_MS = 5 * 60_000;

export const createClientTlsHandler = (deps: HandlerDependencies, now: () => number = Date.now) => {
  const egressCache = new Map<string, { readAt: number; egress: EgressRecord | undefined }>();
  const egressOf = async (partition: Partition): Promise<EgressRecord | undefined> => {
    const cached = egressCache.get(partitionId(partition));
    if (cached && now() - cached.readAt < EGRESS_CACHE_MS) return cached.egress;
    const egress = await deps.store.loadEgress(partition);
    egressCache.set(partitionId(partition), { readAt: now(), egress });
    return egress;
  };
  return buildHandler('observed-client-tls', deps, CloudTrailApiCallEventSchema, async (event: CloudTrailApiCallEvent) => {
    const { detail } = event;
    const account = detail.recipientAccountId ?? event.account;
    if (deps.policy.regions && !deps.policy.regions.includes(detail.awsRegion)) {
      countEvent(deps, 'observed-client-tls', 'IgnoredEvents');
      return { status: 'ignored' as const, reason: `${detail.awsRegion} is outside the policy's scope.regions` };
    }
    const service = monitoredServiceOf(detail.eventSource, deps.policy, DEFAULT_CATALOG);
    if (!service) {
      countEvent(deps, 'observed-client-tls', 'IgnoredEvents');
      return { status: 'ignored' as const, reason: `${detail.eventSource} is not a monitored service` };
    }
    const egress = detail.vpcEndpointId ? undefined : await egressOf({ account, region: detail.awsRegion });
    const verdict = judgeClientTls(
      {
        eventSource: detail.eventSource,
        eventName: detail.eventName,
        account,
        region: detail.awsRegion,
        tlsVersion: detail.tlsDetails?.tlsVersion,
        cipherSuite: detail.tlsDetails?.cipherSuite,
        vpcEndpointId: detail.vpcEndpointId,
        sourceIPAddress: detail.sourceIPAddress,
        principal: detail.userIdentity?.arn,
      },
      service,
      deps.policy,
      egress,
    );
    emfEmitter(deps.namespace)(clientTlsMetrics(verdict));
    if (verdict.problems.length) {
      deps.logger.warn('client TLS below policy', {
        // not `service`: Powertools' own key, which names this monitor
        monitoredService: verdict.service.key,
        eventName: detail.eventName,
        principal: detail.userIdentity?.arn ?? null,
        sourceIPAddress: detail.sourceIPAddress ?? null,
        tlsDetails: detail.tlsDetails ?? null,
        vpcEndpointId: detail.vpcEndpointId ?? null,
        problems: verdict.problems,
      });
    }
    if (!verdict.workloadAddressesKnown)
      deps.logger.warn("bypass not judged: no complete sweep has recorded the VPCs' egress addresses yet", {
        partition: partitionId({ account, region: detail.awsRegion }),
        sourceIPAddress: detail.sourceIPAddress ?? null,
      });
    return {
      status: 'observed' as const,
      service: verdict.service.key,
      tlsVersion: verdict.version ?? null,
      viaEndpoint: verdict.viaEndpoint,
      workloadAddressesKnown: verdict.workloadAddressesKnown,
      problems: verdict.problems,
    };
  });
};

export const handler = lazyHandler(createClientTlsHandler);
