/**
 * Seeds moto with VPCs the way a team builds them, for the scale benchmarks: two subnets in two
 * zones, a route table, two security groups, a DynamoDB gateway endpoint and interface endpoints
 * for the monitored services.
 */
import {
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { mapWithConcurrency } from '../../functions/engine/concurrency.ts';

export const ENDPOINTS_PER_VPC = 50;
const INTERFACE_SERVICES = ['fsx', 'pinpoint', 'dynamodb'];

/** VPC number `index` (10.<index>.0.0/16, so at most 256) with `endpoints` endpoints. */
export const seedVpc = async (ec2: EC2Client, index: number, endpoints: number, tags: Tag[] = []) => {
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: `10.${index}.0.0/16`,
      ...(tags.length ? { TagSpecifications: [{ ResourceType: 'vpc', Tags: tags }] } : {}),
    }),
  );
  const vpcId = Vpc?.VpcId as string;
  const subnets = await Promise.all(
    ['a', 'b'].map(async (zone, z) => {
      const { Subnet } = await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${index}.${z + 1}.0/24`, AvailabilityZone: `us-east-1${zone}` }),
      );
      return Subnet?.SubnetId as string;
    }),
  );
  const { RouteTable } = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  const groups = await Promise.all(
    ['endpoints', 'apps'].map(async (name) => {
      const { GroupId } = await ec2.send(
        new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-${index}`, Description: name }),
      );
      return GroupId as string;
    }),
  );
  await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: 'com.amazonaws.us-east-1.dynamodb',
      VpcEndpointType: 'Gateway',
      RouteTableIds: [RouteTable?.RouteTableId as string],
    }),
  );
  await mapWithConcurrency(
    Array.from({ length: endpoints - 1 }, (_, i) => i),
    4,
    (i) =>
      ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.us-east-1.${INTERFACE_SERVICES[i % INTERFACE_SERVICES.length]}`,
          VpcEndpointType: 'Interface',
          SubnetIds: subnets,
          SecurityGroupIds: [groups[0] as string],
          PrivateDnsEnabled: false,
        }),
      ),
  );
  return vpcId;
};
