/**
 * The monitor in one account: the three handlers, their triggers, the baseline and idempotency
 * tables, the encrypted alert topic, the dead-letter queue, alarms and a dashboard. Everything the
 * functions may do is granted here, by name: read-only Describe/List calls derived from the
 * collectors' declared operations, read/write on its own two tables, publish on its own topic.
 * The constructor reads as the stack's parts, in order; each part is a method or a module
 * (monitor-triggers.ts, monitor-alarms.ts) that creates its resources in the stack's own scope,
 * so the logical ids of deployed stacks stay as they are.
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/inter-network-traffic-privacy.html
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BASELINE_TABLE_SCHEMA } from '../functions/engine/baseline/dynamodb-store.ts';
import type { ServiceCatalog } from '../functions/engine/catalog.ts';
import { UNIT_LEDGER_TTL_ATTRIBUTE } from '../functions/engine/fanout/unit-ledger.ts';
import type { EffectivePolicy } from '../functions/engine/policy/effective.ts';
import { IDEMPOTENCY_TABLE } from '../functions/handlers/runtime.ts';
import type { DeploymentConfig } from './config.ts';
import { HandlerFunction } from './constructs/handler-function.ts';
import { MonitorDashboard } from './constructs/monitor-dashboard.ts';
import { OrgFanOut } from './constructs/org-fanout.ts';
import { addMonitorAlarms } from './monitor-alarms.ts';
import { addMonitorTriggers } from './monitor-triggers.ts';
import { acknowledge } from './nag.ts';
import { grantEstateRead, grantSecurityHubImport } from './permissions.ts';

export interface MonitorStackProps extends StackProps {
  readonly config: DeploymentConfig;
  /** The policy file, already validated (a bad one fails the synth before this is built). */
  readonly policy: EffectivePolicy;
  readonly policyFile: string;
  readonly catalog: ServiceCatalog;
}

/** DynamoDB actions of the baseline store and unit ledger (functions/engine/baseline, fanout). */
export const BASELINE_TABLE_ACTIONS = [
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;
/** What the observed-client-TLS handler reads of the baseline: the partition item's egress addresses. */
export const BASELINE_EGRESS_READ_ACTIONS = ['dynamodb:GetItem'] as const;
/** DynamoDB actions of Powertools' DynamoDBPersistenceLayer. */
export const IDEMPOTENCY_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

export class MonitorStack extends Stack {
  readonly topic: sns.Topic;
  readonly baselineTable: dynamodb.Table;
  readonly idempotencyTable: dynamodb.Table;
  readonly deadLetterQueue: sqs.Queue;
  readonly handlers: {
    readonly sweep: HandlerFunction | undefined;
    readonly change: HandlerFunction;
    readonly clientTls: HandlerFunction;
  };
  /** The org-wide sweep, when tpm:organization is on (it replaces the sweep function). */
  readonly fanOut: OrgFanOut | undefined;
  readonly alarmNamePrefix: string;
  /** tpm:securityHub: the sweep and the re-check import each change into the account's hub. */
  readonly securityHub: boolean;

  constructor(scope: Construct, id: string, props: MonitorStackProps) {
    super(scope, id, props);
    const { config, policy } = props;
    const namespace = policy.metrics.namespace;
    this.alarmNamePrefix = `${this.stackName}-`;
    this.securityHub = config.securityHub;
    this.topic = this.alertTopic(config.alertEmails);
    this.baselineTable = this.baselineTableOf();
    this.idempotencyTable = this.idempotencyTableOf();
    this.deadLetterQueue = this.deadLetterQueueOf();
    const { handlers, fanOut } = this.functionsOf(props);
    this.handlers = handlers;
    this.fanOut = fanOut;
    this.grantAccess();
    addMonitorTriggers(this, {
      config,
      catalog: props.catalog,
      monitoredServices: policy.monitoredServices,
      scheduled: handlers.sweep ?? (fanOut as OrgFanOut).stateMachine,
      change: handlers.change,
      clientTls: handlers.clientTls,
      deadLetterQueue: this.deadLetterQueue,
    });
    const functions = this.functionsByName();
    const regressions = addMonitorAlarms(this, {
      alarmNamePrefix: this.alarmNamePrefix,
      namespace,
      schedule: config.schedule,
      topic: this.topic,
      functions,
      deadLetterQueue: this.deadLetterQueue,
      orgSweep: fanOut?.stateMachine,
      securityHub: config.securityHub,
    });
    new MonitorDashboard(this, 'Dashboard', {
      namespace,
      monitoredServices: policy.monitoredServices,
      functions: Object.values(functions).map((handler) => handler.function),
      deadLetterQueue: this.deadLetterQueue,
      regressions,
    });
    this.outputs();
  }

  /** Alerts: a customer-managed key, so the key policy can admit CloudWatch alarms, which CDK does not do by itself. */
  private alertTopic(emails: readonly string[]): sns.Topic {
    const key = new kms.Key(this, 'AlertKey', {
      description: 'traffic-privacy-monitor: alert topic encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: {
        'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${this.alarmNamePrefix}*`,
      },
    };
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisStacksAlarmsToUseTheTopicKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    const topic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'traffic-privacy-monitor alerts',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisStacksAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    for (const email of emails) topic.addSubscription(new subscriptions.EmailSubscription(email));
    return topic;
  }

  /** The baseline: the only memory between runs, kept (RETAIN) when the stack goes. */
  private baselineTableOf(): dynamodb.Table {
    const baselineKey = (type: 'HASH' | 'RANGE') => ({
      name: BASELINE_TABLE_SCHEMA.KeySchema?.find((key) => key.KeyType === type)?.AttributeName ?? '',
      type: dynamodb.AttributeType.STRING,
    });
    return new dynamodb.Table(this, 'BaselineTable', {
      // The keys the store writes (the same constant the local lab creates its table from).
      partitionKey: baselineKey('HASH'),
      sortKey: baselineKey('RANGE'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Only the org sweep's unit reports carry it; baseline records never expire.
      timeToLiveAttribute: UNIT_LEDGER_TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Powertools' idempotency records, which expire by themselves. */
  private idempotencyTableOf(): dynamodb.Table {
    return new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Powertools writes the record's expiry here; DynamoDB deletes expired records for free.
      timeToLiveAttribute: IDEMPOTENCY_TABLE.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  private deadLetterQueueOf(): sqs.Queue {
    const queue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the functions and of the EventBridge targets.',
    );
    return queue;
  }

  /** One account: a sweep function. An organization: the Step Functions fan-out, which includes this account. */
  private functionsOf(props: MonitorStackProps): { handlers: MonitorStack['handlers']; fanOut: OrgFanOut | undefined } {
    const { config, policy } = props;
    const namespace = policy.metrics.namespace;
    const environment = {
      TPM_BASELINE_TABLE: this.baselineTable.tableName,
      TPM_IDEMPOTENCY_TABLE: this.idempotencyTable.tableName,
      TPM_ALERT_TOPIC_ARN: this.topic.topicArn,
      TPM_METRICS_NAMESPACE: namespace,
      POWERTOOLS_METRICS_NAMESPACE: namespace,
      TPM_SECURITY_HUB: config.securityHub ? 'on' : 'off',
    };
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const common = {
      policyFile: props.policyFile,
      environment,
      logRetention,
      tracing: config.tracing,
      deadLetterQueue: this.deadLetterQueue,
    };
    const sweep = config.organization
      ? undefined
      : new HandlerFunction(this, 'Sweep', {
          ...common,
          handler: 'scheduled-sweep',
          description: 'traffic-privacy-monitor: scheduled sweep of the configured scope',
          timeout: Duration.minutes(config.sweepTimeoutMinutes),
          memorySize: 1024,
        });
    const fanOut = config.organization
      ? new OrgFanOut(this, 'OrgSweep', {
          config,
          functionDefaults: { policyFile: props.policyFile, environment, logRetention, tracing: config.tracing },
          regionConcurrency: policy.regionConcurrency,
        })
      : undefined;
    const change = new HandlerFunction(this, 'ChangeRecheck', {
      ...common,
      handler: 'change-recheck',
      description: 'traffic-privacy-monitor: re-check what a CloudTrail-recorded change touched',
      timeout: Duration.minutes(2),
    });
    const clientTls = new HandlerFunction(this, 'ObservedClientTls', {
      ...common,
      handler: 'observed-client-tls',
      description: "traffic-privacy-monitor: judge callers' TLS from CloudTrail tlsDetails",
      timeout: Duration.seconds(30),
      memorySize: 256,
    });
    return { handlers: { sweep, change, clientTls }, fanOut };
  }

  /** Grants, by name and by resource. */
  private grantAccess(): void {
    const { sweep, change, clientTls } = this.handlers;
    const kmsReason =
      "CDK's grantPublish on a KMS-encrypted topic: publishing needs a data key, and the grant is on the topic's own key only.";
    for (const reader of [sweep, change].filter((handler) => handler !== undefined)) {
      grantEstateRead(reader.role);
      if (this.securityHub) grantSecurityHubImport(reader.role);
    }
    const publishers = [sweep, change, this.fanOut?.tasks.aggregate].filter((handler) => handler !== undefined);
    for (const publisher of publishers) {
      this.topic.grantPublish(publisher.role);
      acknowledge(publisher.role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', kmsReason);
    }
    const baselineWriters = [sweep, change, this.fanOut?.tasks.unit, this.fanOut?.tasks.aggregate].filter(
      (handler) => handler !== undefined,
    );
    // What the stores call, no more (grantReadWriteData would add Scan, BatchWriteItem and the
    // stream reads): the baseline and unit ledger Query, and write through TransactWriteItems and
    // PutItem (a transaction needs each item action it carries); Powertools' idempotency store
    // gets, puts, updates and deletes single records.
    for (const writer of baselineWriters) this.baselineTable.grant(writer.role, ...BASELINE_TABLE_ACTIONS);
    // The client-TLS handler reads one item per partition (the sweep's egress addresses), nothing else.
    this.baselineTable.grant(clientTls.role, ...BASELINE_EGRESS_READ_ACTIONS);
    for (const handler of [sweep, change, clientTls].filter((fn) => fn !== undefined)) {
      this.idempotencyTable.grant(handler.role, ...IDEMPOTENCY_TABLE_ACTIONS);
    }
  }

  /** Every function of the stack, by the name its alarms and dashboard use. */
  private functionsByName(): Record<string, HandlerFunction> {
    const { sweep, change, clientTls } = this.handlers;
    return {
      ...(sweep ? { Sweep: sweep } : {}),
      ChangeRecheck: change,
      ObservedClientTls: clientTls,
      ...(this.fanOut
        ? { OrgPlan: this.fanOut.tasks.plan, OrgScanUnit: this.fanOut.tasks.unit, OrgAggregate: this.fanOut.tasks.aggregate }
        : {}),
    };
  }

  private outputs(): void {
    new CfnOutput(this, 'AlertTopicArn', { value: this.topic.topicArn, description: 'Subscribe more endpoints here' });
    new CfnOutput(this, 'BaselineTableName', {
      value: this.baselineTable.tableName,
      description: 'tpm scan --baseline dynamodb:<this> reads the same baseline',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }
}
