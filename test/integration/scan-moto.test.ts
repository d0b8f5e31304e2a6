/**
 * The foundation end to end against moto: seed through the real SDK, scan, assert the exact
 * findings; then change the estate through the SDK and watch the verdicts move.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallRecorder, AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { runScan } from '../../functions/engine/scan/scan.ts';
import { MOTO_ACCOUNT } from '../../lab/moto.ts';
import { seedDemoAccount } from '../../lab/seed.ts';
import { useLab } from '../support/lab.ts';

const handle = useLab({ regions: ['us-east-1', 'eu-west-1'] });
let clients: AwsClients | undefined;
const connect = (recorder?: ApiCallRecorder) => {
  clients = new AwsClients({ ...handle.lab.clientOptions, ...(recorder ? { recorder } : {}) });
  return clients;
};
afterEach(() => clients?.destroy());
const demoPolicy = async () => handle.lab.policy;
const failing = (findings: readonly { status: string; checkId: string; resourceId: string; suppression?: { state: string } }[]) =>
  findings
    .filter((finding) => finding.status === 'FAIL' && finding.suppression?.state !== 'active')
    .map((finding) => `${finding.checkId} ${finding.resourceId}`)
    .sort();

describe('scan against moto', () => {
  it('reports each planted misconfiguration of the seeded account, and nothing else', async () => {
    // Prepare
    const recorder = new ApiCallRecorder();
    const aws = connect(recorder);
    const estate = await seedDemoAccount(aws, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
    recorder.reset();
    // Act
    const result = await runScan({ policy: await demoPolicy(), regions: ['us-east-1'], clients: aws });
    // Assess: the exact failing set also proves moto's default VPC stayed out of scope (the
    // "*" DynamoDB requirement would otherwise fail it).
    const { prodApp, analytics } = estate;
    expect(failing(result.findings)).toEqual(
      [
        `vpc_endpoint_gateway_routes_all_subnets ${prodApp.dynamodbEndpointId}`,
        `vpc_endpoint_policy_no_wildcard_actions ${prodApp.dynamodbEndpointId}`,
        `vpc_endpoint_policy_trusted_principals ${analytics.dynamodbEndpointId}`,
        `vpc_endpoint_policy_wildcard_principal_bounded ${prodApp.dynamodbEndpointId}`,
        `vpc_endpoint_security_group_ingress_restricted ${prodApp.pinpointEndpointId}`,
        `vpc_required_service_endpoints_present ${analytics.vpcId}/filecache`,
        // One Direct Connect location: a single facility failure cuts the private path.
        'directconnect_region_connection_redundancy directconnect/us-east-1',
        // The lab's Pinpoint stand-in still accepts TLS 1.0 and a static-RSA suite.
        'tls_endpoint_forward_secrecy_enforced pinpoint.us-east-1.amazonaws.com:443',
        'tls_endpoint_minimum_version_enforced pinpoint.us-east-1.amazonaws.com:443',
      ].sort(),
    );
    const suppressed = result.findings.filter((finding) => finding.suppression?.state === 'active');
    expect(suppressed.map((finding) => `${finding.checkId} ${finding.resourceId}`)).toEqual([
      `vpc_endpoint_subnets_multi_az ${prodApp.pinpointEndpointId}`,
    ]);
    expect(result.findings.filter((finding) => finding.status === 'ERROR')).toEqual([]);
    expect(result.coverage).toEqual([{ account: MOTO_ACCOUNT, region: 'us-east-1', status: 'complete', failedCollections: [] }]);
    // One call per collection (moto and the lab overlay return single pages) plus the identity
    // and own-organization lookups; no Direct Connect gateway was seeded, so no association lookups; TLS probes cost no API call.
    expect(recorder.snapshot()).toEqual({
      'APIGateway.GetDomainNames': 1,
      'ApiGatewayV2.GetDomainNames': 1,
      'CloudFront.ListDistributions': 1,
      'DirectConnect.DescribeConnections': 1,
      'DirectConnect.DescribeVirtualInterfaces': 1,
      'EC2.DescribeNetworkInterfaces': 1,
      'EC2.DescribeRouteTables': 1,
      'EC2.DescribeSecurityGroups': 1,
      'EC2.DescribeSubnets': 1,
      'EC2.DescribeVpcEndpoints': 1,
      'EC2.DescribeVpcs': 1,
      'EC2.DescribeVpnConnections': 1,
      'ElasticLoadBalancingV2.DescribeLoadBalancers': 1,
      'FSx.DescribeFileCaches': 1,
      'Organizations.DescribeOrganization': 1,
      'STS.GetCallerIdentity': 1,
    });
    const tlsEndpoints = result.findings
      .filter((finding) => finding.checkId === 'tls_endpoint_minimum_version_enforced')
      .map((finding) => [finding.resourceId, finding.status]);
    expect(tlsEndpoints.sort()).toEqual([
      ['dynamodb.us-east-1.amazonaws.com:443', 'PASS'],
      ['fsx.us-east-1.amazonaws.com:443', 'PASS'],
      ['pinpoint.us-east-1.amazonaws.com:443', 'FAIL'],
    ]);
  });

  it('moves verdicts when the estate is fixed through the SDK', async () => {
    const aws = connect();
    const estate = await seedDemoAccount(aws, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
    const ec2 = aws.ec2('us-east-1');
    // Close the Pinpoint group to the VPC, and route the batch subnet through the gateway endpoint.
    await ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: estate.prodApp.pinpointSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: estate.prodApp.pinpointSecurityGroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '192.168.0.0/16' }] }],
      }),
    );
    await ec2.send(
      new ModifyVpcEndpointCommand({
        VpcEndpointId: estate.prodApp.dynamodbEndpointId,
        AddRouteTableIds: [estate.prodApp.batchRouteTableId],
      }),
    );
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: estate.analytics.vpcId,
        ServiceName: 'com.amazonaws.us-east-1.fsx',
        VpcEndpointType: 'Interface',
        SubnetIds: [...estate.analytics.subnetIds],
        PrivateDnsEnabled: true,
      }),
    );

    const result = await runScan({ policy: await demoPolicy(), regions: ['us-east-1'], clients: aws });

    expect(failing(result.findings)).not.toContain(
      `vpc_endpoint_security_group_ingress_restricted ${estate.prodApp.pinpointEndpointId}`,
    );
    expect(failing(result.findings)).not.toContain(
      `vpc_endpoint_gateway_routes_all_subnets ${estate.prodApp.dynamodbEndpointId}`,
    );
    expect(failing(result.findings)).not.toContain(`vpc_required_service_endpoints_present ${estate.analytics.vpcId}/filecache`);
    // The new endpoint has no policy, so moto (like AWS) reports the full-access default: a new failure.
    const created = result.findings.filter(
      (finding) => finding.checkId === 'vpc_endpoint_policy_not_full_access' && finding.status === 'FAIL',
    );
    expect(created).toHaveLength(1);
  });

  it('scans several regions concurrently and reports coverage for each', async () => {
    const aws = connect();
    await seedDemoAccount(aws, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
    await seedDemoAccount(aws, MOTO_ACCOUNT, 'eu-west-1', handle.lab.aws);
    const progress: string[] = [];
    const result = await runScan({
      policy: await demoPolicy(),
      regions: ['us-east-1', 'eu-west-1'],
      clients: aws,
      onProgress: (event) => progress.push(`${event.kind} ${event.region}`),
    });
    expect(result.coverage.map((entry) => [entry.region, entry.status])).toEqual([
      ['eu-west-1', 'complete'],
      ['us-east-1', 'complete'],
    ]);
    expect(failing(result.findings.filter((finding) => finding.region === 'eu-west-1'))).toHaveLength(9);
    expect(progress.filter((line) => line.startsWith('region-finished'))).toHaveLength(2);
  });

  it('documents a moto gap: ModifyVpcEndpoint ignores PrivateDnsEnabled (the mock tests cover that path)', async () => {
    const aws = connect();
    const estate = await seedDemoAccount(aws, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
    const ec2 = aws.ec2('us-east-1');
    await ec2.send(new ModifyVpcEndpointCommand({ VpcEndpointId: estate.prodApp.fileCacheEndpointId, PrivateDnsEnabled: false }));
    const { VpcEndpoints } = await ec2.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [estate.prodApp.fileCacheEndpointId] }),
    );
    // If this ever fails, moto learned the flag: move the private-DNS regression test onto moto.
    expect(VpcEndpoints?.[0]?.PrivateDnsEnabled).toBe(true);
  });
});
