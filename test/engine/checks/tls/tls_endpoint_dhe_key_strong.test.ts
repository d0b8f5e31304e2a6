import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_dhe_key_strong.ts';
import { only, policy, runTls, suite, tlsReport, withVersion } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';
const dhe = (dhBits: number | undefined) =>
  withVersion(tlsReport(), {
    version: 'TLSv1.2',
    state: 'accepted',
    suites: [suite('DHE-RSA-AES128-GCM-SHA256', dhBits === undefined ? {} : { dhBits })],
    serverPreference: null,
  });

describe('tls_endpoint_dhe_key_strong', () => {
  it('passes when no DHE suite is accepted', () => {
    expect(only(runTls(check, [tlsReport()]), ID).message).toContain('accepts no DHE suites');
  });

  it('passes 2048-bit DHE and fails 1024-bit DHE', () => {
    expect(only(runTls(check, [dhe(2048)]), ID).status).toBe('PASS');
    expect(only(runTls(check, [dhe(1024)]), ID)).toMatchObject({ status: 'FAIL', evidence: { minimumDheBits: 2048 } });
  });

  it('applies a stricter floor from the policy', () => {
    expect(only(runTls(check, [dhe(2048)], policy({ tls: { minimumDheBits: 3072 } })), ID).status).toBe('FAIL');
  });

  it('reports ERROR when the DHE size could not be read', () => {
    expect(only(runTls(check, [dhe(undefined)]), ID).status).toBe('ERROR');
  });
});
