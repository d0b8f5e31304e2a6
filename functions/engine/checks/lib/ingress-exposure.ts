/**
 * Which ingress rules let traffic reach given TCP ports from outside an allowed set of networks.
 * Shared by the interface-endpoint (443) and File Cache (Lustre 988, 1018–1023) checks.
 *
 * Every source kind is resolved, not guessed: a referenced security group contributes the CIDRs
 * of the VPC it lives in, a prefix list its entries. Anything that cannot be resolved counts as
 * exposed (fail closed) and says why.
 */
import type { IngressRule, SecurityGroup, Vpc } from '../../model/network.ts';
import { isCoveredBy, isWorldOpen } from '../../net/cidr.ts';
import type { Resource } from '../../types.ts';
import type { EvaluationContext } from '../check.ts';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export type ExposureReason = 'world' | 'outside-allowed' | 'unresolved';

export interface Exposure {
  readonly groupId: string;
  readonly protocol: string;
  readonly ports: string;
  readonly source: string;
  readonly reason: ExposureReason;
  readonly detail: string;
}

/** True when the rule admits TCP traffic to any port in `ports`. */
export const ruleReachesPorts = (rule: IngressRule, ports: readonly PortRange[]): boolean => {
  if (rule.protocol !== '-1' && rule.protocol !== 'tcp') return false;
  return ports.some((range) => rule.fromPort <= range.to && rule.toPort >= range.from);
};

const portText = (rule: IngressRule): string =>
  rule.protocol === '-1' ? 'all' : rule.fromPort === rule.toPort ? String(rule.fromPort) : `${rule.fromPort}-${rule.toPort}`;

export interface ExposureContext {
  /** Networks allowed to reach the ports: the VPC's own CIDRs plus the policy's allowed CIDRs. */
  readonly allowedCidrs: readonly string[];
  /** Security groups visible in the inventory, by id, for resolving group references. */
  readonly groupsById: Lookup<SecurityGroup>;
  readonly vpcsById: Lookup<Vpc>;
}

/** What a check needs of a map: look an id up. */
export type Lookup<T> = Pick<ReadonlyMap<string, T>, 'get' | 'has'>;

/** The attributes of an inventory index, without copying it. */
const attributesOf = <T>(index: ReadonlyMap<string, Resource<T>>): Lookup<T> => ({
  get: (id) => index.get(id)?.attributes,
  has: (id) => index.has(id),
});

/** The inventory's security groups and VPCs by id (built once per inventory), for {@link findExposures}. */
export const networkIndexes = (ctx: EvaluationContext): Pick<ExposureContext, 'groupsById' | 'vpcsById'> => ({
  groupsById: attributesOf(ctx.inventory.byId('securityGroups')),
  vpcsById: attributesOf(ctx.inventory.byId('vpcs')),
});

const judgeCidr = (cidr: string, allowed: readonly string[]): { reason: ExposureReason; detail: string } | undefined => {
  if (isWorldOpen(cidr)) return { reason: 'world', detail: `${cidr} is the whole internet` };
  if (!isCoveredBy(cidr, allowed)) return { reason: 'outside-allowed', detail: `${cidr} is outside the allowed networks` };
  return undefined;
};

const sourceExposure = (
  rule: IngressRule,
  attachedGroupIds: ReadonlySet<string>,
  context: ExposureContext,
): { source: string; reason: ExposureReason; detail: string } | undefined => {
  const source = rule.source;
  switch (source.kind) {
    case 'cidr': {
      const verdict = judgeCidr(source.cidr, context.allowedCidrs);
      return verdict && { source: source.cidr, ...verdict };
    }
    case 'prefixList': {
      if (!source.cidrs) {
        return {
          source: source.prefixListId,
          reason: 'unresolved',
          detail: `prefix list ${source.prefixListId} could not be read`,
        };
      }
      for (const cidr of source.cidrs) {
        const verdict = judgeCidr(cidr, context.allowedCidrs);
        if (verdict) return { source: `${source.prefixListId} (${cidr})`, ...verdict };
      }
      return undefined;
    }
    case 'securityGroup': {
      // Members of the same group(s) are the resource's own interfaces.
      if (attachedGroupIds.has(source.groupId)) return undefined;
      const referenced = context.groupsById.get(source.groupId);
      const vpcId = referenced?.vpcId ?? source.vpcId;
      const vpc = vpcId ? context.vpcsById.get(vpcId) : undefined;
      if (!vpc) {
        return {
          source: source.groupId,
          reason: 'unresolved',
          detail: `security group ${source.groupId}${source.ownerId ? ` of account ${source.ownerId}` : ''} is not in a VPC we can see, so its members' addresses are unknown`,
        };
      }
      for (const cidr of [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) {
        const verdict = judgeCidr(cidr, context.allowedCidrs);
        if (verdict) {
          return {
            source: `${source.groupId} (members in ${vpc.vpcId} ${cidr})`,
            reason: verdict.reason,
            detail: `members of ${source.groupId} live in ${vpc.vpcId} (${cidr}), outside the allowed networks`,
          };
        }
      }
      return undefined;
    }
  }
};

/** Every ingress rule of `groups` that exposes `ports` beyond `context.allowedCidrs`. */
export const findExposures = (
  groups: readonly SecurityGroup[],
  ports: readonly PortRange[],
  context: ExposureContext,
): Exposure[] => {
  const attached = new Set(groups.map((group) => group.groupId));
  return groups.flatMap((group) =>
    group.ingress
      .filter((rule) => ruleReachesPorts(rule, ports))
      .flatMap((rule) => {
        const exposure = sourceExposure(rule, attached, context);
        return exposure ? [{ groupId: group.groupId, protocol: rule.protocol, ports: portText(rule), ...exposure }] : [];
      }),
  );
};
