import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_tls13_offered.ts';
import { only, runTls, tlsReport, withVersion } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';
const tls13 = (state: 'refused' | 'error') =>
  withVersion(tlsReport(), { version: 'TLSv1.3', state, detail: 'x', suites: [], serverPreference: null });

describe('tls_endpoint_tls13_offered', () => {
  it('passes, fails (INFO) and errors by the TLS 1.3 probe', () => {
    expect(only(runTls(check, [tlsReport()]), ID).status).toBe('PASS');
    expect(only(runTls(check, [tls13('refused')]), ID)).toMatchObject({ status: 'FAIL', severity: 'INFO' });
    expect(only(runTls(check, [tls13('error')]), ID).status).toBe('ERROR');
  });
});
