/**
 * One PASS and one FAIL scenario for every registered check. The registry meta-test runs each
 * check against both and fails if any check lacks them, so a new check cannot land untested.
 */
import type { Inventory } from '../../functions/engine/model/inventory.ts';
import type { EffectivePolicy } from '../../functions/engine/policy/effective.ts';
import {
  endpoint,
  gatewayEndpoint,
  healthyNetwork,
  inventory,
  policy,
  REGION,
  routeTable,
  securityGroup,
  subnet,
  tcpFrom,
  vpc,
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

const requireDynamo = policy({ requiredEndpoints: [{ vpcs: '*', services: ['dynamodb'] }] });

const withEndpoint = (overrides: Parameters<typeof endpoint>[0] = {}): Scenario => ({
  inventory: inventory({ ...healthyNetwork(), vpcEndpoints: [endpoint(overrides)] }),
  resourceId: 'vpce-00000001',
});

export const CHECK_SCENARIOS: Readonly<Record<string, ScenarioPair>> = {
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
