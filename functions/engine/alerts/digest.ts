/**
 * Turns delivered-once alerts into messages people read: one digest per severity bucket for
 * failures, one for recoveries, never one message per finding. Each has a subject that says what
 * regressed where in under 100 characters, a plain-text body an email client shows as is, SNS
 * message attributes for subscription filter policies, and a JSON payload for machine subscribers.
 */
import type { ClaimedAlert } from '../baseline/ledger.ts';
import { alertClassOf, type FindingSnapshot, type TransitionKind } from '../baseline/types.ts';
import type { ServiceCatalog } from '../catalog.ts';
import { displayText, wrap } from '../text.ts';
import { SEVERITIES, type Severity, severityRank } from '../types.ts';

/** SNS: fewer than 100 characters of printable ASCII, no line breaks. */
export const SUBJECT_LIMIT = 99;
/** Alerts described in full in one body; the rest are listed by name. */
const DETAILED_LIMIT = 25;
const WIDTH = 96;

export interface AlertMessage {
  readonly kind: 'failure' | 'recovery';
  /** The bucket: every alert in a failure digest has this severity; a recovery digest takes its highest. */
  readonly severity: Severity;
  readonly subject: string;
  /** The email body, exactly as an email subscriber receives it. */
  readonly text: string;
  readonly attributes: Readonly<Record<string, { readonly DataType: 'String' | 'String.Array'; readonly StringValue: string }>>;
  /** For SQS and Lambda subscribers; carries `text` too, so one reader sees what email readers see. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** The pending-alert ids this message delivers. */
  readonly alertIds: readonly string[];
}

export interface DigestContext {
  readonly catalog: ServiceCatalog;
  /** Shown in the footer, so readers know which policy file judged them. */
  readonly policySource: string;
  readonly now: Date;
}

const NOUNS: Record<TransitionKind, [string, string]> = {
  NEW_FAILURE: ['new failure', 'new failures'],
  REGRESSION: ['regression', 'regressions'],
  ERROR: ['check that cannot see', 'checks that cannot see'],
  STILL_FAILING: ['reminder', 'reminders'],
  RECOVERY: ['recovery', 'recoveries'],
  RESOLVED_BY_DELETION: ['deletion', 'deletions'],
  VISIBILITY_RESTORED: ['check that sees again', 'checks that see again'],
};
const KIND_ORDER: readonly TransitionKind[] = [
  'REGRESSION',
  'NEW_FAILURE',
  'ERROR',
  'STILL_FAILING',
  'RECOVERY',
  'RESOLVED_BY_DELETION',
  'VISIBILITY_RESTORED',
];
const LABELS: Record<TransitionKind, string> = {
  NEW_FAILURE: 'NEW FAILURE',
  REGRESSION: 'REGRESSION',
  ERROR: 'CANNOT CHECK',
  STILL_FAILING: 'STILL FAILING (reminder)',
  RECOVERY: 'RECOVERED',
  RESOLVED_BY_DELETION: 'RESOLVED BY DELETION',
  VISIBILITY_RESTORED: 'VISIBILITY RESTORED',
};

const plural = (count: number, [one, many]: [string, string]) => `${count} ${count === 1 ? one : many}`;
const uniq = (values: readonly string[]) => [...new Set(values)].sort();
const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** "DynamoDB VPC endpoint policy opened to *": the service a reader knows, then the problem. */
const headlineOf = (entry: ClaimedAlert, catalog: ServiceCatalog): string => {
  const monitored = entry.alert.subject.monitoredService;
  const service = monitored ? catalog[monitored]?.displayName.replace(/^Amazon |^AWS /, '') : undefined;
  const headline = entry.alert.subject.headline;
  // A headline that already names the service ("File Cache Lustre ports open…") is not prefixed twice.
  return service && !headline.toLowerCase().startsWith(service.toLowerCase()) ? `${service} ${headline}` : headline;
};

const where = (alerts: readonly ClaimedAlert[]): string => {
  const accounts = uniq(alerts.map((entry) => entry.key.account));
  const regions = uniq(alerts.map((entry) => entry.key.region));
  if (accounts.length === 1 && regions.length === 1) return `${accounts[0]}/${regions[0]}`;
  if (accounts.length === 1) return `${accounts[0]} (${regions.length} regions)`;
  return `${accounts.length} accounts`;
};

const counted = (alerts: readonly ClaimedAlert[]): string => {
  const kinds = KIND_ORDER.filter((kind) => alerts.some((entry) => entry.alert.kind === kind));
  if (kinds.length === 1 && kinds[0]) return plural(alerts.length, NOUNS[kinds[0]]);
  return kinds.map((kind) => plural(alerts.filter((entry) => entry.alert.kind === kind).length, NOUNS[kind])).join(', ');
};

const byImportance = (a: ClaimedAlert, b: ClaimedAlert): number =>
  severityRank(b.alert.severity) - severityRank(a.alert.severity) ||
  KIND_ORDER.indexOf(a.alert.kind) - KIND_ORDER.indexOf(b.alert.kind) ||
  a.key.checkId.localeCompare(b.key.checkId) ||
  a.key.resourceId.localeCompare(b.key.resourceId);

export const truncate = (text: string, limit: number): string => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);

/** Printable ASCII within `limit`, cut at a word boundary when one is near, so a subject stays readable. */
const asciiCut = (text: string, limit: number): string => {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  if (ascii.length <= limit) return ascii;
  const hard = ascii.slice(0, limit - 3);
  const space = hard.lastIndexOf(' ');
  return `${space >= hard.length - 12 && space > 0 ? hard.slice(0, space) : hard}...`;
};

const subjectOf = (tag: string, alerts: readonly ClaimedAlert[], catalog: ServiceCatalog): string => {
  const headlines = uniq(alerts.map((entry) => headlineOf(entry, catalog)));
  const first = headlineOf(alerts[0] as ClaimedAlert, catalog);
  const more = headlines.length > 1 ? ` (+${headlines.length - 1} more)` : '';
  const prefix = `[${tag}] ${counted(alerts)} in ${where(alerts)}: `;
  const room = SUBJECT_LIMIT - prefix.length - more.length;
  return room >= 12
    ? asciiCut(`${prefix}${asciiCut(first, room)}${more}`, SUBJECT_LIMIT)
    : asciiCut(`${prefix}${first}`, SUBJECT_LIMIT);
};

const describeState = (snapshot: FindingSnapshot | undefined, fallback: string): string =>
  snapshot ? `${snapshot.suppressed ? 'FAIL (suppressed)' : snapshot.status}: ${snapshot.message}` : fallback;

/** Top-level evidence fields, one per line; a cut-off preview is shown as it is. */
const evidenceLines = (preview: string | undefined): string[] => {
  if (!preview || preview === '{}') return [];
  try {
    const parsed = JSON.parse(preview) as Record<string, unknown>;
    return Object.entries(parsed).map(([key, value]) => truncate(`${key}: ${JSON.stringify(value)}`, 240));
  } catch {
    return [truncate(preview, 600)];
  }
};

const field = (label: string, text: string): string[] => {
  const indent = ' '.repeat(14);
  return wrap(text, WIDTH - indent.length).map((line, index) =>
    index === 0 ? `   ${(label ? `${label}:` : '').padEnd(11)}${line}` : `${indent}${line}`,
  );
};

/** The policy-file snippet that accepts this finding for 30 days. */
export const suppressionSnippet = (entry: ClaimedAlert, now: Date): string[] => {
  const expires = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return [
    'suppressions:',
    `  - check: ${entry.key.checkId}`,
    `    resource: "${entry.key.resourceId}"`,
    `    reason: "<why this is accepted, and who accepted it>"`,
    `    expires: "${expires}"`,
  ];
};

const describeAlert = (entry: ClaimedAlert, index: number, context: DigestContext): string[] => {
  const { alert, key } = entry;
  const recovery = alertClassOf(alert.kind) === 'recovery';
  const lines = [
    `${index + 1}. ${LABELS[alert.kind]}: ${headlineOf(entry, context.catalog)}`,
    ...field('Check', `${key.checkId} (${alert.severity})`),
    ...field('Resource', `${key.resourceId} (${alert.subject.resourceType}) in ${key.account}/${key.region}`),
    ...field('Before', describeState(alert.before, 'not seen before')),
    ...field('After', describeState(alert.after, 'the resource is gone (deleted, or no longer in the monitored scope)')),
  ];
  if (!recovery) {
    const evidence = evidenceLines(alert.after?.evidencePreview);
    if (evidence.length)
      lines.push(...field('Evidence', evidence[0] as string), ...evidence.slice(1).flatMap((line) => field('', line)));
    lines.push(...field('Fix', alert.subject.remediation));
    lines.push(
      '   To accept this risk instead, add to the policy file:',
      ...suppressionSnippet(entry, context.now).map((line) => `     ${line}`),
    );
  }
  lines.push(...field('Detected', utc(alert.at)));
  return lines;
};

const bodyOf = (heading: string, alerts: readonly ClaimedAlert[], context: DigestContext): string => {
  const detailed = alerts.slice(0, DETAILED_LIMIT);
  const rest = alerts.slice(DETAILED_LIMIT);
  return [
    `traffic-privacy-monitor: ${heading}`,
    `Where: ${where(alerts)}`,
    '',
    ...detailed.flatMap((entry, index) => [...describeAlert(entry, index, context), '']),
    ...(rest.length
      ? [
          `And ${rest.length} more:`,
          ...rest.map(
            (entry) =>
              `  - ${LABELS[entry.alert.kind]} ${entry.key.checkId} ${entry.key.resourceId} (${entry.key.account}/${entry.key.region})`,
          ),
          '',
        ]
      : []),
    '--',
    ...wrap(
      `Judged against ${context.policySource}. Each change is sent once; "tpm checks <check>" explains a check. ` +
        'SNS subscription filter policies can select on: severity, kind, service, checkId, account, region, transition.',
      WIDTH,
    ),
    '',
  ]
    .map(displayText)
    .join('\n');
};

const attributesOf = (
  kind: 'failure' | 'recovery',
  severity: Severity,
  alerts: readonly ClaimedAlert[],
): AlertMessage['attributes'] => {
  const list = (values: readonly string[]) => ({ DataType: 'String.Array' as const, StringValue: JSON.stringify(uniq(values)) });
  return {
    severity: { DataType: 'String', StringValue: severity },
    kind: { DataType: 'String', StringValue: kind },
    service: list(alerts.map((entry) => entry.alert.subject.service)),
    checkId: list(alerts.map((entry) => entry.key.checkId)),
    account: list(alerts.map((entry) => entry.key.account)),
    region: list(alerts.map((entry) => entry.key.region)),
    transition: list(alerts.map((entry) => entry.alert.kind)),
  };
};

const payloadOf = (
  kind: 'failure' | 'recovery',
  severity: Severity,
  subject: string,
  text: string,
  alerts: readonly ClaimedAlert[],
  now: Date,
) => ({
  schemaVersion: 1,
  kind,
  severity,
  subject,
  text,
  alerts: alerts.slice(0, 100).map(({ key, alert }) => ({
    id: alert.id,
    transition: alert.kind,
    severity: alert.severity,
    checkId: key.checkId,
    account: key.account,
    region: key.region,
    resourceId: key.resourceId,
    headline: alert.subject.headline,
    monitoredService: alert.subject.monitoredService ?? null,
    before: alert.before ? { status: alert.before.status, message: alert.before.message } : null,
    after: alert.after
      ? { status: alert.after.status, message: alert.after.message, evidence: alert.after.evidencePreview }
      : null,
    remediation: alert.subject.remediation,
    detectedAt: alert.at,
    suppression: suppressionSnippet({ key, alert }, now).join('\n'),
  })),
  omitted: Math.max(0, alerts.length - 100),
});

/** Builds this run's messages: failures by severity bucket (most severe first), then recoveries. */
export const composeDigests = (alerts: readonly ClaimedAlert[], context: DigestContext): AlertMessage[] => {
  const sorted = [...alerts].sort(byImportance);
  const failures = sorted.filter((entry) => alertClassOf(entry.alert.kind) === 'failure');
  const recoveries = sorted.filter((entry) => alertClassOf(entry.alert.kind) === 'recovery');
  const messages: AlertMessage[] = [];
  for (const severity of [...SEVERITIES].reverse()) {
    const bucket = failures.filter((entry) => entry.alert.severity === severity);
    if (!bucket.length) continue;
    const subject = subjectOf(severity, bucket, context.catalog);
    const text = bodyOf(`${counted(bucket)}, severity ${severity}`, bucket, context);
    messages.push({
      kind: 'failure',
      severity,
      subject,
      text,
      attributes: attributesOf('failure', severity, bucket),
      payload: payloadOf('failure', severity, subject, text, bucket, context.now),
      alertIds: bucket.map((entry) => entry.alert.id),
    });
  }
  if (recoveries.length) {
    const severity = recoveries[0]?.alert.severity ?? 'INFO';
    const subject = subjectOf('RECOVERED', recoveries, context.catalog);
    const text = bodyOf(counted(recoveries), recoveries, context);
    messages.push({
      kind: 'recovery',
      severity,
      subject,
      text,
      attributes: attributesOf('recovery', severity, recoveries),
      payload: payloadOf('recovery', severity, subject, text, recoveries, context.now),
      alertIds: recoveries.map((entry) => entry.alert.id),
    });
  }
  return messages;
};
