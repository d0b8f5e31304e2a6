import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_gateway_routes_all_subnets.ts';
import {
  endpoint,
  gatewayEndpoint,
  inventory,
  only,
  policy,
  routeTable,
  runCheck,
  subnet,
  vpc,
} from '../../../support/builders.ts';

const network = {
  vpcs: [vpc()],
  subnets: [subnet('subnet-0000000a', 'use1-az1'), subnet('subnet-0000000b', 'use1-az2'), subnet('subnet-0000000c', 'use1-az3')],
  routeTables: [routeTable('rtb-main', { isMain: true }), routeTable('rtb-batch', { subnetIds: ['subnet-0000000c'] })],
};
const evaluate = (endpoints: ReturnType<typeof endpoint>[], pol = policy()) =>
  runCheck(check, inventory({ ...network, vpcEndpoints: endpoints }), pol);

describe('vpc_endpoint_gateway_routes_all_subnets', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate([])).toEqual([]);
  });

  it('passes when the main table and every explicit table carry the endpoint', () => {
    const finding = only(evaluate([gatewayEndpoint({ routeTableIds: ['rtb-main', 'rtb-batch'] })]), 'vpce-00000001');
    expect(finding.status).toBe('PASS');
    expect(finding.evidence.subnetsChecked).toBe(3);
  });

  it('fails when one subnet has its own table without the endpoint, naming subnet and table', () => {
    const finding = only(evaluate([gatewayEndpoint({ routeTableIds: ['rtb-main'] })]), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence.uncovered).toEqual([{ subnetId: 'subnet-0000000c', routeTableId: 'rtb-batch' }]);
    expect(finding.message).toContain('1 of 3 subnets (subnet-0000000c via rtb-batch)');
  });

  it('counts subnets that use the main table implicitly', () => {
    const finding = only(evaluate([gatewayEndpoint({ routeTableIds: ['rtb-batch'] })]), 'vpce-00000001');
    expect(finding.evidence.uncovered).toEqual([
      { subnetId: 'subnet-0000000a', routeTableId: 'rtb-main' },
      { subnetId: 'subnet-0000000b', routeTableId: 'rtb-main' },
    ]);
  });

  it('accepts the endpoint route in the table even when the endpoint does not list the table', () => {
    const routed = {
      ...network,
      routeTables: [
        routeTable('rtb-main', {
          isMain: true,
          subnetIds: [],
          gatewayEndpointRoutes: [{ prefixListId: 'pl-02cd2c6b', gatewayId: 'vpce-00000001' }],
        }),
      ],
    };
    const findings = runCheck(check, inventory({ ...routed, vpcEndpoints: [gatewayEndpoint({ routeTableIds: [] })] }));
    expect(only(findings, 'vpce-00000001').status).toBe('PASS');
  });

  it('checks only the subnets the policy names, when it names some', () => {
    const named = policy({
      requiredEndpoints: [{ vpcs: '*', services: ['dynamodb'], type: 'Gateway', subnets: ['subnet-0000000a'] }],
    });
    const finding = only(evaluate([gatewayEndpoint({ routeTableIds: ['rtb-main'] })], named), 'vpce-00000001');
    expect(finding).toMatchObject({ status: 'PASS', evidence: { subnetsChecked: 1, subnetScope: 'named in policy' } });
  });

  it('reports ERROR when a subnet has no route table at all', () => {
    const orphan = { ...network, routeTables: [routeTable('rtb-batch', { subnetIds: ['subnet-0000000c'] })] };
    const findings = runCheck(check, inventory({ ...orphan, vpcEndpoints: [gatewayEndpoint({ routeTableIds: ['rtb-batch'] })] }));
    expect(only(findings, 'vpce-00000001').status).toBe('ERROR');
  });

  it('is not applicable to interface endpoints', () => {
    expect(only(evaluate([endpoint()]), 'vpce-00000001').status).toBe('NOT_APPLICABLE');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate([
      gatewayEndpoint({ vpcEndpointId: 'vpce-a', routeTableIds: ['rtb-main', 'rtb-batch'] }),
      gatewayEndpoint({ vpcEndpointId: 'vpce-b', routeTableIds: ['rtb-main'] }),
    ]);
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
    ]);
  });
});
