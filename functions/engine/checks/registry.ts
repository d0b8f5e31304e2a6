/**
 * Every check the product ships, imported explicitly: esbuild bundles only what is imported, so
 * directory discovery would silently drop checks from the Lambda bundle. The registry
 * meta-tests prove this list matches the files on disk, that ids are unique and equal their
 * file names, and that every check declares permissions and has PASS and FAIL fixtures.
 */
import type { AnyCheck } from '../types.ts';
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

export const CHECKS: readonly AnyCheck[] = Object.freeze([
  vpcRequiredServiceEndpointsPresent,
  vpcEndpointStateAvailable,
  vpcEndpointPolicyNotFullAccess,
  vpcEndpointPolicyWildcardPrincipalBounded,
  vpcEndpointPolicyTrustedPrincipals,
  vpcEndpointPolicyNoWildcardActions,
  vpcEndpointPrivateDnsEnabled,
  vpcEndpointSubnetsMultiAz,
  vpcEndpointSecurityGroupIngressRestricted,
  vpcEndpointGatewayRoutesAllSubnets,
]);

export const CHECK_IDS: readonly string[] = CHECKS.map((check) => check.id);

/** Looks a check up by id. */
export const checkById = (id: string): AnyCheck | undefined => CHECKS.find((check) => check.id === id);
