import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_forward_secrecy_enforced.ts';
import { only, runTls, suite, tlsReport, unreachableReport, withVersion } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';
const tls12With = (...names: string[]) =>
  withVersion(tlsReport(), {
    version: 'TLSv1.2',
    state: 'accepted',
    suites: names.map((name) => suite(name)),
    serverPreference: null,
  });

describe('tls_endpoint_forward_secrecy_enforced', () => {
  it('reports nothing when nothing was probed', () => {
    expect(runTls(check, [])).toEqual([]);
  });

  it('passes ECDHE and TLS 1.3 suites', () => {
    expect(only(runTls(check, [tlsReport()]), ID)).toMatchObject({
      status: 'PASS',
      evidence: { acceptedSuites: 2, nonForwardSecretSuites: 0 },
    });
  });

  it('fails static RSA and static ECDH, listing them', () => {
    const finding = only(
      runTls(check, [tls12With('ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256', 'ECDH-RSA-AES128-SHA')]),
      ID,
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('accepts 2 suites without forward secrecy (AES128-GCM-SHA256, ECDH-RSA-AES128-SHA)');
  });

  it('fails anonymous suites although they are ephemeral', () => {
    const anonymous = withVersion(tlsReport(), {
      version: 'TLSv1.2',
      state: 'accepted',
      suites: [suite('ADH-AES128-SHA', { anonymous: true, forwardSecret: true })],
      serverPreference: null,
    });
    expect(only(runTls(check, [anonymous]), ID).evidence.offending).toEqual([
      { name: 'TLS_DH_anon_WITH_AES_128_CBC_SHA', openssl: 'ADH-AES128-SHA', reason: 'anonymous (no authentication)' },
    ]);
  });

  it('reports ERROR when enumeration stopped early and nothing weak was seen yet', () => {
    const partial = tlsReport({
      status: 'partial',
      enumerationComplete: false,
      errors: ['TLSv1.2 suite enumeration stopped early: connection reset'],
    });
    const finding = only(runTls(check, [partial]), ID);
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('cannot be ruled out');
  });

  it('still fails on what it saw when enumeration stopped early', () => {
    const partial = { ...tls12With('AES128-SHA'), status: 'partial' as const, enumerationComplete: false };
    expect(only(runTls(check, [partial]), ID).status).toBe('FAIL');
  });

  it('reports ERROR for an unreachable endpoint', () => {
    expect(only(runTls(check, [unreachableReport()]), ID).status).toBe('ERROR');
  });
});
