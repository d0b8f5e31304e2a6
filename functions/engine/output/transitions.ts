/**
 * What changed since the last run, for the terminal and for the JSON document: the transitions a
 * person acts on (STILL_FAILING only when it is a reminder), and where the alerts went.
 */
import { reportableTransitions } from '../baseline/transitions.ts';
import type { Transition, TransitionKind } from '../baseline/types.ts';
import type { ChangeTrackingResult } from '../run/track-changes.ts';
import { displayText, wrap } from '../text.ts';
import { pad, paint, type Style, type TableOptions } from './table.ts';

const KIND_STYLE: Record<TransitionKind, Style> = {
  NEW_FAILURE: ['bold', 'red'],
  REGRESSION: ['bold', 'red'],
  ERROR: ['bold', 'magenta'],
  STILL_FAILING: 'yellow',
  RECOVERY: 'green',
  RESOLVED_BY_DELETION: 'green',
  VISIBILITY_RESTORED: 'green',
};

const state = (snapshot: Transition['before']): string =>
  snapshot ? (snapshot.suppressed ? 'FAIL (suppressed)' : snapshot.status) : 'new';

export const renderChanges = (changes: ChangeTrackingResult, options: TableOptions & { readonly baseline: string }): string => {
  const rows = reportableTransitions(changes);
  const out = ['', paint(options, 'bold', `Changes since the last run (${options.baseline})`)];
  if (rows.length === 0) out.push(paint(options, 'green', 'No changes.'));
  const checkWidth = Math.min(52, Math.max(5, ...rows.map((row) => row.key.checkId.length)));
  for (const transition of rows) {
    out.push(
      paint(options, KIND_STYLE[transition.kind], pad(transition.kind, 21)) +
        pad(transition.severity, 10) +
        pad(transition.key.checkId, checkWidth + 2) +
        displayText(`${transition.key.region}  ${transition.key.resourceId}`),
    );
    const detail = `${state(transition.before)} → ${transition.after ? state(transition.after) : 'gone'}: ${
      transition.after?.message ?? transition.before?.message ?? ''
    }`;
    for (const line of wrap(displayText(detail), Math.max(40, options.width - 23)))
      out.push(`${' '.repeat(21)}${paint(options, 'dim', '│')} ${line}`);
  }
  for (const stale of changes.stalePartitions) {
    out.push(paint(options, 'yellow', `! ${stale}: a newer sweep was already recorded; this run changed nothing there`));
  }
  const { delivery } = changes;
  // Without a publisher the lines above are the delivery; say nothing more.
  if (delivery.published + delivery.failed > 0) {
    out.push(
      delivery.failed
        ? paint(
            options,
            ['bold', 'magenta'],
            `! ${delivery.failed} of ${changes.messages.length} alert digests could not be sent to ${delivery.destination}; they stay queued for the next run:`,
          )
        : `Alerts: ${changes.messages.length} digest${changes.messages.length === 1 ? '' : 's'} delivered to ${delivery.destination}.`,
    );
    for (const error of delivery.errors) out.push(paint(options, 'magenta', `  ${error}`));
  }
  const hub = changes.securityHub;
  if (hub && hub.imported + hub.failed > 0) {
    out.push(
      hub.failed
        ? paint(
            options,
            ['bold', 'magenta'],
            `! ${hub.failed} of ${hub.imported + hub.failed} findings could not be imported into ${hub.destination}; they stay queued for the next run:`,
          )
        : `Security Hub: ${hub.imported} finding${hub.imported === 1 ? '' : 's'} imported into ${hub.destination}.`,
    );
    for (const error of hub.errors) out.push(paint(options, 'magenta', `  ${error}`));
  }
  if (delivery.heldByOtherRuns.count) {
    const { count, until } = delivery.heldByOtherRuns;
    out.push(
      paint(
        options,
        'yellow',
        `! ${count} alert${count === 1 ? ' is' : 's are'} being delivered by another run; this run did not send ${count === 1 ? 'it' : 'them'}. If that run died, the next run after ${until} sends ${count === 1 ? 'it' : 'them'}.`,
      ),
    );
  }
  return `${out.join('\n')}\n`;
};

export const toJsonChanges = (changes: ChangeTrackingResult, baseline: string) => ({
  baseline,
  transitions: changes.transitions.map((transition) => ({
    kind: transition.kind,
    severity: transition.severity,
    checkId: transition.key.checkId,
    account: transition.key.account,
    region: transition.key.region,
    resourceId: transition.key.resourceId,
    before: transition.before
      ? { status: transition.before.status, suppressed: transition.before.suppressed, message: transition.before.message }
      : null,
    after: transition.after
      ? { status: transition.after.status, suppressed: transition.after.suppressed, message: transition.after.message }
      : null,
    alert: transition.alert,
  })),
  stalePartitions: changes.stalePartitions,
  securityHub: changes.securityHub ?? null,
  alerts: {
    destination: changes.delivery.destination,
    delivered: changes.delivery.published,
    failed: changes.delivery.failed,
    errors: changes.delivery.errors,
    heldByOtherRuns: changes.delivery.heldByOtherRuns,
    messages: changes.messages.map((message) => ({
      kind: message.kind,
      severity: message.severity,
      subject: message.subject,
      alertIds: message.alertIds,
    })),
  },
});
