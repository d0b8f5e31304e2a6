/**
 * Org sweep, step 2 (once per account and region, inside the Map states): scan one region of one
 * account through its member role and record it in the baseline. A unit without access reports
 * itself blind and returns normally; only a transient failure throws, for the state machine to
 * retry, and a unit that still fails is counted as missing by the aggregator.
 */
import { z } from 'zod';
import { type OrgUnit, unitId } from '../engine/fanout/plan.ts';
import { scanUnit } from '../engine/fanout/units.ts';
import { accountIdSchema, regionSchema } from '../engine/validators.ts';
import { buildTaskHandler, lazyTaskHandler, type OrgDependencies } from './org-runtime.ts';
import { scanDeadline } from './runtime.ts';

const ACCOUNT = accountIdSchema;
const REGION = regionSchema;

export const UnitInputSchema = z.object({
  runId: z.string().min(1),
  plannedAt: z.iso.datetime(),
  account: ACCOUNT,
  region: REGION,
  primaryRegion: REGION,
}) satisfies z.ZodType<OrgUnit>;

export const createUnitHandler = (deps: OrgDependencies) =>
  buildTaskHandler(
    'org-scan-unit',
    deps,
    UnitInputSchema,
    (unit) => unit.runId,
    async (unit, context, signal) => {
      const outcome = await scanUnit(unit, {
        ...deps,
        signal: scanDeadline(context, signal, deps.outputReserveMs),
        apiCalls: () => deps.recorder.total,
      });
      deps.logger.info('unit finished', { unit: unitId(unit), ...outcome });
      // Small on purpose: the Map discards it; the outcome the aggregator reads is in the ledger.
      return { unit: unitId(unit), status: outcome.status };
    },
  );

export const handler = lazyTaskHandler(createUnitHandler);
