/**
 * The Security Hub export, driven by the baseline: the records whose newest transition is not
 * imported yet (the export outbox, kept on each record) become ASFF findings built from the
 * record as it stands, are imported, and are settled. A failed import stays queued and is sent
 * again by the next run; nothing is lost and, with one stable Id per (check, resource), nothing
 * is duplicated. Overlapping runs may import the same state twice, which only updates a finding.
 */
import { pendingExportsOf, settleExports } from '../baseline/ledger.ts';
import { type BaselineStore, GLOBAL_REGION, keyId, type Partition } from '../baseline/types.ts';
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import { mapWithConcurrency } from '../concurrency.ts';
import { type AsffFinding, asffFindingOf } from '../securityhub/asff.ts';
import type { FindingsExporter } from '../securityhub/exporter.ts';
import { partitionNameOf } from '../validators.ts';

export interface ExportRequest {
  readonly store: BaselineStore;
  readonly partitions: readonly Partition[];
  readonly exporter: FindingsExporter;
  /** The hub that receives findings about global resources (CloudFront): the scan's first region. */
  readonly homeRegion: string;
  readonly checks?: readonly AnyCheck[];
}

export interface ExportResult {
  readonly destination: string;
  readonly imported: number;
  readonly failed: number;
  /** Each distinct reason once, with how many findings it stopped. */
  readonly errors: readonly string[];
}

const PARTITION_CONCURRENCY = 8;

export const exportFindings = async (request: ExportRequest): Promise<ExportResult> => {
  const checks = new Map((request.checks ?? CHECKS).map((check) => [check.id, check]));
  const loaded = await mapWithConcurrency(request.partitions, PARTITION_CONCURRENCY, async (partition) => ({
    partition,
    records: pendingExportsOf(await request.store.load(partition)),
  }));
  const findings: AsffFinding[] = [];
  for (const { records } of loaded) {
    for (const record of records) {
      const region = record.region === GLOBAL_REGION ? request.homeRegion : record.region;
      findings.push(
        asffFindingOf(
          record,
          checks.get(record.checkId),
          { partition: partitionNameOf(region), region },
          {
            created: record.securityHub?.imported === true,
          },
        ),
      );
    }
  }
  if (findings.length === 0) return { destination: request.exporter.name, imported: 0, failed: 0, errors: [] };
  const { failed } = await request.exporter.import(findings);
  await mapWithConcurrency(
    loaded.filter(({ records }) => records.length),
    PARTITION_CONCURRENCY,
    ({ partition, records }) =>
      settleExports(
        request.store,
        partition,
        // Settled at the transition each finding was built from (a finding's Id is its key).
        new Map(
          records
            .filter((record) => !failed.has(keyId(record)))
            .map((record) => [keyId(record), record.securityHub?.pendingSince ?? ''] as const),
        ),
      ),
  );
  const reasons = new Map<string, number>();
  for (const reason of failed.values()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  return {
    destination: request.exporter.name,
    imported: findings.length - failed.size,
    failed: failed.size,
    errors: [...reasons].map(([reason, count]) => `${count} finding${count === 1 ? '' : 's'} not imported: ${reason}`),
  };
};
