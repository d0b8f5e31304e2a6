/**
 * The preconditions every endpoint-policy check shares, in one place: the service must honour
 * endpoint policies (else NOT_APPLICABLE), a missing document means AWS's full-access default,
 * a document that does not parse is an ERROR naming the problem, and an analysis that could not
 * conclude is an ERROR too — never a PASS. The four checks then read one shared analysis.
 */
import type { CatalogService } from '../../catalog.ts';
import type { VpcEndpoint } from '../../model/network.ts';
import type { Resource, Verdict } from '../../types.ts';
import type { EvaluationContext } from '../check.ts';
import { endpointFacts, trustContextFor } from './endpoint-context.ts';
import { type EndpointPolicy, type ParsedPolicy, parseEndpointPolicy } from './endpoint-policy.ts';
import { analyseEndpointPolicy, type PolicyAnalysis, type TrustContext, type Witness } from './policy-reasoner.ts';

/** What AWS applies when an endpoint has no policy of its own ("Endpoint policies", PrivateLink guide). */
export const DEFAULT_FULL_ACCESS_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

const CACHE_LIMIT = 2048;
const parsedCache = new Map<string, ParsedPolicy>();
const analysisCache = new Map<string, PolicyAnalysis>();

const remember = <T>(cache: Map<string, T>, key: string, build: () => T): T => {
  const cached = cache.get(key);
  if (cached) return cached;
  const value = build();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
};

/** Parses with a small cache: thousands of endpoints usually share a handful of documents. */
export const parsePolicyCached = (text: string): ParsedPolicy => remember(parsedCache, text, () => parseEndpointPolicy(text));

/**
 * One analysis per (document, trust set), shared by the four checks that read it. A document that
 * never mentions the endpoint's own ids (aws:SourceVpce, aws:SourceVpc, aws:SourceVpcArn) cannot
 * tell one endpoint from another, so thousands of endpoints sharing it share one analysis; only
 * the witnesses' endpoint keys are rewritten for each endpoint.
 */
const analyseCached = (text: string, policy: EndpointPolicy, trust: TrustContext): PolicyAnalysis => {
  const endpointBlind = !/sourcevpc/i.test(text);
  const shared: TrustContext = endpointBlind ? { ...trust, endpointId: 'vpce-shared', vpcId: 'vpc-shared' } : trust;
  const key = JSON.stringify([
    text,
    shared.endpointId,
    shared.vpcId,
    shared.region,
    shared.account,
    shared.actionPrefix,
    shared.endpointType,
    [...shared.trustedAccounts].sort(),
    [...shared.trustedOrganizationIds].sort(),
  ]);
  const analysis = remember(analysisCache, key, () => analyseEndpointPolicy(policy, shared));
  if (!endpointBlind || !analysis.conclusive) return analysis;
  const own = (witness: Witness): Witness => ({
    ...witness,
    context: {
      ...witness.context,
      'aws:SourceVpce': trust.endpointId,
      'aws:SourceVpc': trust.vpcId,
      'aws:SourceVpcArn': `arn:aws:ec2:${trust.region}:${trust.account}:vpc/${trust.vpcId}`,
    },
  });
  return { ...analysis, exposures: analysis.exposures.map((exposure) => ({ ...exposure, witness: own(exposure.witness) })) };
};

export interface PolicyJudgement {
  readonly analysis: Extract<PolicyAnalysis, { conclusive: true }>;
  readonly policy: EndpointPolicy;
  readonly trust: TrustContext;
  readonly subject: string;
  readonly service: CatalogService | undefined;
  /** True when the endpoint had no document and AWS's default applies. */
  readonly isDefault: boolean;
}

/** The trusted set as evidence: what a reader needs to see why a principal was or was not trusted. */
export const trustEvidence = (trust: TrustContext) => ({
  trustedAccounts: [...trust.trustedAccounts],
  trustedOrganizationIds: [...trust.trustedOrganizationIds],
});

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
  // Only an absent document is AWS's default; an empty or blank one is a broken document.
  const isDefault = endpoint.policyDocument === undefined;
  const text = endpoint.policyDocument ?? DEFAULT_FULL_ACCESS_POLICY;
  const parsed = parsePolicyCached(text);
  if (!parsed.ok) {
    return verdict({
      status: 'ERROR',
      message: `${subject} has a policy document that cannot be evaluated: ${parsed.problem}.`,
      evidence: { problem: parsed.problem, policyDocument: endpoint.policyDocument },
    });
  }
  const trust = trustContextFor(endpoint, ctx, service);
  const analysis = analyseCached(text, parsed.policy, trust);
  if (!analysis.conclusive) {
    return verdict({
      status: 'ERROR',
      message: `${subject} has a policy that could not be analysed: ${analysis.problem}.`,
      evidence: { problem: analysis.problem },
    });
  }
  return verdict(judge({ analysis, policy: parsed.policy, trust, subject, service, isDefault }));
};
