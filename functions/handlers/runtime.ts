/**
 * What every handler shares: its dependencies (built once per container from the environment,
 * or handed in by tests and `tpm invoke`), and one middy stack, so each handler file is only the
 * call into the engine.
 *
 * The stack, outermost first: Powertools Logger (Lambda context in every line, correlation id =
 * the EventBridge event id), Metrics (EMF, cold start), Idempotency (keyed on the event id, so a
 * duplicate delivery returns the first result and does nothing), and Parser (zod, safe mode:
 * a malformed event is rejected with one log line naming the field, never thrown, so it is not
 * retried). Transient failures are thrown: the platform retries, then the dead-letter queue.
 */
import { resolve } from 'node:path';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { type AlertPublisher, SnsPublisher } from '../engine/alerts/publisher.ts';
import { DynamoDbBaselineStore } from '../engine/baseline/dynamodb-store.ts';
import type { BaselineStore } from '../engine/baseline/types.ts';
import { DEFAULT_CATALOG } from '../engine/catalog.ts';
import { CHECK_IDS } from '../engine/checks/registry.ts';
import { ApiCallRecorder, AwsClients } from '../engine/collectors/aws-clients.ts';
import { ConfigError, DeliveryError } from '../engine/errors.ts';
import { datum, type MetricDatum } from '../engine/metrics/metrics.ts';
import { emitEmf } from '../engine/metrics/sinks.ts';
import type { EffectivePolicy } from '../engine/policy/effective.ts';
import { loadPolicy } from '../engine/policy/load.ts';
import type { ExportResult } from '../engine/run/export-findings.ts';
import type { DeliveryResult } from '../engine/run/track-changes.ts';
import { type FindingsExporter, securityHubExporterFor } from '../engine/securityhub/exporter.ts';
import { SNS_TOPIC_ARN } from '../engine/validators.ts';
import { formatIssues, formatPath } from '../engine/zod-issues.ts';

/** Powertools' DynamoDB persistence layer defaults: the key and the expiry (TTL) attribute. */
export const IDEMPOTENCY_TABLE = { partitionKey: 'id', timeToLiveAttribute: 'expiration' } as const;

export const HANDLER_NAMES = ['scheduled-sweep', 'change-recheck', 'observed-client-tls'] as const;
export type HandlerName = (typeof HANDLER_NAMES)[number];

export interface HandlerDependencies {
  readonly policy: EffectivePolicy;
  readonly clients: AwsClients;
  /** Counts this container's AWS calls; reset per invocation, reported in the result. */
  readonly recorder: ApiCallRecorder;
  readonly store: BaselineStore;
  readonly publisher: AlertPublisher | undefined;
  /** Security Hub, when the stack turned the export on (tpm:securityHub → TPM_SECURITY_HUB=on). */
  readonly exporter?: FindingsExporter | undefined;
  /** Absent only where no idempotency table exists (unit tests of one invocation). */
  readonly idempotency: BasePersistenceLayer | undefined;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly namespace: string;
  /** Regions to sweep; default: the policy's scope.regions, else the function's own region. */
  readonly regions: readonly string[] | undefined;
  /** Time kept back from the scan for the baseline, alerts and metrics. */
  readonly outputReserveMs: number;
}

/** What a run's result says of its alerts (the sweep's and the re-check's alike). */
export const alertsSummary = (delivery: DeliveryResult['delivery'] | undefined) => ({
  published: delivery?.published ?? 0,
  failed: delivery?.failed ?? 0,
  heldByOtherRuns: delivery?.heldByOtherRuns.count ?? 0,
});

/** What a run's result says of its Security Hub export. Refused findings stay queued: not a failed invocation. */
export const securityHubSummary = (result: ExportResult) => ({ imported: result.imported, failed: result.failed });

/** Fails the invocation when some digests were not delivered, after the run's result was logged. */
export const throwIfUndelivered = (
  delivery: { readonly failed: number; readonly errors: readonly string[] } | undefined,
): void => {
  if (delivery?.failed)
    throw new DeliveryError(`${delivery.failed} alert digests were not delivered: ${delivery.errors.join('; ')}`);
};

/**
 * Logger (Lambda context on every line) and Metrics (EMF, cold starts, flushed on error too),
 * outermost, with middy stopping the handler a second before the platform would: the same for
 * every handler and task.
 */
export const observed = <Core>(core: Core, deps: Pick<HandlerDependencies, 'logger' | 'metrics'>) =>
  middy(core as never, { timeoutEarlyInMillis: 1_000 })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true, throwOnEmptyMetrics: false }));

export type Rejected = { readonly status: 'rejected'; readonly field: string; readonly problem: string };

/** The first schema issue of a failed parse (Powertools' parser keeps the zod issues as the cause), as field and problem. */
export const firstIssue = (error: Error): { field: string; problem: string } => {
  const issues = (Array.isArray(error.cause) ? error.cause : []) as z.core.$ZodIssue[];
  const [issue] = issues;
  return issue
    ? { field: formatPath(issue.path, '(event)'), problem: issue.message }
    : { field: '(event)', problem: error.message };
};

/**
 * Counts one event a handler rejected or had nothing to do for. Written through the catalogue's
 * EMF path (not the middleware's Metrics instance, which adds Powertools' `service` dimension), so
 * the alarm on `MalformedEvents` sees exactly the documented dimensions.
 */
export const countEvent = (deps: HandlerDependencies, handler: HandlerName, name: 'MalformedEvents' | 'IgnoredEvents'): void => {
  emitEmf(deps.namespace, [datum(name, 1, { Handler: handler })]);
};

/** One log line naming the field, a metric, and a result (not a throw), so the platform does not retry. */
export const rejectEvent = (deps: HandlerDependencies, handler: HandlerName, field: string, problem: string): Rejected => {
  deps.logger.error('rejected malformed event', { handler, field, problem });
  countEvent(deps, handler, 'MalformedEvents');
  return { status: 'rejected', field, problem };
};

/** EMF for the run's catalogue metrics: written to stdout, no API call. */
export const emfEmitter =
  (namespace: string) =>
  (data: readonly MetricDatum[]): void => {
    emitEmf(namespace, data);
  };

/** The scan's deadline: the platform's own signal, or earlier, leaving `reserve` for the outputs. */
export const scanDeadline = (context: Context, signal: AbortSignal, reserveMs: number): AbortSignal =>
  AbortSignal.any([signal, AbortSignal.timeout(Math.max(0, context.getRemainingTimeInMillis() - reserveMs))]);

type Parsed<T> = { success: true; data: T } | { success: false; error: Error; originalEvent?: unknown };

/**
 * The middy stack every handler uses around `run`. `run` receives the parsed event and the
 * platform's abort signal; a malformed event never reaches it.
 */
export const buildHandler = <Schema extends z.ZodType<{ id: string }>, Result>(
  name: HandlerName,
  deps: HandlerDependencies,
  schema: Schema,
  run: (event: z.infer<Schema>, context: Context, signal: AbortSignal) => Promise<Result>,
) => {
  const core = async (parsed: Parsed<z.infer<Schema>>, context: Context, { signal }: { signal: AbortSignal }) => {
    deps.recorder.reset();
    if (!parsed.success) {
      const { field, problem } = firstIssue(parsed.error);
      return rejectEvent(deps, name, field, problem);
    }
    deps.logger.setCorrelationId(parsed.data.id);
    return run(parsed.data, context, signal);
  };
  const stack = observed(core, deps);
  const idempotent = deps.idempotency
    ? stack.use(
        makeHandlerIdempotent({
          persistenceStore: deps.idempotency,
          config: new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: 24 * 3600 }),
        }),
      )
    : stack;
  return idempotent.use(parser({ schema, safeParse: true }) as never) as unknown as (
    event: unknown,
    context: Context,
  ) => Promise<Result | Rejected>;
};

/** The Lambda environment the infrastructure sets; every problem is reported at once. */
export const EnvironmentSchema = z.object({
  AWS_REGION: z.string().min(1),
  TPM_POLICY_FILE: z.string().min(1).default('policy.yaml'),
  TPM_BASELINE_TABLE: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/),
  TPM_IDEMPOTENCY_TABLE: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/),
  TPM_ALERT_TOPIC_ARN: z.string().regex(SNS_TOPIC_ARN, { error: 'must be an SNS topic ARN' }).optional(),
  TPM_REGIONS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((region) => region.trim())
            .filter(Boolean)
        : undefined,
    ),
  TPM_METRICS_NAMESPACE: z.string().optional(),
  TPM_SECURITY_HUB: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
  TPM_OUTPUT_RESERVE_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
});

export const parseEnvironment = (env: NodeJS.ProcessEnv): z.infer<typeof EnvironmentSchema> => {
  const parsed = EnvironmentSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError('Lambda environment', formatIssues(parsed.error.issues).join('; '));
};

/** Dependencies for a deployed function, from its environment and bundled policy file. */
export const productionDependencies = async (env: NodeJS.ProcessEnv = process.env): Promise<HandlerDependencies> => {
  const config = parseEnvironment(env);
  const policy = await loadPolicy(resolve(env.LAMBDA_TASK_ROOT ?? '.', config.TPM_POLICY_FILE), {
    catalog: DEFAULT_CATALOG,
    knownCheckIds: CHECK_IDS,
  });
  const recorder = new ApiCallRecorder();
  const clients = new AwsClients({ recorder });
  const topicRegion = config.TPM_ALERT_TOPIC_ARN ? SNS_TOPIC_ARN.exec(config.TPM_ALERT_TOPIC_ARN)?.[1] : undefined;
  const namespace = config.TPM_METRICS_NAMESPACE ?? policy.metrics.namespace;
  // CloudWatch is only called by the CLI path; created here so a misconfigured region fails early.
  clients.client(CloudWatchClient, config.AWS_REGION);
  return {
    policy,
    clients,
    recorder,
    store: new DynamoDbBaselineStore(clients.client(DynamoDBClient, config.AWS_REGION), config.TPM_BASELINE_TABLE),
    publisher:
      config.TPM_ALERT_TOPIC_ARN && topicRegion
        ? new SnsPublisher(clients.client(SNSClient, topicRegion, { maxAttempts: 1 }), config.TPM_ALERT_TOPIC_ARN)
        : undefined,
    exporter: config.TPM_SECURITY_HUB === 'on' ? securityHubExporterFor(clients) : undefined,
    idempotency: new DynamoDBPersistenceLayer({
      tableName: config.TPM_IDEMPOTENCY_TABLE,
      awsSdkV3Client: clients.client(DynamoDBClient, config.AWS_REGION),
    }),
    logger: new Logger({ serviceName: 'traffic-privacy-monitor' }),
    metrics: new Metrics({ namespace, serviceName: 'traffic-privacy-monitor' }),
    namespace,
    regions: config.TPM_REGIONS,
    outputReserveMs: config.TPM_OUTPUT_RESERVE_MS,
  };
};

/**
 * The exported Lambda handler: dependencies are built on the first invocation (cold start) and
 * kept for the container's life; a broken environment fails that invocation with a clear message.
 */
export const lazily = <Deps, Result>(
  create: (deps: Deps) => (event: unknown, context: Context) => Promise<Result>,
  load: () => Promise<Deps>,
): ((event: unknown, context: Context) => Promise<Result>) => {
  let built: Promise<(event: unknown, context: Context) => Promise<Result>> | undefined;
  return async (event, context) => {
    built ??= load().then(create);
    return (await built)(event, context);
  };
};

/** {@link lazily} with the deployed function's dependencies, from its environment. */
export const lazyHandler = <Result>(
  create: (deps: HandlerDependencies) => (event: unknown, context: Context) => Promise<Result>,
  load: () => Promise<HandlerDependencies> = productionDependencies,
) => lazily(create, load);
