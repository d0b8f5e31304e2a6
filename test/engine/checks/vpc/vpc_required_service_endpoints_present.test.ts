import { describe, expect, it } from 'vitest';
import { check } from '../../../../functions/engine/checks/vpc/vpc_required_service_endpoints_present.ts';
import { endpoint, gatewayEndpoint, inventory, policy, runCheck, vpc } from '../../../support/builders.ts';

const requireAll = policy({
  requiredEndpoints: [
    { vpcs: '*', services: ['dynamodb'], type: 'Gateway' },
    { vpcs: { tags: { tier: 'app' } }, services: ['pinpoint', 'filecache'], type: 'Interface' },
  ],
});
const evaluate = (vpcs: ReturnType<typeof vpc>[], endpoints: ReturnType<typeof endpoint>[], pol = requireAll) =>
  runCheck(check, inventory({ vpcs, vpcEndpoints: endpoints }), pol);
const statuses = (findings: ReturnType<typeof runCheck>) =>
  Object.fromEntries(findings.map((finding) => [finding.resourceId, finding.status]));

describe('vpc_required_service_endpoints_present', () => {
  it('reports nothing when there are no VPCs, or when the policy requires nothing', () => {
    expect(evaluate([], [])).toEqual([]);
    expect(evaluate([vpc()], [], policy())).toEqual([]);
  });

  it('passes a VPC that has every required endpoint, one finding per requirement', () => {
    const findings = evaluate(
      [vpc({ tags: { tier: 'app' } })],
      [
        gatewayEndpoint({ vpcEndpointId: 'vpce-ddb' }),
        endpoint({ vpcEndpointId: 'vpce-pin', serviceName: 'com.amazonaws.us-east-1.pinpoint' }),
        endpoint({ vpcEndpointId: 'vpce-fsx', serviceName: 'com.amazonaws.us-east-1.fsx' }),
      ],
    );
    expect(statuses(findings)).toEqual({
      'vpc-00000001/dynamodb-gateway': 'PASS',
      'vpc-00000001/pinpoint-interface': 'PASS',
      'vpc-00000001/filecache-interface': 'PASS',
    });
  });

  it('fails each missing requirement separately, naming the service', () => {
    const findings = evaluate([vpc({ tags: { tier: 'app' } })], [gatewayEndpoint()]);
    expect(statuses(findings)).toEqual({
      'vpc-00000001/dynamodb-gateway': 'PASS',
      'vpc-00000001/pinpoint-interface': 'FAIL',
      'vpc-00000001/filecache-interface': 'FAIL',
    });
    expect(findings.find((finding) => finding.resourceId.endsWith('pinpoint-interface'))?.message).toBe(
      'VPC vpc-00000001 has no interface VPC endpoint for Amazon Pinpoint (com.amazonaws.us-east-1.pinpoint), so its traffic to the service leaves the AWS private path.',
    );
  });

  it('does not count an endpoint of the wrong type, in another VPC, or failed', () => {
    const findings = evaluate(
      [vpc()],
      [
        endpoint({ vpcEndpointId: 'vpce-iface' }),
        gatewayEndpoint({ vpcEndpointId: 'vpce-other', vpcId: 'vpc-other' }),
        gatewayEndpoint({ vpcEndpointId: 'vpce-dead', state: 'failed' }),
      ],
    );
    expect(statuses(findings)).toEqual({ 'vpc-00000001/dynamodb-gateway': 'FAIL' });
  });

  it('never judges peer VPCs read only to resolve security-group references', () => {
    expect(evaluate([vpc({ inScope: false })], [])).toEqual([]);
  });

  it('judges several VPCs independently', () => {
    const findings = evaluate([vpc({ vpcId: 'vpc-a' }), vpc({ vpcId: 'vpc-b' })], [gatewayEndpoint({ vpcId: 'vpc-a' })]);
    expect(statuses(findings)).toEqual({ 'vpc-a/dynamodb-gateway': 'PASS', 'vpc-b/dynamodb-gateway': 'FAIL' });
  });
});
