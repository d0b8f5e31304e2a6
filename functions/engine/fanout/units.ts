/**
 * One unit of an org sweep, and the aggregation at the end.
 *
 * A unit scans one region of one account through that account's read-only member role, records
 * what it saw in the baseline (the same transitions as a single-account sweep) and reports an
 * outcome; it never publishes. A unit without access is *blind*: every check it could not run
 * becomes a region-wide ERROR finding, exactly as a denied Describe call does in one account, so
 * lost visibility alerts after `alerts.errorAfter` runs and nothing passes by default.
 *
 * The aggregator then delivers everything pending across every planned partition at once, so a
 * whole organization gets one digest per severity, and counts the units that failed or never
 * reported.
 */
import type { AlertPublisher } from '../alerts/publisher.ts';
import { reportableTransitions } from '../baseline/transitions.ts';
import { type BaselineStore, GLOBAL_REGION, type Partition, partitionId } from '../baseline/types.ts';
import { DEFAULT_CATALOG, type ServiceCatalog } from '../catalog.ts';
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import type { AwsClients } from '../collectors/aws-clients.ts';
import { assumeMemberRole, memberRoleArn } from '../collectors/organization.ts';
import { CollectorError, CredentialsError, describeError } from '../errors.ts';
import { datum, type MetricDatum } from '../metrics/metrics.ts';
import type { CollectionName, Collections } from '../model/inventory.ts';
import { type EffectivePolicy, isCheckEnabled } from '../policy/effective.ts';
import { applySuppressions } from '../policy/suppressions.ts';
import { type ExportResult, exportFindings } from '../run/export-findings.ts';
import { type DeliveryResult, deliverPendingAlerts, recordObservations } from '../run/track-changes.ts';
import { evaluateInventory } from '../scan/evaluate.ts';
import { runScan, type ScanResult } from '../scan/scan.ts';
import type { FindingsExporter } from '../securityhub/exporter.ts';
import { isActiveFailure } from '../types.ts';
import { type OrgSweepPlan, type OrgUnit, unitId, unitsOf } from './plan.ts';
import type { UnitLedger, UnitOutcome } from './unit-ledger.ts';

export interface UnitDependencies {
  readonly policy: EffectivePolicy;
  /** The monitor's own credentials; member accounts are reached by assuming their role with these. */
  readonly clients: AwsClients;
  readonly store: BaselineStore;
  readonly ledger: UnitLedger;
  readonly selfAccount: string;
  readonly memberRoleName: string;
  readonly partition?: string;
  readonly catalog?: ServiceCatalog;
  readonly signal?: AbortSignal | undefined;
  /** Counts the unit's AWS calls, for its outcome. */
  readonly apiCalls?: () => number;
  /**
   * The Security Hub export, when on: an exporter acting in the unit's own account (the member
   * role's clients), since BatchImportFindings on the default product takes only the caller's findings.
   */
  readonly exporterFor?: ((clients: AwsClients) => FindingsExporter) | undefined;
}

/**
 * The checks a unit runs. The TLS endpoint probes measure AWS's public service endpoints, which
 * are the same whichever account looks, so only the monitor's own account probes them.
 */
export const unitChecks = (unit: Pick<OrgUnit, 'account'>, selfAccount: string, policy: EffectivePolicy): AnyCheck[] =>
  CHECKS.filter((check) => isCheckEnabled(policy, check.id) && (unit.account === selfAccount || check.service !== 'tls'));

/** A scan result for a unit that could not see anything: one region-wide ERROR per check, with the reason. */
export const blindScan = (
  unit: OrgUnit,
  checks: readonly AnyCheck[],
  policy: EffectivePolicy,
  cause: Error,
  at: Date,
): ScanResult => {
  const error = new CollectorError(
    { service: 'sts', operation: 'AssumeRole', region: unit.region, code: 'AccessDenied' },
    { cause },
  );
  const needed = [...new Set(checks.flatMap((check) => [check.subject, ...check.requires]))] as CollectionName[];
  const collections = Object.fromEntries(needed.map((name) => [name, { status: 'error', error }])) as Collections;
  const findings = evaluateInventory(
    { account: unit.account, region: unit.region, collections },
    { checks, policy, catalog: DEFAULT_CATALOG, now: at },
  );
  return {
    account: unit.account,
    regions: [unit.region],
    primaryRegion: unit.primaryRegion,
    startedAt: at.toISOString(),
    finishedAt: at.toISOString(),
    durationMs: 0,
    checks: checks.map((check) => check.id),
    findings: applySuppressions(findings, policy.suppressions, at),
    coverage: [{ account: unit.account, region: unit.region, status: 'partial', failedCollections: needed }],
    warnings: [describeError(cause)],
    inventories: [],
  };
};

export const scanUnit = async (unit: OrgUnit, deps: UnitDependencies): Promise<UnitOutcome> => {
  const started = Date.now();
  const checks = unitChecks(unit, deps.selfAccount, deps.policy);
  let scan: ScanResult;
  let clients = deps.clients;
  let blind: string | undefined;
  try {
    if (unit.account !== deps.selfAccount) {
      clients = await assumeMemberRole(deps.clients, memberRoleArn(unit.account, deps.memberRoleName, deps.partition), {
        region: unit.region,
        sessionName: `tpm-${unit.runId}`,
      });
    }
    scan = await runScan({
      policy: deps.policy,
      regions: [unit.region],
      primaryRegion: unit.primaryRegion,
      clients,
      account: unit.account,
      checks,
      signal: deps.signal,
      alsoCollect: ['egressAddresses'],
      ...(deps.catalog ? { catalog: deps.catalog } : {}),
    });
  } catch (error) {
    if (!(error instanceof CredentialsError)) {
      if (clients !== deps.clients) clients.destroy();
      throw error; // transient: the state machine retries the unit
    }
    blind = error.message;
    scan = blindScan(unit, checks, deps.policy, error, new Date());
  }
  let recorded: Awaited<ReturnType<typeof recordObservations>>;
  let exported: ExportResult | undefined;
  try {
    const options = { ...deps.policy.alerts, securityHub: deps.exporterFor !== undefined };
    recorded = await recordObservations({ scan, store: deps.store, options, checks });
    // A blind unit has no credentials in its account to import with: its queue waits for the next run.
    exported =
      deps.exporterFor && !blind
        ? await exportFindings({
            store: deps.store,
            partitions: recorded.exportPartitions,
            exporter: deps.exporterFor(clients),
            homeRegion: unit.primaryRegion,
            checks,
          })
        : undefined;
  } finally {
    if (clients !== deps.clients) clients.destroy();
  }
  const coverage = scan.coverage[0];
  const outcome: UnitOutcome = {
    account: unit.account,
    region: unit.region,
    status: blind ? 'blind' : coverage?.status === 'complete' ? 'scanned' : 'partial',
    detail:
      blind ?? (coverage?.failedCollections.length ? `could not read ${coverage.failedCollections.join(', ')}` : 'complete'),
    findings: scan.findings.length,
    failing: scan.findings.filter(isActiveFailure).length,
    transitions: reportableTransitions(recorded).length,
    apiCalls: deps.apiCalls?.() ?? 0,
    pendingPartitions: recorded.pendingPartitions.map(partitionId),
    ...(exported ? { securityHub: { imported: exported.imported, failed: exported.failed } } : {}),
    durationMs: Date.now() - started,
  };
  await deps.ledger.record(unit.runId, outcome);
  return outcome;
};

export interface AggregateDependencies {
  readonly store: BaselineStore;
  readonly ledger: UnitLedger;
  readonly publisher?: AlertPublisher | undefined;
  readonly policySource: string;
  readonly catalog?: ServiceCatalog;
  readonly now?: () => Date;
}

export interface OrgSweepSummary {
  readonly runId: string;
  readonly units: number;
  readonly scanned: number;
  readonly partial: number;
  readonly blind: readonly { readonly unit: string; readonly detail: string }[];
  /** Units with no outcome: their function failed after retries or timed out. */
  readonly missing: readonly string[];
  readonly skippedAccounts: OrgSweepPlan['skipped'];
  readonly failing: number;
  readonly transitions: number;
  readonly delivery: DeliveryResult['delivery'];
  readonly subjects: readonly string[];
  /** With the Security Hub export on: the units' imports into their accounts' hubs, summed. */
  readonly securityHub?: { readonly imported: number; readonly failed: number } | undefined;
}

/** Every baseline partition a plan's units may have written: each region, and each account's global resources. */
export const partitionsOf = (plan: OrgSweepPlan): Partition[] =>
  plan.accounts.flatMap((account) => [
    ...plan.regions.map((region) => ({ account, region })),
    { account, region: GLOBAL_REGION },
  ]);

export const aggregateOrgSweep = async (plan: OrgSweepPlan, deps: AggregateDependencies): Promise<OrgSweepSummary> => {
  const outcomes = new Map((await deps.ledger.outcomes(plan.runId)).map((outcome) => [unitId(outcome), outcome]));
  const units = unitsOf(plan);
  const reported = units.flatMap((unit) => outcomes.get(unitId(unit)) ?? []);
  // A unit that reported says which partitions hold alerts; for one that did not, every partition it may have written is read.
  const missingUnits = new Set(units.filter((unit) => !outcomes.has(unitId(unit))).map((unit) => unit.account));
  const pending = new Set(reported.flatMap((outcome) => outcome.pendingPartitions));
  const { messages, delivery } = await deliverPendingAlerts({
    store: deps.store,
    partitions: partitionsOf(plan).filter(
      (partition) => missingUnits.has(partition.account) || pending.has(partitionId(partition)),
    ),
    publisher: deps.publisher,
    runId: `org-${plan.runId}`,
    policySource: deps.policySource,
    ...(deps.catalog ? { catalog: deps.catalog } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  return {
    runId: plan.runId,
    units: units.length,
    scanned: reported.filter((outcome) => outcome.status === 'scanned').length,
    partial: reported.filter((outcome) => outcome.status === 'partial').length,
    blind: reported
      .filter((outcome) => outcome.status === 'blind')
      .map((outcome) => ({ unit: unitId(outcome), detail: outcome.detail })),
    missing: units.filter((unit) => !outcomes.has(unitId(unit))).map(unitId),
    skippedAccounts: plan.skipped,
    failing: reported.reduce((sum, outcome) => sum + outcome.failing, 0),
    transitions: reported.reduce((sum, outcome) => sum + outcome.transitions, 0),
    delivery,
    subjects: messages.map((message) => message.subject),
    ...(reported.some((outcome) => outcome.securityHub)
      ? {
          securityHub: {
            imported: reported.reduce((sum, outcome) => sum + (outcome.securityHub?.imported ?? 0), 0),
            failed: reported.reduce((sum, outcome) => sum + (outcome.securityHub?.failed ?? 0), 0),
          },
        }
      : {}),
  };
};

/** The org run as metrics: the units, the estate's failing total (only when every unit reported), the alerts. */
export const orgSweepMetrics = (summary: OrgSweepSummary): MetricDatum[] => [
  datum('UnitsScanned', summary.scanned + summary.partial),
  datum('UnitsFailed', summary.blind.length + summary.missing.length),
  ...(summary.missing.length || summary.blind.length ? [] : [datum('FailingFindings', summary.failing)]),
  datum('AlertsPublished', summary.delivery.published),
  datum('AlertDeliveryFailures', summary.delivery.failed),
  ...(summary.securityHub
    ? [
        datum('SecurityHubFindingsImported', summary.securityHub.imported),
        datum('SecurityHubImportFailures', summary.securityHub.failed),
      ]
    : []),
  datum('SweepsCompleted', 1),
];
