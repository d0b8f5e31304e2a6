/**
 * Where alert digests go. SNS in AWS: one Publish per digest, with `MessageStructure: json` so
 * email (and HTTP, SMS) subscribers get the readable text, SQS and Lambda subscribers get JSON.
 */
import { createHash } from 'node:crypto';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from './digest.ts';

export interface AlertPublisher {
  /** Where messages go, for logs and run summaries. */
  readonly name: string;
  /** Resolves once the message is accepted; rejects after the SDK's own retries. */
  publish(message: AlertMessage): Promise<void>;
}

/** SNS accepts 256 KiB per message, attributes included; stay clear of it. */
export const SNS_MESSAGE_LIMIT = 250_000;

const cutText = (text: string, bytes: number): string => {
  if (Buffer.byteLength(text) <= bytes) return text;
  const note = '\n[… cut to fit the SNS size limit: "tpm scan" or the JSON payload has every alert]\n';
  let kept = text.slice(0, bytes);
  while (Buffer.byteLength(kept) + Buffer.byteLength(note) > bytes) kept = kept.slice(0, kept.lastIndexOf('\n', kept.length - 2));
  return kept + note;
};

/**
 * The per-protocol JSON SNS expects: readable text for email (and any protocol not listed),
 * the JSON payload for SQS and Lambda. A digest too large for one message is shrunk step by
 * step (payload text, then alerts beyond 20, then the email text) rather than not sent.
 */
export const snsMessageBody = (message: AlertMessage): string => {
  const alerts = (message.payload.alerts as Record<string, unknown>[] | undefined) ?? [];
  const omitted = (message.payload.omitted as number | undefined) ?? 0;
  const steps: { text: string; payload: Readonly<Record<string, unknown>> }[] = [
    { text: message.text, payload: message.payload },
    { text: message.text, payload: { ...message.payload, text: null } },
    {
      text: message.text,
      payload: {
        ...message.payload,
        text: null,
        alerts: alerts.slice(0, 20),
        omitted: omitted + Math.max(0, alerts.length - 20),
      },
    },
    {
      text: cutText(message.text, 60_000),
      payload: {
        ...message.payload,
        text: null,
        alerts: alerts.slice(0, 20).map((alert) => ({ ...alert, after: null, before: null })),
        omitted: omitted + Math.max(0, alerts.length - 20),
      },
    },
  ];
  let body = '';
  for (const step of steps) {
    const json = JSON.stringify(step.payload);
    body = JSON.stringify({ default: step.text, email: step.text, sqs: json, lambda: json });
    if (Buffer.byteLength(body) <= SNS_MESSAGE_LIMIT) return body;
  }
  return body;
};

/**
 * One id per digest, the same on every retry of it (it is made of the alert ids it carries):
 * sent as the `deliveryId` message attribute so a subscriber can drop a repeat, and as the
 * deduplication id on a FIFO topic, where SNS drops it itself.
 */
export const deliveryIdOf = (message: Pick<AlertMessage, 'alertIds'>): string =>
  createHash('sha256')
    .update([...message.alertIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);

/**
 * Publishes digests to SNS. Give it a client built with `maxAttempts: 1`: a Publish whose
 * response was lost may have been accepted, so only the outbox (which knows) retries it.
 */
export class SnsPublisher implements AlertPublisher {
  readonly name: string;
  readonly #client: SNSClient;
  readonly #topicArn: string;

  constructor(client: SNSClient, topicArn: string) {
    this.#client = client;
    this.#topicArn = topicArn;
    this.name = `SNS topic ${topicArn}`;
  }

  async publish(message: AlertMessage): Promise<void> {
    const deliveryId = deliveryIdOf(message);
    const fifo = this.#topicArn.endsWith('.fifo');
    await this.#client.send(
      new PublishCommand({
        TopicArn: this.#topicArn,
        Subject: message.subject,
        MessageStructure: 'json',
        Message: snsMessageBody(message),
        MessageAttributes: { ...message.attributes, deliveryId: { DataType: 'String', StringValue: deliveryId } },
        ...(fifo ? { MessageDeduplicationId: deliveryId, MessageGroupId: 'traffic-privacy-monitor' } : {}),
      }),
    );
  }
}
