import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/elbv2/elbv2_listener_tls_policy_minimum_version.ts';
import { holderResource, inventory, only, policy, policyHolder, runCheck } from '../../../support/builders.ts';

const evaluate = (...holders: ReturnType<typeof policyHolder>[]) =>
  runCheck(check, inventory({ elbListeners: holders.map(holderResource) }));

describe('elbv2_listener_tls_policy_minimum_version', () => {
  it('reports nothing without listeners', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes a TLS 1.2+ policy and fails the 2016-08 default, saying it is the default', () => {
    expect(only(evaluate(policyHolder('elbv2-listener')), 'elbv2-listener-1').status).toBe('PASS');
    const fallback = only(
      evaluate(
        policyHolder('elbv2-listener', {
          policyName: 'ELBSecurityPolicy-2016-08',
          policyIsDefault: true,
          protocols: ['TLSv1.2', 'TLSv1.1', 'TLSv1'],
        }),
      ),
      'elbv2-listener-1',
    );
    expect(fallback).toMatchObject({
      status: 'FAIL',
      evidence: { lowestProtocol: 'TLSv1', protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] },
    });
    expect(fallback.message).toContain(
      'uses ELBSecurityPolicy-2016-08 (the default, because none was chosen), which allows TLS 1.0, TLS 1.1',
    );
  });

  it('judges by content: an unknown new policy name with TLS 1.3 only passes on day one', () => {
    const future = policyHolder('elbv2-listener', {
      policyName: 'ELBSecurityPolicy-TLS13-1-3-PQ-2031-01',
      protocols: ['TLSv1.3'],
    });
    expect(only(evaluate(future), 'elbv2-listener-1').status).toBe('PASS');
  });

  it('reports ERROR for a policy that could not be resolved', () => {
    expect(
      only(
        evaluate(policyHolder('elbv2-listener', { protocols: undefined, ciphers: undefined, resolvedFrom: 'unresolved' })),
        'elbv2-listener-1',
      ).status,
    ).toBe('ERROR');
  });

  it('follows the organisation minimum', () => {
    const findings = runCheck(
      check,
      inventory({ elbListeners: [holderResource(policyHolder('elbv2-listener'))] }),
      policy({ tls: { minimumVersion: 'TLSv1.3' } }),
    );
    expect(only(findings, 'elbv2-listener-1').status).toBe('FAIL');
  });
});
