import type { Check } from '../check.ts';
import { NIST, PCI, SECURITY_HUB } from '../frameworks.ts';
import { judgePolicyForwardSecrecy } from '../lib/tls-policy.ts';

const check = {
  id: 'elbv2_listener_tls_policy_forward_secrecy',
  title: 'ELB HTTPS/TLS listener TLS policies list only forward-secret suites',
  headline: 'load balancer TLS policy allows non-forward-secret suites',
  service: 'elbv2',
  severity: 'HIGH',
  resourceType: 'AWS::ElasticLoadBalancingV2::Listener',
  subject: 'elbListeners',
  requires: [],
  frameworks: [NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1, SECURITY_HUB.ELB_17],
  rationale:
    'Customer-owned load balancers terminate TLS for services behind them; the API, CloudFormation and CDK still default HTTPS and TLS listeners to ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and static-RSA suites. A policy that lists static-RSA suites lets clients negotiate sessions without forward secrecy, breaking the ECDHE/DHE requirement of the privacy promise.',
  remediation:
    'Set an explicit policy: aws elbv2 modify-listener --listener-arn <arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06 (or a -PQ-2025-09 variant).',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource) => judgePolicyForwardSecrecy(resource),
} satisfies Check<'elbListeners'>;

export { check };
