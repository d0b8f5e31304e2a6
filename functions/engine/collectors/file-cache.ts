/**
 * Amazon File Cache in one region (FSx DescribeFileCaches), each with the security groups of its
 * network interfaces (EC2 DescribeNetworkInterfaces): the groups that decide who reaches the
 * Lustre ports. The groups themselves, with references resolved, come from the network collector.
 */
import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { FSxClient, type FileCache as FsxFileCache, paginateDescribeFileCaches } from '@aws-sdk/client-fsx';
import { chunk, mapWithConcurrency } from '../concurrency.ts';
import type { FileCache } from '../model/connectivity.ts';
import type { Collections } from '../model/inventory.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, collected, guarded } from './collector.ts';
import { DESCRIBE_FILE_CACHES, DESCRIBE_NETWORK_INTERFACES } from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

export const normalizeFileCache = (cache: FsxFileCache, groupsByInterface: ReadonlyMap<string, readonly string[]>): FileCache => {
  const interfaces = cache.NetworkInterfaceIds ?? [];
  return {
    fileCacheId: cache.FileCacheId ?? '',
    lifecycle: cache.Lifecycle ?? 'UNKNOWN',
    vpcId: cache.VpcId ?? '',
    subnetIds: cache.SubnetIds ?? [],
    networkInterfaceIds: interfaces,
    securityGroupIds: [...new Set(interfaces.flatMap((id) => groupsByInterface.get(id) ?? []))].sort(),
    dnsName: cache.DNSName,
    failureMessage: cache.FailureDetails?.Message,
  };
};

export const fileCacheCollector: Collector = {
  name: 'file-cache',
  provides: ['fileCaches'],
  reads: COLLECTOR_READS['file-cache'],
  async collect(ctx): Promise<Collections> {
    const region = ctx.region;
    const fsx = ctx.clients.client(FSxClient, region);
    const caches = await guarded({ ...DESCRIBE_FILE_CACHES, region }, async () => {
      const all: FsxFileCache[] = [];
      for await (const page of paginateDescribeFileCaches({ client: fsx }, {})) all.push(...(page.FileCaches ?? []));
      return all.filter((cache) => cache.Lifecycle !== 'DELETING');
    });
    if (!caches.ok) return { fileCaches: { status: 'error', error: caches.error } };
    const interfaceIds = caches.value.flatMap((cache) => cache.NetworkInterfaceIds ?? []);
    const groups = await guarded({ ...DESCRIBE_NETWORK_INTERFACES, region }, async () => {
      const byInterface = new Map<string, readonly string[]>();
      const ec2 = ctx.clients.ec2(region);
      await mapWithConcurrency(chunk(interfaceIds, 200), 2, async (ids) => {
        const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids }));
        for (const eni of NetworkInterfaces ?? []) {
          if (eni.NetworkInterfaceId)
            byInterface.set(
              eni.NetworkInterfaceId,
              (eni.Groups ?? []).map((group) => group.GroupId).filter((id): id is string => Boolean(id)),
            );
        }
      });
      // An interface the API did not return leaves its cache's exposure unknown: fail closed.
      const missing = interfaceIds.filter((id) => !byInterface.has(id));
      if (missing.length > 0)
        throw Object.assign(new Error(`network interfaces not found: ${missing.join(', ')}`), {
          name: 'InvalidNetworkInterfaceID.NotFound',
        });
      return caches.value.map((cache) => normalizeFileCache(cache, byInterface));
    });
    return {
      fileCaches: collected(groups, RESOURCE_TYPES.fileCache, { account: ctx.account, region }, (cache) => cache.fileCacheId),
    };
  },
};
