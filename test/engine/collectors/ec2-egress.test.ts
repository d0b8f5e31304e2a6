/**
 * The egress-address collector against moto's EC2 (real AllocateAddress, CreateNatGateway,
 * AssociateAddress on an instance's interface): the public addresses a VPC's workloads leave from,
 * and only the monitored VPCs' (issue 14: a bypass is a VPC workload around its endpoint).
 */
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  CreateNatGatewayCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../../functions/engine/checks/registry.ts';
import { ApiCallRecorder, AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { ec2EgressCollector } from '../../../functions/engine/collectors/ec2-egress.ts';
import { runScan } from '../../../functions/engine/scan/scan.ts';
import { policy } from '../../support/builders.ts';
import { collectWith, itemsOf } from '../../support/collectors.ts';
import { useMoto } from '../../support/moto.ts';

const moto = useMoto();
let clients: AwsClients;
let ec2: EC2Client;
beforeEach(async () => {
  await moto.server.reset();
  clients = new AwsClients(moto.server.clientOptions);
  ec2 = clients.ec2('us-east-1');
});
afterEach(() => clients.destroy());

/** A VPC with a NAT gateway on one Elastic IP and an instance holding another. */
const vpcWithEgress = async (cidr: string) => {
  const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const vpcId = Vpc?.VpcId as string;
  const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr.replace('/16', '/24') }));
  const subnetId = Subnet?.SubnetId as string;
  const natAddress = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const { NatGateway } = await ec2.send(
    new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: natAddress.AllocationId }),
  );
  const { Instances } = await ec2.send(
    new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 1, MaxCount: 1, SubnetId: subnetId }),
  );
  const instanceAddress = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  await ec2.send(
    new AssociateAddressCommand({ AllocationId: instanceAddress.AllocationId, InstanceId: Instances?.[0]?.InstanceId }),
  );
  return {
    vpcId,
    natGatewayId: NatGateway?.NatGatewayId as string,
    natIp: natAddress.PublicIp as string,
    instanceIp: instanceAddress.PublicIp as string,
  };
};

describe('ec2EgressCollector', () => {
  it('lists the NAT gateway and instance addresses of the monitored VPCs, and no other VPC', async () => {
    const monitored = await vpcWithEgress('10.20.0.0/16');
    const other = await vpcWithEgress('10.30.0.0/16');
    const collections = await collectWith(ec2EgressCollector, {
      clients,
      policyDocument: { scope: { vpcs: { ids: [monitored.vpcId] } } },
    });
    const addresses = itemsOf(collections, 'egressAddresses');
    expect(addresses).toEqual(
      expect.arrayContaining([
        { publicIp: monitored.natIp, vpcId: monitored.vpcId, via: 'nat-gateway', resourceId: monitored.natGatewayId },
        expect.objectContaining({ publicIp: monitored.instanceIp, vpcId: monitored.vpcId, via: 'network-interface' }),
      ]),
    );
    expect(addresses.map((address) => address.publicIp)).not.toContain(other.natIp);
    expect(addresses.map((address) => address.publicIp)).not.toContain(other.instanceIp);
  });

  it('shares one DescribeVpcs with the network collector in a sweep that reads both', async () => {
    await vpcWithEgress('10.20.0.0/16');
    const recorder = new ApiCallRecorder();
    const counted = new AwsClients({ ...moto.server.clientOptions, recorder });
    try {
      const result = await runScan({
        policy: policy(),
        regions: ['us-east-1'],
        clients: counted,
        account: '123456789012',
        organization: { status: 'none' },
        checks: CHECKS.filter((check) => check.id === 'vpc_endpoint_gateway_routes_all_subnets'),
        alsoCollect: ['egressAddresses'],
      });
      expect(result.coverage).toMatchObject([{ status: 'complete' }]);
      expect(recorder.snapshot()['EC2.DescribeVpcs']).toBe(1);
    } finally {
      counted.destroy();
    }
  });
});
