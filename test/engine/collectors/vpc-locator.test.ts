/**
 * The re-check's VPC lookup against moto's EC2: EC2 fails a whole DescribeSecurityGroups batch
 * with InvalidGroup.NotFound when one id is gone (EC2 API reference, error codes), so a batch
 * holding a stray id is retried id by id and the live ones still locate their VPC (issue 14).
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../functions/engine/collectors/aws-clients.ts';
import { locateInVpcs } from '../../../functions/engine/collectors/vpc-locator.ts';
import { useMoto } from '../../support/moto.ts';

const moto = useMoto();
let clients: AwsClients;
let ec2: EC2Client;
let vpcId = '';
beforeEach(async () => {
  await moto.server.reset();
  clients = new AwsClients(moto.server.clientOptions);
  ec2 = clients.ec2('us-east-1');
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc?.VpcId as string;
});
afterEach(() => clients.destroy());

const GONE_GROUP = 'sg-0fedcba9876543210';

describe('locateInVpcs', () => {
  it('locates a live group although the batch also names one that does not exist', async () => {
    const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'app', Description: 'app', VpcId: vpcId }));
    expect(await locateInVpcs(ec2, 'security-group', [GroupId as string, GONE_GROUP])).toEqual([vpcId]);
  });

  it('answers undefined (read the region) only when none of the ids exists any more', async () => {
    expect(await locateInVpcs(ec2, 'security-group', [GONE_GROUP])).toBeUndefined();
    expect(await locateInVpcs(ec2, 'subnet', ['subnet-0fedcba9876543210', 'subnet-0123456789abcdef0'])).toBeUndefined();
  });

  it('locates a subnet (CreateSubnet, DeleteSubnet, AssociateSubnetCidrBlock re-checks)', async () => {
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.40.1.0/24' }));
    expect(await locateInVpcs(ec2, 'subnet', [Subnet?.SubnetId as string])).toEqual([vpcId]);
  });
});
