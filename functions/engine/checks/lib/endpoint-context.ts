/** Helpers every VPC-endpoint check uses to relate an endpoint to the catalog and the policy. */
import { type CatalogService, serviceForEndpoint } from '../../catalog.ts';
import type { EndpointType, VpcEndpoint } from '../../model/network.ts';
import type { Resource, Verdict } from '../../types.ts';
import type { EvaluationContext } from '../check.ts';
import type { TrustContext } from './policy-reasoner.ts';

/** The monitored catalog service an endpoint connects to, if it is in scope. */
export const monitoredServiceOf = (endpoint: VpcEndpoint, ctx: EvaluationContext): CatalogService | undefined => {
  const service = serviceForEndpoint(ctx.catalog, ctx.region, endpoint.serviceName);
  return service && ctx.policy.monitoredServices.includes(service.key) ? service : undefined;
};

/** Endpoint checks only judge endpoints of monitored services; others are out of scope. */
export const isMonitoredEndpoint = (resource: Resource<VpcEndpoint>, ctx: EvaluationContext): boolean =>
  monitoredServiceOf(resource.attributes, ctx) !== undefined;

/**
 * The trusted set for this endpoint: the policy's accounts and organizations (the scan adds the
 * account's own organization unless `trust.ownOrganization` is false), plus the scanned account.
 */
export const trustContextFor = (
  endpoint: VpcEndpoint,
  ctx: EvaluationContext,
  service: CatalogService | undefined,
): TrustContext => ({
  endpointId: endpoint.vpcEndpointId,
  vpcId: endpoint.vpcId,
  region: ctx.region,
  account: endpoint.ownerId || ctx.account,
  trustedAccounts: new Set([...ctx.policy.trustedAccounts, ctx.account, endpoint.ownerId]),
  trustedOrganizationIds: ctx.policy.trustedOrganizationIds,
  actionPrefix: service?.iamActionPrefix,
  endpointType: endpoint.endpointType,
});

/** `VPC endpoint vpce-0abc (DynamoDB, Gateway)`, the subject of most endpoint messages. */
export const describeEndpoint = (endpoint: VpcEndpoint, service: CatalogService | undefined): string =>
  `VPC endpoint ${endpoint.vpcEndpointId} (${service?.displayName ?? endpoint.serviceName}, ${endpoint.endpointType})`;

/** What every endpoint check needs to phrase a verdict: the endpoint, its service, its name. */
export interface EndpointFacts {
  readonly endpoint: VpcEndpoint;
  readonly service: CatalogService | undefined;
  /** `VPC endpoint vpce-0abc (Amazon DynamoDB, Gateway)`. */
  readonly subject: string;
  /** A verdict tagged with the monitored service, so metrics and alerts can group by it. */
  verdict(verdict: Omit<Verdict, 'monitoredService'>): Verdict;
  /** NOT_APPLICABLE unless the endpoint has `type`; `reason` completes "<subject> …". */
  unlessType(type: EndpointType, reason: string): Verdict | undefined;
}

export const endpointFacts = (resource: Resource<VpcEndpoint>, ctx: EvaluationContext): EndpointFacts => {
  const endpoint = resource.attributes;
  const service = monitoredServiceOf(endpoint, ctx);
  const subject = describeEndpoint(endpoint, service);
  const verdict = (base: Omit<Verdict, 'monitoredService'>): Verdict => ({ ...base, monitoredService: service?.key });
  return {
    endpoint,
    service,
    subject,
    verdict,
    unlessType: (type, reason) =>
      endpoint.endpointType === type
        ? undefined
        : verdict({ status: 'NOT_APPLICABLE', message: `${subject} ${reason}.`, evidence: {} }),
  };
};
