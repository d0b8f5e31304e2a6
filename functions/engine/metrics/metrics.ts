/**
 * The metric catalogue and how a run becomes metric data: pure, so the Lambda path (EMF) and the
 * CLI path (PutMetricData) publish exactly the same names, units and dimensions.
 *
 * Cardinality stays bounded: dimensions are services and check ids (both finite lists), never
 * resource ids; per-account/region copies are opt-in (`metrics.perRegion`).
 */

import type { Transition } from '../baseline/types.ts';
import { collectionOf, type Inventory } from '../model/inventory.ts';
import { allAcceptedSuites, lowestAccepted } from '../model/tls.ts';
import type { ScanResult } from '../scan/scan.ts';
import { summarize } from '../scan/summary.ts';
import type { TlsVersion } from '../tls-versions.ts';
import { type Finding, isActiveFailure } from '../types.ts';

export type MetricUnit = 'Count' | 'None' | 'Milliseconds';

export interface MetricDefinition {
  readonly unit: MetricUnit;
  /** Dimension sets it is published under; [] is the total with no dimension. */
  readonly dimensions: readonly (readonly string[])[];
  readonly description: string;
}

/** Every metric the monitor publishes, in the order the README documents them. */
export const METRIC_CATALOG = {
  FailingFindings: {
    unit: 'Count',
    dimensions: [[], ['Service'], ['CheckId']],
    description: "Unsuppressed FAIL findings (Service is the check's service: vpc, tls, vpn, …)",
  },
  ErrorFindings: { unit: 'Count', dimensions: [[], ['Service']], description: 'ERROR findings: checks that could not see' },
  ComplianceRatio: {
    unit: 'None',
    dimensions: [['Service']],
    description: 'PASS / (PASS + FAIL + ERROR) per service, 0 to 1; ERROR counts against it',
  },
  CollectionErrors: { unit: 'Count', dimensions: [[]], description: 'Collections (AWS reads) that failed in the run' },
  RegionsNotScanned: { unit: 'Count', dimensions: [[]], description: 'Regions the run did not reach (deadline)' },
  ScanDuration: { unit: 'Milliseconds', dimensions: [[]], description: 'Wall time of the scan' },
  NewFailures: { unit: 'Count', dimensions: [[]], description: 'NEW_FAILURE transitions in the run' },
  Regressions: { unit: 'Count', dimensions: [[]], description: 'REGRESSION transitions in the run' },
  Recoveries: { unit: 'Count', dimensions: [[]], description: 'RECOVERY and RESOLVED_BY_DELETION transitions in the run' },
  LostVisibility: { unit: 'Count', dimensions: [[]], description: 'ERROR transitions: checks blind for errorAfter runs' },
  AlertsPublished: { unit: 'Count', dimensions: [[]], description: 'Alert digests delivered' },
  AlertDeliveryFailures: {
    unit: 'Count',
    dimensions: [[]],
    description: 'Alert digests that could not be delivered (retried next run)',
  },
  SecurityHubFindingsImported: {
    unit: 'Count',
    dimensions: [[]],
    description: 'Findings imported into Security Hub this run (only transitions are sent)',
  },
  SecurityHubImportFailures: {
    unit: 'Count',
    dimensions: [[]],
    description: 'Findings Security Hub did not accept this run (kept queued in the baseline, sent again next run)',
  },
  LowestAcceptedTlsVersion: {
    unit: 'None',
    dimensions: [['MonitoredService']],
    description: 'Oldest protocol any probed endpoint of the service accepts: 1.0, 1.1, 1.2, 1.3 (SSL 3.0 is 0.3)',
  },
  NonForwardSecretSuitesAccepted: {
    unit: 'Count',
    dimensions: [['MonitoredService']],
    description: "Suites without forward secrecy accepted, summed over the service's endpoints",
  },
  DaysToCertificateExpiry: {
    unit: 'None',
    dimensions: [['MonitoredService']],
    description: 'Fewest days until a probed certificate of the service expires (negative: expired)',
  },
  TlsEndpointsUnreachable: { unit: 'Count', dimensions: [[]], description: 'Probed endpoints that gave no answer' },
  VpnTunnelsUp: { unit: 'Count', dimensions: [[]], description: 'Site-to-Site VPN tunnels reporting UP' },
  VpnTunnelsDown: { unit: 'Count', dimensions: [[]], description: 'Site-to-Site VPN tunnels reporting DOWN' },
  ObservedApiCalls: {
    unit: 'Count',
    dimensions: [['MonitoredService']],
    description: 'API calls to the service seen in CloudTrail by the observed-client-TLS handler',
  },
  ObservedCallsBelowMinimumTls: {
    unit: 'Count',
    dimensions: [['MonitoredService']],
    description: 'Calls whose tlsDetails show a version below the policy minimum',
  },
  ObservedCallsWithoutForwardSecrecy: {
    unit: 'Count',
    dimensions: [['MonitoredService']],
    description: 'Calls whose tlsDetails show a suite without forward secrecy',
  },
  ObservedCallsOutsideEndpoint: {
    unit: 'Count',
    dimensions: [['MonitoredService']],
    description: 'Calls from a network without vpcEndpointId, for a service the policy requires an endpoint for',
  },
  SweepsCompleted: {
    unit: 'Count',
    dimensions: [[]],
    description: 'Scheduled sweeps that reached every region in scope (the dead-monitor alarm watches it)',
  },
  UnitsScanned: {
    unit: 'Count',
    dimensions: [[]],
    description: 'Org sweep: (account, region) units that reported (complete or partial)',
  },
  UnitsFailed: {
    unit: 'Count',
    dimensions: [[]],
    description: 'Org sweep: units that could not assume the member role, or never reported',
  },
  MalformedEvents: {
    unit: 'Count',
    dimensions: [['Handler']],
    description: "Events rejected by a handler's schema (not retried)",
  },
  IgnoredEvents: {
    unit: 'Count',
    dimensions: [['Handler']],
    description: 'Events a handler had nothing to do for (failed calls, other regions)',
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRIC_CATALOG;

export interface MetricDatum {
  readonly name: MetricName;
  readonly unit: MetricUnit;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

export const DEFAULT_NAMESPACE = 'TrafficPrivacyMonitor';

const VERSION_VALUE: Readonly<Record<TlsVersion, number>> = {
  SSLv3: 0.3,
  TLSv1: 1.0,
  'TLSv1.1': 1.1,
  'TLSv1.2': 1.2,
  'TLSv1.3': 1.3,
};

/** One datum of a catalogue metric, with the catalogue's unit. */
export const datum = (name: MetricName, value: number, dimensions: Record<string, string> = {}): MetricDatum => ({
  name,
  unit: METRIC_CATALOG[name].unit,
  value,
  dimensions,
});

const countBy = <T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
};

const findingMetrics = (findings: readonly Finding[], checks: readonly string[]): MetricDatum[] => {
  const failing = findings.filter(isActiveFailure);
  const errors = findings.filter((finding) => finding.status === 'ERROR');
  const summary = summarize(findings);
  const failingByCheck = countBy(failing, (finding) => finding.checkId);
  const failingByService = countBy(failing, (finding) => finding.service);
  const errorsByService = countBy(errors, (finding) => finding.service);
  return [
    datum('FailingFindings', failing.length),
    // Zeros too, per service and check that ran, so alarms and graphs see the fix, not a gap.
    ...Object.keys(summary.byService).map((service) =>
      datum('FailingFindings', failingByService.get(service) ?? 0, { Service: service }),
    ),
    ...checks.map((checkId) => datum('FailingFindings', failingByCheck.get(checkId) ?? 0, { CheckId: checkId })),
    datum('ErrorFindings', errors.length),
    ...Object.keys(summary.byService).map((service) =>
      datum('ErrorFindings', errorsByService.get(service) ?? 0, { Service: service }),
    ),
    ...Object.entries(summary.byService)
      .filter(([, counts]) => counts.complianceRatio !== null)
      .map(([service, counts]) => datum('ComplianceRatio', counts.complianceRatio as number, { Service: service })),
  ];
};

/** Measurements read from the inventories: what endpoints accept, certificates, tunnels. */
const inventoryMetrics = (inventories: readonly Inventory[], now: Date): MetricDatum[] => {
  const lowest = new Map<string, number>();
  const nonForwardSecret = new Map<string, number>();
  const expiry = new Map<string, number>();
  let unreachable = 0;
  let tunnelsUp = 0;
  let tunnelsDown = 0;
  for (const inventory of inventories) {
    const endpoints = collectionOf(inventory, 'tlsEndpoints');
    for (const { attributes: report } of endpoints?.status === 'ok' ? endpoints.items : []) {
      if (report.status === 'unreachable') {
        unreachable++;
        continue;
      }
      const service = report.target.serviceKey;
      if (!service) continue;
      const oldest = lowestAccepted(report);
      if (oldest) lowest.set(service, Math.min(lowest.get(service) ?? Number.POSITIVE_INFINITY, VERSION_VALUE[oldest]));
      const weak = allAcceptedSuites(report).filter((suite) => !suite.forwardSecret).length;
      nonForwardSecret.set(service, (nonForwardSecret.get(service) ?? 0) + weak);
      if (report.certificate) {
        const days = Math.floor((Date.parse(report.certificate.notAfter) - now.getTime()) / 86_400_000);
        expiry.set(service, Math.min(expiry.get(service) ?? Number.POSITIVE_INFINITY, days));
      }
    }
    const vpns = collectionOf(inventory, 'vpnConnections');
    for (const { attributes: connection } of vpns?.status === 'ok' ? vpns.items : []) {
      for (const tunnel of connection.tunnels) {
        if (tunnel.status === 'UP') tunnelsUp++;
        if (tunnel.status === 'DOWN') tunnelsDown++;
      }
    }
  }
  const perService = (name: MetricName, values: Map<string, number>) =>
    [...values]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, value]) => datum(name, value, { MonitoredService: service }));
  const measuredTls = inventories.some((inventory) => collectionOf(inventory, 'tlsEndpoints')?.status === 'ok');
  const measuredVpn = inventories.some((inventory) => collectionOf(inventory, 'vpnConnections')?.status === 'ok');
  return [
    ...perService('LowestAcceptedTlsVersion', lowest),
    ...perService('NonForwardSecretSuitesAccepted', nonForwardSecret),
    ...perService('DaysToCertificateExpiry', expiry),
    ...(measuredTls ? [datum('TlsEndpointsUnreachable', unreachable)] : []),
    ...(measuredVpn ? [datum('VpnTunnelsUp', tunnelsUp), datum('VpnTunnelsDown', tunnelsDown)] : []),
  ];
};

/** What metrics read of a run's baseline step: its transitions and how many alerts left. */
export interface ChangeCounts {
  readonly transitions: readonly Transition[];
  readonly delivery: { readonly published: number; readonly failed: number };
  readonly securityHub?: { readonly imported: number; readonly failed: number } | undefined;
}

const changeMetrics = (changes: ChangeCounts): MetricDatum[] => {
  const kinds = countBy(changes.transitions, (transition) => transition.kind);
  return [
    datum('NewFailures', kinds.get('NEW_FAILURE') ?? 0),
    datum('Regressions', kinds.get('REGRESSION') ?? 0),
    datum('Recoveries', (kinds.get('RECOVERY') ?? 0) + (kinds.get('RESOLVED_BY_DELETION') ?? 0)),
    datum('LostVisibility', kinds.get('ERROR') ?? 0),
    datum('AlertsPublished', changes.delivery.published),
    datum('AlertDeliveryFailures', changes.delivery.failed),
    ...(changes.securityHub
      ? [
          datum('SecurityHubFindingsImported', changes.securityHub.imported),
          datum('SecurityHubImportFailures', changes.securityHub.failed),
        ]
      : []),
  ];
};

export interface MetricsInput {
  readonly scan: ScanResult;
  readonly changes?: ChangeCounts | undefined;
  /** Also publish every finding and measurement metric per Account and Region. */
  readonly perRegion?: boolean;
  /**
   * A change re-check that looked at a few resources. Its counts of failing findings, compliance
   * ratios and TLS or VPN readings describe that slice, not the estate, so they are left to the
   * sweeps (a graph of FailingFindings must not dip to 1 whenever one endpoint is re-checked);
   * only its transitions, deliveries and collection errors are published.
   */
  readonly focused?: boolean;
  readonly now?: Date;
}

/** The run as metric data, totals first; each datum's dimensions are one of its catalogue sets. */
export const metricsOfRun = (input: MetricsInput): MetricDatum[] => {
  const { scan } = input;
  const now = input.now ?? new Date(scan.finishedAt);
  const collectionErrors = datum(
    'CollectionErrors',
    scan.coverage.reduce((sum, region) => sum + region.failedCollections.length, 0),
  );
  if (input.focused) return [collectionErrors, ...(input.changes ? changeMetrics(input.changes) : [])];
  const data: MetricDatum[] = [
    ...findingMetrics(scan.findings, scan.checks),
    collectionErrors,
    datum('RegionsNotScanned', scan.coverage.filter((region) => region.status === 'not-scanned').length),
    datum('ScanDuration', scan.durationMs),
    ...inventoryMetrics(scan.inventories, now),
    ...(input.changes ? changeMetrics(input.changes) : []),
  ];
  if (!input.perRegion) return data;
  const regional = scan.inventories.flatMap((inventory) => {
    const where = { Account: inventory.account, Region: inventory.region };
    const findings = scan.findings.filter(
      (finding) => finding.account === inventory.account && finding.region === inventory.region,
    );
    return [...findingMetrics(findings, scan.checks), ...inventoryMetrics([inventory], now)].map((entry) => ({
      ...entry,
      dimensions: { ...where, ...entry.dimensions },
    }));
  });
  return [...data, ...regional];
};
