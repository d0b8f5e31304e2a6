/**
 * The JSON document of `tpm scan --format json`: a stable contract. Later versions may add
 * fields; they never rename or remove one. `schemaVersion` changes only on a breaking change.
 */
import { z } from 'zod';
import { controlLabels } from '../checks/frameworks.ts';
import { checkById } from '../checks/registry.ts';
import { InputError } from '../errors.ts';
import { collectionOf } from '../model/inventory.ts';
import type { TlsReport } from '../model/tls.ts';
import type { ScanResult } from '../scan/scan.ts';
import { summarize } from '../scan/summary.ts';
import { TOOL } from '../tool.ts';
import { FINDING_STATUSES, type Finding, SEVERITIES } from '../types.ts';
import { formatIssues } from '../zod-issues.ts';

/*
 * The document's one definition. The writer below is typed by it (so a field the writer drops or
 * renames fails the type check) and `tpm report` reads with it (so a document missing a field the
 * report needs is a clear InputError, never a crash half-way through rendering). A later version's
 * added fields are dropped by an older reader, never rejected.
 */

const JsonFindingSchema = z.object({
  checkId: z.string(),
  status: z.enum(FINDING_STATUSES),
  severity: z.enum(SEVERITIES),
  service: z.string(),
  account: z.string(),
  region: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  message: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  title: z.string(),
  remediation: z.string(),
  monitoredService: z.string().nullable(),
  /** The compliance controls the check gives evidence for (checks/frameworks.ts); absent before version 1.1 of tpm. */
  controls: z.array(z.string()).default([]),
  suppression: z
    .object({
      state: z.enum(['active', 'expired']),
      reason: z.string(),
      expires: z.string(),
      resourcePattern: z.string(),
    })
    .nullable(),
});

/** What the prober measured at one endpoint, compact: the report's TLS matrix reads this. */
const JsonTlsEndpointSchema = z.object({
  endpoint: z.string(),
  region: z.string(),
  monitoredService: z.string().nullable(),
  origin: z.enum(['catalog', 'interface-endpoint', 'declared']),
  status: z.enum(['complete', 'partial', 'unstable', 'unreachable']),
  /** Added in 0.1: what changed between concurrent and sequential attempts (status `unstable`). */
  unstable: z.array(z.string()).default([]),
  versions: z.array(
    z.object({
      version: z.string(),
      state: z.enum(['accepted', 'refused', 'cannot-offer', 'error']),
      detail: z.string().nullable(),
      suites: z.array(z.object({ name: z.string(), forwardSecret: z.boolean(), obsolete: z.boolean() })),
    }),
  ),
  tls13Groups: z.array(z.string()),
  postQuantumHybrid: z.boolean(),
  certificate: z
    .object({
      subject: z.string(),
      issuer: z.string(),
      notAfter: z.string(),
      trust: z.string(),
      hostnameMatches: z.boolean(),
      key: z.string(),
    })
    .nullable(),
  handshakes: z.number(),
  durationMs: z.number(),
});

const count = z.number().int().nonnegative();

export const ScanDocumentSchema = z.object({
  schemaVersion: z.literal(1, { error: 'must be 1: is this the output of tpm scan --format json?' }),
  tool: z.object({ name: z.string(), version: z.string() }),
  scan: z.object({
    account: z.string(),
    regions: z.array(z.string()),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: z.number(),
    policy: z.string(),
    checks: z.array(z.string()),
    coverage: z.array(
      z.object({
        account: z.string(),
        region: z.string(),
        status: z.enum(['complete', 'partial', 'not-scanned']),
        failedCollections: z.array(z.string()),
      }),
    ),
    warnings: z.array(z.string()),
    apiCalls: z.record(z.string(), count),
    /**
     * Added in 0.1: the account's own organization, trusted by default (`trust.ownOrganization`);
     * null when the scan did not ask, the account is in none, or the call failed (see warnings).
     */
    ownOrganization: z.string().nullable().default(null),
  }),
  findings: z.array(JsonFindingSchema),
  summary: z.object({
    total: count,
    byStatus: z.record(z.enum(FINDING_STATUSES), count),
    failingBySeverity: z.record(z.enum(SEVERITIES), count),
    suppressed: count,
    byService: z.record(z.string(), z.object({ pass: count, fail: count, error: count, complianceRatio: z.number().nullable() })),
  }),
  /** Added in 0.1: the TLS endpoints probed, for reports (empty when no probe ran). */
  tlsEndpoints: z.array(JsonTlsEndpointSchema).default([]),
});

/** The schema's output, read-only all the way down, so the writer's readonly model fits it. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type JsonFinding = DeepReadonly<z.output<typeof JsonFindingSchema>>;
export type JsonTlsEndpoint = DeepReadonly<z.output<typeof JsonTlsEndpointSchema>>;
export type JsonScanDocument = DeepReadonly<z.output<typeof ScanDocumentSchema>>;

/** Validates a parsed scan document, or throws an InputError naming the first bad fields. */
export const parseScanDocument = (raw: unknown, source: string): JsonScanDocument => {
  const parsed = ScanDocumentSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(
    source,
    `is not a tpm scan document:\n  - ${formatIssues(parsed.error.issues).slice(0, 5).join('\n  - ')}`,
  );
};

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
  controls: controlLabels(checkById(finding.checkId)?.frameworks ?? 'none'),
  suppression: finding.suppression ?? null,
});

export const toJsonTlsEndpoint = (report: TlsReport, region: string): JsonTlsEndpoint => ({
  endpoint: report.endpoint,
  region,
  monitoredService: report.target.serviceKey ?? null,
  origin: report.target.origin,
  status: report.status,
  unstable: report.unstable,
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
