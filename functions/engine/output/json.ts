/**
 * The JSON document of `tpm scan --format json`: a stable contract. Later versions may add
 * fields; they never rename or remove one. `schemaVersion` changes only on a breaking change.
 */
import type { ScanResult } from '../scan/scan.ts';
import type { Finding } from '../types.ts';
import { type ScanSummary, summarize } from './summary.ts';

export const TOOL = { name: 'traffic-privacy-monitor', version: '0.1.0' } as const;

export interface JsonFinding {
  readonly checkId: string;
  readonly status: Finding['status'];
  readonly severity: Finding['severity'];
  readonly service: string;
  readonly account: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly title: string;
  readonly remediation: string;
  readonly monitoredService: string | null;
  readonly suppression: Finding['suppression'] | null;
}

export interface JsonScanDocument {
  readonly schemaVersion: 1;
  readonly tool: typeof TOOL;
  readonly scan: {
    readonly account: string;
    readonly regions: readonly string[];
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    readonly policy: string;
    readonly checks: readonly string[];
    readonly coverage: ScanResult['coverage'];
    readonly warnings: readonly string[];
    readonly apiCalls: Readonly<Record<string, number>>;
  };
  readonly findings: readonly JsonFinding[];
  readonly summary: ScanSummary;
}

export const toJsonFinding = (finding: Finding): JsonFinding => ({
  checkId: finding.checkId,
  status: finding.status,
  severity: finding.severity,
  service: finding.service,
  account: finding.account,
  region: finding.region,
  resourceType: finding.resourceType,
  resourceId: finding.resourceId,
  message: finding.message,
  evidence: finding.evidence,
  title: finding.title,
  remediation: finding.remediation,
  monitoredService: finding.monitoredService ?? null,
  suppression: finding.suppression ?? null,
});

export const toJsonDocument = (
  result: ScanResult,
  extra: { policy: string; apiCalls: Readonly<Record<string, number>> },
): JsonScanDocument => ({
  schemaVersion: 1,
  tool: TOOL,
  scan: {
    account: result.account,
    regions: result.regions,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: result.durationMs,
    policy: extra.policy,
    checks: result.checks,
    coverage: result.coverage,
    warnings: result.warnings,
    apiCalls: extra.apiCalls,
  },
  findings: result.findings.map(toJsonFinding),
  summary: summarize(result.findings),
});
