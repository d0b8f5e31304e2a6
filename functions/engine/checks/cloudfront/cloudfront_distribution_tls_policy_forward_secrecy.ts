import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgePolicyForwardSecrecy } from '../lib/tls-policy.ts';

const check = {
  id: 'cloudfront_distribution_tls_policy_forward_secrecy',
  title: 'CloudFront viewer TLS policies list only forward-secret suites',
  headline: 'CloudFront TLS policy allows non-forward-secret suites',
  service: 'cloudfront',
  severity: 'HIGH',
  resourceType: 'AWS::CloudFront::Distribution',
  subject: 'cloudFrontDistributions',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'CloudFront terminates viewer TLS in front of origins; its security policy decides the protocols and ciphers viewers may use, and a distribution on the default certificate always allows TLSv1. A policy that lists static-RSA suites lets clients negotiate sessions without forward secrecy, breaking the ECDHE/DHE requirement of the privacy promise.',
  remediation:
    'Use a custom certificate with MinimumProtocolVersion TLSv1.2_2021 or later (the default *.cloudfront.net certificate always allows TLSv1).',
  references: [
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html',
  ],
  evaluate: (resource) => judgePolicyForwardSecrecy(resource),
} satisfies Check<'cloudFrontDistributions'>;

export { check };
