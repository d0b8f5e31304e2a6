import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_certificate_not_expiring.ts';
import type { CertificateFacts } from '../../../../functions/engine/model/tls.ts';
import { only, policy, runTls, tlsReport } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';
// NOW is 2026-11-22T12:00Z.
const expiring = (notAfter: string, notBefore = '2026-01-01T00:00:00.000Z') =>
  tlsReport({ certificate: { ...(tlsReport().certificate as CertificateFacts), notAfter, notBefore } });

describe('tls_endpoint_certificate_not_expiring', () => {
  it('passes with days to spare, and reports them', () => {
    expect(only(runTls(check, [tlsReport()]), ID)).toMatchObject({ status: 'PASS', evidence: { daysToExpiry: 190 } });
  });

  it('fails at MEDIUM inside the warning window', () => {
    const finding = only(runTls(check, [expiring('2026-12-10T00:00:00.000Z')]), ID);
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'MEDIUM', evidence: { daysToExpiry: 17, warningDays: 30 } });
  });

  it('honours a shorter window from the policy', () => {
    expect(
      only(runTls(check, [expiring('2026-12-10T00:00:00.000Z')], policy({ tls: { certificateExpiryDays: 7 } })), ID).status,
    ).toBe('PASS');
  });

  it('fails at CRITICAL once expired, and when not yet valid', () => {
    expect(only(runTls(check, [expiring('2026-11-01T00:00:00.000Z')]), ID)).toMatchObject({
      status: 'FAIL',
      severity: 'CRITICAL',
    });
    expect(only(runTls(check, [expiring('2027-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')]), ID).message).toContain(
      'not valid until',
    );
  });
});
