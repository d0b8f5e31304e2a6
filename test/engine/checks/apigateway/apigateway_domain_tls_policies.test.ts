/**
 * The two API Gateway custom-domain checks over the security policies the API Gateway developer
 * guide publishes ("Choose a security policy for your custom domain"): the legacy TLS_1_0 and
 * TLS_1_2, and the enhanced SecurityPolicy_TLS13_* names, resolved to their protocols and suites
 * by the same table the collector uses.
 */
import { describe, expect, it } from 'vitest';
import { check as forwardSecrecy } from '../../../../functions/engine/checks/apigateway/apigateway_domain_tls_policy_forward_secrecy.ts';
import { check as minimumVersion } from '../../../../functions/engine/checks/apigateway/apigateway_domain_tls_policy_minimum_version.ts';
import type { AnyCheck } from '../../../../functions/engine/checks/check.ts';
import { apiGatewayPolicy } from '../../../../functions/engine/tls/published-policies.ts';
import { holderResource, inventory, only, policyHolder, runCheck } from '../../../support/builders.ts';

const domainWith = (policyName: string) => {
  const published = apiGatewayPolicy(policyName);
  if (!published) throw new Error(`${policyName} is not a published API Gateway policy`);
  return policyHolder('apigateway-domain', {
    policyName,
    protocols: [...published.protocols],
    ciphers: [...published.ciphers],
    resolvedFrom: 'published-table',
  });
};
const judge = (check: AnyCheck, policyName: string) => {
  const holder = domainWith(policyName);
  return only(runCheck(check, inventory({ apiGatewayDomains: [holderResource(holder)] })), holder.id);
};

describe('API Gateway custom-domain TLS policies', () => {
  it.each([
    // [policy, minimum version verdict, forward secrecy verdict]
    ['TLS_1_0', 'FAIL', 'FAIL'],
    ['TLS_1_2', 'PASS', 'FAIL'],
    ['SecurityPolicy_TLS13_1_2_2021_06', 'PASS', 'FAIL'],
    ['SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', 'PASS', 'PASS'],
    ['SecurityPolicy_TLS13_1_3_2025_09', 'PASS', 'PASS'],
  ])('%s: minimum version %s, forward secrecy %s', (policyName, minimum, secrecy) => {
    expect(judge(minimumVersion, policyName).status).toBe(minimum);
    expect(judge(forwardSecrecy, policyName).status).toBe(secrecy);
  });

  it('names what TLS_1_0 allows below the minimum, and the static-RSA suites of TLS_1_2', () => {
    expect(judge(minimumVersion, 'TLS_1_0').message).toMatch(/TLS 1\.0/);
    const secrecy = judge(forwardSecrecy, 'TLS_1_2');
    expect(secrecy.evidence.nonForwardSecretSuites).toEqual(expect.arrayContaining(['AES128-GCM-SHA256']));
  });
});
