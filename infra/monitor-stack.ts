/**
 * The monitor in one account: the three handlers, their triggers, the baseline and idempotency
 * tables, the encrypted alert topic, the dead-letter queue, alarms and a dashboard. Everything the
 * functions may do is granted here, by name: read-only Describe/List calls derived from the
 * checks' declared permissions, read/write on its own two tables, publish on its own topic.
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/inter-network-traffic-privacy.html
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BASELINE_TABLE_SCHEMA } from '../functions/engine/baseline/dynamodb-store.ts';
import type { ServiceCatalog } from '../functions/engine/catalog.ts';
import { changeEventPatterns, clientTlsEventPattern } from '../functions/engine/events/event-map.ts';
import { UNIT_LEDGER_TTL_ATTRIBUTE } from '../functions/engine/fanout/unit-ledger.ts';
import type { EffectivePolicy } from '../functions/engine/policy/effective.ts';
import { IDEMPOTENCY_TABLE } from '../functions/handlers/runtime.ts';
import { type DeploymentConfig, rateSeconds } from './config.ts';
import { HandlerFunction } from './constructs/handler-function.ts';
import { MonitorDashboard } from './constructs/monitor-dashboard.ts';
import { OrgFanOut } from './constructs/org-fanout.ts';
import { acknowledge } from './nag.ts';
import { grantEstateRead } from './permissions.ts';

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

  constructor(scope: Construct, id: string, props: MonitorStackProps) {
    super(scope, id, props);
    const { config, policy } = props;
    const namespace = policy.metrics.namespace;
    this.alarmNamePrefix = `${this.stackName}-`;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    // Alerts: a customer-managed key, so the key policy can admit CloudWatch alarms, which CDK does not do by itself.
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
    this.topic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'traffic-privacy-monitor alerts',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisStacksAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    for (const email of config.alertEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    // State: the baseline (the only memory between runs) and Powertools' idempotency records.
    const baselineKey = (type: 'HASH' | 'RANGE') => ({
      name: BASELINE_TABLE_SCHEMA.KeySchema?.find((key) => key.KeyType === type)?.AttributeName ?? '',
      type: dynamodb.AttributeType.STRING,
    });
    this.baselineTable = new dynamodb.Table(this, 'BaselineTable', {
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
    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Powertools writes the record's expiry here; DynamoDB deletes expired records for free.
      timeToLiveAttribute: IDEMPOTENCY_TABLE.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the functions and of the EventBridge targets.',
    );

    const environment = {
      TPM_BASELINE_TABLE: this.baselineTable.tableName,
      TPM_IDEMPOTENCY_TABLE: this.idempotencyTable.tableName,
      TPM_ALERT_TOPIC_ARN: this.topic.topicArn,
      TPM_METRICS_NAMESPACE: namespace,
      POWERTOOLS_METRICS_NAMESPACE: namespace,
    };
    const common = {
      policyFile: props.policyFile,
      environment,
      logRetention,
      tracing: config.tracing,
      deadLetterQueue: this.deadLetterQueue,
    };
    // One account: a sweep function. An organization: the Step Functions fan-out, which includes this account.
    const sweep = config.organization
      ? undefined
      : new HandlerFunction(this, 'Sweep', {
          ...common,
          handler: 'scheduled-sweep',
          description: 'traffic-privacy-monitor: scheduled sweep of the configured scope',
          timeout: Duration.minutes(config.sweepTimeoutMinutes),
          memorySize: 1024,
        });
    this.fanOut = config.organization
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
    this.handlers = { sweep, change, clientTls };

    // Grants, by name and by resource.
    const kmsReason =
      "CDK's grantPublish on a KMS-encrypted topic: publishing needs a data key, and the grant is on the topic's own key only.";
    for (const reader of [sweep, change].filter((handler) => handler !== undefined)) {
      grantEstateRead(reader.role);
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

    // Triggers. Every EventBridge target retries delivery and keeps what it could not deliver.
    const target = (handler: HandlerFunction) =>
      new targets.LambdaFunction(handler.function, {
        retryAttempts: 4,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      });
    new events.Rule(this, 'SweepSchedule', {
      description: 'traffic-privacy-monitor: scheduled sweep',
      schedule: events.Schedule.expression(config.schedule),
      targets: [
        sweep
          ? target(sweep)
          : new targets.SfnStateMachine((this.fanOut as OrgFanOut).stateMachine, {
              retryAttempts: 4,
              maxEventAge: Duration.hours(2),
              deadLetterQueue: this.deadLetterQueue,
            }),
      ],
    });
    changeEventPatterns().forEach((pattern, index) => {
      new events.Rule(this, `ChangeEvents${index}`, {
        description: `traffic-privacy-monitor: re-check on ${pattern.detail.eventSource[0]} changes`,
        eventPattern: pattern,
        targets: [target(change)],
      });
    });
    if (config.observeClientTls !== 'off') {
      const rule = new events.Rule(this, 'ClientTlsEvents', {
        description: "traffic-privacy-monitor: callers' TLS on the monitored services",
        eventPattern: clientTlsEventPattern(props.catalog, policy.monitoredServices),
        targets: [target(clientTls)],
      });
      if (config.observeClientTls === 'all') {
        // Read-only calls (Describe*, Get*, List*) reach EventBridge only on a rule in this state.
        (rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
      }
    }

    // Alarms: a dead or failing monitor must page someone; all of them notify the alert topic.
    const notify = new actions.SnsAction(this.topic);
    const alarm = (name: string, props: cloudwatch.AlarmProps, withAction = true) => {
      const created = new cloudwatch.Alarm(this, name, { ...props, alarmName: `${this.alarmNamePrefix}${name}` });
      if (withAction) {
        created.addAlarmAction(notify);
        created.addOkAction(notify);
      }
      return created;
    };
    /** Any occurrence within five minutes; no data means nothing happened. */
    const anyWithinFiveMinutes = (name: string, description: string, metric: cloudwatch.IMetric, withAction = true) =>
      alarm(
        name,
        {
          alarmDescription: description,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
        withAction,
      );
    const fiveMinutes = Duration.minutes(5);
    const catalogMetric = (metricName: string, dimensionsMap?: Record<string, string>) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        statistic: 'Sum',
        period: fiveMinutes,
        ...(dimensionsMap ? { dimensionsMap } : {}),
      });
    const functions = {
      ...(sweep ? { Sweep: sweep } : {}),
      ChangeRecheck: change,
      ObservedClientTls: clientTls,
      ...(this.fanOut
        ? { OrgPlan: this.fanOut.tasks.plan, OrgScanUnit: this.fanOut.tasks.unit, OrgAggregate: this.fanOut.tasks.aggregate }
        : {}),
    };
    for (const [name, handler] of Object.entries(functions)) {
      anyWithinFiveMinutes(
        `${name}Errors`,
        `The ${name} function failed (an exception or a timeout); its event is retried, then kept in the dead-letter queue.`,
        handler.function.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
      );
    }
    anyWithinFiveMinutes(
      'DeadLetters',
      'Events or invocations the monitor could not process are waiting in the dead-letter queue.',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
    );
    const period = Duration.seconds(rateSeconds(config.schedule) ?? 3600);
    alarm('NoRecentSweep', {
      alarmDescription: `No complete sweep in two schedule periods (${config.schedule}): the monitor itself is not watching.`,
      metric: new cloudwatch.Metric({ namespace, metricName: 'SweepsCompleted', statistic: 'Sum', period }),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data at all is the dead monitor this alarm exists for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    anyWithinFiveMinutes(
      'AlertDeliveryFailures',
      'Alert digests could not be published; they stay queued in the baseline and are retried.',
      catalogMetric('AlertDeliveryFailures'),
    );
    const handlerNames = ['scheduled-sweep', 'change-recheck', 'observed-client-tls'];
    anyWithinFiveMinutes(
      'MalformedEvents',
      'A handler rejected events by schema: an event shape changed or a rule delivers the wrong events.',
      new cloudwatch.MathExpression({
        label: 'MalformedEvents',
        expression: handlerNames.map((_, index) => `FILL(m${index + 1}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(
          handlerNames.map((handler, index) => [`m${index + 1}`, catalogMetric('MalformedEvents', { Handler: handler })]),
        ),
        period: fiveMinutes,
      }),
    );
    if (this.fanOut) {
      anyWithinFiveMinutes(
        'UnitsFailed',
        'Some (account, region) units of the org sweep could not be scanned: a member role is missing or untrusting, or the unit kept failing.',
        catalogMetric('UnitsFailed'),
      );
      anyWithinFiveMinutes(
        'OrgSweepFailed',
        'The org sweep state machine failed, timed out or was aborted.',
        this.fanOut.stateMachine.metricFailed({ period: fiveMinutes, statistic: 'Sum' }),
      );
    }
    // Regressions already reach the topic as a digest; this alarm is for dashboards and pagers, so it sends nothing itself.
    const regressions = anyWithinFiveMinutes(
      'Regressions',
      'A monitored privacy control regressed (the alert digest on the topic says what and where).',
      catalogMetric('Regressions'),
      false,
    );

    new MonitorDashboard(this, 'Dashboard', {
      namespace,
      monitoredServices: policy.monitoredServices,
      functions: Object.values(functions).map((handler) => handler.function),
      deadLetterQueue: this.deadLetterQueue,
      regressions,
    });

    new CfnOutput(this, 'AlertTopicArn', { value: this.topic.topicArn, description: 'Subscribe more endpoints here' });
    new CfnOutput(this, 'BaselineTableName', {
      value: this.baselineTable.tableName,
      description: 'tpm scan --baseline dynamodb:<this> reads the same baseline',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }
}
