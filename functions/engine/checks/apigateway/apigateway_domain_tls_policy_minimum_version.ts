import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgePolicyMinimumVersion } from '../lib/tls-policy.ts';

const check = {
  id: 'apigateway_domain_tls_policy_minimum_version',
  title: 'API Gateway custom domain TLS policies refuse protocols below the required minimum',
  headline: 'API Gateway TLS policy allows old TLS versions',
  service: 'apigateway',
  severity: 'HIGH',
  resourceType: 'AWS::ApiGateway::DomainName',
  subject: 'apiGatewayDomains',
  requires: [],
  frameworks: [NIST.SC_8, NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'API Gateway custom domains terminate TLS for APIs that front the monitored services; TLS_1_0 still accepts TLS 1.0 and 1.1, and both legacy policies include static-RSA suites. The policy is judged by the protocols it actually contains, so a policy AWS introduces tomorrow is judged correctly on day one, and a listener created without a policy is judged by the default that still applies.',
  remediation:
    'aws apigateway update-domain-name --domain-name <name> --patch-operations op=replace,path=/securityPolicy,value=SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 (or TLS_1_2 at least).',
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html'],
  evaluate: (resource, ctx) => judgePolicyMinimumVersion(resource, ctx),
} satisfies Check<'apiGatewayDomains'>;

export { check };
