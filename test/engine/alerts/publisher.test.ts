/**
 * The SNS publisher: the exact Publish it sends (aws-sdk-client-mock, asserting the command),
 * the delivery id that lets a subscriber drop a repeat, and FIFO topics deduplicating by it.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../../functions/engine/alerts/digest.ts';
import { deliveryIdOf, SnsPublisher } from '../../../functions/engine/alerts/publisher.ts';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const message = (alertIds: string[]): AlertMessage =>
  ({
    subject: '[HIGH] 1 regression in 123456789012/us-east-1: DynamoDB VPC endpoint policy opened to *',
    text: 'traffic-privacy-monitor: 1 regression',
    payload: { alerts: [] },
    attributes: { severity: { DataType: 'String', StringValue: 'HIGH' } },
    alertIds,
  }) as unknown as AlertMessage;

describe('SnsPublisher', () => {
  it('publishes the digest with its attributes and a delivery id made of its alert ids', async () => {
    // Prepare
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const publisher = new SnsPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:123456789012:alerts');
    // Act
    await publisher.publish(message(['b', 'a']));
    // Assess
    const [call] = sns.commandCalls(PublishCommand);
    expect(call?.args[0].input).toMatchObject({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      Subject: '[HIGH] 1 regression in 123456789012/us-east-1: DynamoDB VPC endpoint policy opened to *',
      MessageStructure: 'json',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'HIGH' },
        deliveryId: { DataType: 'String', StringValue: deliveryIdOf({ alertIds: ['a', 'b'] }) },
      },
    });
    expect(call?.args[0].input).not.toHaveProperty('MessageDeduplicationId');
  });

  it('gives a retried digest the same delivery id, and another digest a different one', () => {
    expect(deliveryIdOf({ alertIds: ['a', 'b'] })).toBe(deliveryIdOf({ alertIds: ['b', 'a'] }));
    expect(deliveryIdOf({ alertIds: ['a', 'b'] })).not.toBe(deliveryIdOf({ alertIds: ['a', 'c'] }));
    expect(deliveryIdOf({ alertIds: ['a'] })).toMatch(/^[0-9a-f]{32}$/);
  });

  it('lets a FIFO topic drop a repeat itself: deduplication id and one message group', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const publisher = new SnsPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:123456789012:alerts.fifo');
    await publisher.publish(message(['a']));
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({
      MessageDeduplicationId: deliveryIdOf({ alertIds: ['a'] }),
      MessageGroupId: 'traffic-privacy-monitor',
    });
  });

  it('rejects when SNS refuses, so the outbox keeps the alert', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
    const publisher = new SnsPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:123456789012:gone');
    await expect(publisher.publish(message(['a']))).rejects.toThrow('Topic does not exist');
  });
});
