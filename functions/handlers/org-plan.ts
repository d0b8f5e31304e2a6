/**
 * Org sweep, step 1: the schedule started the state machine; list the organization's accounts
 * (or take tpm:accounts) and return the plan the Map states fan out over.
 */
import { z } from 'zod';
import { listOrganizationAccounts } from '../engine/collectors/organization.ts';
import { planOrgSweep } from '../engine/fanout/plan.ts';
import { buildTaskHandler, lazyTaskHandler, type OrgDependencies } from './org-runtime.ts';

export const PlanInputSchema = z.object({
  /** The state machine passes its execution name: unique per run, stable across retries. */
  runId: z.string().regex(/^[\w-]{1,80}$/, { error: 'must be the execution name' }),
});

export const createPlanHandler = (deps: OrgDependencies) =>
  buildTaskHandler(
    'org-plan',
    deps,
    PlanInputSchema,
    (input) => input.runId,
    async (input) => {
      const region = process.env.AWS_REGION ?? deps.regions?.[0] ?? 'us-east-1';
      const regions = deps.regions ?? deps.policy.regions ?? [region];
      // With tpm:accounts and no Organizations access, the configured list is trusted as it is.
      const organization = deps.configuredAccounts?.length
        ? await listOrganizationAccounts(deps.clients, region).catch(() => undefined)
        : await listOrganizationAccounts(deps.clients, region);
      const plan = planOrgSweep({
        runId: input.runId,
        now: new Date(),
        regions,
        organization,
        configured: deps.configuredAccounts,
        selfAccount: deps.selfAccount,
      });
      deps.logger.info('org sweep planned', {
        accounts: plan.accounts.length,
        regions: plan.regions,
        units: plan.accounts.length * plan.regions.length,
        skipped: plan.skipped,
      });
      return plan;
    },
  );

export const handler = lazyTaskHandler(createPlanHandler);
