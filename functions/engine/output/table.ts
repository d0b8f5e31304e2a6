/**
 * The findings table for a terminal: failing and errored findings first, each with its message
 * wrapped underneath, then one summary line. PASS and NOT_APPLICABLE rows are counted, and
 * listed only on request, because a person scanning for problems should see problems.
 */

import { styleText } from 'node:util';
import type { ScanResult } from '../scan/scan.ts';
import { summarize } from '../scan/summary.ts';
import { displayText, wrap } from '../text.ts';
import { type Finding, SEVERITIES } from '../types.ts';

export interface TableOptions {
  /** List PASS and NOT_APPLICABLE findings too. */
  readonly all: boolean;
  readonly width: number;
  readonly color: boolean;
}

export type Style = Parameters<typeof styleText>[0];

/** Colours only when the terminal wants them. */
export const paint = (options: Pick<TableOptions, 'color'>, style: Style, text: string): string =>
  options.color ? styleText(style, text, { validateStream: false }) : text;

const STATUS_STYLE: Record<Finding['status'], Style> = {
  FAIL: ['bold', 'red'],
  ERROR: ['bold', 'magenta'],
  PASS: 'green',
  NOT_APPLICABLE: 'gray',
};

const statusLabel = (finding: Finding): string =>
  finding.suppression?.state === 'active' ? 'SUPPR' : finding.status === 'NOT_APPLICABLE' ? 'N/A' : finding.status;

export const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

export const renderTable = (result: ScanResult, options: TableOptions): string => {
  const rows = result.findings.filter((finding) => options.all || finding.status === 'FAIL' || finding.status === 'ERROR');
  const out: string[] = [];
  const regions = result.regions.join(', ');
  out.push(
    paint(options, 'bold', 'traffic-privacy-monitor scan') +
      ` · account ${result.account} · ${regions} · ${result.checks.length} checks · ${(result.durationMs / 1000).toFixed(1)}s`,
  );
  out.push('');
  if (rows.length === 0) {
    out.push(paint(options, 'green', options.all ? 'No findings.' : 'No failing or errored findings.'));
  } else {
    const checkWidth = Math.min(52, Math.max(5, ...rows.map((row) => row.checkId.length)));
    const regionWidth = Math.max(6, ...rows.map((row) => row.region.length));
    out.push(
      paint(
        options,
        'dim',
        `${pad('STATUS', 7)}${pad('SEVERITY', 10)}${pad('CHECK', checkWidth + 2)}${pad('REGION', regionWidth + 2)}RESOURCE`,
      ),
    );
    const messageWidth = Math.max(40, options.width - 9);
    for (const finding of rows) {
      const label = pad(statusLabel(finding), 7);
      out.push(
        paint(options, finding.suppression?.state === 'active' ? 'gray' : STATUS_STYLE[finding.status], label) +
          pad(finding.severity, 10) +
          pad(finding.checkId, checkWidth + 2) +
          pad(displayText(finding.region), regionWidth + 2) +
          displayText(finding.resourceId),
      );
      for (const line of wrap(displayText(finding.message), messageWidth))
        out.push(`       ${paint(options, 'dim', '│')} ${line}`);
    }
  }
  const summary = summarize(result.findings);
  const failing = SEVERITIES.filter((severity) => summary.failingBySeverity[severity] > 0)
    .reverse()
    .map((severity) => `${summary.failingBySeverity[severity]} ${severity}`);
  const failCount = summary.byStatus.FAIL - summary.suppressed;
  out.push('');
  out.push(
    [
      paint(
        options,
        failCount > 0 ? ['bold', 'red'] : 'green',
        `${failCount} FAIL${failing.length ? ` (${failing.join(', ')})` : ''}`,
      ),
      paint(options, summary.byStatus.ERROR > 0 ? ['bold', 'magenta'] : 'reset', `${summary.byStatus.ERROR} ERROR`),
      `${summary.byStatus.PASS} PASS`,
      `${summary.byStatus.NOT_APPLICABLE} N/A`,
      `${summary.suppressed} suppressed`,
    ].join(' · '),
  );
  const incomplete = result.coverage.filter((entry) => entry.status !== 'complete');
  for (const entry of incomplete) {
    out.push(
      paint(
        options,
        'magenta',
        `! ${entry.region}: ${entry.status}${entry.failedCollections.length ? ` (could not read ${entry.failedCollections.join(', ')})` : ''}`,
      ),
    );
  }
  for (const warning of result.warnings) out.push(paint(options, 'yellow', `! ${warning}`));
  if (!options.all && summary.byStatus.PASS + summary.byStatus.NOT_APPLICABLE > 0) {
    out.push(paint(options, 'dim', 'Use --all to list passing and not-applicable findings, --format json for everything.'));
  }
  return `${out.join('\n')}\n`;
};
