/**
 * Points a sample CloudTrail event at the lab's own resources: every id of a known kind in the
 * event becomes the seeded estate's id of that kind, so `tpm invoke --lab`, the demo and the
 * handler tests deliver realistic records that touch resources which really exist in moto.
 */
import { RESOURCE_KINDS, VPC_ID } from '../../engine/changes/event-map.ts';
import type { DemoEstate } from './seed.ts';

/** The estate's resource of each kind that samples are retargeted to. */
export const labTargets = (estate: DemoEstate): readonly (readonly [RegExp, string])[] => [
  [VPC_ID, estate.prodApp.vpcId],
  [RESOURCE_KINDS['vpc-endpoint'], estate.prodApp.fileCacheEndpointId],
  [RESOURCE_KINDS['security-group'], estate.prodApp.internalSecurityGroupId],
  [RESOURCE_KINDS['network-interface'], estate.onPremises.fileCacheInterfaceIds[0] as string],
  [RESOURCE_KINDS['route-table'], estate.prodApp.batchRouteTableId],
  [RESOURCE_KINDS['vpn-connection'], estate.onPremises.vpnConnectionId],
  [RESOURCE_KINDS['dx-connection'], estate.onPremises.dxConnectionId],
  [RESOURCE_KINDS['file-cache'], estate.onPremises.fileCacheId],
  [/^subnet-[0-9a-f]{8,17}$/, estate.prodApp.subnetIds[0]],
];

/** A deep copy of `event` with every matching id replaced; everything else is kept as is. */
export const retargetEvent = <T>(event: T, targets: readonly (readonly [RegExp, string])[]): T => {
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return targets.find(([pattern]) => pattern.test(node))?.[1] ?? node;
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]));
    return node;
  };
  return visit(event) as T;
};
