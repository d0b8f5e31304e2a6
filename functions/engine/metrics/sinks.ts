/**
 * The two ways a run's metrics reach CloudWatch, with identical names and dimensions:
 * - Lambda: Embedded Metric Format lines on stdout (Powertools Metrics), no API call on the hot path;
 * - CLI: batched PutMetricData, up to 1,000 data per call.
 */

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type CloudWatchClient, PutMetricDataCommand, type StandardUnit } from '@aws-sdk/client-cloudwatch';
import { chunk } from '../concurrency.ts';
import type { MetricDatum } from './metrics.ts';

/** PutMetricData's limit on data per call (1 MB payload, far above what 1,000 data need). */
export const PUT_METRIC_DATA_BATCH = 1_000;

/** Publishes with PutMetricData; returns the number of calls made. */
export const putMetricData = async (
  client: CloudWatchClient,
  namespace: string,
  data: readonly MetricDatum[],
  timestamp: Date,
): Promise<number> => {
  const batches = chunk(data, PUT_METRIC_DATA_BATCH);
  for (const batch of batches) {
    await client.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: batch.map((entry) => ({
          MetricName: entry.name,
          Unit: entry.unit as StandardUnit,
          Value: entry.value,
          Timestamp: timestamp,
          Dimensions: Object.entries(entry.dimensions).map(([Name, Value]) => ({ Name, Value })),
        })),
      }),
    );
  }
  return batches.length;
};

const EMF_UNITS = { Count: MetricUnit.Count, None: MetricUnit.NoUnit, Milliseconds: MetricUnit.Milliseconds } as const;

/**
 * Writes EMF through Powertools, one Metrics instance per dimension set (EMF puts one dimension
 * set on every metric of a line). Powertools' default `service` dimension is cleared, so the
 * metrics match the CLI's PutMetricData ones exactly.
 */
export const emitEmf = (namespace: string, data: readonly MetricDatum[]): number => {
  const groups = new Map<string, MetricDatum[]>();
  for (const entry of data) {
    const key = JSON.stringify(Object.entries(entry.dimensions).sort(([a], [b]) => a.localeCompare(b)));
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const entries of groups.values()) {
    const metrics = new Metrics({ namespace, serviceName: 'traffic-privacy-monitor' });
    metrics.clearDefaultDimensions();
    const dimensions = entries[0]?.dimensions ?? {};
    if (Object.keys(dimensions).length) metrics.addDimensions({ ...dimensions });
    for (const entry of entries) metrics.addMetric(entry.name, EMF_UNITS[entry.unit], entry.value);
    metrics.publishStoredMetrics();
  }
  return groups.size;
};
