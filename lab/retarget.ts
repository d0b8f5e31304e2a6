/**
 * Points a sample CloudTrail event at the lab's own resources: every id of a known kind in the
 * event becomes the seeded estate's id of that kind, so `tpm invoke --lab`, the demo and the
 * handler tests deliver realistic records that touch resources which really exist in moto.
 */
import { RESOURCE_KINDS, VPC_ID } from '../functions/engine/events/event-map.ts';
import { mapStrings } from '../functions/engine/tree.ts';
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
  [RESOURCE_KINDS.subnet, estate.prodApp.subnetIds[0]],
];

/**
 * A deep copy of `event` with every matching id replaced and the record's own account (the
 * envelope's `account`) replaced wherever it appears, ARNs included, so a genuine record from
 * another account touches the lab's account instead of producing phantom findings. Iterative:
 * an event nested however deep is copied, and left for the handler to reject.
 */
export const retargetEvent = <T>(event: T, targets: readonly (readonly [RegExp, string])[], account?: string): T => {
  const from = (event as { account?: unknown } | null)?.account;
  const accountOf = typeof from === 'string' && /^\d{12}$/.test(from) && account ? from : undefined;
  return mapStrings(event, (text) => {
    const target = targets.find(([pattern]) => pattern.test(text))?.[1];
    if (target !== undefined) return target;
    return accountOf && text.includes(accountOf) ? text.replaceAll(accountOf, account as string) : text;
  });
};
