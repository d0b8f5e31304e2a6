import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_certificate_hostname_match.ts';
import type { CertificateFacts } from '../../../../functions/engine/model/tls.ts';
import { only, runTls, tlsReport } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';

describe('tls_endpoint_certificate_hostname_match', () => {
  it('passes a certificate for the hostname', () => {
    expect(only(runTls(check, [tlsReport()]), ID).status).toBe('PASS');
  });

  it('fails another name even when the chain is trusted, naming both', () => {
    const mismatch = tlsReport({
      certificate: {
        ...(tlsReport().certificate as CertificateFacts),
        hostnameMatches: false,
        subjectAltNames: ['DNS:*.example.com'],
      },
    });
    const finding = only(runTls(check, [mismatch]), ID);
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('presents a certificate for DNS:*.example.com, not for dynamodb.us-east-1.amazonaws.com');
  });
});
