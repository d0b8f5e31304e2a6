/**
 * CloudTrail's "AWS API Call via CloudTrail" events reach EventBridge only in the region where
 * the call was made. A sweep covers every region in scope, so a change re-check must too: this
 * stack, one per other region, forwards exactly the mapped calls (the same patterns the monitor
 * stack's rules use) to the default event bus of the monitor's home region.
 */
import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ServiceCatalog } from '../functions/engine/catalog.ts';
import { changeEventPatterns, clientTlsEventPattern } from '../functions/engine/events/event-map.ts';
import { acknowledge } from './nag.ts';

export interface RegionForwarderStackProps extends StackProps {
  readonly homeRegion: string;
  readonly catalog: ServiceCatalog;
  readonly monitoredServices: readonly string[];
  /** As tpm:observeClientTls: which calls to the monitored services to forward (all includes read-only ones). */
  readonly clientTls: 'all' | 'mutating' | 'off';
}

export class RegionForwarderStack extends Stack {
  constructor(scope: Construct, id: string, props: RegionForwarderStackProps) {
    super(scope, id, props);
    const home = events.EventBus.fromEventBusArn(
      this,
      'HomeBus',
      `arn:${Aws.PARTITION}:events:${props.homeRegion}:${Aws.ACCOUNT_ID}:event-bus/default`,
    );
    const undelivered = new sqs.Queue(this, 'Undelivered', { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true });
    acknowledge(undelivered, 'AwsSolutions-SQS3', 'This queue is the dead-letter queue of the forwarding rules.');
    const target = new targets.EventBus(home, { deadLetterQueue: undelivered });
    const forward = (id: string, pattern: events.EventPattern & { detail: { eventSource: string[] } }) =>
      new events.Rule(this, id, {
        description: `traffic-privacy-monitor: forward ${pattern.detail.eventSource.join(', ')} calls to ${props.homeRegion}`,
        eventPattern: pattern,
        targets: [target],
      });
    changeEventPatterns().forEach((pattern, index) => {
      forward(`ForwardChanges${index}`, pattern);
    });
    if (props.clientTls !== 'off') {
      const rule = forward('ForwardClientTls', clientTlsEventPattern(props.catalog, props.monitoredServices));
      if (props.clientTls === 'all')
        (rule.node.defaultChild as events.CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    }
  }
}
