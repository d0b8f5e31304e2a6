import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgePolicyForwardSecrecy } from '../lib/tls-policy.ts';

const check = {
  id: 'apigateway_domain_tls_policy_forward_secrecy',
  title: 'API Gateway custom domain TLS policies list only forward-secret suites',
  headline: 'API Gateway TLS policy allows non-forward-secret suites',
  service: 'apigateway',
  severity: 'HIGH',
  resourceType: 'AWS::ApiGateway::DomainName',
  subject: 'apiGatewayDomains',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'API Gateway custom domains terminate TLS for APIs that front the monitored services; TLS_1_0 still accepts TLS 1.0 and 1.1, and both legacy policies include static-RSA suites. A policy that lists static-RSA suites lets clients negotiate sessions without forward secrecy, breaking the ECDHE/DHE requirement of the privacy promise.',
  remediation:
    'aws apigateway update-domain-name --domain-name <name> --patch-operations op=replace,path=/securityPolicy,value=SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09 (or TLS_1_2 at least).',
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html'],
  evaluate: (resource) => judgePolicyForwardSecrecy(resource),
} satisfies Check<'apiGatewayDomains'>;

export { check };
