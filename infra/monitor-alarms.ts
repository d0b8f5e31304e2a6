/**
 * The monitor's own health: a dead or failing monitor must page someone. One alarm per function's
 * errors, the dead-letter queue, a missing sweep, failed alert deliveries, malformed events, the
 * org sweep's failed units and runs; all of them notify the alert topic (alarm and OK). The
 * Regressions alarm sends nothing itself: regressions already reach the topic as a digest.
 *
 * The alarms carry fixed names (`<stack>-<Name>`, which the topic key's policy admits) and are
 * created in the stack's own scope: under a child construct their logical ids would change, and
 * CloudFormation would create each renamed alarm before deleting the old one, colliding on its
 * name, so an upgrade would fail.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { rateSeconds } from './config.ts';
import type { HandlerFunction } from './constructs/handler-function.ts';

export interface MonitorAlarmsProps {
  readonly alarmNamePrefix: string;
  readonly namespace: string;
  readonly schedule: string;
  readonly topic: sns.ITopic;
  /** Every function of the stack, by the name its Errors alarm carries. */
  readonly functions: Readonly<Record<string, HandlerFunction>>;
  readonly deadLetterQueue: sqs.Queue;
  /** The org sweep's state machine, when the stack runs one. */
  readonly orgSweep: sfn.StateMachine | undefined;
  /** The Security Hub export is on: findings it could not import raise an alarm. */
  readonly securityHub: boolean;
}

const FIVE_MINUTES = Duration.minutes(5);
/** The handlers that validate their events and count the ones they reject (MalformedEvents, by Handler). */
const VALIDATING_HANDLERS = ['scheduled-sweep', 'change-recheck', 'observed-client-tls'];

/** Adds the alarms; returns the Regressions alarm, which the dashboard shows. */
export const addMonitorAlarms = (stack: Stack, props: MonitorAlarmsProps): cloudwatch.Alarm => {
  const notify = new actions.SnsAction(props.topic);
  const alarm = (name: string, alarmProps: cloudwatch.AlarmProps, withAction = true) => {
    const created = new cloudwatch.Alarm(stack, name, { ...alarmProps, alarmName: `${props.alarmNamePrefix}${name}` });
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
  const catalogMetric = (metricName: string, dimensionsMap?: Record<string, string>) =>
    new cloudwatch.Metric({
      namespace: props.namespace,
      metricName,
      statistic: 'Sum',
      period: FIVE_MINUTES,
      ...(dimensionsMap ? { dimensionsMap } : {}),
    });

  for (const [name, handler] of Object.entries(props.functions)) {
    anyWithinFiveMinutes(
      `${name}Errors`,
      `The ${name} function failed (an exception or a timeout); its event is retried, then kept in the dead-letter queue.`,
      handler.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
    );
  }
  anyWithinFiveMinutes(
    'DeadLetters',
    'Events or invocations the monitor could not process are waiting in the dead-letter queue.',
    props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
  );
  const period = Duration.seconds(rateSeconds(props.schedule) ?? 3600);
  alarm('NoRecentSweep', {
    alarmDescription: `No complete sweep in two schedule periods (${props.schedule}): the monitor itself is not watching.`,
    metric: new cloudwatch.Metric({ namespace: props.namespace, metricName: 'SweepsCompleted', statistic: 'Sum', period }),
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
  anyWithinFiveMinutes(
    'MalformedEvents',
    'A handler rejected events by schema: an event shape changed or a rule delivers the wrong events.',
    new cloudwatch.MathExpression({
      label: 'MalformedEvents',
      expression: VALIDATING_HANDLERS.map((_, index) => `FILL(m${index + 1}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(
        VALIDATING_HANDLERS.map((handler, index) => [`m${index + 1}`, catalogMetric('MalformedEvents', { Handler: handler })]),
      ),
      period: FIVE_MINUTES,
    }),
  );
  if (props.securityHub) {
    anyWithinFiveMinutes(
      'SecurityHubImportFailures',
      'Findings could not be imported into Security Hub (the hub is off, the grant is missing, or it refused them); they stay queued in the baseline and are retried.',
      catalogMetric('SecurityHubImportFailures'),
    );
  }
  if (props.orgSweep) {
    anyWithinFiveMinutes(
      'UnitsFailed',
      'Some (account, region) units of the org sweep could not be scanned: a member role is missing or untrusting, or the unit kept failing.',
      catalogMetric('UnitsFailed'),
    );
    anyWithinFiveMinutes(
      'OrgSweepFailed',
      'The org sweep state machine failed, timed out or was aborted.',
      props.orgSweep.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
    );
  }
  return anyWithinFiveMinutes(
    'Regressions',
    'A monitored privacy control regressed (the alert digest on the topic says what and where).',
    catalogMetric('Regressions'),
    false,
  );
};
