import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_fallback_scsv_supported.ts';
import { only, runTls, tlsReport } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';

describe('tls_endpoint_fallback_scsv_supported', () => {
  it.each([
    ['supported', 'PASS'],
    ['not-supported', 'FAIL'],
    ['not-applicable', 'NOT_APPLICABLE'],
    ['error', 'ERROR'],
  ] as const)('%s → %s', (fallbackScsv, status) => {
    expect(only(runTls(check, [tlsReport({ fallbackScsv })]), ID).status).toBe(status);
  });
});
