/**
 * The baseline: what the monitor last concluded about every (account, region, check, resource),
 * so each run can say what *changed*, and alert once per change instead of once per run.
 */
import type { EgressAddress } from '../model/network.ts';
import type { FindingStatus, Severity } from '../types.ts';

/** The unit of storage and of optimistic concurrency: one account in one region. */
export interface Partition {
  readonly account: string;
  readonly region: string;
}

/** The region a global resource (CloudFront) is filed under in the baseline. */
export const GLOBAL_REGION = 'global';

export const partitionId = (partition: Partition): string => `${partition.account}/${partition.region}`;

export interface BaselineKey extends Partition {
  readonly checkId: string;
  readonly resourceId: string;
}

export const keyId = (key: BaselineKey): string => `${key.account}/${key.region}/${key.checkId}/${key.resourceId}`;

/**
 * A finding reduced to what a later run needs to describe "before → after" and to decide
 * whether it got worse: never the full evidence (it can be large), only its digest and a preview.
 */
export interface FindingSnapshot {
  readonly status: FindingStatus;
  readonly suppressed: boolean;
  readonly severity: Severity;
  readonly message: string;
  readonly degree?: number | undefined;
  /** The monitored service the finding protects, so a deletion alert can still name it. */
  readonly monitoredService?: string | undefined;
  readonly evidenceDigest: string;
  /** The evidence as compact JSON, cut at 2,000 characters, for alert bodies. */
  readonly evidencePreview: string;
  readonly observedAt: string;
}

/**
 * The state a finding settled in after flapping control. SUPPRESSED is a FAIL someone accepted:
 * it never alerts, and a FAIL after it is news again. GONE: the resource disappeared from a
 * complete listing. UNKNOWN: seen, but its first status is not confirmed yet.
 */
export type SettledStatus = FindingStatus | 'SUPPRESSED' | 'GONE' | 'UNKNOWN';

export const TRANSITION_KINDS = [
  'NEW_FAILURE',
  'REGRESSION',
  'RECOVERY',
  'STILL_FAILING',
  'RESOLVED_BY_DELETION',
  'ERROR',
  'VISIBILITY_RESTORED',
] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

/** Alerts either tell the reader something broke or that something they were told about is over. */
export type AlertClass = 'failure' | 'recovery';

export const alertClassOf = (kind: TransitionKind): AlertClass =>
  kind === 'RECOVERY' || kind === 'RESOLVED_BY_DELETION' || kind === 'VISIBILITY_RESTORED' ? 'recovery' : 'failure';

/**
 * What subscribers will believe about a key once the alert in flight (if any) lands: the
 * invariant the ledger keeps is that, when nothing is pending or in flight, this equals what the
 * record's transitions last said was news (`alerted`).
 */
export const believedOf = (record: Pick<BaselineRecord, 'alerted' | 'inFlight'>): 'failing' | 'clear' =>
  record.inFlight ? (alertClassOf(record.inFlight.kind) === 'failure' ? 'failing' : 'clear') : record.alerted;

/** The record holds an alert to deliver: the newest word, or one a run is publishing. */
export const alertWaiting = (record: Pick<BaselineRecord, 'pending' | 'inFlight'>): boolean =>
  record.pending !== undefined || record.inFlight !== undefined;

/** The record's latest change is not imported into Security Hub yet (its export outbox). */
export const exportWaiting = (record: Pick<BaselineRecord, 'securityHub'>): boolean =>
  record.securityHub?.pendingSince !== undefined;

/** A deleted key nothing waits on any more (no alert, no export): the baseline forgets it. */
export const isForgettable = (record: BaselineRecord): boolean =>
  record.status === 'GONE' && !alertWaiting(record) && !exportWaiting(record);

/** Check metadata copied onto an alert, so a digest can be written without the registry. */
export interface AlertSubject {
  readonly title: string;
  readonly headline: string;
  readonly service: string;
  readonly monitoredService?: string | undefined;
  readonly resourceType: string;
  readonly remediation: string;
}

/**
 * A transition waiting to be delivered (an outbox entry). It stays on the record until a publish
 * succeeded, so a crash or a failed publish retries it, and a duplicate run cannot add a second.
 */
export interface PendingAlert {
  /** Stable for this transition: the same id on every retry. */
  readonly id: string;
  readonly kind: TransitionKind;
  readonly severity: Severity;
  readonly reminder: boolean;
  readonly at: string;
  readonly before: FindingSnapshot | undefined;
  readonly after: FindingSnapshot | undefined;
  readonly subject: AlertSubject;
  /** Set while one run publishes it; another run may take it over once `until` has passed. */
  readonly claim?: { readonly runId: string; readonly until: string } | undefined;
}

export interface BaselineRecord extends BaselineKey {
  readonly status: SettledStatus;
  /** The last settled status other than ERROR: what to compare with when visibility returns. */
  readonly lastKnownStatus: SettledStatus | undefined;
  readonly snapshot: FindingSnapshot;
  /** A different status seen on consecutive runs but not yet confirmed (flapping control). */
  readonly candidate: { readonly status: SettledStatus; readonly count: number } | undefined;
  readonly firstSeen: string;
  readonly lastChanged: string;
  /** Observation time of the newest run applied: an older observation never overwrites it. */
  readonly lastObserved: string;
  /** What the last delivered alert told people: that this is failing, or nothing (clear). */
  readonly alerted: 'failing' | 'clear';
  readonly lastReminderAt: string | undefined;
  /** The next alert to deliver: the newest word for this key, not yet claimed by any run. */
  readonly pending: PendingAlert | undefined;
  /**
   * The alert a run has claimed and may be publishing right now. While its claim is live no other
   * run claims this key, so deliveries reach subscribers in the order they were decided; a newer
   * transition waits in `pending` and supersedes it rather than being discarded or discarding it.
   */
  readonly inFlight?: PendingAlert | undefined;
  /**
   * The Security Hub export's outbox, while export is on: `pendingSince` is the time of the
   * newest transition not yet imported (the finding is rebuilt from the record as it stands, so
   * the newest word always wins); `imported` says the finding exists, so its workflow is left to
   * the customer. A GONE record is kept until its archive is imported.
   */
  readonly securityHub?: { readonly pendingSince?: string | undefined; readonly imported?: boolean | undefined } | undefined;
}

/** A partition as one consistent read: its records and its version, for optimistic writes. */
export interface PartitionSnapshot {
  readonly partition: Partition;
  /** Bumped by every write; a write succeeds only if it is still the version that was read. */
  readonly version: number;
  /** Observation time of the newest complete sweep written: older observations are stale. */
  readonly sweptAt: string | undefined;
  readonly records: readonly BaselineRecord[];
}

/**
 * The public addresses the partition's monitored VPCs leave from, as the newest complete sweep
 * read them. Kept beside the records so the observed-client-TLS handler reads one small item per
 * partition, not the VPCs, for every CloudTrail event.
 */
export interface EgressRecord {
  readonly recordedAt: string;
  readonly addresses: readonly EgressAddress[];
}

export interface PartitionChange {
  readonly put: readonly BaselineRecord[];
  readonly remove: readonly BaselineKey[];
  readonly sweptAt?: string;
  /** Replaces the partition's egress addresses (complete sweeps only). */
  readonly egress?: EgressRecord;
}

/**
 * Storage for the baseline. Every write is all-or-nothing per partition and conditional on the
 * version read, so a scheduled sweep and an event-triggered re-check running at the same moment
 * never lose or reorder an update: the loser reloads and recomputes.
 */
export interface BaselineStore {
  readonly name: string;
  load(partition: Partition): Promise<PartitionSnapshot>;
  /**
   * Applies `change` if the partition is still at `expectedVersion` and returns true; returns
   * false, changing nothing, when another writer got there first. A change larger than one
   * backend transaction may commit in steps; a conflict after the first step still returns
   * false, and the caller's recompute sees its own earlier steps as already applied.
   */
  commit(partition: Partition, expectedVersion: number, change: PartitionChange): Promise<boolean>;
  /** The partition's egress addresses, or undefined when no complete sweep recorded them yet. */
  loadEgress(partition: Partition): Promise<EgressRecord | undefined>;
  close(): Promise<void>;
}

/**
 * A transition in one line, the same everywhere a person or a log reads it (the sweep's and the
 * re-check's results, `tpm invoke`, the demo): `REGRESSION <check> <region>/<resource>`.
 */
export const describeTransition = (transition: Pick<Transition, 'kind' | 'key'>): string =>
  `${transition.kind} ${transition.key.checkId} ${transition.key.region}/${transition.key.resourceId}`;

/** What happened to one key in one run. */
export interface Transition {
  readonly key: BaselineKey;
  readonly kind: TransitionKind;
  readonly severity: Severity;
  readonly before: FindingSnapshot | undefined;
  readonly after: FindingSnapshot | undefined;
  /** True when this transition is queued for delivery (STILL_FAILING only as a reminder). */
  readonly alert: boolean;
}
