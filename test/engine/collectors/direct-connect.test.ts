/**
 * The Direct Connect collector against typed SDK mocks: moto's Direct Connect answers carry
 * timestamps the SDK cannot parse, so no local server stands in. Shapes follow the Direct
 * Connect API Reference (DescribeConnections → Connection; DescribeVirtualInterfaces →
 * VirtualInterface, BGPPeer; DescribeDirectConnectGatewayAssociations →
 * DirectConnectGatewayAssociation, AssociatedGateway) as `@aws-sdk/client-direct-connect` types them.
 */
import {
  type Connection,
  DescribeConnectionsCommand,
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  DirectConnectServiceException,
  type VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { directConnectCollector } from '../../../functions/engine/collectors/direct-connect.ts';
import { collectWith, itemsOf } from '../../support/collectors.ts';

const dx = mockClient(DirectConnectClient);
afterAll(() => dx.restore());

const connection = (connectionId: string, location: string, overrides: Partial<Connection> = {}): Connection => ({
  ownerAccount: '111122223333',
  connectionId,
  connectionName: `dc-${location}`,
  connectionState: 'available',
  region: 'us-east-1',
  location,
  bandwidth: '10Gbps',
  vlan: 0,
  awsDeviceV2: 'EqDC2-abcd1234',
  hasLogicalRedundancy: 'unknown',
  macSecCapable: true,
  portEncryptionStatus: 'Encryption Up',
  encryptionMode: 'must_encrypt',
  ...overrides,
});

const transitVif = (
  virtualInterfaceId: string,
  connectionId: string,
  overrides: Partial<VirtualInterface> = {},
): VirtualInterface => ({
  ownerAccount: '111122223333',
  virtualInterfaceId,
  location: 'EqDC2',
  connectionId,
  virtualInterfaceType: 'transit',
  virtualInterfaceName: `transit-${virtualInterfaceId}`,
  vlan: 101,
  asn: 65000,
  amazonSideAsn: 64512,
  addressFamily: 'ipv4',
  virtualInterfaceState: 'available',
  directConnectGatewayId: 'dxgw-0a1b2c3d',
  virtualGatewayId: '',
  bgpPeers: [
    { bgpPeerId: `dxpeer-${virtualInterfaceId}`, asn: 65000, addressFamily: 'ipv4', bgpPeerState: 'available', bgpStatus: 'up' },
  ],
  ...overrides,
});

const tgwAssociation = (id: string, associationState: 'associated' | 'disassociated' = 'associated') => ({
  directConnectGatewayId: 'dxgw-0a1b2c3d',
  associationState,
  associatedGateway: { id, type: 'transitGateway' as const, ownerAccount: '111122223333', region: 'us-east-1' },
  associationId: `assoc-${id}`,
});

beforeEach(() => {
  dx.reset();
  dx.on(DescribeConnectionsCommand).resolves({ connections: [connection('dxcon-aaaa1111', 'EqDC2')] });
  dx.on(DescribeVirtualInterfacesCommand).resolves({ virtualInterfaces: [] });
  dx.on(DescribeDirectConnectGatewayAssociationsCommand).resolves({ directConnectGatewayAssociations: [] });
});

describe('directConnectCollector', () => {
  it('counts each connection once even when AWS lists it twice, and marks partner-hosted ones', async () => {
    dx.on(DescribeConnectionsCommand).resolves({
      connections: [
        connection('dxcon-aaaa1111', 'EqDC2'),
        connection('dxcon-aaaa1111', 'EqDC2'),
        connection('dxcon-bbbb2222', 'CSVA1', {
          partnerName: 'Example Networks',
          macSecCapable: false,
          encryptionMode: undefined,
          portEncryptionStatus: undefined,
        }),
        connection('dxcon-cccc3333', 'EqDC2', { connectionState: 'deleted' }),
      ],
    });
    const collections = await collectWith(directConnectCollector);
    expect(itemsOf(collections, 'dxConnections').map((item) => [item.connectionId, item.hosted, item.encryptionMode])).toEqual([
      ['dxcon-aaaa1111', false, 'must_encrypt'],
      ['dxcon-bbbb2222', true, undefined],
    ]);
    expect(itemsOf(collections, 'dxRegions')).toEqual([
      {
        region: 'us-east-1',
        connections: [
          { connectionId: 'dxcon-aaaa1111', location: 'EqDC2', state: 'available' },
          { connectionId: 'dxcon-bbbb2222', location: 'CSVA1', state: 'available' },
        ],
      },
    ]);
  });

  it('follows nextToken through gateway associations and keeps only associated transit gateways', async () => {
    dx.on(DescribeVirtualInterfacesCommand).resolves({
      virtualInterfaces: [transitVif('dxvif-a', 'dxcon-aaaa1111'), transitVif('dxvif-b', 'dxcon-aaaa1111')],
    });
    const sent: unknown[] = [];
    dx.on(DescribeDirectConnectGatewayAssociationsCommand).callsFake((input: { nextToken?: string }) => {
      sent.push({ ...input });
      return input.nextToken === undefined
        ? {
            directConnectGatewayAssociations: [tgwAssociation('tgw-first'), tgwAssociation('tgw-gone', 'disassociated')],
            nextToken: 'page-2',
          }
        : { directConnectGatewayAssociations: [tgwAssociation('tgw-second')] };
    });
    const collections = await collectWith(directConnectCollector);
    // One lookup per Direct Connect gateway, not per VIF.
    expect(sent).toEqual([
      { directConnectGatewayId: 'dxgw-0a1b2c3d' },
      { directConnectGatewayId: 'dxgw-0a1b2c3d', nextToken: 'page-2' },
    ]);
    const vifs = itemsOf(collections, 'dxVirtualInterfaces');
    expect(vifs.map((vif) => vif.associatedTransitGatewayIds)).toEqual([
      ['tgw-first', 'tgw-second'],
      ['tgw-first', 'tgw-second'],
    ]);
    expect(vifs[0]?.bgpPeers).toEqual([{ peerId: 'dxpeer-dxvif-a', state: 'available', status: 'up' }]);
    expect(itemsOf(collections, 'dxGateways')).toEqual([
      {
        gatewayId: 'dxgw-0a1b2c3d',
        kind: 'direct-connect-gateway',
        virtualInterfaces: [
          { virtualInterfaceId: 'dxvif-a', connectionId: 'dxcon-aaaa1111', state: 'available' },
          { virtualInterfaceId: 'dxvif-b', connectionId: 'dxcon-aaaa1111', state: 'available' },
        ],
      },
    ]);
  });

  it('groups private VIFs by virtual private gateway and asks for no associations', async () => {
    dx.on(DescribeVirtualInterfacesCommand).resolves({
      virtualInterfaces: [
        transitVif('dxvif-p', 'dxcon-aaaa1111', {
          virtualInterfaceType: 'private',
          directConnectGatewayId: '',
          virtualGatewayId: 'vgw-0a1b',
        }),
      ],
    });
    const collections = await collectWith(directConnectCollector);
    expect(itemsOf(collections, 'dxGateways')).toMatchObject([{ gatewayId: 'vgw-0a1b', kind: 'virtual-private-gateway' }]);
    expect(dx.commandCalls(DescribeDirectConnectGatewayAssociationsCommand)).toHaveLength(0);
  });

  it('has no regional footprint to judge where Direct Connect is not used', async () => {
    dx.on(DescribeConnectionsCommand).resolves({ connections: [] });
    expect(itemsOf(await collectWith(directConnectCollector), 'dxRegions')).toEqual([]);
  });

  it('fails closed per collection: a denied VIF listing leaves connections readable', async () => {
    dx.on(DescribeVirtualInterfacesCommand).rejects(
      new DirectConnectServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: {}, message: 'denied' }),
    );
    const collections = await collectWith(directConnectCollector);
    expect(collections.dxConnections?.status).toBe('ok');
    expect(collections.dxVirtualInterfaces?.status).toBe('error');
    expect(collections.dxGateways?.status).toBe('error');
    expect(collections.dxVirtualInterfaces?.status === 'error' && collections.dxVirtualInterfaces.error.message).toContain(
      'Grant directconnect:DescribeVirtualInterfaces',
    );
  });

  it('fails every Direct Connect collection when connections cannot be listed', async () => {
    dx.on(DescribeConnectionsCommand).rejects(
      new DirectConnectServiceException({
        name: 'DirectConnectServerException',
        $fault: 'server',
        $metadata: {},
        message: 'boom',
      }),
    );
    const collections = await collectWith(directConnectCollector);
    expect(Object.entries(collections).map(([name, collection]) => [name, collection?.status])).toEqual([
      ['dxConnections', 'error'],
      ['dxVirtualInterfaces', 'error'],
      ['dxGateways', 'error'],
      ['dxRegions', 'error'],
    ]);
  });
});
