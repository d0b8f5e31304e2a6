/**
 * The lab's stand-in for what CloudWatch Logs does with Embedded Metric Format lines in a Lambda's
 * log: extract them as metrics. Here they go to moto's CloudWatch with PutMetricData, at their own
 * timestamps, so the demo reads them back with GetMetricData exactly as a dashboard would.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  PutMetricDataCommand,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { chunk } from '../functions/engine/concurrency.ts';
import type { EmfValue } from './lambda-output.ts';

/** PutMetricData's limit per call. */
const BATCH = 1_000;

export const forwardEmfToCloudWatch = async (cloudwatch: CloudWatchClient, values: readonly EmfValue[]): Promise<number> => {
  const byNamespace = new Map<string, EmfValue[]>();
  for (const value of values) byNamespace.set(value.namespace, [...(byNamespace.get(value.namespace) ?? []), value]);
  let calls = 0;
  for (const [namespace, entries] of byNamespace) {
    for (const batch of chunk(entries, BATCH)) {
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: namespace,
          MetricData: batch.map((value) => ({
            MetricName: value.name,
            Unit: (value.unit === 'NoUnit' ? 'None' : value.unit) as StandardUnit,
            Value: value.value,
            Timestamp: new Date(value.timestamp),
            Dimensions: Object.entries(value.dimensions).map(([Name, Value]) => ({ Name, Value })),
          })),
        }),
      );
      calls++;
    }
  }
  return calls;
};

export interface MetricReading {
  readonly label: string;
  readonly values: readonly number[];
}

/** One statistic of several metrics over a window, read back with GetMetricData. */
export const readMetrics = async (
  cloudwatch: CloudWatchClient,
  namespace: string,
  queries: readonly { label: string; name: string; dimensions?: Record<string, string>; stat: 'Sum' | 'Maximum' | 'Minimum' }[],
  window: { start: Date; end: Date; periodSeconds: number },
): Promise<MetricReading[]> => {
  const { MetricDataResults = [] } = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: window.start,
      EndTime: window.end,
      MetricDataQueries: queries.map(
        (query, index): MetricDataQuery => ({
          Id: `m${index}`,
          Label: query.label,
          MetricStat: {
            Metric: {
              Namespace: namespace,
              MetricName: query.name,
              Dimensions: Object.entries(query.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: window.periodSeconds,
            Stat: query.stat,
          },
        }),
      ),
    }),
  );
  return queries.map((query, index) => ({
    label: query.label,
    values: MetricDataResults.find((result) => result.Id === `m${index}`)?.Values ?? [],
  }));
};
