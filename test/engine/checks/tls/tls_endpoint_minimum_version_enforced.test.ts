import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_minimum_version_enforced.ts';
import { only, policy, runTls, suite, tlsReport, unreachableReport, withVersion } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';
const accepting = (version: 'SSLv3' | 'TLSv1' | 'TLSv1.1', report = tlsReport()) =>
  withVersion(report, { version, state: 'accepted', suites: [suite('ECDHE-RSA-AES128-SHA')], serverPreference: null });

describe('tls_endpoint_minimum_version_enforced', () => {
  it('reports nothing when nothing was probed', () => {
    expect(runTls(check, [])).toEqual([]);
  });

  it('passes TLS 1.2 and 1.3 only, naming them', () => {
    const finding = only(runTls(check, [tlsReport()]), ID);
    expect(finding).toMatchObject({
      status: 'PASS',
      monitoredService: 'dynamodb',
      evidence: { lowestAcceptedVersion: 'TLSv1.2', requiredMinimum: 'TLSv1.2' },
    });
    expect(finding.message).toBe(
      'TLS endpoint dynamodb.us-east-1.amazonaws.com:443 (Amazon DynamoDB) accepts only TLS 1.2, TLS 1.3 (minimum TLS 1.2).',
    );
  });

  it('fails TLS 1.0 at HIGH and SSL 3.0 at CRITICAL', () => {
    expect(only(runTls(check, [accepting('TLSv1')]), ID)).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    const ssl3 = only(runTls(check, [accepting('SSLv3', accepting('TLSv1'))]), ID);
    expect(ssl3).toMatchObject({ status: 'FAIL', severity: 'CRITICAL' });
    expect(ssl3.message).toContain('accepts SSL 3.0, TLS 1.0, below the required TLS 1.2');
  });

  it('uses the per-service minimum, then a declared target minimum', () => {
    const strict = policy({ tls: { services: { dynamodb: { minimumVersion: 'TLSv1.3' } } } });
    expect(only(runTls(check, [tlsReport()], strict), ID)).toMatchObject({
      status: 'FAIL',
      evidence: { requiredMinimum: 'TLSv1.3' },
    });
    const lenientTarget = tlsReport({ target: { ...tlsReport().target, minimumVersion: 'TLSv1' } });
    expect(only(runTls(check, [accepting('TLSv1', lenientTarget)], strict), ID).status).toBe('PASS');
  });

  it('reports ERROR, not PASS, when a version below the minimum could not be tested', () => {
    const unknown = withVersion(tlsReport(), {
      version: 'TLSv1.1',
      state: 'error',
      detail: 'timeout after 4000 ms',
      suites: [],
      serverPreference: null,
    });
    const finding = only(runTls(check, [unknown]), ID);
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('could not tell whether TLS 1.1 is accepted (timeout after 4000 ms)');
  });

  it('reports ERROR for an unreachable endpoint', () => {
    const finding = only(runTls(check, [unreachableReport()]), ID);
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('could not be probed: default handshake: connection refused');
  });

  it('judges several endpoints independently', () => {
    const other = {
      ...accepting('TLSv1'),
      endpoint: 'pinpoint.us-east-1.amazonaws.com:443',
      target: { ...tlsReport().target, host: 'pinpoint.us-east-1.amazonaws.com', serviceKey: 'pinpoint' },
    };
    const findings = runTls(check, [tlsReport(), other]);
    expect(findings.map((finding) => [finding.resourceId, finding.status, finding.monitoredService])).toEqual([
      [ID, 'PASS', 'dynamodb'],
      ['pinpoint.us-east-1.amazonaws.com:443', 'FAIL', 'pinpoint'],
    ]);
  });
});
