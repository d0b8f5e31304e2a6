/**
 * The metric catalogue as published: what a run becomes, and the Embedded Metric Format lines
 * the Lambda path writes (captured from stdout and parsed the way CloudWatch Logs would).
 */
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRIC_CATALOG, type MetricDatum, metricsOfRun } from '../../../functions/engine/metrics/metrics.ts';
import { emitEmf } from '../../../functions/engine/metrics/sinks.ts';
import type { CertificateFacts } from '../../../functions/engine/model/tls.ts';
import type { ChangeTrackingResult } from '../../../functions/engine/run/track-changes.ts';
import { finding, scanResult } from '../../support/baseline.ts';
import {
  inventory,
  suite,
  tlsEndpoint,
  tlsReport,
  tunnel,
  unreachableReport,
  vpnConnection,
  withVersion,
} from '../../support/builders.ts';

// The builders' clock is 2026-11-22T12:00Z; their certificate expires 2027-06-01.
const NOW = new Date('2026-11-22T12:00:00Z');
const legacyPinpoint = withVersion(
  tlsReport({
    target: { host: 'pinpoint.us-east-1.amazonaws.com', port: 443, origin: 'catalog', serviceKey: 'pinpoint' },
    endpoint: 'pinpoint.us-east-1.amazonaws.com:443',
    certificate: { ...(tlsReport().certificate as CertificateFacts), notAfter: '2026-12-02T12:00:00.000Z' },
  }),
  { version: 'TLSv1', state: 'accepted', suites: [suite('AES128-SHA'), suite('ECDHE-RSA-AES128-SHA')], serverPreference: true },
);
const scan = scanResult(
  [
    finding('vpce-1', 'FAIL'),
    finding('vpce-2', 'PASS'),
    finding('vpce-3', 'FAIL', {
      suppression: { state: 'active', reason: 'accepted', expires: '2027-01-01', resourcePattern: '*' },
    }),
    finding('pinpoint.us-east-1.amazonaws.com:443', 'ERROR', {
      checkId: 'tls_endpoint_minimum_version_enforced',
      service: 'tls',
    }),
  ],
  NOW.toISOString(),
  {
    checks: [
      'vpc_endpoint_policy_wildcard_principal_bounded',
      'tls_endpoint_minimum_version_enforced',
      'vpn_connection_tunnels_up',
    ],
    inventories: [
      inventory({
        tlsEndpoints: [tlsEndpoint(tlsReport()), tlsEndpoint(legacyPinpoint), tlsEndpoint(unreachableReport())],
        vpnConnections: [vpnConnection({ tunnels: [tunnel('203.0.113.1'), tunnel('203.0.113.2', { status: 'DOWN' })] })],
      }),
    ],
  },
);
const value = (data: readonly MetricDatum[], name: string, dimensions: Record<string, string> = {}) =>
  data.find((entry) => entry.name === name && JSON.stringify(entry.dimensions) === JSON.stringify(dimensions))?.value;

describe('metricsOfRun', () => {
  const data = metricsOfRun({ scan, now: NOW });

  it('counts unsuppressed failures in total, per service and per check (zeros included)', () => {
    expect(value(data, 'FailingFindings')).toBe(1);
    expect(value(data, 'FailingFindings', { Service: 'vpc' })).toBe(1);
    expect(value(data, 'FailingFindings', { Service: 'tls' })).toBe(0);
    expect(value(data, 'FailingFindings', { CheckId: 'vpn_connection_tunnels_up' })).toBe(0);
    expect(value(data, 'ErrorFindings', { Service: 'tls' })).toBe(1);
    // vpc: 2 PASS (one of them a suppressed FAIL) out of 3 judged.
    expect(value(data, 'ComplianceRatio', { Service: 'vpc' })).toBe(0.6667);
  });

  it('measures what endpoints accept, certificates and tunnels, per monitored service', () => {
    expect(value(data, 'LowestAcceptedTlsVersion', { MonitoredService: 'dynamodb' })).toBe(1.2);
    expect(value(data, 'LowestAcceptedTlsVersion', { MonitoredService: 'pinpoint' })).toBe(1.0);
    expect(value(data, 'NonForwardSecretSuitesAccepted', { MonitoredService: 'pinpoint' })).toBe(1);
    expect(value(data, 'DaysToCertificateExpiry', { MonitoredService: 'pinpoint' })).toBe(10);
    expect(value(data, 'TlsEndpointsUnreachable')).toBe(1);
    expect([value(data, 'VpnTunnelsUp'), value(data, 'VpnTunnelsDown')]).toEqual([1, 1]);
  });

  it('uses only catalogued names, units and dimension sets, never a resource id', () => {
    for (const entry of data) {
      const definition = METRIC_CATALOG[entry.name];
      expect(entry.unit).toBe(definition.unit);
      expect(definition.dimensions.map((set) => [...set].sort().join(','))).toContain(
        Object.keys(entry.dimensions).sort().join(','),
      );
    }
    expect(JSON.stringify(data)).not.toContain('vpce-');
  });

  it('adds per-region copies only when asked', () => {
    const regional = metricsOfRun({ scan, now: NOW, perRegion: true }).filter((entry) => 'Region' in entry.dimensions);
    expect(value(data, 'FailingFindings', { Account: '111122223333', Region: 'us-east-1' })).toBeUndefined();
    expect(
      regional.find((entry) => entry.name === 'FailingFindings' && Object.keys(entry.dimensions).length === 2),
    ).toMatchObject({
      value: 1,
      dimensions: { Account: '111122223333', Region: 'us-east-1' },
    });
  });

  it("counts the run's transitions and deliveries when changes were tracked", () => {
    const changes = {
      transitions: [{ kind: 'REGRESSION' }, { kind: 'RECOVERY' }, { kind: 'RESOLVED_BY_DELETION' }, { kind: 'STILL_FAILING' }],
      delivery: { published: 2, failed: 1, errors: [], destination: 'x', heldByOtherRuns: { count: 0, until: undefined } },
      messages: [],
      stalePartitions: [],
    } as unknown as ChangeTrackingResult;
    const tracked = metricsOfRun({ scan, changes, now: NOW });
    expect([value(tracked, 'Regressions'), value(tracked, 'Recoveries'), value(tracked, 'NewFailures')]).toEqual([1, 2, 0]);
    expect([value(tracked, 'AlertsPublished'), value(tracked, 'AlertDeliveryFailures')]).toEqual([2, 1]);
  });

  it('publishes only transitions, deliveries and collection errors for a focused re-check', () => {
    const changes = {
      transitions: [{ kind: 'REGRESSION' }],
      delivery: { published: 1, failed: 0, errors: [], destination: 'x', heldByOtherRuns: { count: 0, until: undefined } },
      messages: [],
      stalePartitions: [],
    } as unknown as ChangeTrackingResult;
    const focused = metricsOfRun({ scan, changes, now: NOW, focused: true });
    expect(focused.map((entry) => entry.name).sort()).toEqual([
      'AlertDeliveryFailures',
      'AlertsPublished',
      'CollectionErrors',
      'LostVisibility',
      'NewFailures',
      'Recoveries',
      'Regressions',
    ]);
    expect(value(focused, 'Regressions')).toBe(1);
    // The slice's failing count must not overwrite the estate's: no FailingFindings at all.
    expect(value(focused, 'FailingFindings')).toBeUndefined();
  });
});

describe('the README metric catalogue', () => {
  it('documents every metric the code publishes', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(METRIC_CATALOG)) expect(readme, name).toContain(`\`${name}\``);
  });
});

describe('emitEmf', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes EMF lines that carry exactly the data of the run, one line per dimension set', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const data = metricsOfRun({ scan, now: NOW });
    const written = emitEmf('TPM/Test', data);
    vi.restoreAllMocks();
    const documents = lines
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toHaveLength(written);
    const parsed = documents.flatMap((document) => {
      const directive = document._aws.CloudWatchMetrics[0];
      expect(directive.Namespace).toBe('TPM/Test');
      const names: string[] = directive.Dimensions[0] ?? [];
      expect(names).not.toContain('service'); // Powertools' default dimension is cleared
      return directive.Metrics.map((metric: { Name: string; Unit: string }) => ({
        name: metric.Name,
        unit: metric.Unit,
        value: document[metric.Name],
        dimensions: Object.fromEntries(names.map((name) => [name, document[name]])),
      }));
    });
    const normalize = (entries: { name: string; unit: string; value: number; dimensions: Record<string, string> }[]) =>
      entries.map((entry) => `${entry.name} ${JSON.stringify(entry.dimensions)} ${entry.value}`).sort();
    expect(normalize(parsed)).toEqual(normalize(data.map((entry) => ({ ...entry, unit: entry.unit }))));
  });
});
