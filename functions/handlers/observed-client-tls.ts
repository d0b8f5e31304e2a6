/**
 * Observed client TLS: every API call to a monitored service that CloudTrail records carries the
 * TLS version and suite the caller negotiated, and the VPC endpoint it came through. Callers below
 * the policy minimum, without forward secrecy, or around a required endpoint are logged by
 * principal and counted as metrics.
 */
import { DEFAULT_CATALOG } from '../engine/catalog.ts';
import { clientTlsMetrics, judgeClientTls } from '../engine/changes/client-tls.ts';
import { buildHandler, countEvent, emfEmitter, type HandlerDependencies, lazyHandler } from './runtime.ts';
import { type CloudTrailApiCallEvent, CloudTrailApiCallEventSchema } from './schemas.ts';

export const createClientTlsHandler = (deps: HandlerDependencies) =>
  buildHandler('observed-client-tls', deps, CloudTrailApiCallEventSchema, async (event: CloudTrailApiCallEvent) => {
    const { detail } = event;
    const verdict = judgeClientTls(
      {
        eventSource: detail.eventSource,
        eventName: detail.eventName,
        account: detail.recipientAccountId ?? event.account,
        region: detail.awsRegion,
        tlsVersion: detail.tlsDetails?.tlsVersion,
        cipherSuite: detail.tlsDetails?.cipherSuite,
        vpcEndpointId: detail.vpcEndpointId,
        sourceIPAddress: detail.sourceIPAddress,
        principal: detail.userIdentity?.arn,
      },
      deps.policy,
      DEFAULT_CATALOG,
    );
    if (!verdict) {
      countEvent(deps, 'observed-client-tls', 'IgnoredEvents');
      return { status: 'ignored' as const, reason: `${detail.eventSource} is not a monitored service` };
    }
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
    return {
      status: 'observed' as const,
      service: verdict.service.key,
      tlsVersion: verdict.version ?? null,
      viaEndpoint: verdict.viaEndpoint,
      problems: verdict.problems,
    };
  });

export const handler = lazyHandler(createClientTlsHandler);
