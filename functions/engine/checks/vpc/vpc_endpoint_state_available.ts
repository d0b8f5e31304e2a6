import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { endpointFacts, isMonitoredEndpoint } from '../lib/endpoint-context.ts';

/** States in which the endpoint carries no traffic, so clients fall back to public paths or fail. */
const BROKEN_STATES = new Set(['failed', 'rejected', 'deleted', 'deleting', 'expired', 'partial']);

const check = {
  id: 'vpc_endpoint_state_available',
  title: 'VPC endpoints of monitored services are available',
  headline: 'VPC endpoint is not available',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: [],
  frameworks: [NIST.SC_7],
  rationale:
    'AWS keeps traffic between a VPC and the service on the AWS network only while the VPC endpoint carries it; an endpoint that is pending, rejected or failed carries nothing, and clients either fail or reach the service another way.',
  remediation:
    'Inspect the endpoint in the VPC console. For pendingAcceptance, have the service owner accept the connection; for failed or rejected, delete and recreate the endpoint (aws ec2 create-vpc-endpoint).',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html#concepts-endpoint-states'],
  appliesTo: isMonitoredEndpoint,
  evaluate(resource, ctx) {
    const { endpoint, subject, verdict } = endpointFacts(resource, ctx);
    const evidence = { state: endpoint.state, serviceName: endpoint.serviceName, vpcId: endpoint.vpcId };
    if (endpoint.state === 'available') return verdict({ status: 'PASS', message: `${subject} is available.`, evidence });
    return verdict({
      status: 'FAIL',
      severity: BROKEN_STATES.has(endpoint.state) ? 'HIGH' : 'MEDIUM',
      message: `${subject} is in state "${endpoint.state}", so it does not carry traffic privately.`,
      evidence,
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };
