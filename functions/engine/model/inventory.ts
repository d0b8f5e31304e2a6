/**
 * The inventory of one (account, region): every collection a collector tried to read, each
 * either complete or failed. A failed collection is carried, not dropped, so the engine can turn
 * it into ERROR findings for exactly what it could not see.
 */
import type { CollectorError } from '../errors.ts';
import type { Resource } from '../types.ts';
import type { DxConnection, DxGateway, DxRegionSummary, DxVirtualInterface, FileCache, VpnConnection } from './connectivity.ts';
import type { EgressAddress, RouteTable, SecurityGroup, Subnet, Vpc, VpcEndpoint } from './network.ts';
import type { TlsPolicyHolder, TlsReport } from './tls.ts';

/** Maps each collection name to the attribute type of its resources. */
export interface CollectionTypes {
  vpcs: Vpc;
  subnets: Subnet;
  routeTables: RouteTable;
  vpcEndpoints: VpcEndpoint;
  securityGroups: SecurityGroup;
  tlsEndpoints: TlsReport;
  elbListeners: TlsPolicyHolder;
  apiGatewayDomains: TlsPolicyHolder;
  cloudFrontDistributions: TlsPolicyHolder;
  vpnConnections: VpnConnection;
  dxConnections: DxConnection;
  dxVirtualInterfaces: DxVirtualInterface;
  dxGateways: DxGateway;
  dxRegions: DxRegionSummary;
  fileCaches: FileCache;
  egressAddresses: EgressAddress;
}
export type CollectionName = keyof CollectionTypes;

export const COLLECTION_NAMES = [
  'vpcs',
  'subnets',
  'routeTables',
  'vpcEndpoints',
  'securityGroups',
  'tlsEndpoints',
  'elbListeners',
  'apiGatewayDomains',
  'cloudFrontDistributions',
  'vpnConnections',
  'dxConnections',
  'dxVirtualInterfaces',
  'dxGateways',
  'dxRegions',
  'fileCaches',
  'egressAddresses',
] as const satisfies readonly CollectionName[];

/** A collection that was read in full, or the reason it could not be. */
export type Collection<T> =
  | { readonly status: 'ok'; readonly items: readonly Resource<T>[] }
  | { readonly status: 'error'; readonly error: CollectorError };

export type Collections = { readonly [K in CollectionName]?: Collection<CollectionTypes[K]> };

export interface Inventory {
  readonly account: string;
  readonly region: string;
  readonly collections: Collections;
}

/** Typed accessor, because indexing a mapped type by a generic key loses the element type. */
export const collectionOf = <K extends CollectionName>(
  inventory: Inventory,
  name: K,
): Collection<CollectionTypes[K]> | undefined => inventory.collections[name] as Collection<CollectionTypes[K]> | undefined;
