/**
 * Org sweep, step 3: every unit has reported (or failed); deliver what is pending across the whole
 * organization as one digest per severity, and count the units that failed or never reported.
 */
import { z } from 'zod';
import { aggregateOrgSweep, orgSweepMetrics } from '../engine/fanout/units.ts';
import { accountIdSchema } from '../engine/validators.ts';
import { buildTaskHandler, lazyTaskHandler, type OrgDependencies } from './org-runtime.ts';
import { emfEmitter, throwIfUndelivered } from './runtime.ts';

export const AggregateInputSchema = z.object({
  runId: z.string().min(1),
  plannedAt: z.iso.datetime(),
  primaryRegion: z.string().min(1),
  regions: z.array(z.string().min(1)).min(1),
  accounts: z.array(accountIdSchema).min(1),
  skipped: z.array(z.object({ account: z.string(), reason: z.string() })),
});

export const createAggregateHandler = (deps: OrgDependencies) =>
  buildTaskHandler(
    'org-aggregate',
    deps,
    AggregateInputSchema,
    (plan) => plan.runId,
    async (plan) => {
      const summary = await aggregateOrgSweep(plan, {
        store: deps.store,
        ledger: deps.ledger,
        publisher: deps.publisher,
        policySource: deps.policy.source,
      });
      emfEmitter(deps.namespace)(orgSweepMetrics(summary));
      deps.logger.info('org sweep finished', { ...summary });
      if (summary.blind.length || summary.missing.length) {
        deps.logger.warn('units could not be scanned', { blind: summary.blind, missing: summary.missing });
      }
      throwIfUndelivered(summary.delivery);
      return summary;
    },
  );

export const handler = lazyTaskHandler(createAggregateHandler);
