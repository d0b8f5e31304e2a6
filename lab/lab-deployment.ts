/**
 * The Lambda deployment, on the local lab: the tables the infrastructure creates (baseline and
 * idempotency, same keys), the alert topic with an SQS "inbox" subscribed, and handler
 * dependencies wired to them exactly as `productionDependencies` wires a deployed function.
 * Used by `tpm invoke --lab`, the demo and the handler tests.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { SnsPublisher } from '../functions/engine/alerts/publisher.ts';
import { BASELINE_TABLE_SCHEMA, DynamoDbBaselineStore } from '../functions/engine/baseline/dynamodb-store.ts';
import type { BaselineStore } from '../functions/engine/baseline/types.ts';
import { ApiCallRecorder, AwsClients } from '../functions/engine/collectors/aws-clients.ts';
import type { EffectivePolicy } from '../functions/engine/policy/effective.ts';
import { securityHubExporterFor } from '../functions/engine/securityhub/exporter.ts';
import { HANDLERS } from '../functions/handlers/index.ts';
import { type HandlerDependencies, type HandlerName, IDEMPOTENCY_TABLE } from '../functions/handlers/runtime.ts';
import { forwardEmfToCloudWatch } from './emf-bridge.ts';
import { type AlertInbox, createAlertInbox } from './inbox.ts';
import { type Lab, type LabOptions, startLab } from './lab.ts';
import { captureLambdaOutput, type EmfValue, emfValues } from './lambda-output.ts';
import { MOTO_ACCOUNT } from './moto.ts';
import { type DemoEstate, seedDemoAccount } from './seed.ts';

export const LAB_TABLES = { baseline: 'tpm-baseline', idempotency: 'tpm-idempotency' } as const;

/** What an EventBridge schedule delivers (the shape of events/scheduled-sweep.json), with a fresh id per use. */
export const scheduledEvent = (at = new Date()) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/traffic-privacy-monitor-sweep'],
  detail: {},
});

/** Creates a table unless it exists (the lab can be deployed to more than once). */
const ensureTable = async (client: DynamoDBClient, input: ConstructorParameters<typeof CreateTableCommand>[0]) => {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};

export interface LabDeployment {
  readonly deps: HandlerDependencies;
  readonly inbox: AlertInbox;
  /** Counts only the calls handlers make to read the estate (not the baseline, SNS or idempotency). */
  readonly recorder: ApiCallRecorder;
  /** Clients for what the platform does around the handlers (tables, topic, inbox, CloudWatch). */
  readonly platform: AwsClients;
  readonly region: string;
  dispose(): void;
}

export interface LabDeploymentOptions {
  readonly policy?: EffectivePolicy;
  readonly region?: string;
  /** Time kept back from a sweep's scan for outputs (the Lambda default is 20 s). */
  readonly outputReserveMs?: number;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  readonly idempotency?: boolean;
  /** Another baseline store than the stack's DynamoDB table (the benchmarks use SQLite at scale). */
  readonly store?: BaselineStore;
  /** The stack's tpm:securityHub: export to moto's Security Hub (enabled here, as the account would have it). */
  readonly securityHub?: boolean;
}

export const deployToLab = async (lab: Lab, options: LabDeploymentOptions = {}): Promise<LabDeployment> => {
  const region = options.region ?? 'us-east-1';
  const recorder = new ApiCallRecorder();
  const estateClients = new AwsClients({ ...lab.clientOptions, recorder });
  const platform = new AwsClients(lab.moto.clientOptions);
  const dynamodb = platform.client(DynamoDBClient, region);
  await ensureTable(dynamodb, { TableName: LAB_TABLES.baseline, ...BASELINE_TABLE_SCHEMA, BillingMode: 'PAY_PER_REQUEST' });
  await ensureTable(dynamodb, {
    TableName: LAB_TABLES.idempotency,
    AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  const inbox = await createAlertInbox(platform, region);
  if (options.securityHub) await platform.client(SecurityHubClient, region).send(new EnableSecurityHubCommand({}));
  const policy = options.policy ?? lab.policy;
  const namespace = policy.metrics.namespace;
  const deps: HandlerDependencies = {
    policy,
    clients: estateClients,
    recorder,
    store: options.store ?? new DynamoDbBaselineStore(dynamodb, LAB_TABLES.baseline),
    publisher: new SnsPublisher(platform.client(SNSClient, region, { maxAttempts: 1 }), inbox.topicArn),
    exporter: options.securityHub ? securityHubExporterFor(platform) : undefined,
    idempotency:
      options.idempotency === false
        ? undefined
        : new DynamoDBPersistenceLayer({ tableName: LAB_TABLES.idempotency, awsSdkV3Client: dynamodb }),
    logger: new Logger({ serviceName: 'traffic-privacy-monitor', logLevel: options.logLevel ?? 'INFO' }),
    metrics: new Metrics({ namespace, serviceName: 'traffic-privacy-monitor' }),
    namespace,
    regions: [region],
    outputReserveMs: options.outputReserveMs ?? 20_000,
  };
  return {
    deps,
    inbox,
    recorder,
    platform,
    region,
    dispose: () => {
      estateClients.destroy();
      platform.destroy();
    },
  };
};

export interface LabInvocation {
  /** What the handler returned; undefined when it threw. */
  readonly result: unknown;
  /** What it threw: the platform would retry the event, then dead-letter it. */
  readonly error: unknown;
  /** Its EMF metrics (forwarded to the lab's CloudWatch, as CloudWatch Logs would extract them). */
  readonly metrics: readonly EmfValue[];
  readonly logs: readonly Record<string, unknown>[];
  /** AWS calls it made to read the estate, by operation, and in all. */
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly apiCallTotal: number;
  readonly durationMs: number;
}

/**
 * One invocation as the Lambda runtime makes it: the handler's full middleware, its output
 * captured instead of interleaved with the caller's, and its EMF metrics delivered to CloudWatch.
 */
export const invokeOnLab = async (
  deployment: LabDeployment,
  name: HandlerName,
  event: unknown,
  options: { readonly timeoutMs?: number } = {},
): Promise<LabInvocation> => {
  const output = captureLambdaOutput();
  deployment.recorder.reset();
  const started = performance.now();
  let result: unknown;
  let error: unknown;
  try {
    result = await HANDLERS[name].create(deployment.deps)(event, localContext(name, options.timeoutMs));
  } catch (caught) {
    error = caught;
  } finally {
    output.restore();
  }
  const durationMs = Math.round(performance.now() - started);
  const metrics = emfValues(output.documents());
  await forwardEmfToCloudWatch(deployment.platform.client(CloudWatchClient, deployment.region), metrics);
  return {
    result,
    error,
    metrics,
    logs: output.logs(),
    apiCalls: deployment.recorder.snapshot(),
    apiCallTotal: deployment.recorder.total,
    durationMs,
  };
};

export interface LabSession {
  readonly lab: Lab;
  readonly deployment: LabDeployment;
  readonly estate: DemoEstate;
  dispose(): Promise<void>;
}

/** The lab, the stack's tables and topic on it, and the demo account seeded: what invoke and the demo start from. */
export const openLabSession = async (options: LabOptions & LabDeploymentOptions = {}): Promise<LabSession> => {
  const lab = await startLab(options);
  try {
    const deployment = await deployToLab(lab, options);
    const estate = await seedDemoAccount(deployment.deps.clients, MOTO_ACCOUNT, deployment.region, lab.aws);
    return {
      lab,
      deployment,
      estate,
      dispose: async () => {
        deployment.dispose();
        await lab.dispose();
      },
    };
  } catch (error) {
    await lab.dispose();
    throw error;
  }
};

/** A Lambda context for a local invocation with `timeoutMs` to run. */
export const localContext = (functionName: string, timeoutMs = 300_000): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${randomUUID()}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
