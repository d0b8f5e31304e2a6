/**
 * From a partition's baseline and one run's findings, what changed: pure and deterministic, so
 * every rule below is table-tested and both stores share it.
 *
 * - A status change is believed after `confirmations` consecutive runs (ERROR: `errorAfter`), so
 *   a flapping resource does not page anyone; PASS ↔ N/A ↔ SUPPRESSED settle at once, silently.
 * - FAIL → FAIL is a REGRESSION when the severity or the check's degree rose (TLS 1.1 accepted,
 *   then 1.0 too), otherwise STILL_FAILING (alerted only as an optional CRITICAL reminder).
 * - A resource is GONE only when this run listed its collection completely; a partial or focused
 *   run never marks what it did not look at as deleted.
 * - Recoveries are sent only for what people were told was failing; a failure that recovers
 *   before its alert was delivered is dropped, not announced twice.
 */
import { createHash } from 'node:crypto';
import { type Finding, type Severity, severityRank, WHOLE_REGION } from '../types.ts';
import {
  type AlertSubject,
  alertClassOf,
  type BaselineKey,
  type BaselineRecord,
  believedOf,
  type EgressRecord,
  exportWaiting,
  type FindingSnapshot,
  isForgettable,
  keyId,
  type PartitionChange,
  type PartitionSnapshot,
  type PendingAlert,
  type SettledStatus,
  type Transition,
  type TransitionKind,
} from './types.ts';

export interface TransitionOptions {
  /** Consecutive runs a FAIL (or its recovery) must be seen before it alerts. */
  readonly confirmations: number;
  /** Consecutive runs an ERROR must persist before lost visibility alerts. */
  readonly errorAfter: number;
  /** Re-alert still-failing CRITICAL findings every N hours; 0 turns reminders off. */
  readonly reminderHours: number;
  /** Queue every transition (reminders aside) for the Security Hub export, in the record's outbox. */
  readonly securityHub?: boolean | undefined;
}

/**
 * A change Security Hub hears of: every transition but "still failing" (nothing changed), and a
 * failure becoming or ceasing to be suppressed (which alerts no one, but the hub shows it).
 */
const exportsChange = (
  options: TransitionOptions,
  transition: Transition | undefined,
  before: BaselineRecord | undefined,
  after: BaselineRecord,
): boolean =>
  options.securityHub === true &&
  ((transition !== undefined && transition.kind !== 'STILL_FAILING') ||
    (before?.status !== after.status && (before?.status === 'SUPPRESSED' || after.status === 'SUPPRESSED')));

/**
 * A key whose hub finding would be ACTIVE but was never imported: the export was switched on
 * after it settled (an upgrade, or `--security-hub` on an existing baseline). Queued once, so the
 * hub shows every current problem, not only the ones that change from now on.
 */
const needsBackfill = (options: TransitionOptions, record: BaselineRecord): boolean =>
  options.securityHub === true &&
  record.securityHub === undefined &&
  (record.status === 'FAIL' || record.status === 'SUPPRESSED' || record.status === 'ERROR');

/** The record with its change queued for Security Hub. */
const queueExport = (record: BaselineRecord, at: string): BaselineRecord => ({
  ...record,
  securityHub: { ...record.securityHub, pendingSince: at },
});

export const DEFAULT_TRANSITION_OPTIONS: TransitionOptions = { confirmations: 1, errorAfter: 3, reminderHours: 0 };

/** One finding as this run saw it, with the check metadata an alert needs. */
export interface Observation {
  readonly key: BaselineKey;
  readonly snapshot: FindingSnapshot;
  readonly subject: AlertSubject;
}

/** What one run says about one partition. */
export interface PartitionObservation {
  readonly observedAt: string;
  readonly observations: ReadonlyMap<string, Observation>;
  /**
   * Whether this run would have seen `key` if its resource still existed: true for keys of checks
   * that ran over a completely listed collection, false for anything a partial or focused run skipped.
   */
  covers(key: BaselineKey): boolean;
  /** A complete sweep of the partition: it makes every older observation stale. */
  readonly completeSweep: boolean;
  /** The egress addresses the run read completely, to keep for the observed-client-TLS handler. */
  readonly egress?: EgressRecord | undefined;
}

export interface PartitionPlan {
  readonly change: PartitionChange | undefined;
  readonly transitions: readonly Transition[];
  /** The run observed before the newest complete sweep already written: it changes nothing. */
  readonly stale: boolean;
}

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

const PREVIEW_LIMIT = 2_000;

/** Reduces a finding to what the baseline keeps. */
export const snapshotOf = (finding: Finding, observedAt: string): FindingSnapshot => {
  const evidence = stableJson(finding.evidence);
  return {
    status: finding.status,
    suppressed: finding.suppression?.state === 'active',
    severity: finding.severity,
    message: finding.message,
    ...(finding.degree !== undefined ? { degree: finding.degree } : {}),
    ...(finding.monitoredService ? { monitoredService: finding.monitoredService } : {}),
    evidenceDigest: createHash('sha256').update(evidence).digest('hex').slice(0, 16),
    evidencePreview: evidence.length > PREVIEW_LIMIT ? `${evidence.slice(0, PREVIEW_LIMIT - 1)}…` : evidence,
    observedAt,
  };
};

const settledStatusOf = (snapshot: FindingSnapshot): SettledStatus =>
  snapshot.status === 'FAIL' && snapshot.suppressed ? 'SUPPRESSED' : snapshot.status;

const isWorse = (before: FindingSnapshot, after: FindingSnapshot): boolean =>
  severityRank(after.severity) > severityRank(before.severity) ||
  (before.degree !== undefined && after.degree !== undefined && after.degree > before.degree);

const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

const confirmationsFor = (from: SettledStatus, to: SettledStatus, options: TransitionOptions): number => {
  if (to === 'ERROR') return Math.max(1, options.errorAfter);
  if (to === 'FAIL' || from === 'FAIL') return Math.max(1, options.confirmations);
  return 1;
};

/**
 * The kind of a confirmed change, or undefined for a silent one (PASS → N/A). Leaving ERROR is
 * judged against the last status known before visibility was lost.
 */
const classify = (
  current: SettledStatus,
  lastKnown: SettledStatus | undefined,
  next: SettledStatus,
  worse: boolean,
): TransitionKind | undefined => {
  if (next === 'ERROR') return 'ERROR';
  const restoring = current === 'ERROR';
  const base = restoring ? lastKnown : current;
  if (next === 'FAIL') {
    if (base === 'FAIL') return worse ? 'REGRESSION' : restoring ? 'VISIBILITY_RESTORED' : 'STILL_FAILING';
    if (base === 'PASS' || base === 'NOT_APPLICABLE') return 'REGRESSION';
    return 'NEW_FAILURE';
  }
  if (base === 'FAIL' && next !== 'SUPPRESSED') return 'RECOVERY';
  return restoring ? 'VISIBILITY_RESTORED' : undefined;
};

const alertId = (key: BaselineKey, kind: TransitionKind, at: string): string =>
  createHash('sha256')
    .update(`${keyId(key)}|${kind}|${at}`)
    .digest('hex')
    .slice(0, 24);

/**
 * Queues the alert for a transition if it is news to subscribers, judged by what they will
 * believe once the alert in flight lands ({@link believedOf}): every failure is news; a recovery
 * only when they were (or are being) told it was failing. The newest word replaces any unclaimed
 * pending alert; an alert another run is publishing is never touched here.
 */
const queueAlert = (
  record: BaselineRecord,
  kind: TransitionKind,
  alert: Omit<PendingAlert, 'id' | 'kind' | 'claim'>,
): { pending: PendingAlert | undefined; alert: boolean } => {
  const queued = { ...alert, id: alertId(record, kind, alert.at), kind };
  if (alertClassOf(kind) === 'failure' || believedOf(record) === 'failing') return { pending: queued, alert: true };
  // The failure never left: drop it rather than announce a problem that is already over.
  return {
    pending: record.pending && alertClassOf(record.pending.kind) === 'failure' ? undefined : record.pending,
    alert: false,
  };
};

/** Equal but for when it was last looked at: a complete sweep need not rewrite it. */
const materiallyEqual = (a: BaselineRecord, b: BaselineRecord): boolean => {
  const essence = (record: BaselineRecord) =>
    JSON.stringify({ ...record, lastObserved: '', snapshot: { ...record.snapshot, observedAt: '' } });
  return essence(a) === essence(b);
};

/** Applies one observation to one key's record. */
export const applyObservation = (
  previous: BaselineRecord | undefined,
  observation: Observation,
  options: TransitionOptions,
): { record: BaselineRecord; transition: Transition | undefined } => {
  const { key, snapshot, subject } = observation;
  const at = snapshot.observedAt;
  const next = settledStatusOf(snapshot);
  const current = previous?.status ?? 'UNKNOWN';
  const base: BaselineRecord = previous ?? {
    ...key,
    status: 'UNKNOWN',
    lastKnownStatus: undefined,
    snapshot,
    candidate: undefined,
    firstSeen: at,
    lastChanged: at,
    lastObserved: at,
    alerted: 'clear',
    lastReminderAt: undefined,
    pending: undefined,
  };
  const transitionOf = (kind: TransitionKind, before: FindingSnapshot | undefined, alert: boolean): Transition => ({
    key,
    kind,
    severity: (kind === 'RECOVERY' || kind === 'VISIBILITY_RESTORED' ? before?.severity : snapshot.severity) ?? snapshot.severity,
    before,
    after: snapshot,
    alert,
  });

  if (next === current) {
    const worse = next === 'FAIL' && isWorse(base.snapshot, snapshot);
    const updated = { ...base, snapshot, candidate: undefined, lastObserved: at };
    if (worse) {
      const queued = queueAlert(updated, 'REGRESSION', alertBody(snapshot.severity, false, at, base.snapshot, snapshot, subject));
      return {
        record: { ...updated, lastChanged: at, pending: queued.pending },
        transition: transitionOf('REGRESSION', base.snapshot, queued.alert),
      };
    }
    if (next !== 'FAIL') return { record: updated, transition: undefined };
    const reminderDue =
      options.reminderHours > 0 &&
      snapshot.severity === 'CRITICAL' &&
      !updated.pending &&
      !updated.inFlight &&
      hoursBetween(base.lastReminderAt ?? base.lastChanged, at) >= options.reminderHours;
    if (!reminderDue) return { record: updated, transition: transitionOf('STILL_FAILING', base.snapshot, false) };
    const reminder = alertBody(snapshot.severity, true, at, base.snapshot, snapshot, subject);
    return {
      record: { ...updated, pending: { ...reminder, id: alertId(key, 'STILL_FAILING', at), kind: 'STILL_FAILING' } },
      transition: transitionOf('STILL_FAILING', base.snapshot, true),
    };
  }

  const count = base.candidate?.status === next ? base.candidate.count + 1 : 1;
  if (count < confirmationsFor(current, next, options)) {
    // Not yet believed: keep the confirmed snapshot as the "before" of a later transition.
    return { record: { ...base, candidate: { status: next, count }, lastObserved: at }, transition: undefined };
  }
  const before = current === 'UNKNOWN' ? undefined : base.snapshot;
  const kind = classify(current, base.lastKnownStatus, next, before !== undefined && isWorse(before, snapshot));
  const confirmed: BaselineRecord = {
    ...base,
    status: next,
    lastKnownStatus: next === 'ERROR' ? base.lastKnownStatus : next,
    snapshot,
    candidate: undefined,
    lastChanged: at,
    lastObserved: at,
  };
  if (!kind) return { record: confirmed, transition: undefined };
  const severity = alertClassOf(kind) === 'recovery' ? (before?.severity ?? snapshot.severity) : snapshot.severity;
  const queued = queueAlert(confirmed, kind, alertBody(severity, false, at, before, snapshot, subject));
  return { record: { ...confirmed, pending: queued.pending }, transition: transitionOf(kind, before, queued.alert) };
};

const alertBody = (
  severity: Severity,
  reminder: boolean,
  at: string,
  before: FindingSnapshot | undefined,
  after: FindingSnapshot | undefined,
  subject: AlertSubject,
): Omit<PendingAlert, 'id' | 'kind' | 'claim'> => ({ severity, reminder, at, before, after, subject });

/** The record of a key whose resource is no longer listed, as of `at`. */
const goneAt = (previous: BaselineRecord, at: string): BaselineRecord => ({
  ...previous,
  status: 'GONE',
  candidate: undefined,
  lastChanged: at,
  lastObserved: at,
});

/**
 * A covered key this run did not see: its resource is gone (or its collection is readable again).
 * `exporting`: Security Hub is told of it too, so a key its finding still stands for is kept.
 */
const applyAbsence = (
  previous: BaselineRecord,
  at: string,
  subject: AlertSubject,
  replacedByFacets: boolean,
  exporting: boolean,
): { record: BaselineRecord | undefined; transition: Transition | undefined } => {
  if (previous.status === 'GONE') return { record: previous, transition: undefined };
  if (previous.status !== 'FAIL' && previous.status !== 'ERROR') {
    // A suppressed failure alerts no one when its resource goes, but its imported hub finding is
    // still ACTIVE: keep the key as GONE until the archive is imported. Anything else (nothing was
    // wrong, or nothing was ever confirmed) is forgotten quietly.
    const archive = exporting && previous.status === 'SUPPRESSED' && previous.securityHub?.imported === true;
    return { record: archive ? goneAt(previous, at) : undefined, transition: undefined };
  }
  // An ERROR that stood for a region-wide listing, or for a resource whose findings are keyed by
  // facet (vpc-0abc/filecache), disappears when it can be seen again: the resource is still there.
  const kind: TransitionKind =
    previous.status === 'ERROR' && (previous.resourceId === WHOLE_REGION || replacedByFacets)
      ? 'VISIBILITY_RESTORED'
      : 'RESOLVED_BY_DELETION';
  const gone = goneAt(previous, at);
  const queued = queueAlert(gone, kind, alertBody(previous.snapshot.severity, false, at, previous.snapshot, undefined, subject));
  const transition: Transition = {
    key: previous,
    kind,
    severity: previous.snapshot.severity,
    before: previous.snapshot,
    after: undefined,
    alert: queued.alert,
  };
  // Nothing to tell anyone (and nothing on its way to them, Security Hub included): forget the key now.
  const keep = queued.pending || gone.inFlight || exporting;
  return { record: keep ? { ...gone, pending: queued.pending } : undefined, transition };
};

/** Subject text for a key whose check metadata is no longer at hand (its alert still reads well). */
const placeholderSubject: AlertSubject = {
  title: 'resource no longer present',
  headline: 'resource no longer present',
  service: 'unknown',
  resourceType: 'unknown',
  remediation: 'Nothing to do: the resource was deleted or left the monitored scope.',
};

/**
 * Plans one partition's change for one run. `writeUnchanged` (focused re-checks) also writes
 * keys whose state did not change, so a concurrent older observation of them conflicts.
 */
export const planPartition = (
  snapshot: PartitionSnapshot,
  run: PartitionObservation,
  options: TransitionOptions,
  subjects: ReadonlyMap<string, AlertSubject> = new Map(),
): PartitionPlan => {
  if (snapshot.sweptAt && run.observedAt < snapshot.sweptAt) return { change: undefined, transitions: [], stale: true };
  const put: BaselineRecord[] = [];
  const remove: BaselineKey[] = [];
  const transitions: Transition[] = [];
  const previousByKey = new Map(snapshot.records.map((record) => [keyId(record), record]));

  for (const [id, observation] of run.observations) {
    const previous = previousByKey.get(id);
    if (previous && run.observedAt < previous.lastObserved) continue; // a newer run already spoke
    const applied = applyObservation(previous, observation, options);
    const { transition } = applied;
    const record =
      exportsChange(options, transition, previous, applied.record) || needsBackfill(options, applied.record)
        ? queueExport(applied.record, run.observedAt)
        : applied.record;
    if (transition) transitions.push(transition);
    if (!previous || !run.completeSweep || !materiallyEqual(previous, record)) put.push(record);
  }
  for (const [id, previous] of previousByKey) {
    if (run.observations.has(id) || !run.covers(previous) || run.observedAt < previous.lastObserved) continue;
    const known = subjects.get(previous.checkId);
    const subject = known
      ? { ...known, monitoredService: previous.snapshot.monitoredService }
      : (previous.pending?.subject ?? placeholderSubject);
    const facetPrefix = `${previous.checkId}/${previous.resourceId}/`;
    const replacedByFacets =
      previous.status === 'ERROR' &&
      [...run.observations.values()].some((seen) => `${seen.key.checkId}/${seen.key.resourceId}`.startsWith(facetPrefix));
    // A deleted key kept only for an export that was switched off since is forgotten.
    if (!options.securityHub && exportWaiting(previous) && isForgettable({ ...previous, securityHub: undefined })) {
      remove.push(previous);
      continue;
    }
    const absent = applyAbsence(previous, run.observedAt, subject, replacedByFacets, options.securityHub === true);
    const { transition } = absent;
    const record =
      absent.record && exportsChange(options, transition, previous, absent.record)
        ? queueExport(absent.record, run.observedAt)
        : absent.record;
    if (transition) transitions.push(transition);
    if (record) put.push(record);
    else remove.push(previous);
  }
  const sweptAt = run.completeSweep ? { sweptAt: run.observedAt } : {};
  const egress = run.completeSweep && run.egress ? { egress: run.egress } : {};
  const change = put.length || remove.length || run.completeSweep ? { put, remove, ...sweptAt, ...egress } : undefined;
  return { change, transitions, stale: false };
};

/**
 * The transitions a person acts on: everything but the silent "still failing", which counts only
 * when it is a reminder. Handlers log them, the terminal prints them, fan-out units report them.
 */
export const reportableTransitions = (changes: { readonly transitions: readonly Transition[] }): Transition[] =>
  changes.transitions.filter((transition) => transition.kind !== 'STILL_FAILING' || transition.alert);
