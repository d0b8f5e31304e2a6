/**
 * Scheduled sweep: an EventBridge schedule fires; the whole configured scope is scanned, diffed
 * with the baseline, alerted on and measured. The scan stops cleanly before the deadline: regions
 * it did not reach are recorded as not scanned (never as passing), and time is kept back for the
 * baseline, the alerts and the metrics.
 */
import type { Context } from 'aws-lambda';
import { reportableTransitions } from '../engine/baseline/transitions.ts';
import { describeTransition } from '../engine/baseline/types.ts';
import { datum } from '../engine/metrics/metrics.ts';
import { runMonitor } from '../engine/run/run.ts';
import { isActiveFailure } from '../engine/types.ts';
import {
  alertsSummary,
  buildHandler,
  emfEmitter,
  type HandlerDependencies,
  lazyHandler,
  scanDeadline,
  securityHubSummary,
  throwIfUndelivered,
} from './runtime.ts';
import { type ScheduledEvent, ScheduledEventSchema } from './schemas.ts';

export const createSweepHandler = (deps: HandlerDependencies) =>
  buildHandler('scheduled-sweep', deps, ScheduledEventSchema, async (event: ScheduledEvent, context: Context, signal) => {
    const regions = deps.regions ?? deps.policy.regions ?? [event.region];
    const result = await runMonitor({
      scan: {
        policy: deps.policy,
        regions,
        clients: deps.clients,
        signal: scanDeadline(context, signal, deps.outputReserveMs),
        // Kept in the baseline for the observed-client-TLS handler (workload bypass detection).
        alsoCollect: ['egressAddresses'],
      },
      tracking: { store: deps.store, publisher: deps.publisher, exporter: deps.exporter, runId: event.id },
      emitMetrics: emfEmitter(deps.namespace),
    });
    const notScanned = result.scan.coverage.filter((region) => region.status === 'not-scanned').map((region) => region.region);
    const summary = {
      status: notScanned.length ? ('incomplete' as const) : ('swept' as const),
      account: result.scan.account,
      regions: result.scan.coverage.map((region) => ({ region: region.region, status: region.status })),
      notScanned,
      findings: result.scan.findings.length,
      failing: result.scan.findings.filter(isActiveFailure).length,
      changes: result.changes ? reportableTransitions(result.changes).map(describeTransition) : [],
      alerts: alertsSummary(result.changes?.delivery),
      ...(result.changes?.securityHub ? { securityHub: securityHubSummary(result.changes.securityHub) } : {}),
      apiCalls: deps.recorder.total,
    };
    // The dead-monitor alarm: no 1 here within two schedule periods pages someone.
    emfEmitter(deps.namespace)([datum('SweepsCompleted', notScanned.length ? 0 : 1)]);
    deps.logger.info('sweep finished', summary);
    if (result.changes?.securityHub?.failed)
      deps.logger.warn('findings not imported into Security Hub; they stay queued for the next run', {
        errors: result.changes.securityHub.errors,
      });
    if (notScanned.length) deps.logger.warn('deadline reached before every region was scanned', { notScanned });
    throwIfUndelivered(result.changes?.delivery);
    return summary;
  });

export const handler = lazyHandler(createSweepHandler);
