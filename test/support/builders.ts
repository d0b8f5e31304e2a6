/**
 * Builders for normalized resources and inventories. Defaults describe a healthy, ordinary
 * estate; each test overrides only the property it is about, so a reader sees the cause.
 */

import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import type { AnyCheck } from '../../functions/engine/checks/check.ts';
import { CHECK_IDS } from '../../functions/engine/checks/registry.ts';
import { CollectorError } from '../../functions/engine/errors.ts';
import {
  type DxConnection,
  type DxGateway,
  type DxRegionSummary,
  type DxVirtualInterface,
  type FileCache,
  type TunnelSetting,
  VPN_TUNNEL_DEFAULTS,
  type VpnConnection,
  type VpnTunnel,
} from '../../functions/engine/model/connectivity.ts';
import type { CollectionName, Collections, CollectionTypes, Inventory } from '../../functions/engine/model/inventory.ts';
import type { IngressRule, RouteTable, SecurityGroup, Subnet, Vpc, VpcEndpoint } from '../../functions/engine/model/network.ts';
import type { AcceptedSuite, TlsPolicyHolder, TlsReport, VersionProbe } from '../../functions/engine/model/tls.ts';
import type { EffectivePolicy } from '../../functions/engine/policy/effective.ts';
import { policyFromDocument } from '../../functions/engine/policy/load.ts';
import { evaluateInventory } from '../../functions/engine/scan/evaluate.ts';
import { suiteByName } from '../../functions/engine/tls/registry.ts';
import { type Finding, RESOURCE_TYPES, type Resource, type ResourceType } from '../../functions/engine/types.ts';
import { orgBoundPolicy as labOrgBoundPolicy } from '../../lab/policies.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const ORG = 'o-testorg1234';
export const NOW = new Date('2026-11-22T12:00:00Z');

const resource = <T>(type: ResourceType, id: string, attributes: T): Resource<T> => ({
  account: ACCOUNT,
  region: REGION,
  type,
  id,
  attributes,
});

export const vpc = (overrides: Partial<Vpc> = {}): Resource<Vpc> => {
  const attributes: Vpc = {
    vpcId: 'vpc-00000001',
    ownerId: ACCOUNT,
    isDefault: false,
    inScope: true,
    cidrBlocks: ['10.0.0.0/16'],
    ipv6CidrBlocks: [],
    tags: {},
    ...overrides,
  };
  return resource(RESOURCE_TYPES.vpc, attributes.vpcId, attributes);
};

export const subnet = (subnetId: string, availabilityZoneId: string, overrides: Partial<Subnet> = {}): Resource<Subnet> =>
  resource(RESOURCE_TYPES.subnet, subnetId, {
    subnetId,
    vpcId: 'vpc-00000001',
    availabilityZone: `us-east-1${availabilityZoneId.slice(-1)}`,
    availabilityZoneId,
    cidrBlock: undefined,
    ...overrides,
  });

export const routeTable = (routeTableId: string, overrides: Partial<RouteTable> = {}): Resource<RouteTable> =>
  resource(RESOURCE_TYPES.routeTable, routeTableId, {
    routeTableId,
    vpcId: 'vpc-00000001',
    isMain: false,
    subnetIds: [],
    gatewayEndpointRoutes: [],
    ...overrides,
  });

/** The lab's organization-bound endpoint policy, for DynamoDB reads unless told otherwise. */
export const orgBoundPolicy = (organizationId: string, actions: readonly string[] = ['dynamodb:GetItem', 'dynamodb:Query']) =>
  labOrgBoundPolicy(organizationId, actions);
export const ORG_BOUND_POLICY = orgBoundPolicy(ORG);

/** An interface endpoint for DynamoDB in two zones, private DNS on, org-bound policy. */
export const endpoint = (overrides: Partial<VpcEndpoint> = {}): Resource<VpcEndpoint> => {
  const attributes: VpcEndpoint = {
    vpcEndpointId: 'vpce-00000001',
    vpcId: 'vpc-00000001',
    ownerId: ACCOUNT,
    serviceName: `com.amazonaws.${REGION}.dynamodb`,
    endpointType: 'Interface',
    state: 'available',
    policyDocument: ORG_BOUND_POLICY,
    privateDnsEnabled: true,
    subnetIds: ['subnet-0000000a', 'subnet-0000000b'],
    routeTableIds: [],
    securityGroupIds: ['sg-00000001'],
    networkInterfaceIds: [],
    dnsNames: [],
    tags: {},
    ...overrides,
  };
  return resource(RESOURCE_TYPES.vpcEndpoint, attributes.vpcEndpointId, attributes);
};

export const gatewayEndpoint = (overrides: Partial<VpcEndpoint> = {}): Resource<VpcEndpoint> =>
  endpoint({ endpointType: 'Gateway', subnetIds: [], securityGroupIds: [], privateDnsEnabled: false, ...overrides });

export const tcpFrom = (cidr: string, fromPort = 443, toPort = fromPort): IngressRule => ({
  protocol: 'tcp',
  fromPort,
  toPort,
  source: { kind: 'cidr', cidr },
  description: undefined,
});

export const securityGroup = (
  groupId: string,
  ingress: IngressRule[],
  overrides: Partial<SecurityGroup> = {},
): Resource<SecurityGroup> =>
  resource(RESOURCE_TYPES.securityGroup, groupId, {
    groupId,
    groupName: groupId,
    vpcId: 'vpc-00000001',
    ownerId: ACCOUNT,
    ingress,
    ...overrides,
  });

type CollectionInput = { [K in CollectionName]?: readonly Resource<CollectionTypes[K]>[] };

/** A collection that could not be read, as a collector reports an AWS error. */
export const failedCollection = (service: string, operation: string, code = 'AccessDenied') =>
  ({ status: 'error', error: new CollectorError({ service, operation, region: REGION, code }) }) as const;

/** An inventory whose collections all read successfully; pass `failed` to simulate errors. */
export const inventory = (collections: CollectionInput, failed: Partial<Collections> = {}): Inventory => ({
  account: ACCOUNT,
  region: REGION,
  collections: {
    ...Object.fromEntries(Object.entries(collections).map(([name, items]) => [name, { status: 'ok', items }])),
    ...failed,
  },
});

/** The standard healthy neighbourhood of {@link endpoint}: its VPC, two zones, a tight group. */
export const healthyNetwork = (): CollectionInput => ({
  vpcs: [vpc()],
  subnets: [subnet('subnet-0000000a', 'use1-az1'), subnet('subnet-0000000b', 'use1-az2')],
  routeTables: [routeTable('rtb-main', { isMain: true })],
  securityGroups: [securityGroup('sg-00000001', [tcpFrom('10.0.0.0/16')])],
});

export const policy = (document: Record<string, unknown> = {}): EffectivePolicy =>
  policyFromDocument({ version: 1, trust: { organizationIds: [ORG] }, ...document }, 'test policy', {
    catalog: DEFAULT_CATALOG,
    knownCheckIds: CHECK_IDS,
  });

/** Runs one check over an inventory, as the engine would. */
export const runCheck = (check: AnyCheck, inv: Inventory, pol: EffectivePolicy = policy()): Finding[] =>
  evaluateInventory(inv, { checks: [check], policy: pol, catalog: DEFAULT_CATALOG, now: NOW });

/** The single finding for a resource id, failing the test if there is not exactly one. */
export const only = (findings: readonly Finding[], resourceId: string): Finding => {
  const matching = findings.filter((finding) => finding.resourceId === resourceId);
  if (matching.length !== 1) {
    throw new Error(
      `expected one finding for ${resourceId}, got ${matching.length}: ${JSON.stringify(findings.map((f) => [f.resourceId, f.status]))}`,
    );
  }
  return matching[0] as Finding;
};

/** One accepted suite, as the prober describes it. */
export const suite = (openssl: string, overrides: Partial<AcceptedSuite> = {}): AcceptedSuite => {
  const known = suiteByName(openssl);
  return {
    code: known?.code ?? 0,
    name: known?.iana ?? openssl,
    openssl,
    forwardSecret: known ? ['ECDHE', 'DHE', 'TLS13'].includes(known.keyExchange) : false,
    anonymous: false,
    obsolete: /DES|RC4|NULL|EXP/.test(openssl),
    ...overrides,
  };
};

const refused = (version: VersionProbe['version'], detail = 'protocol_version'): VersionProbe => ({
  version,
  state: 'refused',
  detail,
  suites: [],
  serverPreference: null,
});

/** A healthy endpoint: TLS 1.2 (ECDHE only) and 1.3, hybrid PQ, trusted matching certificate valid for a year. */
export const tlsReport = (overrides: Partial<TlsReport> = {}): TlsReport => ({
  target: { host: 'dynamodb.us-east-1.amazonaws.com', port: 443, origin: 'catalog', serviceKey: 'dynamodb' },
  endpoint: 'dynamodb.us-east-1.amazonaws.com:443',
  probedAt: NOW.toISOString(),
  durationMs: 40,
  handshakes: 20,
  status: 'complete',
  unstable: [],
  peakConcurrency: 16,
  dheWithFfdhe: undefined,
  enumerationComplete: true,
  versions: [
    refused('SSLv3', 'handshake_failure'),
    refused('TLSv1'),
    refused('TLSv1.1'),
    {
      version: 'TLSv1.2',
      state: 'accepted',
      suites: [suite('ECDHE-RSA-AES128-GCM-SHA256', { group: 'x25519' })],
      serverPreference: null,
    },
    { version: 'TLSv1.3', state: 'accepted', suites: [suite('TLS_AES_128_GCM_SHA256')], serverPreference: null },
  ],
  tls13Groups: [
    { name: 'X25519MLKEM768', code: 0x11ec, hybridPostQuantum: true },
    { name: 'x25519', code: 0x1d, hybridPostQuantum: false },
  ],
  tls12Groups: ['x25519'],
  negotiated: { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', group: 'X25519MLKEM768' },
  postQuantumHybrid: { accepted: true, confirmedByHandshake: true },
  fallbackScsv: 'supported',
  secureRenegotiation: true,
  certificate: {
    subject: 'CN=dynamodb.us-east-1.amazonaws.com',
    issuer: 'CN=Amazon RSA 2048 M02',
    subjectAltNames: ['DNS:dynamodb.us-east-1.amazonaws.com'],
    notBefore: '2026-06-01T00:00:00.000Z',
    notAfter: '2027-06-01T00:00:00.000Z',
    keyType: 'rsa',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    chainLength: 3,
    // The shape of Amazon Trust Services' chain for AWS API endpoints.
    chain: [
      {
        subject: 'CN=dynamodb.us-east-1.amazonaws.com',
        keyType: 'rsa',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        selfIssued: false,
      },
      {
        subject: 'CN=Amazon RSA 2048 M02',
        keyType: 'rsa',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        selfIssued: false,
      },
      {
        subject: 'CN=Amazon Root CA 1',
        keyType: 'rsa',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        selfIssued: true,
      },
    ],
    trust: { state: 'trusted', defaultLevel: { state: 'trusted' } },
    hostnameMatches: true,
    source: 'handshake',
  },
  errors: [],
  ...overrides,
});

/** Replaces one version's probe in a report. */
export const withVersion = (report: TlsReport, probe: VersionProbe): TlsReport => ({
  ...report,
  versions: report.versions.map((existing) => (existing.version === probe.version ? probe : existing)),
});

export const tlsEndpoint = (report: TlsReport = tlsReport()): Resource<TlsReport> =>
  resource(RESOURCE_TYPES.tlsEndpoint, report.endpoint, report);

/** A terminator on a modern policy (TLS 1.2+, ECDHE only). */
export const policyHolder = (kind: TlsPolicyHolder['kind'], overrides: Partial<TlsPolicyHolder> = {}): TlsPolicyHolder => ({
  kind,
  id: `${kind}-1`,
  label: `${kind} one`,
  policyName: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  policyIsDefault: false,
  protocols: ['TLSv1.2', 'TLSv1.3'],
  ciphers: ['TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  resolvedFrom: 'api',
  ...overrides,
});

export const holderResource = (holder: TlsPolicyHolder): Resource<TlsPolicyHolder> => {
  const type = {
    'elbv2-listener': RESOURCE_TYPES.elbListener,
    'apigateway-domain': RESOURCE_TYPES.apiGatewayDomain,
    'cloudfront-distribution': RESOURCE_TYPES.cloudFrontDistribution,
  }[holder.kind];
  return resource(type, holder.id, holder);
};

/** Runs one TLS-endpoint check over some reports. */
export const runTls = (check: AnyCheck, reports: TlsReport[], pol: EffectivePolicy = policy()): Finding[] =>
  runCheck(check, inventory({ tlsEndpoints: reports.map((report) => tlsEndpoint(report)) }), pol);

/** A report whose endpoint could not be reached at all. */
export const unreachableReport = (): TlsReport =>
  tlsReport({
    status: 'unreachable',
    enumerationComplete: false,
    versions: tlsReport().versions.map((probe) => ({ ...probe, state: 'error', detail: 'connection refused', suites: [] })),
    certificate: undefined,
    errors: ['default handshake: connection refused'],
  });

const setting = <T>(values: readonly T[]): TunnelSetting<T> => ({ values, isDefault: false });

/** A well-built tunnel: up, IKEv2, AES256-GCM, SHA2-256, DH 20 in both phases, logging on. */
export const tunnel = (outsideIp: string, overrides: Partial<VpnTunnel> = {}): VpnTunnel => ({
  outsideIp,
  status: 'UP',
  lastStatusChange: '2026-11-01T00:00:00.000Z',
  statusMessage: undefined,
  ikeVersions: setting(['ikev2']),
  phase1Encryption: setting(['AES256-GCM-16']),
  phase2Encryption: setting(['AES256-GCM-16']),
  phase1Integrity: setting(['SHA2-256']),
  phase2Integrity: setting(['SHA2-256']),
  phase1DhGroups: setting([20]),
  phase2DhGroups: setting([20]),
  loggingEnabled: true,
  ...overrides,
});

/** A tunnel whose every option was left empty: AWS's permissive defaults apply. */
export const defaultTunnel = (outsideIp: string, overrides: Partial<VpnTunnel> = {}): VpnTunnel =>
  tunnel(outsideIp, {
    ikeVersions: { values: VPN_TUNNEL_DEFAULTS.ikeVersions, isDefault: true },
    phase1Encryption: { values: VPN_TUNNEL_DEFAULTS.phase1Encryption, isDefault: true },
    phase2Encryption: { values: VPN_TUNNEL_DEFAULTS.phase2Encryption, isDefault: true },
    phase1Integrity: { values: VPN_TUNNEL_DEFAULTS.phase1Integrity, isDefault: true },
    phase2Integrity: { values: VPN_TUNNEL_DEFAULTS.phase2Integrity, isDefault: true },
    phase1DhGroups: { values: VPN_TUNNEL_DEFAULTS.phase1DhGroups, isDefault: true },
    phase2DhGroups: { values: VPN_TUNNEL_DEFAULTS.phase2DhGroups, isDefault: true },
    loggingEnabled: false,
    ...overrides,
  });

export const vpnConnection = (overrides: Partial<VpnConnection> = {}): Resource<VpnConnection> => {
  const attributes: VpnConnection = {
    vpnConnectionId: 'vpn-00000001',
    state: 'available',
    customerGatewayId: 'cgw-00000001',
    attachment: { kind: 'virtual-private-gateway', id: 'vgw-00000001' },
    outsideIpAddressType: 'PublicIpv4',
    transportTransitGatewayAttachmentId: undefined,
    tunnels: [tunnel('203.0.113.1'), tunnel('203.0.113.2')],
    tags: {},
    ...overrides,
  };
  return resource(RESOURCE_TYPES.vpnConnection, attributes.vpnConnectionId, attributes);
};

/** A dedicated 10 Gbps connection with MACsec must_encrypt and encryption up. */
export const dxConnection = (overrides: Partial<DxConnection> = {}): Resource<DxConnection> => {
  const attributes: DxConnection = {
    connectionId: 'dxcon-00000001',
    name: 'dc-a',
    state: 'available',
    location: 'EqDC2',
    bandwidth: '10Gbps',
    hosted: false,
    macSecCapable: true,
    encryptionMode: 'must_encrypt',
    portEncryptionStatus: 'Encryption Up',
    lagId: undefined,
    ...overrides,
  };
  return resource(RESOURCE_TYPES.dxConnection, attributes.connectionId, attributes);
};

export const dxVif = (overrides: Partial<DxVirtualInterface> = {}): Resource<DxVirtualInterface> => {
  const attributes: DxVirtualInterface = {
    virtualInterfaceId: 'dxvif-00000001',
    name: 'transit-a',
    type: 'transit',
    state: 'available',
    connectionId: 'dxcon-00000001',
    directConnectGatewayId: 'dxgw-00000001',
    virtualGatewayId: undefined,
    bgpPeers: [{ peerId: 'dxpeer-1', state: 'available', status: 'up' }],
    associatedTransitGatewayIds: ['tgw-00000001'],
    ...overrides,
  };
  return resource(RESOURCE_TYPES.dxVirtualInterface, attributes.virtualInterfaceId, attributes);
};

export const dxRegion = (connections: DxRegionSummary['connections']): Resource<DxRegionSummary> =>
  resource(RESOURCE_TYPES.dxRegion, `directconnect/${REGION}`, { region: REGION, connections });

export const dxGateway = (virtualInterfaces: DxGateway['virtualInterfaces'], gatewayId = 'dxgw-00000001'): Resource<DxGateway> =>
  resource(RESOURCE_TYPES.dxGateway, gatewayId, { gatewayId, kind: 'direct-connect-gateway', virtualInterfaces });

export const fileCache = (overrides: Partial<FileCache> = {}): Resource<FileCache> => {
  const attributes: FileCache = {
    fileCacheId: 'fc-00000001',
    lifecycle: 'AVAILABLE',
    vpcId: 'vpc-00000001',
    subnetIds: ['subnet-0000000a'],
    networkInterfaceIds: ['eni-00000001'],
    securityGroupIds: ['sg-lustre'],
    dnsName: 'fc-00000001.fsx.us-east-1.amazonaws.com',
    failureMessage: undefined,
    ...overrides,
  };
  return resource(RESOURCE_TYPES.fileCache, attributes.fileCacheId, attributes);
};

/** Lustre ingress (988 and 1018–1023) from one CIDR. */
export const lustreFrom = (cidr: string): IngressRule[] => [tcpFrom(cidr, 988), tcpFrom(cidr, 1018, 1023)];
