/**
 * Every check the product ships, imported explicitly: esbuild bundles only what is imported, so
 * directory discovery would silently drop checks from the Lambda bundle. The registry
 * meta-tests prove this list matches the files on disk, that ids are unique and equal their
 * file names, and that every check declares permissions and has PASS and FAIL fixtures.
 */

import { check as apigatewayDomainTlsPolicyForwardSecrecy } from './apigateway/apigateway_domain_tls_policy_forward_secrecy.ts';
import { check as apigatewayDomainTlsPolicyMinimumVersion } from './apigateway/apigateway_domain_tls_policy_minimum_version.ts';
import type { AnyCheck } from './check.ts';
import { check as cloudfrontDistributionTlsPolicyForwardSecrecy } from './cloudfront/cloudfront_distribution_tls_policy_forward_secrecy.ts';
import { check as cloudfrontDistributionTlsPolicyMinimumVersion } from './cloudfront/cloudfront_distribution_tls_policy_minimum_version.ts';
import { check as directconnectConnectionLinkEncrypted } from './directconnect/directconnect_connection_link_encrypted.ts';
import { check as directconnectConnectionStateAvailable } from './directconnect/directconnect_connection_state_available.ts';
import { check as directconnectGatewayVifRedundancy } from './directconnect/directconnect_gateway_vif_redundancy.ts';
import { check as directconnectRegionConnectionRedundancy } from './directconnect/directconnect_region_connection_redundancy.ts';
import { check as directconnectVirtualInterfaceBgpUp } from './directconnect/directconnect_virtual_interface_bgp_up.ts';
import { check as elbv2ListenerTlsPolicyForwardSecrecy } from './elbv2/elbv2_listener_tls_policy_forward_secrecy.ts';
import { check as elbv2ListenerTlsPolicyMinimumVersion } from './elbv2/elbv2_listener_tls_policy_minimum_version.ts';
import { check as fsxFileCacheLifecycleAvailable } from './fsx/fsx_file_cache_lifecycle_available.ts';
import { check as fsxFileCacheLustrePortsRestricted } from './fsx/fsx_file_cache_lustre_ports_restricted.ts';
import { check as tlsEndpointCertificateHostnameMatch } from './tls/tls_endpoint_certificate_hostname_match.ts';
import { check as tlsEndpointCertificateNotExpiring } from './tls/tls_endpoint_certificate_not_expiring.ts';
import { check as tlsEndpointCertificateStrong } from './tls/tls_endpoint_certificate_strong.ts';
import { check as tlsEndpointCertificateTrusted } from './tls/tls_endpoint_certificate_trusted.ts';
import { check as tlsEndpointDheKeyStrong } from './tls/tls_endpoint_dhe_key_strong.ts';
import { check as tlsEndpointFallbackScsvSupported } from './tls/tls_endpoint_fallback_scsv_supported.ts';
import { check as tlsEndpointForwardSecrecyEnforced } from './tls/tls_endpoint_forward_secrecy_enforced.ts';
import { check as tlsEndpointMinimumVersionEnforced } from './tls/tls_endpoint_minimum_version_enforced.ts';
import { check as tlsEndpointObsoleteCiphersRefused } from './tls/tls_endpoint_obsolete_ciphers_refused.ts';
import { check as tlsEndpointPqHybridOffered } from './tls/tls_endpoint_pq_hybrid_offered.ts';
import { check as tlsEndpointSecureRenegotiationSupported } from './tls/tls_endpoint_secure_renegotiation_supported.ts';
import { check as tlsEndpointTls13Offered } from './tls/tls_endpoint_tls13_offered.ts';
import { check as vpcEndpointGatewayRoutesAllSubnets } from './vpc/vpc_endpoint_gateway_routes_all_subnets.ts';
import { check as vpcEndpointPolicyNoWildcardActions } from './vpc/vpc_endpoint_policy_no_wildcard_actions.ts';
import { check as vpcEndpointPolicyNotFullAccess } from './vpc/vpc_endpoint_policy_not_full_access.ts';
import { check as vpcEndpointPolicyTrustedPrincipals } from './vpc/vpc_endpoint_policy_trusted_principals.ts';
import { check as vpcEndpointPolicyWildcardPrincipalBounded } from './vpc/vpc_endpoint_policy_wildcard_principal_bounded.ts';
import { check as vpcEndpointPrivateDnsEnabled } from './vpc/vpc_endpoint_private_dns_enabled.ts';
import { check as vpcEndpointSecurityGroupIngressRestricted } from './vpc/vpc_endpoint_security_group_ingress_restricted.ts';
import { check as vpcEndpointStateAvailable } from './vpc/vpc_endpoint_state_available.ts';
import { check as vpcEndpointSubnetsMultiAz } from './vpc/vpc_endpoint_subnets_multi_az.ts';
import { check as vpcRequiredServiceEndpointsPresent } from './vpc/vpc_required_service_endpoints_present.ts';
import { check as vpnConnectionStateAvailable } from './vpn/vpn_connection_state_available.ts';
import { check as vpnConnectionTunnelsUp } from './vpn/vpn_connection_tunnels_up.ts';
import { check as vpnTunnelDhGroupsStrong } from './vpn/vpn_tunnel_dh_groups_strong.ts';
import { check as vpnTunnelEncryptionApproved } from './vpn/vpn_tunnel_encryption_approved.ts';
import { check as vpnTunnelIkeV2Only } from './vpn/vpn_tunnel_ike_v2_only.ts';
import { check as vpnTunnelIntegritySha2 } from './vpn/vpn_tunnel_integrity_sha2.ts';
import { check as vpnTunnelLoggingEnabled } from './vpn/vpn_tunnel_logging_enabled.ts';

export const CHECKS: readonly AnyCheck[] = Object.freeze([
  vpcEndpointGatewayRoutesAllSubnets,
  vpcEndpointPolicyNoWildcardActions,
  vpcEndpointPolicyNotFullAccess,
  vpcEndpointPolicyTrustedPrincipals,
  vpcEndpointPolicyWildcardPrincipalBounded,
  vpcEndpointPrivateDnsEnabled,
  vpcEndpointSecurityGroupIngressRestricted,
  vpcEndpointStateAvailable,
  vpcEndpointSubnetsMultiAz,
  vpcRequiredServiceEndpointsPresent,
  tlsEndpointCertificateHostnameMatch,
  tlsEndpointCertificateNotExpiring,
  tlsEndpointCertificateStrong,
  tlsEndpointCertificateTrusted,
  tlsEndpointDheKeyStrong,
  tlsEndpointFallbackScsvSupported,
  tlsEndpointForwardSecrecyEnforced,
  tlsEndpointMinimumVersionEnforced,
  tlsEndpointObsoleteCiphersRefused,
  tlsEndpointPqHybridOffered,
  tlsEndpointSecureRenegotiationSupported,
  tlsEndpointTls13Offered,
  elbv2ListenerTlsPolicyForwardSecrecy,
  elbv2ListenerTlsPolicyMinimumVersion,
  apigatewayDomainTlsPolicyForwardSecrecy,
  apigatewayDomainTlsPolicyMinimumVersion,
  cloudfrontDistributionTlsPolicyForwardSecrecy,
  cloudfrontDistributionTlsPolicyMinimumVersion,
  vpnConnectionStateAvailable,
  vpnConnectionTunnelsUp,
  vpnTunnelDhGroupsStrong,
  vpnTunnelEncryptionApproved,
  vpnTunnelIkeV2Only,
  vpnTunnelIntegritySha2,
  vpnTunnelLoggingEnabled,
  directconnectConnectionLinkEncrypted,
  directconnectConnectionStateAvailable,
  directconnectGatewayVifRedundancy,
  directconnectRegionConnectionRedundancy,
  directconnectVirtualInterfaceBgpUp,
  fsxFileCacheLifecycleAvailable,
  fsxFileCacheLustrePortsRestricted,
]);

export const CHECK_IDS: readonly string[] = CHECKS.map((check) => check.id);

/** Looks a check up by id. */
export const checkById = (id: string): AnyCheck | undefined => CHECKS.find((check) => check.id === id);
