import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { endpointFacts, isMonitoredEndpoint } from '../lib/endpoint-context.ts';

const check = {
  id: 'vpc_endpoint_private_dns_enabled',
  title: 'Interface VPC endpoints have private DNS enabled',
  headline: 'VPC endpoint private DNS is off',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  frameworks: [NIST.SC_7, NIST.AC_4],
  rationale:
    "SDKs call the service's public hostname. Only with private DNS does that name resolve to the interface endpoint inside the VPC; without it, clients keep resolving the public endpoint and their traffic never uses the endpoint that was built to keep it private.",
  remediation:
    'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --private-dns-enabled (the VPC needs enableDnsSupport and enableDnsHostnames).',
  references: [
    'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns',
  ],
  appliesTo: isMonitoredEndpoint,
  evaluate(resource, ctx) {
    const { endpoint, service, subject, verdict, unlessType } = endpointFacts(resource, ctx);
    const notInterface = unlessType('Interface', 'is not an interface endpoint; private DNS does not apply');
    if (notInterface) return notInterface;
    if (service && !service.privateDnsSupported) {
      return verdict({
        status: 'NOT_APPLICABLE',
        message: `${subject}: ${service.displayName} offers no private DNS name.`,
        evidence: {},
      });
    }
    if (endpoint.privateDnsEnabled) {
      return verdict({ status: 'PASS', message: `${subject} has private DNS enabled.`, evidence: { privateDnsEnabled: true } });
    }
    return verdict({
      status: 'FAIL',
      message: `${subject} has private DNS disabled, so SDK calls to the public hostname bypass the endpoint.`,
      evidence: { privateDnsEnabled: false, endpointDnsNames: endpoint.dnsNames.slice(0, 3) },
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };
