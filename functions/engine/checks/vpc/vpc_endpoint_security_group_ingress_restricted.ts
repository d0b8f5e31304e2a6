import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { endpointFacts, isMonitoredEndpoint } from '../lib/endpoint-context.ts';
import { findExposures, networkIndexes } from '../lib/ingress-exposure.ts';

const HTTPS = [{ from: 443, to: 443 }] as const;

const check = {
  id: 'vpc_endpoint_security_group_ingress_restricted',
  title: 'Interface VPC endpoint security groups admit HTTPS only from the VPC and allowed networks',
  headline: 'VPC endpoint admits HTTPS from outside',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: ['securityGroups', 'vpcs'],
  frameworks: [NIST.SC_7, PCI.R1_3_1, PCI.R1_4_2],
  rationale:
    "An interface endpoint is a private entry point to the service; its security groups decide who can reach it. Port 443 (or all traffic) open to 0.0.0.0/0, ::/0 or networks outside the VPC and the organisation's on-premises ranges widens that private path to anyone routed to it.",
  remediation:
    'Replace the offending rules with ones that admit TCP 443 only from the VPC CIDR and the on-premises CIDRs listed under network.allowedCidrs: aws ec2 revoke-security-group-ingress / authorize-security-group-ingress.',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html#vpce-interface-security-groups'],
  appliesTo: isMonitoredEndpoint,
  evaluate(resource, ctx) {
    const { endpoint, subject, verdict, unlessType } = endpointFacts(resource, ctx);
    const notInterface = unlessType('Interface', 'has no security groups (not an interface endpoint)');
    if (notInterface) return notInterface;
    const { groupsById, vpcsById } = networkIndexes(ctx);
    const missing = endpoint.securityGroupIds.filter((id) => !groupsById.has(id));
    if (missing.length > 0) {
      return verdict({
        status: 'ERROR',
        message: `${subject} uses security groups ${missing.join(', ')} that DescribeSecurityGroups did not return.`,
        evidence: { missingSecurityGroups: missing },
      });
    }
    const vpc = vpcsById.get(endpoint.vpcId);
    const allowedCidrs = [...(vpc?.cidrBlocks ?? []), ...(vpc?.ipv6CidrBlocks ?? []), ...ctx.policy.allowedCidrs];
    const groups = endpoint.securityGroupIds.map((id) => groupsById.get(id)).filter((group) => group !== undefined);
    const exposures = findExposures(groups, HTTPS, { allowedCidrs, groupsById, vpcsById });
    const evidence = { securityGroupIds: endpoint.securityGroupIds, allowedCidrs, exposures };
    if (exposures.length === 0) {
      return verdict({ status: 'PASS', message: `${subject} admits HTTPS only from the VPC and allowed networks.`, evidence });
    }
    const worst = exposures.find((exposure) => exposure.reason === 'world') ?? exposures[0];
    return verdict({
      status: 'FAIL',
      severity: worst?.reason === 'world' ? 'HIGH' : 'MEDIUM',
      message: `${subject} security group ${worst?.groupId} admits port ${worst?.ports} from ${worst?.source}: ${worst?.detail}.`,
      evidence,
      degree: exposures.length,
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };
