/**
 * The EC2 network collector against typed SDK mocks: the paths moto cannot show (several
 * pages, filter chunking past 200 VPCs, access denied, rejected credentials, and an endpoint
 * whose private DNS was switched off later, which moto ignores in ModifyVpcEndpoint).
 * Fixture shapes follow the EC2 API reference response elements (DescribeVpcEndpoints,
 * DescribeSecurityGroups, DescribeRouteTables) as the SDK deserializes them.
 */
import {
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
  type SecurityGroup as Ec2SecurityGroup,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ec2NetworkCollector } from '../../../functions/engine/collectors/ec2-network.ts';
import { CredentialsError } from '../../../functions/engine/errors.ts';
import type { Collections } from '../../../functions/engine/model/inventory.ts';
import { collectWith } from '../../support/collectors.ts';

const ec2 = mockClient(EC2Client);
const ACCOUNT = '111122223333';

const awsError = (name: string, message: string) =>
  new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });

const vpcRecord = (id: string, cidr = '10.0.0.0/16') => ({
  VpcId: id,
  OwnerId: ACCOUNT,
  IsDefault: false,
  CidrBlock: cidr,
  CidrBlockAssociationSet: [
    { AssociationId: `vpc-cidr-assoc-${id}`, CidrBlock: cidr, CidrBlockState: { State: 'associated' as const } },
  ],
  State: 'available' as const,
});

const interfaceEndpoint = {
  VpcEndpointId: 'vpce-0a1b2c3d4e5f60001',
  VpcEndpointType: 'Interface' as const,
  VpcId: 'vpc-0a1b2c3d4e5f60001',
  ServiceName: 'com.amazonaws.us-east-1.pinpoint',
  State: 'Available' as const,
  PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
  RouteTableIds: [],
  SubnetIds: ['subnet-0a1b2c3d4e5f60001'],
  Groups: [{ GroupId: 'sg-0a1b2c3d4e5f60001', GroupName: 'endpoints' }],
  PrivateDnsEnabled: false,
  RequesterManaged: false,
  NetworkInterfaceIds: ['eni-0a1b2c3d4e5f60001'],
  DnsEntries: [{ DnsName: 'vpce-0a1b2c3d4e5f60001-abcd.pinpoint.us-east-1.vpce.amazonaws.com', HostedZoneId: 'Z7HUB22UULQXV' }],
  OwnerId: ACCOUNT,
};

/** The in-scope group every security-group case starts from, with the rules the case needs. */
const groupA = (IpPermissions: NonNullable<Ec2SecurityGroup['IpPermissions']>): Ec2SecurityGroup => ({
  GroupId: 'sg-0000000a',
  GroupName: 'a',
  VpcId: 'vpc-0a1b2c3d4e5f60001',
  OwnerId: ACCOUNT,
  IpPermissions,
});

const collect = (document: Record<string, unknown> = {}): Promise<Collections> =>
  collectWith(ec2NetworkCollector, { account: ACCOUNT, policyDocument: document });

beforeEach(() => {
  ec2.reset();
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [vpcRecord('vpc-0a1b2c3d4e5f60001')] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [] });
  ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
});
afterEach(() => ec2.reset());

describe('ec2NetworkCollector', () => {
  it('reads every page of VPC endpoints, following NextToken', async () => {
    // Prepare: the paginator mutates its input between pages, so snapshot each request as sent.
    const sent: unknown[] = [];
    ec2.on(DescribeVpcEndpointsCommand).callsFake((input: { NextToken?: string }) => {
      sent.push({ ...input });
      return input.NextToken === undefined
        ? { VpcEndpoints: [interfaceEndpoint], NextToken: 'page-2' }
        : { VpcEndpoints: [{ ...interfaceEndpoint, VpcEndpointId: 'vpce-0a1b2c3d4e5f60002' }] };
    });
    // Act
    const collections = await collect();
    // Assess
    expect(sent).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'page-2' }]);
    expect(collections.vpcEndpoints?.status).toBe('ok');
    const items = collections.vpcEndpoints?.status === 'ok' ? collections.vpcEndpoints.items : [];
    expect(items.map((item) => item.id)).toEqual(['vpce-0a1b2c3d4e5f60001', 'vpce-0a1b2c3d4e5f60002']);
  });

  it('normalizes an endpoint exactly, including private DNS switched off and a lower-cased state', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [interfaceEndpoint] });
    const collections = await collect();
    const item = collections.vpcEndpoints?.status === 'ok' ? collections.vpcEndpoints.items[0] : undefined;
    expect(item).toEqual({
      account: ACCOUNT,
      region: 'us-east-1',
      type: 'AWS::EC2::VPCEndpoint',
      id: 'vpce-0a1b2c3d4e5f60001',
      attributes: {
        vpcEndpointId: 'vpce-0a1b2c3d4e5f60001',
        vpcId: 'vpc-0a1b2c3d4e5f60001',
        ownerId: ACCOUNT,
        serviceName: 'com.amazonaws.us-east-1.pinpoint',
        endpointType: 'Interface',
        state: 'available',
        policyDocument: interfaceEndpoint.PolicyDocument,
        privateDnsEnabled: false,
        subnetIds: ['subnet-0a1b2c3d4e5f60001'],
        routeTableIds: [],
        securityGroupIds: ['sg-0a1b2c3d4e5f60001'],
        networkInterfaceIds: ['eni-0a1b2c3d4e5f60001'],
        dnsNames: ['vpce-0a1b2c3d4e5f60001-abcd.pinpoint.us-east-1.vpce.amazonaws.com'],
        tags: {},
      },
    });
  });

  it('sends no filters for a whole-region scope, so a region costs the minimum pages', async () => {
    await collect();
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input).toEqual({ MaxResults: 1000 });
    expect(ec2.commandCalls(DescribeRouteTablesCommand)[0]?.args[0].input).toEqual({ MaxResults: 100 });
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)[0]?.args[0].input).toEqual({ MaxResults: 1000 });
  });

  it('filters by tag, then by vpc-id in chunks of at most 200 values', async () => {
    const vpcs = Array.from({ length: 250 }, (_, index) => vpcRecord(`vpc-${String(index).padStart(8, '0')}`));
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: vpcs });
    await collect({ scope: { vpcs: { tags: { 'tpm:monitored': 'true' } } } });
    expect(ec2.commandCalls(DescribeVpcsCommand)[0]?.args[0].input).toEqual({
      MaxResults: 1000,
      Filters: [{ Name: 'tag:tpm:monitored', Values: ['true'] }],
    });
    const subnetFilters = ec2.commandCalls(DescribeSubnetsCommand).map((call) => call.args[0].input.Filters?.[0]?.Values?.length);
    expect(subnetFilters).toEqual([200, 50]);
  });

  it('drops excluded and default VPCs from the scope', async () => {
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [vpcRecord('vpc-0000000a'), { ...vpcRecord('vpc-0000000b'), IsDefault: true }, vpcRecord('vpc-0000000c')],
    });
    const collections = await collect({ scope: { vpcs: { excludeIds: ['vpc-0000000c'], excludeDefault: true } } });
    const ids = collections.vpcs?.status === 'ok' ? collections.vpcs.items.map((item) => item.id) : [];
    expect(ids).toEqual(['vpc-0000000a']);
    expect(ec2.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: ['vpc-0000000a'] },
    ]);
  });

  it('turns one failed describe into an error collection naming the permission, keeping the others', async () => {
    ec2
      .on(DescribeSubnetsCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const collections = await collect();
    expect(collections.subnets?.status).toBe('error');
    const message = collections.subnets?.status === 'error' ? collections.subnets.error.message : '';
    expect(message).toBe(
      'ec2:DescribeSubnets in us-east-1 failed (UnauthorizedOperation: You are not authorized to perform this operation.). Grant ec2:DescribeSubnets to the scanning role.',
    );
    expect(collections.vpcEndpoints?.status).toBe('ok');
    expect(collections.routeTables?.status).toBe('ok');
  });

  it('fails every collection when the VPC list cannot be read, because the scope is unknown', async () => {
    ec2.on(DescribeVpcsCommand).rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));
    const collections = await collect();
    expect(Object.values(collections).map((collection) => collection?.status)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'error',
    ]);
    expect(ec2.commandCalls(DescribeSubnetsCommand)).toHaveLength(0);
  });

  it('stops the scan on rejected credentials instead of reporting them per collection', async () => {
    ec2.on(DescribeVpcsCommand).rejects(awsError('AuthFailure', 'AWS was not able to validate the provided access credentials'));
    await expect(collect()).rejects.toBeInstanceOf(CredentialsError);
  });

  it('resolves prefix lists once each, and leaves one that does not exist unresolved', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        groupA([
          {
            IpProtocol: '6',
            FromPort: 443,
            ToPort: 443,
            PrefixListIds: [{ PrefixListId: 'pl-good' }, { PrefixListId: 'pl-secret' }],
          },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-good' }] },
        ]),
      ],
    });
    ec2.on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-good' }).resolves({ Entries: [{ Cidr: '10.9.0.0/16' }] });
    ec2
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: 'pl-secret' })
      .rejects(awsError('InvalidPrefixListID.NotFound', "The prefix list ID 'pl-secret' does not exist"));
    const collections = await collect();
    expect(ec2.commandCalls(GetManagedPrefixListEntriesCommand)).toHaveLength(2);
    const group = collections.securityGroups?.status === 'ok' ? collections.securityGroups.items[0]?.attributes : undefined;
    expect(group?.ingress.map((rule) => rule.source)).toEqual([
      { kind: 'prefixList', prefixListId: 'pl-good', cidrs: ['10.9.0.0/16'] },
      { kind: 'prefixList', prefixListId: 'pl-secret', cidrs: undefined },
      { kind: 'prefixList', prefixListId: 'pl-good', cidrs: ['10.9.0.0/16'] },
    ]);
    expect(group?.ingress[0]?.protocol).toBe('tcp');
  });

  it.each([
    ['a throttled prefix-list read', 'Throttling'],
    ['a denied prefix-list read', 'UnauthorizedOperation'],
  ])('fails the security-group collection on %s instead of reading the list as unresolved', async (_case, code) => {
    // Issue 17, case 6: every error used to read as "unresolved", so the ingress check FAILed
    // "admits 443 from pl-…" with complete coverage, then RECOVERED on the next run.
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [groupA([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-busy' }] }])],
    });
    ec2.on(GetManagedPrefixListEntriesCommand).rejects(awsError(code, 'Rate exceeded'));
    const collections = await collect();
    expect(collections.securityGroups?.status).toBe('error');
  });

  it('fails the collection when a referenced group cannot be read for a reason other than NotFound', async () => {
    ec2.on(DescribeSecurityGroupsCommand, { MaxResults: 1000 }).resolves({
      SecurityGroups: [groupA([{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-peer0001', UserId: ACCOUNT }] }])],
    });
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-peer0001'] }).rejects(awsError('RequestLimitExceeded', 'slow down'));
    expect((await collect()).securityGroups?.status).toBe('error');
  });

  it('looks up groups referenced from a peer VPC and reads that VPC, marked out of scope', async () => {
    ec2.on(DescribeSecurityGroupsCommand, { MaxResults: 1000 }).resolves({
      SecurityGroups: [
        groupA([{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-peer0001', UserId: ACCOUNT, VpcId: 'vpc-peer0001' }] }]),
      ],
    });
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ['sg-peer0001'] }).resolves({
      SecurityGroups: [{ GroupId: 'sg-peer0001', GroupName: 'peer', VpcId: 'vpc-peer0001', OwnerId: ACCOUNT, IpPermissions: [] }],
    });
    ec2.on(DescribeVpcsCommand, { VpcIds: ['vpc-peer0001'] }).resolves({ Vpcs: [vpcRecord('vpc-peer0001', '172.16.0.0/16')] });
    const collections = await collect();
    const vpcs =
      collections.vpcs?.status === 'ok' ? collections.vpcs.items.map((item) => [item.id, item.attributes.inScope]) : [];
    expect(vpcs).toEqual([
      ['vpc-0a1b2c3d4e5f60001', true],
      ['vpc-peer0001', false],
    ]);
    const rule =
      collections.securityGroups?.status === 'ok' ? collections.securityGroups.items[0]?.attributes.ingress[0] : undefined;
    expect(rule).toMatchObject({ protocol: '-1', fromPort: 0, toPort: 65535 });
  });
});
