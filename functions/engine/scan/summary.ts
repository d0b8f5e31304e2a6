/** Counts every output shares: the table footer, the JSON summary, metrics and the report. */
import { FINDING_STATUSES, type Finding, type FindingStatus, isActiveFailure, SEVERITIES, type Severity } from '../types.ts';

export interface ServiceSummary {
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  /** PASS / (PASS + FAIL + ERROR); ERROR counts against compliance because nothing was proven. */
  readonly complianceRatio: number | null;
}

export interface ScanSummary {
  readonly total: number;
  readonly byStatus: Readonly<Record<FindingStatus, number>>;
  /** Unsuppressed FAIL findings per severity. */
  readonly failingBySeverity: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  readonly byService: Readonly<Record<string, ServiceSummary>>;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export const summarize = (findings: readonly Finding[]): ScanSummary => {
  const byStatus = zeroes(FINDING_STATUSES);
  const failingBySeverity = zeroes(SEVERITIES);
  const services = new Map<string, { pass: number; fail: number; error: number }>();
  let suppressed = 0;
  for (const finding of findings) {
    byStatus[finding.status]++;
    if (finding.suppression?.state === 'active' && finding.status === 'FAIL') suppressed++;
    if (isActiveFailure(finding)) failingBySeverity[finding.severity]++;
    const service = services.get(finding.service) ?? { pass: 0, fail: 0, error: 0 };
    if (finding.status === 'PASS' || (finding.status === 'FAIL' && !isActiveFailure(finding))) service.pass++;
    else if (finding.status === 'FAIL') service.fail++;
    else if (finding.status === 'ERROR') service.error++;
    services.set(finding.service, service);
  }
  const byService = Object.fromEntries(
    [...services]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, counts]) => {
        const judged = counts.pass + counts.fail + counts.error;
        return [service, { ...counts, complianceRatio: judged === 0 ? null : Number((counts.pass / judged).toFixed(4)) }];
      }),
  );
  return { total: findings.length, byStatus, failingBySeverity, suppressed, byService };
};
