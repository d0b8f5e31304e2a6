/**
 * The preconditions every endpoint-policy check shares, in one place: the service must honour
 * endpoint policies (else NOT_APPLICABLE), a missing document means AWS's full-access default,
 * and a document that does not parse is an ERROR naming the problem, never a PASS.
 */
import type { CatalogService } from '../../catalog.ts';
import type { VpcEndpoint } from '../../model/network.ts';
import type { EvaluationContext, Resource, Verdict } from '../../types.ts';
import { endpointFacts, trustContextFor } from './endpoint-context.ts';
import { type ParsedPolicy, type PolicyStatement, parseEndpointPolicy, type TrustContext } from './endpoint-policy.ts';

/** What AWS applies when an endpoint has no policy of its own. */
export const DEFAULT_FULL_ACCESS_POLICY = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

const cache = new Map<string, ParsedPolicy>();
const CACHE_LIMIT = 2048;

/** Parses with a small cache: thousands of endpoints usually share a handful of documents. */
export const parsePolicyCached = (text: string): ParsedPolicy => {
  const cached = cache.get(text);
  if (cached) return cached;
  const parsed = parseEndpointPolicy(text);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, parsed);
  return parsed;
};

export interface PolicyJudgement {
  readonly statements: readonly PolicyStatement[];
  readonly trust: TrustContext;
  readonly subject: string;
  readonly service: CatalogService | undefined;
  /** True when the endpoint had no document and AWS's default applies. */
  readonly isDefault: boolean;
}

/** Runs `judge` on the endpoint's effective policy, handling the shared preconditions. */
export const judgeEndpointPolicy = (
  resource: Resource<VpcEndpoint>,
  ctx: EvaluationContext,
  judge: (input: PolicyJudgement) => Omit<Verdict, 'monitoredService'>,
): Verdict => {
  const { endpoint, service, subject, verdict } = endpointFacts(resource, ctx);
  if (service && !service.endpointPolicySupported) {
    return verdict({
      status: 'NOT_APPLICABLE',
      message: `${subject}: ${service.displayName} does not support endpoint policies.`,
      evidence: {},
    });
  }
  const isDefault = endpoint.policyDocument === undefined || endpoint.policyDocument.trim() === '';
  const parsed = parsePolicyCached(isDefault ? DEFAULT_FULL_ACCESS_POLICY : (endpoint.policyDocument as string));
  if (!parsed.ok) {
    return verdict({
      status: 'ERROR',
      message: `${subject} has a policy document that cannot be evaluated: ${parsed.problem}.`,
      evidence: { problem: parsed.problem, policyDocument: endpoint.policyDocument },
    });
  }
  return verdict(judge({ statements: parsed.statements, trust: trustContextFor(endpoint, ctx), subject, service, isDefault }));
};
