/**
 * The two CloudFront checks over the viewer security policies the CloudFront developer guide
 * publishes ("Supported protocols and ciphers between viewers and CloudFront"), resolved to
 * their protocols and suites by the same table the collector uses, including the rule that the
 * default *.cloudfront.net certificate always gets TLSv1.
 */
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../../../../functions/engine/checks/check.ts';
import { check as forwardSecrecy } from '../../../../functions/engine/checks/cloudfront/cloudfront_distribution_tls_policy_forward_secrecy.ts';
import { check as minimumVersion } from '../../../../functions/engine/checks/cloudfront/cloudfront_distribution_tls_policy_minimum_version.ts';
import {
  CLOUDFRONT_DEFAULT_CERTIFICATE_POLICY,
  CLOUDFRONT_POLICIES,
} from '../../../../functions/engine/tls/published-policies.ts';
import { holderResource, inventory, only, policyHolder, runCheck } from '../../../support/builders.ts';

const distributionWith = (policyName: string, policyIsDefault = false) => {
  const published = CLOUDFRONT_POLICIES[policyName];
  if (!published) throw new Error(`${policyName} is not a published CloudFront policy`);
  return policyHolder('cloudfront-distribution', {
    policyName,
    policyIsDefault,
    protocols: [...published.protocols],
    ciphers: [...published.ciphers],
    resolvedFrom: 'published-table',
  });
};
const judge = (check: AnyCheck, policyName: string, policyIsDefault = false) => {
  const holder = distributionWith(policyName, policyIsDefault);
  return only(runCheck(check, inventory({ cloudFrontDistributions: [holderResource(holder)] })), holder.id);
};

describe('CloudFront viewer TLS policies', () => {
  it.each([
    ['SSLv3', 'FAIL', 'FAIL'],
    ['TLSv1', 'FAIL', 'FAIL'],
    ['TLSv1_2016', 'FAIL', 'FAIL'],
    ['TLSv1.1_2016', 'FAIL', 'FAIL'],
    ['TLSv1.2_2018', 'PASS', 'FAIL'],
    ['TLSv1.2_2019', 'PASS', 'PASS'],
    ['TLSv1.2_2021', 'PASS', 'PASS'],
    ['TLSv1.3_2025', 'PASS', 'PASS'],
  ])('%s: minimum version %s, forward secrecy %s', (policyName, minimum, secrecy) => {
    expect(judge(minimumVersion, policyName).status).toBe(minimum);
    expect(judge(forwardSecrecy, policyName).status).toBe(secrecy);
  });

  it('fails the default certificate, which CloudFront always serves with TLSv1', () => {
    const finding = judge(minimumVersion, CLOUDFRONT_DEFAULT_CERTIFICATE_POLICY, true);
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toMatch(/TLS 1\.0/);
  });
});
