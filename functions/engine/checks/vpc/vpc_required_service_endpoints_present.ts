import { selectsVpc } from '../../policy/effective.ts';
import type { Verdict } from '../../types.ts';
import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';

/** Endpoints in these states will never carry traffic again; they do not satisfy a requirement. */
const DEAD_STATES = new Set(['deleted', 'deleting', 'failed', 'rejected', 'expired']);

const check = {
  id: 'vpc_required_service_endpoints_present',
  title: 'Each VPC has the VPC endpoints the policy requires',
  headline: 'required VPC endpoint is missing',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPC',
  subject: 'vpcs',
  requires: ['vpcEndpoints'],
  frameworks: [NIST.SC_7, NIST.AC_4],
  rationale:
    'AWS keeps traffic between a VPC and DynamoDB, File Cache or Pinpoint off the internet only through a VPC endpoint for that service. Without one, the same calls leave through a NAT or internet gateway.',
  remediation:
    'Create the endpoint: aws ec2 create-vpc-endpoint --vpc-id <vpc> --service-name com.amazonaws.<region>.<service> --vpc-endpoint-type Gateway|Interface (with route tables or subnets and security groups).',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html'],
  appliesTo: (vpc, ctx) =>
    vpc.attributes.inScope && ctx.policy.requiredEndpoints.some((rule) => selectsVpc(rule.vpcs, vpc.attributes)),
  evaluate(vpc, ctx) {
    const requirements = new Map<string, { serviceKey: string; type: 'Gateway' | 'Interface' | 'any' }>();
    for (const rule of ctx.policy.requiredEndpoints) {
      if (!selectsVpc(rule.vpcs, vpc.attributes)) continue;
      for (const serviceKey of rule.services) {
        const facet = rule.type === 'any' ? serviceKey : `${serviceKey}-${rule.type.toLowerCase()}`;
        requirements.set(facet, { serviceKey, type: rule.type });
      }
    }
    const endpoints = ctx.inventory.inVpc('vpcEndpoints', vpc.id).map((endpoint) => endpoint.attributes);
    return [...requirements].map(([facet, { serviceKey, type }]): Verdict => {
      const service = ctx.catalog[serviceKey];
      const serviceName = service?.endpointServiceName(ctx.region) ?? serviceKey;
      const displayName = service?.displayName ?? serviceKey;
      const candidates = endpoints.filter(
        (endpoint) =>
          endpoint.vpcId === vpc.id && endpoint.serviceName === serviceName && (type === 'any' || endpoint.endpointType === type),
      );
      const live = candidates.filter((endpoint) => !DEAD_STATES.has(endpoint.state));
      const evidence = {
        requiredServiceName: serviceName,
        requiredType: type,
        found: candidates.map((endpoint) => ({ id: endpoint.vpcEndpointId, type: endpoint.endpointType, state: endpoint.state })),
      };
      const kind =
        type === 'any' ? 'a VPC endpoint' : type === 'Interface' ? 'an interface VPC endpoint' : 'a gateway VPC endpoint';
      if (live.length > 0) {
        return {
          status: 'PASS',
          facet,
          message: `VPC ${vpc.id} has ${kind} for ${displayName} (${live.map((endpoint) => endpoint.vpcEndpointId).join(', ')}).`,
          evidence,
          monitoredService: serviceKey,
        };
      }
      return {
        status: 'FAIL',
        facet,
        message: `VPC ${vpc.id} has no ${kind.replace(/^an? /, '')} for ${displayName} (${serviceName}), so its traffic to the service leaves the AWS private path.`,
        evidence,
        monitoredService: serviceKey,
      };
    });
  },
} satisfies Check<'vpcs'>;

export { check };
