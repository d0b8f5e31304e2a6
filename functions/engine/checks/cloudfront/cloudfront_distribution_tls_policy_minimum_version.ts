import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgePolicyMinimumVersion } from '../lib/tls-policy.ts';

const check = {
  id: 'cloudfront_distribution_tls_policy_minimum_version',
  title: 'CloudFront viewer TLS policies refuse protocols below the required minimum',
  headline: 'CloudFront TLS policy allows old TLS versions',
  service: 'cloudfront',
  severity: 'HIGH',
  resourceType: 'AWS::CloudFront::Distribution',
  subject: 'cloudFrontDistributions',
  requires: [],
  frameworks: [NIST.SC_8, NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'CloudFront terminates viewer TLS in front of origins; its security policy decides the protocols and ciphers viewers may use, and a distribution on the default certificate always allows TLSv1. The policy is judged by the protocols it actually contains, so a policy AWS introduces tomorrow is judged correctly on day one, and a listener created without a policy is judged by the default that still applies.',
  remediation:
    'Use a custom certificate with MinimumProtocolVersion TLSv1.2_2021 or later (the default *.cloudfront.net certificate always allows TLSv1).',
  references: [
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html',
  ],
  evaluate: (resource, ctx) => judgePolicyMinimumVersion(resource, ctx),
} satisfies Check<'cloudFrontDistributions'>;

export { check };
