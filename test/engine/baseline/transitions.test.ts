/** The transition rules, table by table: each row is one run's observation against one record. */
import { describe, expect, it } from 'vitest';
import {
  applyObservation,
  DEFAULT_TRANSITION_OPTIONS,
  type Observation,
  type PartitionObservation,
  planPartition,
  type TransitionOptions,
} from '../../../functions/engine/baseline/transitions.ts';
import { type BaselineRecord, keyId, type PartitionSnapshot } from '../../../functions/engine/baseline/types.ts';
import { WHOLE_REGION } from '../../../functions/engine/types.ts';
import { at, baselineRecord, observation, SUBJECT, snapshot, T0 } from '../../support/baseline.ts';
import { ACCOUNT, REGION } from '../../support/builders.ts';

const failing = (overrides: Partial<BaselineRecord> = {}) =>
  baselineRecord('vpce-1', {
    status: 'FAIL',
    lastKnownStatus: 'FAIL',
    snapshot: snapshot({ status: 'FAIL', message: 'policy allows any principal', degree: 1 }),
    alerted: 'failing',
    ...overrides,
  });
const erroring = (lastKnownStatus: BaselineRecord['lastKnownStatus'], alerted: BaselineRecord['alerted'] = 'failing') =>
  baselineRecord('vpce-1', { status: 'ERROR', lastKnownStatus, snapshot: snapshot({ status: 'ERROR' }), alerted });
const seen = (status: 'PASS' | 'FAIL' | 'ERROR' | 'NOT_APPLICABLE', overrides: Parameters<typeof observation>[1] = {}) =>
  observation('vpce-1', { status, observedAt: at(60), ...overrides });
const apply = (previous: BaselineRecord | undefined, next: Observation, options: Partial<TransitionOptions> = {}) =>
  applyObservation(previous, next, { ...DEFAULT_TRANSITION_OPTIONS, ...options });

describe('applyObservation: one confirmed change', () => {
  it.each([
    ['first sight, PASS: baseline only', undefined, seen('PASS'), undefined, false, 'PASS'],
    ['first sight, FAIL', undefined, seen('FAIL'), 'NEW_FAILURE', true, 'FAIL'],
    [
      'first sight, suppressed FAIL: accepted, silent',
      undefined,
      seen('FAIL', { suppressed: true }),
      undefined,
      false,
      'SUPPRESSED',
    ],
    ['PASS → FAIL', baselineRecord('vpce-1'), seen('FAIL'), 'REGRESSION', true, 'FAIL'],
    ['N/A → FAIL', baselineRecord('vpce-1', { status: 'NOT_APPLICABLE' }), seen('FAIL'), 'REGRESSION', true, 'FAIL'],
    ['FAIL → PASS after a delivered alert', failing(), seen('PASS'), 'RECOVERY', true, 'PASS'],
    ['FAIL → FAIL unchanged', failing(), seen('FAIL', { degree: 1 }), 'STILL_FAILING', false, 'FAIL'],
    ['FAIL → FAIL, degree rose (1.1 accepted, now 1.0 too)', failing(), seen('FAIL', { degree: 2 }), 'REGRESSION', true, 'FAIL'],
    ['FAIL → FAIL, severity rose', failing(), seen('FAIL', { degree: 1, severity: 'CRITICAL' }), 'REGRESSION', true, 'FAIL'],
    ['FAIL → FAIL, degree fell: better, not news', failing(), seen('FAIL', { degree: 0 }), 'STILL_FAILING', false, 'FAIL'],
    ['FAIL → suppressed: accepted, silent', failing(), seen('FAIL', { suppressed: true }), undefined, false, 'SUPPRESSED'],
    [
      'suppressed → FAIL (suppression expired)',
      baselineRecord('vpce-1', { status: 'SUPPRESSED' }),
      seen('FAIL'),
      'NEW_FAILURE',
      true,
      'FAIL',
    ],
    ['PASS → N/A: silent', baselineRecord('vpce-1'), seen('NOT_APPLICABLE'), undefined, false, 'NOT_APPLICABLE'],
    ['ERROR → PASS, was PASS: visibility restored', erroring('PASS'), seen('PASS'), 'VISIBILITY_RESTORED', true, 'PASS'],
    ['ERROR → PASS, was FAIL: recovery', erroring('FAIL'), seen('PASS'), 'RECOVERY', true, 'PASS'],
    ['ERROR → FAIL, was PASS: regression', erroring('PASS'), seen('FAIL'), 'REGRESSION', true, 'FAIL'],
    ['ERROR → FAIL, was FAIL: visibility restored', erroring('FAIL'), seen('FAIL'), 'VISIBILITY_RESTORED', true, 'FAIL'],
    ['ERROR → FAIL, never seen before the error', erroring(undefined), seen('FAIL'), 'NEW_FAILURE', true, 'FAIL'],
  ] as const)('%s', (_name, previous, next, kind, alert, status) => {
    const { record, transition } = apply(previous, next);
    expect(transition?.kind).toBe(kind);
    expect(transition?.alert ?? false).toBe(alert);
    expect(record.status).toBe(status);
    expect(record.pending !== undefined).toBe(alert);
    if (alert) expect(record.pending).toMatchObject({ kind, at: at(60), subject: SUBJECT, before: transition?.before });
  });

  it('keeps "before" as the last confirmed state, so the alert reads PASS → FAIL', () => {
    const { transition } = apply(baselineRecord('vpce-1', { snapshot: snapshot({ message: 'bounded by org' }) }), seen('FAIL'));
    expect(transition?.before?.message).toBe('bounded by org');
    expect(transition?.after?.status).toBe('FAIL');
  });

  it('gives a recovery the severity of the failure it ends', () => {
    const { transition } = apply(
      failing({ snapshot: snapshot({ status: 'FAIL', severity: 'CRITICAL' }) }),
      seen('PASS', { severity: 'HIGH' }),
    );
    expect(transition?.severity).toBe('CRITICAL');
  });

  it('drops a recovery nobody needs: the failure it ends was never delivered', () => {
    const undelivered = apply(baselineRecord('vpce-1'), seen('FAIL')).record;
    const { record, transition } = apply(undelivered, seen('PASS', { observedAt: at(120) }));
    expect(transition).toMatchObject({ kind: 'RECOVERY', alert: false });
    expect(record.pending).toBeUndefined();
  });
});

describe('applyObservation: lost visibility and flapping need consecutive runs', () => {
  it('alerts an ERROR only on the errorAfter-th consecutive run', () => {
    let record: BaselineRecord | undefined = baselineRecord('vpce-1');
    const kinds: (string | undefined)[] = [];
    for (const minute of [60, 120, 180]) {
      const result = apply(record, seen('ERROR', { observedAt: at(minute) }));
      record = result.record;
      kinds.push(result.transition?.kind);
    }
    expect(kinds).toEqual([undefined, undefined, 'ERROR']);
    expect(record).toMatchObject({ status: 'ERROR', lastKnownStatus: 'PASS' });
  });

  it('does not page for a resource that flaps faster than the confirmation count', () => {
    const options = { confirmations: 2 };
    const sequence = ['FAIL', 'PASS', 'FAIL', 'PASS', 'FAIL', 'FAIL'] as const;
    let record: BaselineRecord | undefined = baselineRecord('vpce-1');
    const kinds = sequence.map((status, index) => {
      const result = apply(record, seen(status, { observedAt: at(60 * (index + 1)) }), options);
      record = result.record;
      return result.transition?.kind;
    });
    expect(kinds).toEqual([undefined, undefined, undefined, undefined, undefined, 'REGRESSION']);
  });

  it('applies the confirmation count to recoveries too', () => {
    const first = apply(failing(), seen('PASS'), { confirmations: 2 });
    expect(first.transition).toBeUndefined();
    expect(first.record).toMatchObject({ status: 'FAIL', candidate: { status: 'PASS', count: 1 } });
    expect(apply(first.record, seen('PASS', { observedAt: at(120) }), { confirmations: 2 }).transition?.kind).toBe('RECOVERY');
  });
});

describe('applyObservation: reminders', () => {
  const critical = failing({ snapshot: snapshot({ status: 'FAIL', severity: 'CRITICAL' }), lastChanged: T0 });

  it('are off by default', () => {
    expect(apply(critical, seen('FAIL', { severity: 'CRITICAL', observedAt: at(60 * 48) })).transition?.alert).toBe(false);
  });

  it('re-alert a still-failing CRITICAL finding every N hours, and nothing less severe', () => {
    const options = { reminderHours: 24 };
    expect(apply(critical, seen('FAIL', { severity: 'CRITICAL', observedAt: at(60 * 23) }), options).transition?.alert).toBe(
      false,
    );
    const due = apply(critical, seen('FAIL', { severity: 'CRITICAL', observedAt: at(60 * 24) }), options);
    expect(due.transition).toMatchObject({ kind: 'STILL_FAILING', alert: true });
    expect(due.record.pending).toMatchObject({ kind: 'STILL_FAILING', reminder: true });
    const recent = { ...critical, lastReminderAt: at(60 * 20) };
    expect(apply(recent, seen('FAIL', { severity: 'CRITICAL', observedAt: at(60 * 24) }), options).transition?.alert).toBe(false);
    expect(apply(failing(), seen('FAIL', { degree: 1, observedAt: at(60 * 48) }), options).transition?.alert).toBe(false);
  });
});

describe('planPartition', () => {
  const partition = (records: BaselineRecord[], sweptAt?: string): PartitionSnapshot => ({
    partition: { account: ACCOUNT, region: REGION },
    version: 4,
    sweptAt,
    records,
  });
  const run = (observations: Observation[], options: Partial<PartitionObservation> = {}): PartitionObservation => ({
    observedAt: at(60),
    observations: new Map(observations.map((entry) => [keyId(entry.key), entry])),
    covers: () => true,
    completeSweep: true,
    ...options,
  });
  const plan = (snapshot: PartitionSnapshot, observation: PartitionObservation) =>
    planPartition(snapshot, observation, DEFAULT_TRANSITION_OPTIONS, new Map([[SUBJECT.title, SUBJECT]]));

  it('reports a deletion only to people who were told the resource was failing', () => {
    const undelivered = apply(baselineRecord('vpce-2'), seen('FAIL')).record;
    const result = plan(partition([failing(), { ...undelivered, resourceId: 'vpce-2' }, baselineRecord('vpce-3')]), run([]));
    expect(result.transitions.map((transition) => [transition.key.resourceId, transition.kind, transition.alert])).toEqual([
      ['vpce-1', 'RESOLVED_BY_DELETION', true],
      ['vpce-2', 'RESOLVED_BY_DELETION', false],
    ]);
    // The announced one stays, as GONE, until its recovery is delivered; the others are forgotten.
    expect(result.change?.put.map((record) => [record.resourceId, record.status])).toEqual([['vpce-1', 'GONE']]);
    expect(result.change?.remove.map((key) => key.resourceId)).toEqual(['vpce-2', 'vpce-3']);
  });

  it('never marks as gone what a partial or focused run did not look at', () => {
    const result = plan(partition([failing()]), run([], { covers: () => false, completeSweep: false }));
    expect(result.transitions).toEqual([]);
    expect(result.change).toBeUndefined();
  });

  it('calls a region-wide ERROR that disappears "visibility restored"', () => {
    const wholeRegion = erroring('PASS');
    const result = plan(partition([{ ...wholeRegion, resourceId: WHOLE_REGION }]), run([]));
    expect(result.transitions.map((transition) => transition.kind)).toEqual(['VISIBILITY_RESTORED']);
  });

  it('ignores a run older than the newest complete sweep', () => {
    const result = plan(partition([baselineRecord('vpce-1')], at(90)), run([seen('FAIL')]));
    expect(result).toEqual({ change: undefined, transitions: [], stale: true });
  });

  it('skips a key a newer run already changed', () => {
    const newer = baselineRecord('vpce-1', { status: 'FAIL', lastObserved: at(90) });
    expect(plan(partition([newer]), run([seen('PASS')])).transitions).toEqual([]);
  });

  it('lets a complete sweep skip unchanged records but record its sweep time', () => {
    const result = plan(partition([baselineRecord('vpce-1')]), run([seen('PASS')]));
    expect(result.change).toEqual({ put: [], remove: [], sweptAt: at(60) });
  });

  it('makes a focused re-check write what it saw even when unchanged', () => {
    const result = plan(partition([baselineRecord('vpce-1')]), run([seen('PASS')], { completeSweep: false }));
    expect(result.change?.put.map((record) => [record.resourceId, record.lastObserved])).toEqual([['vpce-1', at(60)]]);
    expect(result.change?.sweptAt).toBeUndefined();
  });
});
