/**
 * The public addresses the monitored VPCs' workloads leave from: NAT gateways' addresses
 * (DescribeNatGateways) and every interface's Elastic or auto-assigned public IP
 * (DescribeNetworkInterfaces). No check judges them; the sweep keeps them in the baseline so the
 * observed-client-TLS handler can tell a VPC workload calling around its endpoint from a person
 * on the internet, without an AWS call per CloudTrail event.
 */
import { paginateDescribeNatGateways, paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import type { Collections } from '../model/inventory.ts';
import type { EgressAddress } from '../model/network.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, collected, failedCollections, guarded } from './collector.ts';
import { describeScopedVpcs } from './ec2-network.ts';
import { DESCRIBE_NAT_GATEWAYS, DESCRIBE_VPCS } from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

const PAGE_SIZE = 1000;

export const ec2EgressCollector: Collector = {
  name: 'ec2-egress',
  provides: ['egressAddresses'],
  reads: COLLECTOR_READS['ec2-egress'],
  async collect(ctx): Promise<Collections> {
    const ec2 = ctx.clients.ec2(ctx.region);
    const region = ctx.region;
    const where = { account: ctx.account, region };
    const vpcs = await guarded({ ...DESCRIBE_VPCS, region }, () => describeScopedVpcs(ec2, ctx));
    if (!vpcs.ok) return failedCollections(this.provides, vpcs.error);
    const inScope = new Set(vpcs.value.vpcs.map((vpc) => vpc.VpcId ?? ''));
    const filters = vpcs.value.filtered ? [{ Name: 'vpc-id', Values: [...inScope] }] : undefined;
    const addresses = await guarded({ ...DESCRIBE_NAT_GATEWAYS, region }, async () => {
      const found = new Map<string, EgressAddress>();
      if (inScope.size === 0) return [];
      for await (const page of paginateDescribeNatGateways(
        { client: ec2, pageSize: PAGE_SIZE },
        filters ? { Filter: filters } : {},
      )) {
        for (const gateway of page.NatGateways ?? []) {
          if (!inScope.has(gateway.VpcId ?? '') || gateway.State === 'deleted') continue;
          for (const address of gateway.NatGatewayAddresses ?? []) {
            if (address.PublicIp)
              found.set(address.PublicIp, {
                publicIp: address.PublicIp,
                vpcId: gateway.VpcId ?? '',
                via: 'nat-gateway',
                resourceId: gateway.NatGatewayId ?? '',
              });
          }
        }
      }
      for await (const page of paginateDescribeNetworkInterfaces(
        { client: ec2, pageSize: PAGE_SIZE },
        filters ? { Filters: filters } : {},
      )) {
        for (const eni of page.NetworkInterfaces ?? []) {
          const publicIp = eni.Association?.PublicIp;
          if (!publicIp || !inScope.has(eni.VpcId ?? '') || found.has(publicIp)) continue;
          found.set(publicIp, {
            publicIp,
            vpcId: eni.VpcId ?? '',
            via: eni.InterfaceType === 'natGateway' ? 'nat-gateway' : 'network-interface',
            resourceId: eni.NetworkInterfaceId ?? '',
          });
        }
      }
      return [...found.values()].sort((a, b) => a.publicIp.localeCompare(b.publicIp));
    });
    return { egressAddresses: collected(addresses, RESOURCE_TYPES.egressAddress, where, (address) => address.publicIp) };
  },
};
