import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../functions/engine/catalog.ts';
import type { AnyCheck, Check } from '../../../functions/engine/checks/check.ts';
import { check as stateAvailable } from '../../../functions/engine/checks/vpc/vpc_endpoint_state_available.ts';
import { check as multiAz } from '../../../functions/engine/checks/vpc/vpc_endpoint_subnets_multi_az.ts';
import { CollectorError } from '../../../functions/engine/errors.ts';
import { evaluateInventory } from '../../../functions/engine/scan/evaluate.ts';
import { endpoint, healthyNetwork, inventory, NOW, policy } from '../../support/builders.ts';

const run = (checks: AnyCheck[], inv = inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint()] })) =>
  evaluateInventory(inv, { checks, policy: policy(), catalog: DEFAULT_CATALOG, now: NOW });
const denied = new CollectorError({
  service: 'ec2',
  operation: 'DescribeVpcEndpoints',
  region: 'us-east-1',
  code: 'UnauthorizedOperation',
  hint: 'Grant ec2:DescribeVpcEndpoints to the scanning role.',
});

describe('evaluateInventory', () => {
  it('stamps verdicts with check metadata', () => {
    const [finding] = run([stateAvailable]);
    expect(finding).toMatchObject({
      checkId: 'vpc_endpoint_state_available',
      status: 'PASS',
      severity: 'HIGH',
      service: 'vpc',
      account: '111122223333',
      region: 'us-east-1',
      resourceType: 'AWS::EC2::VPCEndpoint',
      resourceId: 'vpce-00000001',
      monitoredService: 'dynamodb',
    });
    expect(finding?.remediation).toBe(stateAvailable.remediation);
  });

  it('turns a failed subject collection into one region-wide ERROR per check, naming the permission', () => {
    const findings = run(
      [stateAvailable, multiAz],
      inventory(healthyNetwork(), { vpcEndpoints: { status: 'error', error: denied } }),
    );
    expect(findings.map((finding) => [finding.checkId, finding.resourceId, finding.status])).toEqual([
      ['vpc_endpoint_state_available', '*', 'ERROR'],
      ['vpc_endpoint_subnets_multi_az', '*', 'ERROR'],
    ]);
    expect(findings[0]?.message).toContain('Could not list VPC endpoints in 111122223333/us-east-1');
    expect(findings[0]?.message).toContain('Grant ec2:DescribeVpcEndpoints to the scanning role.');
  });

  it('skips a check whose subject was not collected at all (a focused re-check)', () => {
    expect(run([stateAvailable], inventory(healthyNetwork()))).toEqual([]);
  });

  it('turns a check that throws into an ERROR finding, not a crash or a PASS', () => {
    const exploding = {
      ...stateAvailable,
      id: 'vpc_endpoint_test_explodes',
      evaluate: () => {
        throw new Error('boom');
      },
    } as Check<'vpcEndpoints'>;
    const [finding] = run([exploding as AnyCheck]);
    expect(finding).toMatchObject({ status: 'ERROR', checkId: 'vpc_endpoint_test_explodes' });
    expect(finding?.message).toContain('boom');
  });

  it('refuses to let a check read a collection it did not declare', () => {
    const sneaky = {
      ...stateAvailable,
      id: 'vpc_endpoint_test_sneaky',
      evaluate: (_resource, ctx) => ({
        status: 'PASS',
        message: String(ctx.inventory.get('securityGroups').length),
        evidence: {},
      }),
    } as Check<'vpcEndpoints'>;
    const [finding] = run([sneaky as AnyCheck]);
    expect(finding?.status).toBe('ERROR');
    expect(finding?.message).toContain('without declaring it in requires');
  });

  it('only evaluates resources the filter includes', () => {
    const inv = inventory({
      ...healthyNetwork(),
      vpcEndpoints: [endpoint({ vpcEndpointId: 'vpce-a' }), endpoint({ vpcEndpointId: 'vpce-b' })],
    });
    const findings = evaluateInventory(inv, {
      checks: [stateAvailable],
      policy: policy(),
      catalog: DEFAULT_CATALOG,
      now: NOW,
      includeResource: (_check, resource) => resource.id === 'vpce-b',
    });
    expect(findings.map((finding) => finding.resourceId)).toEqual(['vpce-b']);
  });
});
