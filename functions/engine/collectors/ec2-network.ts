/**
 * Collects the VPC networking inventory of one region: VPCs, subnets, route tables, VPC
 * endpoints and security groups, every page. When the scope names VPCs, each call is filtered
 * by `vpc-id`; when it does not, calls go unfiltered so a whole-region scan costs the minimum
 * number of pages. Prefix lists and security groups referenced from other VPCs are resolved so
 * rules are judged on addresses, not guesses.
 */
import {
  type DescribeSecurityGroupsCommandInput,
  type EC2Client,
  type SecurityGroup as Ec2SecurityGroup,
  type Vpc as Ec2Vpc,
  type Filter,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
} from '@aws-sdk/client-ec2';
import { chunk, mapWithConcurrency } from '../concurrency.ts';
import { isNotFound } from '../errors.ts';
import type { Collections } from '../model/inventory.ts';
import type { Vpc } from '../model/network.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, type CollectorContext, collected, failedCollections, guarded } from './collector.ts';
import {
  normalizeRouteTable,
  normalizeSecurityGroup,
  normalizeSubnet,
  normalizeVpc,
  normalizeVpcEndpoint,
  referencedPrefixLists,
} from './ec2-normalize.ts';
import {
  DESCRIBE_ROUTE_TABLES,
  DESCRIBE_SECURITY_GROUPS,
  DESCRIBE_SUBNETS,
  DESCRIBE_VPC_ENDPOINTS,
  DESCRIBE_VPCS,
} from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

/** EC2 accepts at most 200 values per filter. */
const FILTER_VALUE_LIMIT = 200;
const PAGE_SIZE = 1000;
/** DescribeRouteTables caps MaxResults at 100. */
const ROUTE_TABLE_PAGE_SIZE = 100;

const drain = async <T>(pages: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
};

/**
 * The in-scope VPCs, read with the narrowest filter the policy and focus allow: once per
 * account and region in a scan (the network and the egress collectors both need them).
 */
export const describeScopedVpcs = (ec2: EC2Client, ctx: CollectorContext): Promise<{ vpcs: Ec2Vpc[]; filtered: boolean }> => {
  const key = `ec2:scoped-vpcs:${ctx.account}:${ctx.region}:${ctx.focus?.vpcIds?.join(',') ?? ''}`;
  let pending = ctx.memo.get(key) as Promise<{ vpcs: Ec2Vpc[]; filtered: boolean }> | undefined;
  if (!pending) {
    pending = readScopedVpcs(ec2, ctx);
    ctx.memo.set(key, pending);
  }
  return pending;
};

const readScopedVpcs = async (ec2: EC2Client, ctx: CollectorContext): Promise<{ vpcs: Ec2Vpc[]; filtered: boolean }> => {
  const scope = ctx.policy.vpcScope;
  const ids = ctx.focus?.vpcIds ?? scope.ids;
  const filters: Filter[] = Object.entries(scope.tags ?? {}).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
  const pages = await drain(
    paginateDescribeVpcs(
      { client: ec2, ...(ids ? {} : { pageSize: PAGE_SIZE }) },
      { ...(ids ? { VpcIds: [...ids] } : {}), ...(filters.length ? { Filters: filters } : {}) },
    ),
  );
  const excluded = new Set(scope.excludeIds);
  const vpcs = pages
    .flatMap((page) => page.Vpcs ?? [])
    .filter((vpc) => !excluded.has(vpc.VpcId ?? '') && !(scope.excludeDefault && vpc.IsDefault));
  const filtered = ids !== undefined || filters.length > 0 || excluded.size > 0 || scope.excludeDefault;
  return { vpcs, filtered };
};

/** Runs a paginated describe once per chunk of VPC ids (or once unfiltered). */
const describeByVpc = async <P, I>(
  vpcIds: readonly string[] | undefined,
  run: (filters: Filter[] | undefined) => AsyncIterable<P>,
  itemsOf: (page: P) => readonly I[] | undefined,
): Promise<I[]> => {
  if (vpcIds === undefined) return (await drain(run(undefined))).flatMap((page) => itemsOf(page) ?? []);
  if (vpcIds.length === 0) return [];
  const results = await mapWithConcurrency(chunk(vpcIds, FILTER_VALUE_LIMIT), 2, async (ids) =>
    (await drain(run([{ Name: 'vpc-id', Values: ids }]))).flatMap((page) => itemsOf(page) ?? []),
  );
  return results.flat();
};

const readPrefixLists = async (ec2: EC2Client, ids: readonly string[]): Promise<Map<string, readonly string[] | undefined>> => {
  const entries = new Map<string, readonly string[] | undefined>();
  await mapWithConcurrency(ids, 4, async (id) => {
    try {
      const pages = await drain(paginateGetManagedPrefixListEntries({ client: ec2 }, { PrefixListId: id }));
      entries.set(
        id,
        pages
          .flatMap((page) => page.Entries ?? [])
          .map((entry) => entry.Cidr)
          .filter((cidr): cidr is string => Boolean(cidr)),
      );
    } catch (error) {
      // A list that does not exist stays undefined (its rule is reported unresolved, never
      // trusted); any other failure (throttling, access denied) means the groups were not seen,
      // so it fails the collection (ERROR) instead of becoming a false "admits from pl-…".
      if (!isNotFound(error)) throw error;
      entries.set(id, undefined);
    }
  });
  return entries;
};

/**
 * Security groups referenced by rules but not collected (peer VPCs). Cross-account groups
 * cannot be described and stay unresolved; that is reported, not an error.
 */
const describeReferencedGroups = async (ec2: EC2Client, ids: readonly string[]): Promise<Ec2SecurityGroup[]> => {
  const found: Ec2SecurityGroup[] = [];
  await mapWithConcurrency(ids, 4, async (id) => {
    try {
      const input: DescribeSecurityGroupsCommandInput = { GroupIds: [id] };
      for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, input)) found.push(...(page.SecurityGroups ?? []));
    } catch (error) {
      // InvalidGroup.NotFound for groups of other accounts: left unresolved on purpose.
      if (!isNotFound(error)) throw error;
    }
  });
  return found;
};

export const ec2NetworkCollector: Collector = {
  name: 'ec2-network',
  provides: ['vpcs', 'subnets', 'routeTables', 'vpcEndpoints', 'securityGroups'],
  reads: COLLECTOR_READS['ec2-network'],
  async collect(ctx): Promise<Collections> {
    const ec2 = ctx.clients.ec2(ctx.region);
    const where = { account: ctx.account, region: ctx.region };
    const region = ctx.region;

    const vpcResult = await guarded({ ...DESCRIBE_VPCS, region }, () => describeScopedVpcs(ec2, ctx));
    if (!vpcResult.ok) {
      // Without the VPC list the scope is unknown, so nothing below can be judged.
      return failedCollections(this.provides, vpcResult.error);
    }
    const scopedVpcs = vpcResult.value.vpcs.map((vpc) => normalizeVpc(vpc));
    const vpcFilter = vpcResult.value.filtered ? scopedVpcs.map((vpc) => vpc.vpcId) : undefined;
    const inScope = new Set(scopedVpcs.map((vpc) => vpc.vpcId));
    const keepInScope = <T extends { vpcId?: string | undefined }>(item: T): boolean => inScope.has(item.vpcId ?? '');

    const [subnets, routeTables, endpoints, groups] = await Promise.all([
      guarded({ ...DESCRIBE_SUBNETS, region }, async () =>
        (
          await describeByVpc(
            vpcFilter,
            (filters) => paginateDescribeSubnets({ client: ec2, pageSize: PAGE_SIZE }, filters ? { Filters: filters } : {}),
            (page) => page.Subnets,
          )
        )
          .map(normalizeSubnet)
          .filter(keepInScope),
      ),
      guarded({ ...DESCRIBE_ROUTE_TABLES, region }, async () =>
        (
          await describeByVpc(
            vpcFilter,
            (filters) =>
              paginateDescribeRouteTables({ client: ec2, pageSize: ROUTE_TABLE_PAGE_SIZE }, filters ? { Filters: filters } : {}),
            (page) => page.RouteTables,
          )
        )
          .map(normalizeRouteTable)
          .filter(keepInScope),
      ),
      guarded({ ...DESCRIBE_VPC_ENDPOINTS, region }, async () =>
        (
          await describeByVpc(
            vpcFilter,
            (filters) => paginateDescribeVpcEndpoints({ client: ec2, pageSize: PAGE_SIZE }, filters ? { Filters: filters } : {}),
            (page) => page.VpcEndpoints,
          )
        )
          .map(normalizeVpcEndpoint)
          // AWS lists deleted endpoints for a while; they are gone, not failing.
          .filter((endpoint) => keepInScope(endpoint) && endpoint.state !== 'deleted'),
      ),
      guarded({ ...DESCRIBE_SECURITY_GROUPS, region }, async () => {
        const raw = await describeByVpc(
          vpcFilter,
          (filters) => paginateDescribeSecurityGroups({ client: ec2, pageSize: PAGE_SIZE }, filters ? { Filters: filters } : {}),
          (page) => page.SecurityGroups,
        );
        const known = new Set(raw.map((group) => group.GroupId));
        const missing = [
          ...new Set(
            raw.flatMap((group) =>
              (group.IpPermissions ?? []).flatMap((permission) =>
                (permission.UserIdGroupPairs ?? [])
                  .filter((pair) => pair.GroupId && !known.has(pair.GroupId) && (!pair.UserId || pair.UserId === ctx.account))
                  .map((pair) => pair.GroupId as string),
              ),
            ),
          ),
        ];
        const referenced = missing.length > 0 ? await describeReferencedGroups(ec2, missing) : [];
        const all = [...raw, ...referenced];
        const prefixLists = await readPrefixLists(ec2, referencedPrefixLists(all));
        return all.map((group) => normalizeSecurityGroup(group, prefixLists));
      }),
    ]);

    // Peer VPCs of referenced groups: read for their CIDRs, never judged themselves.
    const peerVpcIds = groups.ok
      ? [
          ...new Set(
            groups.value.map((group) => group.vpcId).filter((id): id is string => Boolean(id) && !inScope.has(id as string)),
          ),
        ]
      : [];
    let peerVpcs: Vpc[] = [];
    if (peerVpcIds.length > 0) {
      const peers = await guarded({ ...DESCRIBE_VPCS, region }, async () =>
        (await drain(paginateDescribeVpcs({ client: ec2 }, { VpcIds: peerVpcIds }))).flatMap((page) => page.Vpcs ?? []),
      );
      peerVpcs = peers.ok ? peers.value.map((vpc) => normalizeVpc(vpc, false)) : [];
    }

    return {
      vpcs: collected({ ok: true, value: [...scopedVpcs, ...peerVpcs] }, RESOURCE_TYPES.vpc, where, (vpc) => vpc.vpcId),
      subnets: collected(subnets, RESOURCE_TYPES.subnet, where, (subnet) => subnet.subnetId),
      routeTables: collected(routeTables, RESOURCE_TYPES.routeTable, where, (table) => table.routeTableId),
      vpcEndpoints: collected(endpoints, RESOURCE_TYPES.vpcEndpoint, where, (endpoint) => endpoint.vpcEndpointId),
      securityGroups: collected(groups, RESOURCE_TYPES.securityGroup, where, (group) => group.groupId),
    };
  },
};
