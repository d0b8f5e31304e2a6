import type { Check } from '../check.ts';
import { endpointFacts, isMonitoredEndpoint } from '../lib/endpoint-context.ts';

const MINIMUM_ZONES = 2;

const check = {
  id: 'vpc_endpoint_subnets_multi_az',
  title: 'Interface VPC endpoints span at least two Availability Zones',
  headline: 'VPC endpoint in a single Availability Zone',
  service: 'vpc',
  severity: 'LOW',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: ['subnets'],
  frameworks: 'none',
  rationale:
    'An interface endpoint exists only in the zones of its subnets. With a single zone, a zone outage removes the private path, and clients either fail or fall back to a public route.',
  remediation: 'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --add-subnet-ids <subnet in another Availability Zone>.',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html'],
  appliesTo: isMonitoredEndpoint,
  evaluate(resource, ctx) {
    const { endpoint, subject, verdict, unlessType } = endpointFacts(resource, ctx);
    const notInterface = unlessType('Interface', 'is regional (not an interface endpoint); zones do not apply');
    if (notInterface) return notInterface;
    const subnets = ctx.inventory.byId('subnets');
    const unknown = endpoint.subnetIds.filter((id) => !subnets.has(id));
    if (unknown.length > 0) {
      return verdict({
        status: 'ERROR',
        message: `${subject} uses subnets ${unknown.join(', ')} that DescribeSubnets did not return, so its zones are unknown.`,
        evidence: { unknownSubnets: unknown },
      });
    }
    // Count zone ids, not subnets or zone names: two subnets in one zone are still one zone.
    const zones = [...new Set(endpoint.subnetIds.map((id) => subnets.get(id)?.attributes.availabilityZoneId))]
      .filter(Boolean)
      .sort();
    const evidence = { availabilityZoneIds: zones, subnetIds: endpoint.subnetIds };
    if (zones.length >= MINIMUM_ZONES) {
      return verdict({ status: 'PASS', message: `${subject} spans ${zones.length} Availability Zones.`, evidence });
    }
    const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    return verdict({
      status: 'FAIL',
      message: `${subject} is in ${plural(zones.length, 'Availability Zone')} (${plural(endpoint.subnetIds.length, 'subnet')}); at least ${MINIMUM_ZONES} are needed to survive a zone outage.`,
      evidence,
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };
