/**
 * TLS policies of customer-owned terminators, read as configuration (no connection):
 * ELBv2 HTTPS/TLS listeners (policies resolved with DescribeSSLPolicies), API Gateway custom
 * domains (REST and HTTP APIs) and CloudFront viewer settings (published tables).
 */
import { APIGatewayClient, paginateGetDomainNames } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetDomainNamesCommand as GetV2DomainNamesCommand } from '@aws-sdk/client-apigatewayv2';
import {
  CloudFrontClient,
  GetDistributionCommand,
  paginateListDistributions,
  type ViewerCertificate,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeSSLPoliciesCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  type SslPolicy,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mapWithConcurrency } from '../concurrency.ts';
import type { Collections } from '../model/inventory.ts';
import type { TlsPolicyHolder } from '../model/tls.ts';
import { apiGatewayPolicy, CLOUDFRONT_DEFAULT_CERTIFICATE_POLICY, CLOUDFRONT_POLICIES } from '../tls/published-policies.ts';
import { parseTlsVersion, type TlsVersion } from '../tls-versions.ts';
import { RESOURCE_TYPES } from '../types.ts';
import { type Collector, collected, guarded } from './collector.ts';
import { DESCRIBE_LISTENERS, GET_DOMAIN_NAMES, LIST_DISTRIBUTIONS } from './operations.ts';
import { COLLECTOR_READS } from './reads.ts';

/** What ELBv2 applies to an HTTPS/TLS listener created without a policy (API, CloudFormation, CDK). */
export const ELB_DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';
/** What API Gateway applies to a custom domain created without a security policy. */
export const API_GATEWAY_DEFAULT_POLICY = 'TLS_1_2';

const drain = async <T>(pages: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
};

const versionsOf = (protocols: readonly string[]): TlsVersion[] =>
  protocols.map((protocol) => parseTlsVersion(protocol)).filter((version): version is TlsVersion => version !== undefined);

/** Resolves policy names to protocols and ciphers, one call; a name AWS does not know stays unresolved. */
const describePolicies = async (elb: ElasticLoadBalancingV2Client, names: readonly string[]): Promise<Map<string, SslPolicy>> => {
  const resolved = new Map<string, SslPolicy>();
  if (names.length === 0) return resolved;
  const record = (policies: readonly SslPolicy[] | undefined) => {
    for (const policy of policies ?? []) if (policy.Name) resolved.set(policy.Name, policy);
  };
  try {
    record((await elb.send(new DescribeSSLPoliciesCommand({ Names: [...names] }))).SslPolicies);
  } catch (error) {
    if ((error as Error).name !== 'SSLPolicyNotFoundException') throw error;
    // One unknown name fails the whole call: resolve the rest one by one.
    await mapWithConcurrency(names, 4, async (name) => {
      try {
        record((await elb.send(new DescribeSSLPoliciesCommand({ Names: [name] }))).SslPolicies);
      } catch (inner) {
        if ((inner as Error).name !== 'SSLPolicyNotFoundException') throw inner;
      }
    });
  }
  return resolved;
};

const listenerHolder = (
  listener: Listener,
  loadBalancerName: string,
  policies: ReadonlyMap<string, SslPolicy>,
): TlsPolicyHolder => {
  const policyName = listener.SslPolicy ?? ELB_DEFAULT_POLICY;
  const policy = policies.get(policyName);
  return {
    kind: 'elbv2-listener',
    id: listener.ListenerArn ?? '',
    label: `${listener.Protocol} :${listener.Port} on ${loadBalancerName}`,
    policyName,
    policyIsDefault: listener.SslPolicy === undefined,
    protocols: policy ? versionsOf(policy.SslProtocols ?? []) : undefined,
    ciphers: policy
      ? [...(policy.Ciphers ?? [])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((cipher) => cipher.Name ?? '')
      : undefined,
    resolvedFrom: policy ? 'api' : 'unresolved',
  };
};

export const tlsPolicyCollector: Collector = {
  name: 'tls-policies',
  provides: ['elbListeners', 'apiGatewayDomains', 'cloudFrontDistributions'],
  reads: COLLECTOR_READS['tls-policies'],
  async collect(ctx): Promise<Collections> {
    const region = ctx.region;
    const where = { account: ctx.account, region };
    const elb = ctx.clients.client(ElasticLoadBalancingV2Client, region);

    const listeners = guarded({ ...DESCRIBE_LISTENERS, region }, async () => {
      const balancers = (await drain(paginateDescribeLoadBalancers({ client: elb }, {}))).flatMap(
        (page) => page.LoadBalancers ?? [],
      );
      const perBalancer = await mapWithConcurrency(balancers, 4, async (balancer) => {
        const pages = await drain(paginateDescribeListeners({ client: elb }, { LoadBalancerArn: balancer.LoadBalancerArn }));
        return pages
          .flatMap((page) => page.Listeners ?? [])
          .filter((listener) => listener.Protocol === 'HTTPS' || listener.Protocol === 'TLS')
          .map((listener) => ({ listener, name: balancer.LoadBalancerName ?? balancer.LoadBalancerArn ?? '' }));
      });
      const secure = perBalancer.flat();
      const policies = await describePolicies(elb, [
        ...new Set(secure.map(({ listener }) => listener.SslPolicy ?? ELB_DEFAULT_POLICY)),
      ]);
      return secure.map(({ listener, name }) => listenerHolder(listener, name, policies));
    });

    const domains = guarded({ ...GET_DOMAIN_NAMES, region }, async () => {
      const rest = (await drain(paginateGetDomainNames({ client: ctx.clients.client(APIGatewayClient, region) }, {}))).flatMap(
        (page) => page.items ?? [],
      );
      const holders: TlsPolicyHolder[] = rest.map((domain) => {
        const policyName = domain.securityPolicy ?? API_GATEWAY_DEFAULT_POLICY;
        const policy = apiGatewayPolicy(policyName);
        return {
          kind: 'apigateway-domain',
          id: domain.domainName ?? '',
          label: `custom domain ${domain.domainName} (REST)`,
          policyName,
          policyIsDefault: domain.securityPolicy === undefined,
          protocols: policy?.protocols,
          ciphers: policy?.ciphers,
          resolvedFrom: policy ? 'published-table' : 'unresolved',
        };
      });
      // HTTP and WebSocket APIs: API Gateway v2 lists the same domain names with their own configurations.
      const v2 = ctx.clients.client(ApiGatewayV2Client, region);
      let nextToken: string | undefined;
      do {
        const page = await v2.send(new GetV2DomainNamesCommand({ NextToken: nextToken }));
        for (const domain of page.Items ?? []) {
          if (holders.some((holder) => holder.id === domain.DomainName)) continue;
          const policyName = domain.DomainNameConfigurations?.[0]?.SecurityPolicy ?? API_GATEWAY_DEFAULT_POLICY;
          const policy = apiGatewayPolicy(policyName);
          holders.push({
            kind: 'apigateway-domain',
            id: domain.DomainName ?? '',
            label: `custom domain ${domain.DomainName} (HTTP/WebSocket)`,
            policyName,
            policyIsDefault: domain.DomainNameConfigurations?.[0]?.SecurityPolicy === undefined,
            protocols: policy?.protocols,
            ciphers: policy?.ciphers,
            resolvedFrom: policy ? 'published-table' : 'unresolved',
          });
        }
        nextToken = page.NextToken;
      } while (nextToken);
      return holders;
    });

    // CloudFront is global: read it once, from the primary region's run.
    const distributions = ctx.primaryRegion
      ? guarded({ ...LIST_DISTRIBUTIONS, region: 'global' }, async () => {
          const cloudfront = ctx.clients.client(CloudFrontClient, 'us-east-1');
          const pages = await drain(paginateListDistributions({ client: cloudfront }, {}));
          const summaries = pages.flatMap((page) => page.DistributionList?.Items ?? []);
          return mapWithConcurrency(summaries, 4, async (distribution): Promise<TlsPolicyHolder> => {
            // AWS includes ViewerCertificate in every summary; when one lacks it (moto does), read the distribution.
            const certificate: ViewerCertificate | undefined =
              distribution.ViewerCertificate ??
              (await cloudfront.send(new GetDistributionCommand({ Id: distribution.Id }))).Distribution?.DistributionConfig
                ?.ViewerCertificate;
            const usesDefault = certificate?.CloudFrontDefaultCertificate === true;
            const policyName = usesDefault
              ? CLOUDFRONT_DEFAULT_CERTIFICATE_POLICY
              : (certificate?.MinimumProtocolVersion ?? 'TLSv1');
            const policy = CLOUDFRONT_POLICIES[policyName];
            return {
              kind: 'cloudfront-distribution',
              id: distribution.Id ?? '',
              label: `distribution ${distribution.Id} (${distribution.Aliases?.Items?.join(', ') || distribution.DomainName})${usesDefault ? ' with the default *.cloudfront.net certificate' : ''}`,
              policyName,
              policyIsDefault: usesDefault,
              protocols: policy?.protocols,
              ciphers: policy?.ciphers,
              resolvedFrom: policy ? 'published-table' : 'unresolved',
            };
          });
        })
      : undefined;

    const [listenerResult, domainResult, distributionResult] = await Promise.all([listeners, domains, distributions]);
    return {
      elbListeners: collected(listenerResult, RESOURCE_TYPES.elbListener, where, (holder) => holder.id),
      apiGatewayDomains: collected(domainResult, RESOURCE_TYPES.apiGatewayDomain, where, (holder) => holder.id),
      ...(distributionResult
        ? {
            cloudFrontDistributions: collected(
              distributionResult,
              RESOURCE_TYPES.cloudFrontDistribution,
              { ...where, region: 'global' },
              (holder) => holder.id,
            ),
          }
        : {}),
    };
  },
};
