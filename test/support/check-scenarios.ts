/**
 * One PASS and one FAIL scenario for every registered check. The registry meta-test runs each
 * check against both and fails if any check lacks them, so a new check cannot land untested.
 */
import type { Inventory } from '../../functions/engine/model/inventory.ts';
import type { EffectivePolicy } from '../../functions/engine/policy/effective.ts';
import {
  defaultTunnel,
  dxConnection,
  dxGateway,
  dxRegion,
  dxVif,
  endpoint,
  fileCache,
  gatewayEndpoint,
  healthyNetwork,
  holderResource,
  inventory,
  lustreFrom,
  policy,
  policyHolder,
  REGION,
  routeTable,
  securityGroup,
  subnet,
  suite,
  tcpFrom,
  tlsEndpoint,
  tlsReport,
  tunnel,
  vpc,
  vpnConnection,
  withVersion,
} from './builders.ts';

export interface Scenario {
  readonly inventory: Inventory;
  readonly policy?: EffectivePolicy;
  /** The resource id (with facet) whose finding carries the expected status. */
  readonly resourceId: string;
}

export interface ScenarioPair {
  readonly pass: () => Scenario;
  readonly fail: () => Scenario;
}

const ENDPOINT_ID = 'dynamodb.us-east-1.amazonaws.com:443';
const tls = (report = tlsReport()): Scenario => ({
  inventory: inventory({ tlsEndpoints: [tlsEndpoint(report)] }),
  resourceId: ENDPOINT_ID,
});
const legacyTls10 = withVersion(tlsReport(), {
  version: 'TLSv1',
  state: 'accepted',
  suites: [suite('AES128-SHA')],
  serverPreference: null,
});
const holder = (
  kind: Parameters<typeof policyHolder>[0],
  collection: 'elbListeners' | 'apiGatewayDomains' | 'cloudFrontDistributions',
  overrides: Parameters<typeof policyHolder>[1] = {},
): Scenario => {
  const item = policyHolder(kind, overrides);
  return { inventory: inventory({ [collection]: [holderResource(item)] }), resourceId: item.id };
};
const oldPolicy = { protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const, ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'] };

const requireDynamo = policy({ requiredEndpoints: [{ vpcs: '*', services: ['dynamodb'] }] });

const withEndpoint = (overrides: Parameters<typeof endpoint>[0] = {}): Scenario => ({
  inventory: inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint(overrides)] }),
  resourceId: 'vpce-00000001',
});

const vpn = (connection = vpnConnection(), resourceId = 'vpn-00000001'): Scenario => ({
  inventory: inventory({ vpnConnections: [connection] }),
  resourceId,
});
const badTunnel = () => vpnConnection({ tunnels: [defaultTunnel('203.0.113.1'), tunnel('203.0.113.2')] });
const TUNNEL = 'vpn-00000001/203.0.113.1';
const lustre = (cidr: string): Scenario => ({
  inventory: inventory({
    ...healthyNetwork(),
    securityGroups: [securityGroup('sg-lustre', lustreFrom(cidr))],
    fileCaches: [fileCache()],
  }),
  resourceId: 'fc-00000001',
});

export const CHECK_SCENARIOS: Readonly<Record<string, ScenarioPair>> = {
  vpn_connection_state_available: { pass: () => vpn(), fail: () => vpn(vpnConnection({ state: 'pending' })) },
  vpn_connection_tunnels_up: {
    pass: () => vpn(),
    fail: () => vpn(vpnConnection({ tunnels: [tunnel('203.0.113.1'), tunnel('203.0.113.2', { status: 'DOWN' })] })),
  },
  vpn_tunnel_ike_v2_only: { pass: () => vpn(vpnConnection(), TUNNEL), fail: () => vpn(badTunnel(), TUNNEL) },
  vpn_tunnel_encryption_approved: { pass: () => vpn(vpnConnection(), TUNNEL), fail: () => vpn(badTunnel(), TUNNEL) },
  vpn_tunnel_integrity_sha2: { pass: () => vpn(vpnConnection(), TUNNEL), fail: () => vpn(badTunnel(), TUNNEL) },
  vpn_tunnel_dh_groups_strong: { pass: () => vpn(vpnConnection(), TUNNEL), fail: () => vpn(badTunnel(), TUNNEL) },
  vpn_tunnel_logging_enabled: { pass: () => vpn(vpnConnection(), TUNNEL), fail: () => vpn(badTunnel(), TUNNEL) },
  directconnect_connection_state_available: {
    pass: () => ({ inventory: inventory({ dxConnections: [dxConnection()] }), resourceId: 'dxcon-00000001' }),
    fail: () => ({ inventory: inventory({ dxConnections: [dxConnection({ state: 'down' })] }), resourceId: 'dxcon-00000001' }),
  },
  directconnect_region_connection_redundancy: {
    pass: () => ({
      inventory: inventory({
        dxRegions: [
          dxRegion([
            { connectionId: 'dxcon-a', location: 'EqDC2', state: 'available' },
            { connectionId: 'dxcon-b', location: 'CSVA1', state: 'available' },
          ]),
        ],
      }),
      resourceId: 'directconnect/us-east-1',
    }),
    fail: () => ({
      inventory: inventory({
        dxRegions: [
          dxRegion([
            { connectionId: 'dxcon-a', location: 'EqDC2', state: 'available' },
            { connectionId: 'dxcon-b', location: 'EqDC2', state: 'available' },
          ]),
        ],
      }),
      resourceId: 'directconnect/us-east-1',
    }),
  },
  directconnect_virtual_interface_bgp_up: {
    pass: () => ({ inventory: inventory({ dxVirtualInterfaces: [dxVif()] }), resourceId: 'dxvif-00000001' }),
    fail: () => ({
      inventory: inventory({
        dxVirtualInterfaces: [dxVif({ bgpPeers: [{ peerId: 'dxpeer-1', state: 'available', status: 'down' }] })],
      }),
      resourceId: 'dxvif-00000001',
    }),
  },
  directconnect_gateway_vif_redundancy: {
    pass: () => ({
      inventory: inventory({
        dxGateways: [
          dxGateway([
            { virtualInterfaceId: 'dxvif-a', connectionId: 'dxcon-a', state: 'available' },
            { virtualInterfaceId: 'dxvif-b', connectionId: 'dxcon-b', state: 'available' },
          ]),
        ],
      }),
      resourceId: 'dxgw-00000001',
    }),
    fail: () => ({
      inventory: inventory({
        dxGateways: [
          dxGateway([
            { virtualInterfaceId: 'dxvif-a', connectionId: 'dxcon-a', state: 'available' },
            { virtualInterfaceId: 'dxvif-b', connectionId: 'dxcon-a', state: 'available' },
          ]),
        ],
      }),
      resourceId: 'dxgw-00000001',
    }),
  },
  directconnect_connection_link_encrypted: {
    pass: () => ({
      inventory: inventory({ dxConnections: [dxConnection()], dxVirtualInterfaces: [], vpnConnections: [] }),
      resourceId: 'dxcon-00000001',
    }),
    fail: () => ({
      inventory: inventory({
        dxConnections: [dxConnection({ encryptionMode: 'no_encrypt', portEncryptionStatus: 'Encryption Down' })],
        dxVirtualInterfaces: [],
        vpnConnections: [],
      }),
      resourceId: 'dxcon-00000001',
    }),
  },
  fsx_file_cache_lustre_ports_restricted: { pass: () => lustre('10.0.0.0/16'), fail: () => lustre('0.0.0.0/0') },
  fsx_file_cache_lifecycle_available: {
    pass: () => ({ inventory: inventory({ vpcs: [vpc()], fileCaches: [fileCache()] }), resourceId: 'fc-00000001' }),
    fail: () => ({
      inventory: inventory({
        vpcs: [vpc()],
        fileCaches: [fileCache({ lifecycle: 'FAILED', failureMessage: 'subnet out of addresses' })],
      }),
      resourceId: 'fc-00000001',
    }),
  },
  tls_endpoint_minimum_version_enforced: { pass: () => tls(), fail: () => tls(legacyTls10) },
  tls_endpoint_forward_secrecy_enforced: { pass: () => tls(), fail: () => tls(legacyTls10) },
  tls_endpoint_obsolete_ciphers_refused: {
    pass: () => tls(),
    fail: () =>
      tls(
        withVersion(tlsReport(), {
          version: 'TLSv1.2',
          state: 'accepted',
          suites: [suite('DES-CBC3-SHA')],
          serverPreference: null,
        }),
      ),
  },
  tls_endpoint_certificate_trusted: {
    pass: () => tls(),
    fail: () =>
      tls(
        tlsReport({
          certificate: {
            ...(tlsReport().certificate as NonNullable<ReturnType<typeof tlsReport>['certificate']>),
            trust: { state: 'untrusted', error: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
          },
        }),
      ),
  },
  tls_endpoint_certificate_strong: {
    pass: () => tls(),
    // A 1024-bit leaf that still verifies at level 0 (what the issue found passing).
    fail: () => {
      const certificate = tlsReport().certificate as NonNullable<ReturnType<typeof tlsReport>['certificate']>;
      return tls(
        tlsReport({
          certificate: {
            ...certificate,
            chain: [
              { ...(certificate.chain[0] as (typeof certificate.chain)[number]), keyBits: 1024 },
              ...certificate.chain.slice(1),
            ],
            trust: { state: 'trusted', defaultLevel: { state: 'untrusted', error: 'EE_KEY_TOO_SMALL' } },
          },
        }),
      );
    },
  },
  tls_endpoint_certificate_hostname_match: {
    pass: () => tls(),
    fail: () =>
      tls(
        tlsReport({
          certificate: {
            ...(tlsReport().certificate as NonNullable<ReturnType<typeof tlsReport>['certificate']>),
            hostnameMatches: false,
          },
        }),
      ),
  },
  tls_endpoint_certificate_not_expiring: {
    pass: () => tls(),
    fail: () =>
      tls(
        tlsReport({
          certificate: {
            ...(tlsReport().certificate as NonNullable<ReturnType<typeof tlsReport>['certificate']>),
            notAfter: '2026-12-01T00:00:00.000Z',
          },
        }),
      ),
  },
  tls_endpoint_dhe_key_strong: {
    pass: () => tls(),
    fail: () =>
      tls(
        withVersion(tlsReport(), {
          version: 'TLSv1.2',
          state: 'accepted',
          suites: [suite('DHE-RSA-AES128-GCM-SHA256', { dhBits: 1024 })],
          serverPreference: null,
        }),
      ),
  },
  tls_endpoint_tls13_offered: {
    pass: () => tls(),
    fail: () =>
      tls(
        withVersion(tlsReport(), {
          version: 'TLSv1.3',
          state: 'refused',
          detail: 'protocol_version',
          suites: [],
          serverPreference: null,
        }),
      ),
  },
  tls_endpoint_pq_hybrid_offered: {
    pass: () => tls(),
    fail: () =>
      tls(
        tlsReport({
          tls13Groups: [{ name: 'x25519', code: 0x1d, hybridPostQuantum: false }],
          postQuantumHybrid: { accepted: false, confirmedByHandshake: undefined },
        }),
      ),
  },
  tls_endpoint_fallback_scsv_supported: { pass: () => tls(), fail: () => tls(tlsReport({ fallbackScsv: 'not-supported' })) },
  tls_endpoint_secure_renegotiation_supported: { pass: () => tls(), fail: () => tls(tlsReport({ secureRenegotiation: false })) },
  elbv2_listener_tls_policy_minimum_version: {
    pass: () => holder('elbv2-listener', 'elbListeners'),
    fail: () =>
      holder('elbv2-listener', 'elbListeners', { policyName: 'ELBSecurityPolicy-2016-08', policyIsDefault: true, ...oldPolicy }),
  },
  elbv2_listener_tls_policy_forward_secrecy: {
    pass: () => holder('elbv2-listener', 'elbListeners'),
    fail: () => holder('elbv2-listener', 'elbListeners', { policyName: 'ELBSecurityPolicy-2016-08', ...oldPolicy }),
  },
  apigateway_domain_tls_policy_minimum_version: {
    pass: () => holder('apigateway-domain', 'apiGatewayDomains', { policyName: 'TLS_1_2', resolvedFrom: 'published-table' }),
    fail: () => holder('apigateway-domain', 'apiGatewayDomains', { policyName: 'TLS_1_0', ...oldPolicy }),
  },
  apigateway_domain_tls_policy_forward_secrecy: {
    pass: () => holder('apigateway-domain', 'apiGatewayDomains', { policyName: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09' }),
    fail: () => holder('apigateway-domain', 'apiGatewayDomains', { policyName: 'TLS_1_2', ...oldPolicy }),
  },
  cloudfront_distribution_tls_policy_minimum_version: {
    pass: () => holder('cloudfront-distribution', 'cloudFrontDistributions', { policyName: 'TLSv1.2_2021' }),
    fail: () => holder('cloudfront-distribution', 'cloudFrontDistributions', { policyName: 'TLSv1', ...oldPolicy }),
  },
  cloudfront_distribution_tls_policy_forward_secrecy: {
    pass: () => holder('cloudfront-distribution', 'cloudFrontDistributions', { policyName: 'TLSv1.2_2021' }),
    fail: () =>
      holder('cloudfront-distribution', 'cloudFrontDistributions', {
        policyName: 'TLSv1.2_2018',
        ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256'],
      }),
  },
  vpc_required_service_endpoints_present: {
    pass: () => ({
      inventory: inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint()] }),
      policy: requireDynamo,
      resourceId: 'vpc-00000001/dynamodb',
    }),
    fail: () => ({
      inventory: inventory({ ...healthyNetwork(), vpcEndpoints: [] }),
      policy: requireDynamo,
      resourceId: 'vpc-00000001/dynamodb',
    }),
  },
  vpc_endpoint_state_available: {
    pass: () => withEndpoint(),
    fail: () => withEndpoint({ state: 'pendingacceptance' }),
  },
  vpc_endpoint_policy_not_full_access: {
    pass: () => withEndpoint(),
    fail: () => withEndpoint({ policyDocument: undefined }),
  },
  vpc_endpoint_policy_wildcard_principal_bounded: {
    pass: () => withEndpoint(),
    fail: () =>
      withEndpoint({
        policyDocument: JSON.stringify({
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: '*' }],
        }),
      }),
  },
  vpc_endpoint_policy_trusted_principals: {
    pass: () => withEndpoint(),
    fail: () =>
      withEndpoint({
        policyDocument: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::999988887777:role/x' },
              Action: 'dynamodb:GetItem',
              Resource: '*',
            },
          ],
        }),
      }),
  },
  vpc_endpoint_policy_no_wildcard_actions: {
    pass: () => withEndpoint(),
    fail: () =>
      withEndpoint({
        policyDocument: JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 'dynamodb:*',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-testorg1234' } },
            },
          ],
        }),
      }),
  },
  vpc_endpoint_private_dns_enabled: {
    pass: () => withEndpoint(),
    fail: () => withEndpoint({ privateDnsEnabled: false }),
  },
  vpc_endpoint_subnets_multi_az: {
    pass: () => withEndpoint(),
    fail: () => ({
      inventory: inventory({
        ...healthyNetwork(),
        subnets: [subnet('subnet-0000000a', 'use1-az1'), subnet('subnet-0000000b', 'use1-az1')],
        vpcEndpoints: [endpoint()],
      }),
      resourceId: 'vpce-00000001',
    }),
  },
  vpc_endpoint_security_group_ingress_restricted: {
    pass: () => withEndpoint(),
    fail: () => ({
      inventory: inventory({
        ...healthyNetwork(),
        securityGroups: [securityGroup('sg-00000001', [tcpFrom('0.0.0.0/0')])],
        vpcEndpoints: [endpoint()],
      }),
      resourceId: 'vpce-00000001',
    }),
  },
  vpc_endpoint_gateway_routes_all_subnets: {
    pass: () => ({
      inventory: inventory({
        vpcs: [vpc()],
        subnets: [subnet('subnet-0000000a', 'use1-az1')],
        routeTables: [routeTable('rtb-main', { isMain: true })],
        vpcEndpoints: [gatewayEndpoint({ routeTableIds: ['rtb-main'] })],
      }),
      resourceId: 'vpce-00000001',
    }),
    fail: () => ({
      inventory: inventory({
        vpcs: [vpc()],
        subnets: [subnet('subnet-0000000a', 'use1-az1'), subnet('subnet-0000000b', 'use1-az2')],
        routeTables: [routeTable('rtb-main', { isMain: true }), routeTable('rtb-b', { subnetIds: ['subnet-0000000b'] })],
        vpcEndpoints: [gatewayEndpoint({ routeTableIds: ['rtb-main'], serviceName: `com.amazonaws.${REGION}.dynamodb` })],
      }),
      resourceId: 'vpce-00000001',
    }),
  },
};
