/**
 * The CLI's outputs besides the findings: the baseline (SQLite file or DynamoDB table), SNS alerts,
 * the Security Hub export and CloudWatch metrics, wired from the scan flags into `runMonitor`.
 */
import { randomUUID } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsPublisher } from '../functions/engine/alerts/publisher.ts';
import { DynamoDbBaselineStore } from '../functions/engine/baseline/dynamodb-store.ts';
import { SqliteBaselineStore } from '../functions/engine/baseline/sqlite-store.ts';
import type { BaselineStore } from '../functions/engine/baseline/types.ts';
import type { AwsClients } from '../functions/engine/collectors/aws-clients.ts';
import { putMetricData } from '../functions/engine/metrics/sinks.ts';
import type { MonitorRequest } from '../functions/engine/run/run.ts';
import { securityHubExporterFor } from '../functions/engine/securityhub/exporter.ts';
import { type BaselineLocation, type ScanSettings, topicRegion } from './scan-options.ts';

export const openBaseline = (location: BaselineLocation, clients: AwsClients): BaselineStore =>
  location.kind === 'sqlite'
    ? new SqliteBaselineStore(location.path)
    : new DynamoDbBaselineStore(clients.client(DynamoDBClient, location.region), location.table);

export interface CliOutputs {
  readonly tracking: MonitorRequest['tracking'];
  readonly emitMetrics: MonitorRequest['emitMetrics'];
  /** How many PutMetricData calls the run made, once it has. */
  readonly metricCalls: () => number;
  close(): Promise<void>;
}

/** `metricsRegion`: where CloudWatch metrics go (AWS_REGION, else the first scanned region). */
export const cliOutputs = (
  settings: Pick<ScanSettings, 'baseline' | 'snsTopicArn' | 'metricsNamespace' | 'securityHub'>,
  clients: AwsClients,
  metricsRegion: string,
): CliOutputs => {
  const store = settings.baseline ? openBaseline(settings.baseline, clients) : undefined;
  const publisher = settings.snsTopicArn
    ? new SnsPublisher(clients.client(SNSClient, topicRegion(settings.snsTopicArn), { maxAttempts: 1 }), settings.snsTopicArn)
    : undefined;
  const exporter = settings.securityHub ? securityHubExporterFor(clients) : undefined;
  let calls = 0;
  const namespace = settings.metricsNamespace;
  return {
    tracking: store ? { store, publisher, exporter, runId: randomUUID() } : undefined,
    emitMetrics: namespace
      ? async (data, at) => {
          calls += await putMetricData(clients.client(CloudWatchClient, metricsRegion), namespace, data, at);
        }
      : undefined,
    metricCalls: () => calls,
    close: async () => {
      await store?.close();
    },
  };
};
