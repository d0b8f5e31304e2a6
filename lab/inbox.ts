/**
 * An SNS topic with an SQS queue subscribed to it, on the local AWS: the lab's stand-in for an
 * email inbox. It reads back what SNS delivered, so the demo and the tests show the alert exactly
 * as subscribers receive it: the email text, the subject, and the message attributes.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { AwsClients } from '../functions/engine/collectors/aws-clients.ts';

export interface ReceivedAlert {
  readonly subject: string;
  /** The email body (SNS delivers the `email` text to email subscribers; SQS gets it as `text`). */
  readonly text: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface AlertInbox {
  readonly topicArn: string;
  /** Everything delivered since the last call (waits briefly for stragglers), oldest first. */
  receive(): Promise<ReceivedAlert[]>;
}

interface SnsEnvelope {
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

export const createAlertInbox = async (clients: AwsClients, region: string, name = 'tpm-alerts'): Promise<AlertInbox> => {
  const sns = clients.client(SNSClient, region);
  const sqs = clients.client(SQSClient, region);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-inbox` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
  return {
    topicArn: TopicArn as string,
    async receive() {
      const received: ReceivedAlert[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: received.length ? 0 : 1 }),
        );
        if (!Messages.length) break;
        for (const message of Messages) {
          const envelope = JSON.parse(message.Body ?? '{}') as SnsEnvelope;
          const payload = JSON.parse(envelope.Message) as Record<string, unknown>;
          received.push({
            subject: envelope.Subject ?? '',
            text: String(payload.text ?? ''),
            attributes: Object.fromEntries(
              Object.entries(envelope.MessageAttributes ?? {}).map(([key, value]) => [key, value.Value]),
            ),
            payload,
          });
        }
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      }
      return received;
    },
  };
};
