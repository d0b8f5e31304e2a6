/**
 * What the org fan-out's Step Functions tasks share: their dependencies (the single-account ones
 * plus the unit ledger, the member role and the monitor's own account) and a middy stack for
 * task input. A task's input comes from the state machine, not from a user: one that does not
 * parse is a bug, so it is logged once and thrown as an InputError, which the state machine does
 * not retry.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import type { AwsClients } from '../engine/collectors/aws-clients.ts';
import { ConfigError, InputError } from '../engine/errors.ts';
import { DynamoDbUnitLedger, type UnitLedger } from '../engine/fanout/unit-ledger.ts';
import { type FindingsExporter, securityHubExporterFor } from '../engine/securityhub/exporter.ts';
import { ACCOUNT_ID } from '../engine/validators.ts';
import { formatIssues, formatPath } from '../engine/zod-issues.ts';
import { type HandlerDependencies, lazily, observed, productionDependencies } from './runtime.ts';

export const ORG_TASK_NAMES = ['org-plan', 'org-scan-unit', 'org-aggregate'] as const;
export type OrgTaskName = (typeof ORG_TASK_NAMES)[number];

export interface OrgDependencies extends HandlerDependencies {
  readonly ledger: UnitLedger;
  readonly selfAccount: string;
  readonly memberRoleName: string;
  /** tpm:accounts; otherwise the organization's accounts are listed. */
  readonly configuredAccounts: readonly string[] | undefined;
  /** tpm:securityHub: each unit imports into its own account's hub, with the member role's clients. */
  readonly exporterFor: ((clients: AwsClients) => FindingsExporter) | undefined;
}

const OrgEnvironmentSchema = z.object({
  TPM_BASELINE_TABLE: z.string().min(3),
  TPM_SELF_ACCOUNT: z.string().regex(ACCOUNT_ID, { error: 'must be the 12-digit id of the monitor account' }),
  TPM_MEMBER_ROLE_NAME: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name' }),
  TPM_ACCOUNTS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ?.split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(ACCOUNT_ID, { error: 'must be 12-digit account ids, comma-separated' })).optional()),
});

export const orgProductionDependencies = async (env: NodeJS.ProcessEnv = process.env): Promise<OrgDependencies> => {
  const base = await productionDependencies(env);
  const parsed = OrgEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError('Lambda environment', formatIssues(parsed.error.issues).join('; '));
  }
  const region = env.AWS_REGION as string;
  return {
    ...base,
    ledger: new DynamoDbUnitLedger(base.clients.client(DynamoDBClient, region), parsed.data.TPM_BASELINE_TABLE),
    selfAccount: parsed.data.TPM_SELF_ACCOUNT,
    memberRoleName: parsed.data.TPM_MEMBER_ROLE_NAME,
    configuredAccounts: parsed.data.TPM_ACCOUNTS,
    exporterFor: base.exporter ? securityHubExporterFor : undefined,
  };
};

/** The stack around a task: Logger (correlation id = the run id), Metrics, then a strict parse of the input. */
export const buildTaskHandler = <Schema extends z.ZodType, Result>(
  name: OrgTaskName,
  deps: OrgDependencies,
  schema: Schema,
  runIdOf: (input: z.infer<Schema>) => string,
  run: (input: z.infer<Schema>, context: Context, signal: AbortSignal) => Promise<Result>,
) => {
  const core = async (input: unknown, context: Context, { signal }: { signal: AbortSignal }) => {
    deps.recorder.reset();
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const field = formatPath(issue?.path ?? []);
      deps.logger.error('rejected malformed task input', { handler: name, field, problem: issue?.message });
      throw new InputError(field, `${name} input: ${issue?.message ?? 'does not parse'}`);
    }
    deps.logger.setCorrelationId(runIdOf(parsed.data));
    return run(parsed.data, context, signal);
  };
  return observed(core, deps) as unknown as (input: unknown, context: Context) => Promise<Result>;
};

/** {@link lazily} with a deployed task function's dependencies. */
export const lazyTaskHandler = <Result>(
  create: (deps: OrgDependencies) => (input: unknown, context: Context) => Promise<Result>,
) => lazily(create, orgProductionDependencies);
