/**
 * The File Cache collector: FSx `DescribeFileCaches` is a typed SDK mock (moto has no File Cache
 * API; shapes follow the FSx API Reference, DescribeFileCaches → FileCache), while the network
 * interfaces and security groups it resolves are real moto resources.
 */
import {
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeFileCachesCommand, type FileCache, FSxClient, FSxServiceException } from '@aws-sdk/client-fsx';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallRecorder, AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { fileCacheCollector } from '../../../functions/engine/collectors/file-cache.ts';
import { collectWith, itemsOf } from '../../support/collectors.ts';
import { useMoto } from '../../support/moto.ts';

const moto = useMoto();
const fsx = mockClient(FSxClient);
afterAll(() => fsx.restore());
let clients: AwsClients;
const recorder = new ApiCallRecorder();
beforeEach(() => {
  fsx.reset();
  recorder.reset();
  clients = new AwsClients({ ...moto.server.clientOptions, recorder });
});
afterEach(() => clients.destroy());

const cacheRecord = (FileCacheId: string, NetworkInterfaceIds: string[], overrides: Partial<FileCache> = {}): FileCache => ({
  OwnerId: '123456789012',
  CreationTime: new Date('2026-10-01T00:00:00Z'),
  FileCacheId,
  FileCacheType: 'LUSTRE',
  FileCacheTypeVersion: '2.12',
  Lifecycle: 'AVAILABLE',
  StorageCapacity: 1200,
  VpcId: 'vpc-from-moto',
  SubnetIds: ['subnet-from-moto'],
  NetworkInterfaceIds,
  DNSName: `${FileCacheId}.fsx.us-east-1.amazonaws.com`,
  ...overrides,
});

/** A VPC with two security groups and three ENIs: two in the Lustre group, one in both. */
const seedInterfaces = async (ec2: EC2Client) => {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }));
  const { Subnet } = await ec2.send(
    new CreateSubnetCommand({ VpcId: Vpc?.VpcId, CidrBlock: '10.40.1.0/24', AvailabilityZone: 'us-east-1a' }),
  );
  const group = async (GroupName: string) =>
    (await ec2.send(new CreateSecurityGroupCommand({ VpcId: Vpc?.VpcId, GroupName, Description: GroupName }))).GroupId as string;
  const lustre = await group('lustre');
  const admin = await group('admin');
  const eni = async (Groups: string[]) =>
    (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: Subnet?.SubnetId, Groups }))).NetworkInterface
      ?.NetworkInterfaceId as string;
  return {
    vpcId: Vpc?.VpcId as string,
    lustre,
    admin,
    enis: [await eni([lustre]), await eni([lustre]), await eni([lustre, admin])],
  };
};

describe('fileCacheCollector', () => {
  it('reads every page of caches and resolves their security groups from the network interfaces', async () => {
    const seeded = await seedInterfaces(clients.ec2('us-east-1'));
    const sent: unknown[] = [];
    fsx.on(DescribeFileCachesCommand).callsFake((input: { NextToken?: string }) => {
      sent.push({ ...input });
      return input.NextToken === undefined
        ? {
            FileCaches: [cacheRecord('fc-0000000000000000a', [seeded.enis[0] as string, seeded.enis[1] as string])],
            NextToken: 'next',
          }
        : {
            FileCaches: [
              cacheRecord('fc-0000000000000000b', [seeded.enis[2] as string], {
                Lifecycle: 'FAILED',
                FailureDetails: { Message: 'no IPs left' },
              }),
              cacheRecord('fc-0000000000000000c', [], { Lifecycle: 'DELETING' }),
            ],
          };
    });
    recorder.reset();
    const caches = itemsOf(await collectWith(fileCacheCollector, { clients }), 'fileCaches');
    // All three interfaces in one batched EC2 call (FSx calls are mocked below the recorder).
    expect(recorder.snapshot()).toEqual({ 'EC2.DescribeNetworkInterfaces': 1 });
    expect(sent).toEqual([{}, { NextToken: 'next' }]);
    expect(caches.map((cache) => [cache.fileCacheId, cache.lifecycle, cache.securityGroupIds, cache.failureMessage])).toEqual([
      ['fc-0000000000000000a', 'AVAILABLE', [seeded.lustre], undefined],
      ['fc-0000000000000000b', 'FAILED', [seeded.admin, seeded.lustre].sort(), 'no IPs left'],
    ]);
  });

  it('fails closed when a network interface of a cache cannot be found', async () => {
    const seeded = await seedInterfaces(clients.ec2('us-east-1'));
    fsx.on(DescribeFileCachesCommand).resolves({
      FileCaches: [cacheRecord('fc-0000000000000000a', [seeded.enis[0] as string, 'eni-0123456789abcdef0'])],
    });
    const collections = await collectWith(fileCacheCollector, { clients });
    expect(collections.fileCaches?.status).toBe('error');
    expect(collections.fileCaches?.status === 'error' && collections.fileCaches.error.message).toContain('eni-0123456789abcdef0');
  });

  it('makes no EC2 call when the region has no caches', async () => {
    fsx.on(DescribeFileCachesCommand).resolves({ FileCaches: [] });
    expect(itemsOf(await collectWith(fileCacheCollector, { clients }), 'fileCaches')).toEqual([]);
    expect(recorder.snapshot()).toEqual({});
  });

  it('returns an error naming the permission when FSx denies access', async () => {
    fsx
      .on(DescribeFileCachesCommand)
      .rejects(new FSxServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'denied' }));
    const collections = await collectWith(fileCacheCollector, { clients });
    expect(collections.fileCaches?.status === 'error' && collections.fileCaches.error.message).toContain(
      'Grant fsx:DescribeFileCaches to the scanning role.',
    );
  });
});
