import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/elbv2/elbv2_listener_tls_policy_forward_secrecy.ts';
import { holderResource, inventory, only, policyHolder, runCheck } from '../../../support/builders.ts';

const evaluate = (holder: ReturnType<typeof policyHolder>) =>
  only(runCheck(check, inventory({ elbListeners: [holderResource(holder)] })), holder.id);

describe('elbv2_listener_tls_policy_forward_secrecy', () => {
  it('passes ECDHE-only policies and fails static-RSA ones, listing them', () => {
    expect(evaluate(policyHolder('elbv2-listener')).status).toBe('PASS');
    const finding = evaluate(
      policyHolder('elbv2-listener', { ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256', 'AES256-SHA'] }),
    );
    expect(finding).toMatchObject({ status: 'FAIL', evidence: { nonForwardSecretSuites: ['AES128-GCM-SHA256', 'AES256-SHA'] } });
  });

  it('reports ERROR for suites it does not know rather than guessing', () => {
    expect(evaluate(policyHolder('elbv2-listener', { ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'FUTURE-SUITE-X'] })).status).toBe(
      'ERROR',
    );
  });
});
