/**
 * After a scan: diff with the baseline, then deliver what changed. The data flows one way
 * (findings → transitions → pending alerts → digests → publish → settle), and the baseline is the
 * only memory, so a Lambda retried halfway through picks up exactly where the first attempt
 * stopped: recorded transitions are not recomputed, undelivered alerts are still pending.
 *
 * Exactly-once in effect: an alert is claimed by one run before publishing and removed only after
 * the publish succeeded. If the process dies between a successful publish and the settle, the
 * claim lapses after `claimLeaseMs` and the alert is sent again: at least once, never lost.
 */
import { type AlertMessage, composeDigests } from '../alerts/digest.ts';
import type { AlertPublisher } from '../alerts/publisher.ts';
import { claimAlerts, type HeldAlerts, mergeHeld, NONE_HELD, recordRun, settleAlerts } from '../baseline/ledger.ts';
import { type Observation, type PartitionObservation, snapshotOf, type TransitionOptions } from '../baseline/transitions.ts';
import {
  type AlertSubject,
  type BaselineKey,
  type BaselineStore,
  GLOBAL_REGION,
  keyId,
  type Partition,
  partitionId,
  type Transition,
} from '../baseline/types.ts';
import { DEFAULT_CATALOG, type ServiceCatalog } from '../catalog.ts';
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import { mapWithConcurrency } from '../concurrency.ts';
import { describeError } from '../errors.ts';
import { collectionOf } from '../model/inventory.ts';
import type { ScanResult } from '../scan/scan.ts';
import type { FindingsExporter } from '../securityhub/exporter.ts';
import { WHOLE_REGION } from '../types.ts';
import { type ExportResult, exportFindings } from './export-findings.ts';

export interface ChangeTrackingRequest {
  readonly scan: ScanResult;
  readonly store: BaselineStore;
  /**
   * Where alert digests go. Without one, the caller shows the transitions itself (the CLI prints
   * them) and they count as delivered, so a topic added later does not receive a backlog.
   */
  readonly publisher?: AlertPublisher | undefined;
  readonly options: TransitionOptions;
  readonly runId: string;
  /** Shown in alert footers. */
  readonly policySource: string;
  readonly catalog?: ServiceCatalog;
  readonly checks?: readonly AnyCheck[];
  readonly now?: () => Date;
  /** A focused re-check speaks only for the keys this accepts; it never sweeps. */
  readonly focus?: ((key: BaselineKey) => boolean) | undefined;
  readonly claimLeaseMs?: number;
  /** Security Hub: with it, every transition is queued for export and this run imports what is queued. */
  readonly exporter?: FindingsExporter | undefined;
}

export interface ChangeTrackingResult {
  readonly transitions: readonly Transition[];
  /** Partitions whose observation predates a newer complete sweep: nothing was recorded. */
  readonly stalePartitions: readonly string[];
  readonly messages: readonly AlertMessage[];
  readonly delivery: {
    readonly published: number;
    readonly failed: number;
    readonly errors: readonly string[];
    readonly destination: string;
    /** Alerts another run is delivering right now (or died delivering): this run left them alone. */
    readonly heldByOtherRuns: HeldAlerts;
  };
  /** What the Security Hub export did, when it is on. */
  readonly securityHub?: ExportResult | undefined;
}

/** Baseline partitions read or written at once. */
const PARTITION_CONCURRENCY = 8;

const subjectsOf = (checks: readonly AnyCheck[]): Map<string, AlertSubject> =>
  new Map(
    checks.map((check) => [
      check.id,
      {
        title: check.title,
        headline: check.headline,
        service: check.service,
        resourceType: check.resourceType,
        remediation: check.remediation,
      },
    ]),
  );

/** What this scan says about each partition it looked at. */
export const observePartitions = (
  scan: ScanResult,
  subjects: ReadonlyMap<string, AlertSubject>,
  focus?: (key: BaselineKey) => boolean,
): { partition: Partition; observation: PartitionObservation }[] => {
  const observedAt = scan.startedAt;
  const checksRun = new Set(scan.checks);
  const blind = new Set(
    scan.findings
      .filter((finding) => finding.resourceId === WHOLE_REGION && finding.status === 'ERROR')
      .map((finding) => `${finding.region}|${finding.checkId}`),
  );
  // A resource a check could not see (a failed dependency, a check error) stands for every
  // finding of that check on it, facets included (vpc-0abc/filecache): none of them is absent.
  const unseen = new Set(
    scan.findings
      .filter((finding) => finding.status === 'ERROR' && finding.resourceId !== WHOLE_REGION)
      .map((finding) => `${finding.region}|${finding.checkId}|${finding.resourceId}`),
  );
  const seenThrough = (key: BaselineKey) => {
    const slash = key.resourceId.indexOf('/');
    return !unseen.has(`${key.region}|${key.checkId}|${slash < 0 ? key.resourceId : key.resourceId.slice(0, slash)}`);
  };
  const inventoryOf = new Map(scan.inventories.map((inventory) => [inventory.region, inventory]));
  const primaryRegion = scan.primaryRegion;
  const scanned = scan.coverage.filter((region) => region.status !== 'not-scanned');
  const primary = scanned.find((region) => region.region === primaryRegion);
  const partitions = [
    ...scanned.map((region) => ({ region: region.region, listedIn: region.region, complete: region.status === 'complete' })),
    // Global resources are read once, in the first region.
    ...(primary ? [{ region: GLOBAL_REGION, listedIn: primary.region, complete: primary.status === 'complete' }] : []),
  ];
  return partitions.map(({ region, listedIn, complete }) => {
    const observations = new Map<string, Observation>();
    for (const finding of scan.findings) {
      if (finding.account !== scan.account || finding.region !== region) continue;
      const key: BaselineKey = { account: finding.account, region, checkId: finding.checkId, resourceId: finding.resourceId };
      if (focus && !focus(key)) continue;
      const subject = subjects.get(finding.checkId);
      if (!subject) continue;
      observations.set(keyId(key), {
        key,
        snapshot: snapshotOf(finding, observedAt),
        subject: { ...subject, monitoredService: finding.monitoredService },
      });
    }
    const inventory = focus ? undefined : inventoryOf.get(region);
    const egress = inventory ? collectionOf(inventory, 'egressAddresses') : undefined;
    return {
      partition: { account: scan.account, region },
      observation: {
        observedAt,
        observations,
        egress:
          egress?.status === 'ok'
            ? { recordedAt: observedAt, addresses: egress.items.map((item) => item.attributes) }
            : undefined,
        covers: (key) =>
          checksRun.has(key.checkId) && !blind.has(`${listedIn}|${key.checkId}`) && seenThrough(key) && (!focus || focus(key)),
        completeSweep: !focus && complete,
      },
    };
  });
};

export interface DeliveryRequest {
  readonly store: BaselineStore;
  readonly partitions: readonly Partition[];
  readonly publisher?: AlertPublisher | undefined;
  readonly runId: string;
  readonly policySource: string;
  readonly catalog?: ServiceCatalog;
  readonly now?: () => Date;
  readonly claimLeaseMs?: number;
}

export type DeliveryResult = Pick<ChangeTrackingResult, 'messages' | 'delivery'>;

/**
 * Sends everything pending in these partitions (this run's alerts and any earlier run's
 * leftovers) as digests across all of them: claim, publish, settle. The org fan-out calls it
 * once for every unit's partitions, so an estate of many accounts gets one digest per severity.
 */
export const deliverPendingAlerts = async (request: DeliveryRequest): Promise<DeliveryResult> => {
  const now = request.now ?? (() => new Date());
  // Partitions are independent items; an org sweep has thousands, so they are claimed a few at a time.
  const claims = await mapWithConcurrency(request.partitions, PARTITION_CONCURRENCY, async (partition) => ({
    partition,
    ...(await claimAlerts(request.store, partition, request.runId, now(), request.claimLeaseMs ?? 10 * 60_000)),
  }));
  const claimed = claims.filter((entry) => entry.alerts.length);
  const heldByOtherRuns = claims.reduce<HeldAlerts>((total, { held }) => mergeHeld(total, held), NONE_HELD);
  const messages = composeDigests(
    claimed.flatMap((entry) => entry.alerts),
    { catalog: request.catalog ?? DEFAULT_CATALOG, policySource: request.policySource, now: now() },
  );
  const delivered = new Set<string>();
  const failed = new Set<string>();
  const errors: string[] = [];
  let published = 0;
  for (const message of messages) {
    try {
      await request.publisher?.publish(message);
      published++;
      for (const id of message.alertIds) delivered.add(id);
    } catch (error) {
      errors.push(`${message.subject}: ${describeError(error)}`);
      for (const id of message.alertIds) failed.add(id);
    }
  }
  await mapWithConcurrency(claimed, PARTITION_CONCURRENCY, ({ partition }) =>
    settleAlerts(request.store, partition, request.runId, { delivered, failed }),
  );
  return {
    messages,
    delivery: {
      published: request.publisher ? published : 0,
      failed: failed.size ? messages.length - published : 0,
      errors,
      destination: request.publisher?.name ?? "this run's output",
      heldByOtherRuns,
    },
  };
};

/** Records what the scan says in the baseline, without delivering: the transitions and the partitions touched. */
export const recordObservations = async (
  request: Pick<ChangeTrackingRequest, 'scan' | 'store' | 'options' | 'checks' | 'focus'>,
): Promise<{
  transitions: Transition[];
  stalePartitions: string[];
  partitions: Partition[];
  pendingPartitions: Partition[];
  exportPartitions: Partition[];
}> => {
  const subjects = subjectsOf(request.checks ?? CHECKS);
  const transitions: Transition[] = [];
  const stalePartitions: string[] = [];
  const pendingPartitions: Partition[] = [];
  const exportPartitions: Partition[] = [];
  const observed = observePartitions(request.scan, subjects, request.focus);
  for (const { partition, observation } of observed) {
    const plan = await recordRun(request.store, partition, observation, request.options, subjects);
    if (plan.stale) stalePartitions.push(partitionId(partition));
    if (plan.hasPendingAlerts) pendingPartitions.push(partition);
    if (plan.hasPendingExports) exportPartitions.push(partition);
    transitions.push(...plan.transitions);
  }
  return {
    transitions,
    stalePartitions,
    partitions: observed.map((entry) => entry.partition),
    pendingPartitions,
    exportPartitions,
  };
};

export const trackChanges = async (request: ChangeTrackingRequest): Promise<ChangeTrackingResult> => {
  const options = { ...request.options, securityHub: request.exporter !== undefined };
  const { transitions, stalePartitions, pendingPartitions, exportPartitions } = await recordObservations({
    ...request,
    options,
  });
  // Only partitions that hold an alert are read again: a quiet run costs one read per partition.
  const { messages, delivery } = await deliverPendingAlerts({ ...request, partitions: pendingPartitions });
  const securityHub = request.exporter
    ? await exportFindings({
        store: request.store,
        // As with alerts, a partition with nothing queued is not read again.
        partitions: exportPartitions,
        exporter: request.exporter,
        homeRegion: request.scan.primaryRegion,
        ...(request.checks ? { checks: request.checks } : {}),
      })
    : undefined;
  return { transitions, stalePartitions, messages, delivery, ...(securityHub ? { securityHub } : {}) };
};
