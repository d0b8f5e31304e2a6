import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_obsolete_ciphers_refused.ts';
import { only, runTls, suite, tlsReport, withVersion } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';

describe('tls_endpoint_obsolete_ciphers_refused', () => {
  it('passes a modern endpoint', () => {
    expect(only(runTls(check, [tlsReport()]), ID).status).toBe('PASS');
  });

  it('fails 3DES and RC4 even when they come with ECDHE', () => {
    const legacy = withVersion(tlsReport(), {
      version: 'TLSv1',
      state: 'accepted',
      suites: [suite('ECDHE-RSA-DES-CBC3-SHA'), suite('RC4-SHA'), suite('AES128-SHA')],
      serverPreference: null,
    });
    const finding = only(runTls(check, [legacy]), ID);
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.obsoleteSuites).toEqual(['ECDHE-RSA-DES-CBC3-SHA', 'RC4-SHA']);
  });

  it('reports ERROR when enumeration was incomplete', () => {
    expect(only(runTls(check, [tlsReport({ enumerationComplete: false, status: 'partial' })]), ID).status).toBe('ERROR');
  });
});
