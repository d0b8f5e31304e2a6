import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_certificate_trusted.ts';
import type { CertificateFacts } from '../../../../functions/engine/model/tls.ts';
import { only, runTls, tlsReport } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';
const withCertificate = (overrides: Partial<CertificateFacts> | undefined) =>
  tlsReport({
    certificate: overrides === undefined ? undefined : { ...(tlsReport().certificate as CertificateFacts), ...overrides },
  });

describe('tls_endpoint_certificate_trusted', () => {
  it('passes a chain to a trusted root', () => {
    expect(only(runTls(check, [tlsReport()]), ID).status).toBe('PASS');
  });

  it('fails an untrusted chain and names why and who issued it', () => {
    const finding = only(
      runTls(check, [
        withCertificate({ trust: { state: 'untrusted', error: 'SELF_SIGNED_CERT_IN_CHAIN' }, issuer: 'CN=corp proxy' }),
      ]),
      ID,
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('(SELF_SIGNED_CERT_IN_CHAIN), issued by CN=corp proxy');
  });

  it('reports ERROR when the chain could not be validated, or no certificate was read', () => {
    expect(
      only(runTls(check, [withCertificate({ trust: { state: 'unknown', error: 'no complete handshake' } })]), ID).status,
    ).toBe('ERROR');
    expect(only(runTls(check, [withCertificate(undefined)]), ID).status).toBe('ERROR');
  });
});
