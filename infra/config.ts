/**
 * How a deployment is configured without editing code: CDK context keys (`-c tpm:alertEmails=…`
 * or `context` in cdk.json), validated with zod before anything is built. A bad value fails the
 * synth with one message per key that says what to write instead.
 */
import { z } from 'zod';
import { ConfigError } from '../functions/engine/errors.ts';
import { ACCOUNT_ID, regionSchema } from '../functions/engine/validators.ts';
import { issueProblem } from '../functions/engine/zod-issues.ts';

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const RATE = /^rate\((\d+) (minute|minutes|hour|hours)\)$/;

/** Context values arrive as strings from `-c` and as JSON from cdk.json; both are accepted. */
const list = (item: z.ZodType<string>) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean)
        : value,
    z.array(item),
  );
const flag = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'must be true or false' }),
);
const whole = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/** `rate(…)` in seconds, or undefined when it is not a rate expression. */
export const rateSeconds = (expression: string): number | undefined => {
  const match = RATE.exec(expression);
  if (!match) return undefined;
  return Number(match[1]) * (match[2]?.startsWith('hour') ? 3600 : 60);
};

export const DeploymentConfigSchema = z
  .object({
    policyFile: z.string().min(1).default('policy.yaml'),
    schedule: z
      .string()
      .default('rate(1 hour)')
      .refine((value) => rateSeconds(value) !== undefined, {
        error: 'must be a rate expression such as rate(1 hour) or rate(30 minutes)',
      })
      // The dead-monitor alarm looks back two periods, and CloudWatch alarms look back at most a day.
      .refine((value) => (rateSeconds(value) ?? 0) >= 300 && (rateSeconds(value) ?? 0) <= 43_200, {
        error: 'must be between rate(5 minutes) and rate(12 hours)',
      }),
    alertEmails: list(z.email({ error: 'must be email addresses, comma-separated' })).default([]),
    tracing: flag.default(false),
    logRetentionDays: z.coerce
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        error: `must be one of CloudWatch Logs' retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(90),
    observeClientTls: z.enum(['all', 'mutating', 'off'], { error: 'must be all, mutating or off' }).default('all'),
    sweepTimeoutMinutes: whole(1, 15).default(15),
    organization: flag.default(false),
    /** Import each change into the account's Security Hub (ASFF), like tpm scan --security-hub. */
    securityHub: flag.default(false),
    memberRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name' })
      .default('TrafficPrivacyMonitorReadOnly'),
    accounts: list(z.string().regex(ACCOUNT_ID, { error: 'must be 12-digit account ids' })).optional(),
    orgUnitIds: list(
      z.string().regex(/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, { error: 'must be OU or root ids' }),
    ).default([]),
    unitConcurrency: whole(1, 1000).default(20),
    /** SELF from the management account, DELEGATED_ADMIN from a StackSets delegated administrator. */
    stackSetCallAs: z.enum(['SELF', 'DELEGATED_ADMIN'], { error: 'must be SELF or DELEGATED_ADMIN' }).default('SELF'),
    homeRegion: regionSchema.optional(),
    forwardRegions: list(regionSchema).default([]),
  })
  .strict()
  .refine((config) => !config.forwardRegions.length || config.homeRegion, {
    error: 'tpm:forwardRegions needs tpm:homeRegion, the region the monitor is deployed to',
    path: ['homeRegion'],
  });
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;

export const CONTEXT_PREFIX = 'tpm:';

/**
 * Reads every `tpm:` context key. Unknown `tpm:` keys are errors (a typo must not silently
 * deploy the default); other context is CDK's own.
 */
export const readDeploymentConfig = (context: Readonly<Record<string, unknown>>): DeploymentConfig => {
  const raw = Object.fromEntries(
    Object.entries(context)
      .filter(([key]) => key.startsWith(CONTEXT_PREFIX))
      .map(([key, value]) => [key.slice(CONTEXT_PREFIX.length), value]),
  );
  const parsed = DeploymentConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Context keys carry the tpm: prefix the user typed; the problems read like every other.
  const problems = parsed.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `context: unknown keys ${issue.keys.map((key) => CONTEXT_PREFIX + key).join(', ')}`
      : `${issue.path.length ? `${CONTEXT_PREFIX}${String(issue.path[0])}` : 'context'}: ${issueProblem(issue)}`,
  );
  throw new ConfigError('CDK context', `invalid deployment configuration:\n  - ${problems.join('\n  - ')}`);
};
