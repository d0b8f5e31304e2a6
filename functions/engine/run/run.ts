/**
 * One monitoring run, the same for the CLI and every Lambda: collect → evaluate (runScan), diff
 * with the baseline and deliver alerts (trackChanges), then metrics. Each output is optional and
 * separate; a failing output is reported, never allowed to hide the findings.
 */
import type { AlertPublisher } from '../alerts/publisher.ts';
import type { BaselineKey, BaselineStore } from '../baseline/types.ts';
import { BaselineError, describeError } from '../errors.ts';
import { type MetricDatum, metricsOfRun } from '../metrics/metrics.ts';
import { runScan, type ScanRequest, type ScanResult } from '../scan/scan.ts';
import type { FindingsExporter } from '../securityhub/exporter.ts';
import { type ChangeTrackingResult, trackChanges } from './track-changes.ts';

export interface MonitorRequest {
  readonly scan: ScanRequest;
  /** Diff with a baseline and alert on what changed; without it a run only reports findings. */
  readonly tracking?: {
    readonly store: BaselineStore;
    readonly publisher?: AlertPublisher | undefined;
    /** Security Hub, when the export is on (tpm scan --security-hub, tpm:securityHub). */
    readonly exporter?: FindingsExporter | undefined;
    readonly runId: string;
    /**
     * For focused re-checks: which baseline keys this run speaks for, decided once the scan has
     * shown which resources it saw.
     */
    readonly focus?: ((scan: ScanResult) => (key: BaselineKey) => boolean) | undefined;
  };
  /** Receives the run's metrics (EMF in Lambda, PutMetricData from the CLI). */
  readonly emitMetrics?: (data: readonly MetricDatum[], at: Date) => Promise<void> | void;
}

export interface MonitorResult {
  readonly scan: ScanResult;
  readonly changes: ChangeTrackingResult | undefined;
  readonly metrics: readonly MetricDatum[];
  /** Outputs that failed (metrics): the run's findings stand, but the run did not fully deliver. */
  readonly outputErrors: readonly string[];
}

export const runMonitor = async (request: MonitorRequest): Promise<MonitorResult> => {
  const scan = await runScan(request.scan);
  const policy = request.scan.policy;
  const tracking = request.tracking;
  let changes: ChangeTrackingResult | undefined;
  if (tracking) {
    try {
      changes = await trackChanges({
        scan,
        store: tracking.store,
        publisher: tracking.publisher,
        exporter: tracking.exporter,
        runId: tracking.runId,
        focus: tracking.focus?.(scan),
        options: policy.alerts,
        policySource: policy.source,
        ...(request.scan.catalog ? { catalog: request.scan.catalog } : {}),
        ...(request.scan.checks ? { checks: request.scan.checks } : {}),
        ...(request.scan.now ? { now: request.scan.now } : {}),
      });
    } catch (error) {
      throw new BaselineError(`the baseline (${tracking.store.name}) could not be used: ${describeError(error)}`, {
        cause: error,
        scan,
      });
    }
  }
  const metrics = metricsOfRun({
    scan,
    changes,
    perRegion: policy.metrics.perRegion,
    focused: request.tracking?.focus !== undefined,
  });
  const outputErrors: string[] = [];
  if (request.emitMetrics) {
    try {
      await request.emitMetrics(metrics, new Date(scan.finishedAt));
    } catch (error) {
      outputErrors.push(`metrics: ${describeError(error)}`);
    }
  }
  return { scan, changes, metrics, outputErrors };
};
