/**
 * The JSON document of `tpm scan --format json`: a stable contract. Later versions may add
 * fields; they never rename or remove one. `schemaVersion` changes only on a breaking change.
 */
import { collectionOf } from '../model/inventory.ts';
import type { TlsReport } from '../model/tls.ts';
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

/** What the prober measured at one endpoint, compact: the report's TLS matrix reads this. */
export interface JsonTlsEndpoint {
  readonly endpoint: string;
  readonly region: string;
  readonly monitoredService: string | null;
  readonly origin: TlsReport['target']['origin'];
  readonly status: TlsReport['status'];
  readonly versions: readonly {
    readonly version: string;
    readonly state: string;
    readonly detail: string | null;
    readonly suites: readonly { readonly name: string; readonly forwardSecret: boolean; readonly obsolete: boolean }[];
  }[];
  readonly tls13Groups: readonly string[];
  readonly postQuantumHybrid: boolean;
  readonly certificate: {
    readonly subject: string;
    readonly issuer: string;
    readonly notAfter: string;
    readonly trust: string;
    readonly hostnameMatches: boolean;
    readonly key: string;
  } | null;
  readonly handshakes: number;
  readonly durationMs: number;
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
    /**
     * Added in 0.1: the account's own organization, trusted by default (`trust.ownOrganization`);
     * null when the scan did not ask, the account is in none, or the call failed (see warnings).
     */
    readonly ownOrganization: string | null;
  };
  readonly findings: readonly JsonFinding[];
  readonly summary: ScanSummary;
  /** Added in 0.1: the TLS endpoints probed, for reports (empty when no probe ran). */
  readonly tlsEndpoints: readonly JsonTlsEndpoint[];
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

export const toJsonTlsEndpoint = (report: TlsReport, region: string): JsonTlsEndpoint => ({
  endpoint: report.endpoint,
  region,
  monitoredService: report.target.serviceKey ?? null,
  origin: report.target.origin,
  status: report.status,
  versions: report.versions.map((probe) => ({
    version: probe.version,
    state: probe.state,
    detail: probe.detail ?? null,
    suites: probe.suites.map((suite) => ({ name: suite.openssl, forwardSecret: suite.forwardSecret, obsolete: suite.obsolete })),
  })),
  tls13Groups: report.tls13Groups.map((group) => group.name),
  postQuantumHybrid: report.postQuantumHybrid.accepted,
  certificate: report.certificate
    ? {
        subject: report.certificate.subject,
        issuer: report.certificate.issuer,
        notAfter: report.certificate.notAfter,
        trust: report.certificate.trust.state,
        hostnameMatches: report.certificate.hostnameMatches,
        key: `${report.certificate.keyType}${report.certificate.keyBits ? ` ${report.certificate.keyBits}` : ''}`,
      }
    : null,
  handshakes: report.handshakes,
  durationMs: report.durationMs,
});

/** Every probed endpoint of a scan, once (the prober memoizes identical targets across regions). */
const tlsEndpointsOf = (result: ScanResult): JsonTlsEndpoint[] => {
  const seen = new Map<string, JsonTlsEndpoint>();
  for (const inventory of result.inventories) {
    const collection = collectionOf(inventory, 'tlsEndpoints');
    for (const item of collection?.status === 'ok' ? collection.items : []) {
      if (!seen.has(item.attributes.endpoint))
        seen.set(item.attributes.endpoint, toJsonTlsEndpoint(item.attributes, item.region));
    }
  }
  return [...seen.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
};

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
    ownOrganization: result.organization?.status === 'member' ? result.organization.organizationId : null,
  },
  findings: result.findings.map(toJsonFinding),
  summary: summarize(result.findings),
  tlsEndpoints: tlsEndpointsOf(result),
});
