import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_endpoint_subnets_multi_az.ts';
import { CollectorError } from '../../../../functions/engine/errors.ts';
import { endpoint, gatewayEndpoint, healthyNetwork, inventory, only, runCheck, subnet } from '../../../support/builders.ts';

const subnets = [subnet('subnet-a1', 'use1-az1'), subnet('subnet-a2', 'use1-az1'), subnet('subnet-b', 'use1-az2')];
const evaluate = (...endpoints: ReturnType<typeof endpoint>[]) =>
  runCheck(check, inventory({ ...healthyNetwork(), subnets, vpcEndpoints: endpoints }));

describe('vpc_endpoint_subnets_multi_az', () => {
  it('reports nothing when there are no endpoints', () => {
    expect(evaluate()).toEqual([]);
  });

  it('passes an endpoint in two zones', () => {
    const finding = only(evaluate(endpoint({ subnetIds: ['subnet-a1', 'subnet-b'] })), 'vpce-00000001');
    expect(finding.status).toBe('PASS');
    expect(finding.evidence.availabilityZoneIds).toEqual(['use1-az1', 'use1-az2']);
  });

  it('counts zones, not subnets: two subnets in one zone fail', () => {
    const finding = only(evaluate(endpoint({ subnetIds: ['subnet-a1', 'subnet-a2'] })), 'vpce-00000001');
    expect(finding.status).toBe('FAIL');
    expect(finding.message).toContain('1 Availability Zone (2 subnets)');
  });

  it('reports ERROR when a subnet of the endpoint was not returned', () => {
    const finding = only(evaluate(endpoint({ subnetIds: ['subnet-a1', 'subnet-gone'] })), 'vpce-00000001');
    expect(finding.status).toBe('ERROR');
    expect(finding.message).toContain('subnet-gone');
  });

  it('reports ERROR for the endpoint when DescribeSubnets failed, never PASS', () => {
    const failure = new CollectorError({
      service: 'ec2',
      operation: 'DescribeSubnets',
      region: 'us-east-1',
      code: 'UnauthorizedOperation',
    });
    const findings = runCheck(
      check,
      inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint()] }, { subnets: { status: 'error', error: failure } }),
    );
    expect(only(findings, 'vpce-00000001').status).toBe('ERROR');
    expect(only(findings, 'vpce-00000001').message).toContain('UnauthorizedOperation');
  });

  it('is not applicable to gateway endpoints', () => {
    expect(only(evaluate(gatewayEndpoint()), 'vpce-00000001').status).toBe('NOT_APPLICABLE');
  });

  it('judges several endpoints independently', () => {
    const findings = evaluate(
      endpoint({ vpcEndpointId: 'vpce-a', subnetIds: ['subnet-a1', 'subnet-b'] }),
      endpoint({ vpcEndpointId: 'vpce-b', subnetIds: ['subnet-b'] }),
    );
    expect(findings.map((finding) => [finding.resourceId, finding.status])).toEqual([
      ['vpce-a', 'PASS'],
      ['vpce-b', 'FAIL'],
    ]);
  });
});
