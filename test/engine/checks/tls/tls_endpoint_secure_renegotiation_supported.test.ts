import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_secure_renegotiation_supported.ts';
import { only, runTls, tlsReport } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';

describe('tls_endpoint_secure_renegotiation_supported', () => {
  it.each([
    [true, 'PASS'],
    [false, 'FAIL'],
    [undefined, 'NOT_APPLICABLE'],
  ] as const)('%s → %s', (secureRenegotiation, status) => {
    expect(only(runTls(check, [tlsReport({ secureRenegotiation })]), ID).status).toBe(status);
  });
});
