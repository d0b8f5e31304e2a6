import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/tls/tls_endpoint_pq_hybrid_offered.ts';
import { only, runTls, tlsReport } from '../../../support/builders.ts';

const ID = 'dynamodb.us-east-1.amazonaws.com:443';

describe('tls_endpoint_pq_hybrid_offered', () => {
  it('passes with the hybrid group named, fails (INFO) without one', () => {
    expect(only(runTls(check, [tlsReport()]), ID).message).toContain('(X25519MLKEM768)');
    const classical = tlsReport({
      tls13Groups: [{ name: 'x25519', code: 0x1d, hybridPostQuantum: false }],
      postQuantumHybrid: { accepted: false, confirmedByHandshake: undefined },
    });
    expect(only(runTls(check, [classical]), ID)).toMatchObject({
      status: 'FAIL',
      severity: 'INFO',
      evidence: { tls13Groups: ['x25519'] },
    });
  });
});
