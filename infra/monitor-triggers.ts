/**
 * What starts the monitor: the schedule (the sweep, or the org fan-out's state machine), one rule
 * per CloudTrail event source the change re-check maps, and the observed-client-TLS rule. Every
 * target retries delivery for two hours and keeps what it could not deliver in the dead-letter
 * queue.
 *
 * The rules are created in the stack's own scope, not under a child construct, so their logical
 * ids are the ones deployed stacks already have and an upgrade updates them in place.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { ServiceCatalog } from '../functions/engine/catalog.ts';
import { changeEventPatterns, clientTlsEventPattern } from '../functions/engine/events/event-map.ts';
import type { DeploymentConfig } from './config.ts';
import type { HandlerFunction } from './constructs/handler-function.ts';

export interface MonitorTriggersProps {
  readonly config: DeploymentConfig;
  readonly catalog: ServiceCatalog;
  readonly monitoredServices: readonly string[];
  /** The scheduled work: the sweep function, or the org fan-out's state machine. */
  readonly scheduled: HandlerFunction | sfn.IStateMachine;
  readonly change: HandlerFunction;
  readonly clientTls: HandlerFunction;
  readonly deadLetterQueue: sqs.IQueue;
}

export const addMonitorTriggers = (stack: Stack, props: MonitorTriggersProps): void => {
  const delivery = { retryAttempts: 4, maxEventAge: Duration.hours(2), deadLetterQueue: props.deadLetterQueue };
  const target = (handler: HandlerFunction) => new targets.LambdaFunction(handler.function, delivery);
  const { config, scheduled } = props;
  new events.Rule(stack, 'SweepSchedule', {
    description: 'traffic-privacy-monitor: scheduled sweep',
    schedule: events.Schedule.expression(config.schedule),
    targets: ['function' in scheduled ? target(scheduled) : new targets.SfnStateMachine(scheduled, delivery)],
  });
  changeEventPatterns().forEach((pattern, index) => {
    new events.Rule(stack, `ChangeEvents${index}`, {
      description: `traffic-privacy-monitor: re-check on ${pattern.detail.eventSource[0]} changes`,
      eventPattern: pattern,
      targets: [target(props.change)],
    });
  });
  if (config.observeClientTls === 'off') return;
  const rule = new events.Rule(stack, 'ClientTlsEvents', {
    description: "traffic-privacy-monitor: callers' TLS on the monitored services",
    eventPattern: clientTlsEventPattern(props.catalog, props.monitoredServices),
    targets: [target(props.clientTls)],
  });
  if (config.observeClientTls === 'all') {
    // Read-only calls (Describe*, Get*, List*) reach EventBridge only on a rule in this state.
    (rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  }
};
