/**
 * Change re-check: CloudTrail "AWS API Call via CloudTrail" events, delivered by EventBridge
 * rules built from the same mapping table, re-check only what the call touched. Failed calls and
 * calls outside the scope are ignored with a log line; a resource that is gone is a deletion.
 */

import type { Context } from 'aws-lambda';
import { reportableTransitions } from '../engine/baseline/transitions.ts';
import { describeTransition } from '../engine/baseline/types.ts';
import { DeadlineError, InputError } from '../engine/errors.ts';
import { recheckChange } from '../engine/events/recheck.ts';
import {
  alertsSummary,
  buildHandler,
  countEvent,
  emfEmitter,
  type HandlerDependencies,
  lazyHandler,
  rejectEvent,
  scanDeadline,
  throwIfUndelivered,
} from './runtime.ts';
import { type CloudTrailApiCallEvent, CloudTrailApiCallEventSchema } from './schemas.ts';

export const createChangeHandler = (deps: HandlerDependencies) =>
  buildHandler(
    'change-recheck',
    deps,
    CloudTrailApiCallEventSchema,
    async (event: CloudTrailApiCallEvent, context: Context, signal) => {
      const { detail } = event;
      const call = {
        eventId: event.id,
        eventSource: detail.eventSource,
        eventName: detail.eventName,
        account: detail.recipientAccountId ?? event.account,
        region: detail.awsRegion,
        requestParameters: detail.requestParameters,
        responseElements: detail.responseElements,
        errorCode: detail.errorCode,
      };
      let outcome: Awaited<ReturnType<typeof recheckChange>>;
      try {
        outcome = await recheckChange(call, {
          policy: deps.policy,
          clients: deps.clients,
          store: deps.store,
          publisher: deps.publisher,
          exporter: deps.exporter,
          runId: event.id,
          emitMetrics: emfEmitter(deps.namespace),
          signal: scanDeadline(context, signal, deps.outputReserveMs),
        });
      } catch (error) {
        if (!(error instanceof InputError)) throw error; // transient: let the platform retry
        return rejectEvent(deps, 'change-recheck', error.field, error.problem);
      }
      if (outcome.status === 'ignored') {
        deps.logger.info('ignored event', { eventName: detail.eventName, reason: outcome.reason });
        countEvent(deps, 'change-recheck', 'IgnoredEvents');
        return { status: 'ignored' as const, reason: outcome.reason, apiCalls: deps.recorder.total };
      }
      // A re-check the deadline cut off saw nothing: returning "no changes" would be cached by
      // idempotency and the regression would wait for the next sweep. Throw so Lambda retries.
      const cut = outcome.monitor.scan.coverage.filter((region) => region.status === 'not-scanned');
      if (cut.length) {
        throw new DeadlineError(
          `the re-check of ${detail.eventName} reached its deadline before reading ${cut.map((region) => region.region).join(', ')}`,
        );
      }
      const changes = outcome.monitor.changes;
      const summary = {
        status: 'rechecked' as const,
        eventName: detail.eventName,
        resource: outcome.resource,
        ids: outcome.ids,
        idsFrom: outcome.idsFrom,
        vpcIds: outcome.vpcIds ?? null,
        checks: outcome.checks.length,
        changes: changes ? reportableTransitions(changes).map(describeTransition) : [],
        alerts: alertsSummary(changes?.delivery),
        apiCalls: deps.recorder.total,
        apiCallsByOperation: deps.recorder.snapshot(),
      };
      deps.logger.info('re-check finished', summary);
      throwIfUndelivered(changes?.delivery);
      return summary;
    },
  );

export const handler = lazyHandler(createChangeHandler);
