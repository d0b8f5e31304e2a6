/**
 * The change re-check's one lookup: which VPCs the network resources a CloudTrail call touched
 * live in, so only those VPCs are re-read. A batch that fails because one id is gone (or belongs
 * to another account) is retried id by id, so one stray id cannot widen the re-check to the
 * region; only when none of the ids exists any more is the answer "unknown" (the whole region).
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { errorCode } from '../errors.ts';

/** The network kinds a VPC-scoped re-check locates. */
const LOCATABLE_KINDS = ['vpc-endpoint', 'security-group', 'network-interface', 'route-table', 'subnet'] as const;
export type LocatableKind = (typeof LOCATABLE_KINDS)[number];

/** True for a kind this module can find the VPC of. */
export const isLocatable = (kind: string): kind is LocatableKind => (LOCATABLE_KINDS as readonly string[]).includes(kind);

/** "Does not exist" (or is malformed, which EC2 says of another partition's or account's id). */
const GONE = /NotFound|\.Malformed$/;

/** The VPC ids of the `ids` that still exist; an id that does not makes EC2 fail the whole call (caught by the caller). */
const describeVpcsOf = async (ec2: EC2Client, kind: LocatableKind, ids: string[]): Promise<string[]> => {
  switch (kind) {
    case 'vpc-endpoint': {
      const { VpcEndpoints = [] } = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ids }));
      return VpcEndpoints.filter((endpoint) => endpoint.State?.toLowerCase() !== 'deleted').map(
        (endpoint) => endpoint.VpcId ?? '',
      );
    }
    case 'security-group': {
      const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ids }));
      return SecurityGroups.map((group) => group.VpcId ?? '');
    }
    case 'network-interface': {
      const { NetworkInterfaces = [] } = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids }));
      return NetworkInterfaces.map((eni) => eni.VpcId ?? '');
    }
    case 'route-table': {
      const { RouteTables = [] } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ids }));
      return RouteTables.map((table) => table.VpcId ?? '');
    }
    case 'subnet': {
      const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: ids }));
      return Subnets.map((subnet) => subnet.VpcId ?? '');
    }
  }
};

const vpcsOrGone = async (ec2: EC2Client, kind: LocatableKind, ids: string[]): Promise<string[] | undefined> => {
  try {
    return await describeVpcsOf(ec2, kind, ids);
  } catch (error) {
    if (GONE.test(errorCode(error) ?? '')) return undefined;
    throw error;
  }
};

/**
 * The VPCs the resources live in; undefined when none of them exists any more (a deletion: the
 * caller reads the whole region). Throttling, denial and timeouts throw, so the event is retried.
 */
export const locateInVpcs = async (
  ec2: EC2Client,
  kind: LocatableKind,
  ids: readonly string[],
): Promise<string[] | undefined> => {
  const together = await vpcsOrGone(ec2, kind, [...ids]);
  if (together !== undefined || ids.length === 1) return together?.length ? together : undefined;
  const oneByOne = (await Promise.all(ids.map((id) => vpcsOrGone(ec2, kind, [id])))).flatMap((found) => found ?? []);
  return oneByOne.length ? oneByOne : undefined;
};
