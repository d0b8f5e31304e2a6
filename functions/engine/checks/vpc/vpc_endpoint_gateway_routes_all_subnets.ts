import type { RouteTable } from '../../model/network.ts';
import { selectsVpc } from '../../policy/effective.ts';
import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { endpointFacts, isMonitoredEndpoint } from '../lib/endpoint-context.ts';

const check = {
  id: 'vpc_endpoint_gateway_routes_all_subnets',
  title: 'Gateway VPC endpoints are routed from every subnet that needs them',
  headline: 'subnets bypass the gateway VPC endpoint',
  service: 'vpc',
  severity: 'HIGH',
  resourceType: 'AWS::EC2::VPCEndpoint',
  subject: 'vpcEndpoints',
  requires: ['subnets', 'routeTables', 'vpcs'],
  frameworks: [NIST.SC_7, NIST.AC_4],
  rationale:
    'A gateway endpoint only carries traffic from subnets whose route table holds its prefix-list route. A subnet whose table lacks it sends the same DynamoDB calls through a NAT or internet gateway, off the private path, without any error to warn anyone.',
  remediation: 'aws ec2 modify-vpc-endpoint --vpc-endpoint-id <id> --add-route-table-ids <route table of each uncovered subnet>.',
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html#gateway-endpoint-routing'],
  appliesTo: isMonitoredEndpoint,
  evaluate(resource, ctx) {
    const { endpoint, service, subject, verdict, unlessType } = endpointFacts(resource, ctx);
    const notGateway = unlessType('Gateway', 'is not a gateway endpoint; route tables do not apply');
    if (notGateway) return notGateway;
    const vpc = ctx.inventory.byId('vpcs').get(endpoint.vpcId)?.attributes;
    const vpcSubnets = ctx.inventory.inVpc('subnets', endpoint.vpcId);
    // The policy may name the subnets that must be covered; otherwise every subnet of the VPC.
    const named = ctx.policy.requiredEndpoints
      .filter((rule) => rule.subnets && vpc && selectsVpc(rule.vpcs, vpc) && service && rule.services.includes(service.key))
      .flatMap((rule) => rule.subnets ?? []);
    const required = named.length > 0 ? [...new Set(named)] : vpcSubnets.map((subnet) => subnet.id);
    const tables = ctx.inventory
      .get('routeTables')
      .map((table) => table.attributes)
      .filter((table) => table.vpcId === endpoint.vpcId);
    const main = tables.find((table) => table.isMain);
    const tableOf = (subnetId: string): RouteTable | undefined =>
      tables.find((table) => table.subnetIds.includes(subnetId)) ?? main;
    const routed = (table: RouteTable): boolean =>
      endpoint.routeTableIds.includes(table.routeTableId) ||
      table.gatewayEndpointRoutes.some((route) => route.gatewayId === endpoint.vpcEndpointId);
    const unknownTables = required.filter((subnetId) => tableOf(subnetId) === undefined);
    if (unknownTables.length > 0) {
      return verdict({
        status: 'ERROR',
        message: `${subject}: no route table (not even a main one) was found for subnets ${unknownTables.join(', ')}.`,
        evidence: { subnets: unknownTables },
      });
    }
    const uncovered = required
      .map((subnetId) => ({ subnetId, table: tableOf(subnetId) as RouteTable }))
      .filter(({ table }) => !routed(table))
      .map(({ subnetId, table }) => ({ subnetId, routeTableId: table.routeTableId }));
    const evidence = {
      endpointRouteTableIds: endpoint.routeTableIds,
      subnetsChecked: required.length,
      subnetScope: named.length > 0 ? 'named in policy' : 'all subnets of the VPC',
      uncovered,
    };
    if (uncovered.length === 0) {
      return verdict({
        status: 'PASS',
        message: `${subject} is routed from all ${required.length} subnets that need it.`,
        evidence,
      });
    }
    const examples = uncovered.slice(0, 3).map((entry) => `${entry.subnetId} via ${entry.routeTableId}`);
    return verdict({
      status: 'FAIL',
      message: `${subject} is missing from the route tables of ${uncovered.length} of ${required.length} subnets (${examples.join(', ')}${uncovered.length > 3 ? ', …' : ''}), so their traffic leaves the private path.`,
      evidence,
      degree: uncovered.length,
    });
  },
} satisfies Check<'vpcEndpoints'>;

export { check };
