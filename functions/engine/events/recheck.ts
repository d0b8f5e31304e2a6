/**
 * Re-checks what one API call touched, through the same checks, baseline and alerts as a sweep.
 *
 * The call's ids come from its CloudTrail record; network resources are located in their VPC
 * (one Describe call, or none when the record names the VPC) and only that VPC's network is read.
 * The smaller collections (VPN, Direct Connect, File Cache, load balancer listeners) are re-read
 * for the region, which is as cheap as reading one item. A resource that no longer exists is a
 * deletion, not a crash.
 */
import type { AlertPublisher } from '../alerts/publisher.ts';
import type { BaselineKey, BaselineStore } from '../baseline/types.ts';
import type { AnyCheck } from '../checks/check.ts';
import { CHECKS } from '../checks/registry.ts';
import type { AwsClients } from '../collectors/aws-clients.ts';
import { isLocatable, locateInVpcs } from '../collectors/vpc-locator.ts';
import { InputError } from '../errors.ts';
import type { MetricDatum } from '../metrics/metrics.ts';
import type { EffectivePolicy } from '../policy/effective.ts';
import { type MonitorResult, runMonitor } from '../run/run.ts';
import type { ScanResult } from '../scan/scan.ts';
import type { FindingsExporter } from '../securityhub/exporter.ts';
import type { Resource } from '../types.ts';
import {
  type ChangeEventMapping,
  findIds,
  mappingFor,
  RESOURCE_KINDS,
  type ResourceKind,
  touchedIds,
  VPC_ID,
} from './event-map.ts';

/** The parts of a CloudTrail record a re-check needs (the handler's zod schema guarantees them). */
export interface ChangeCall {
  readonly eventId: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  readonly requestParameters?: unknown;
  readonly responseElements?: unknown;
  readonly errorCode?: string | undefined;
}

export interface RecheckDependencies {
  readonly policy: EffectivePolicy;
  readonly clients: AwsClients;
  readonly store: BaselineStore;
  readonly publisher?: AlertPublisher | undefined;
  readonly exporter?: FindingsExporter | undefined;
  readonly runId: string;
  readonly emitMetrics?: (data: readonly MetricDatum[], at: Date) => Promise<void> | void;
  readonly signal?: AbortSignal | undefined;
}

export type RecheckOutcome =
  | { readonly status: 'ignored'; readonly reason: string }
  | {
      readonly status: 'rechecked';
      readonly resource: ResourceKind;
      readonly ids: readonly string[];
      /** Where the ids came from: the mapping's documented fields, or (fallback) any matching value. */
      readonly idsFrom: 'documented-fields' | 'any-matching-value';
      /** The VPCs re-read; undefined when the whole region was (deleted resource, or a regional kind). */
      readonly vpcIds: readonly string[] | undefined;
      readonly checks: readonly string[];
      readonly monitor: MonitorResult;
    };

/** The VPC a resource belongs to, for keeping a VPC-focused re-check to that VPC's resources. */
const vpcOf = (resource: Resource): string | undefined => {
  const attributes = resource.attributes as { vpcId?: unknown };
  if (resource.type === 'AWS::EC2::VPC') return resource.id;
  return typeof attributes.vpcId === 'string' ? attributes.vpcId : undefined;
};

const checksFor = (mapping: ChangeEventMapping, all: readonly AnyCheck[]): AnyCheck[] =>
  all.filter((check) => mapping.recheck.services.includes(check.service) || mapping.recheck.alsoChecks?.includes(check.id));

/** Matches an id or one of its facets (`vpn-0abc/203.0.113.1`, `vpc-0abc/dynamodb`). */
const isOrUnder = (resourceId: string, ids: Iterable<string>): boolean => {
  for (const id of ids) if (resourceId === id || resourceId.startsWith(`${id}/`)) return true;
  return false;
};

export const recheckChange = async (call: ChangeCall, deps: RecheckDependencies): Promise<RecheckOutcome> => {
  if (call.errorCode) return { status: 'ignored', reason: `${call.eventName} failed (${call.errorCode}), so nothing changed` };
  const mapping = mappingFor(call.eventSource, call.eventName);
  if (!mapping) return { status: 'ignored', reason: `${call.eventSource} ${call.eventName} is not a change the monitor watches` };
  if (deps.policy.regions && !deps.policy.regions.includes(call.region)) {
    return { status: 'ignored', reason: `${call.region} is outside the policy's scope.regions` };
  }
  const tree = [call.requestParameters, call.responseElements];
  const { ids, fallback } = touchedIds(mapping, call);
  if (!ids.length && !mapping.withoutId?.includes(call.eventName)) {
    throw new InputError(
      'detail.requestParameters',
      `${call.eventName} names no ${mapping.resource} id (expected a value like ${RESOURCE_KINDS[mapping.resource].source})`,
    );
  }
  const checks = checksFor(mapping, CHECKS);
  let vpcIds: string[] | undefined;
  if (mapping.recheck.scope === 'vpc' && ids.length && isLocatable(mapping.resource)) {
    const located = await locateInVpcs(deps.clients.ec2(call.region), mapping.resource, ids);
    const named = findIds(tree, VPC_ID);
    const all = [...new Set([...(located ?? []), ...(located ? [] : named)])].filter(Boolean).sort();
    vpcIds = all.length ? all : undefined;
  }
  const focusVpcs = vpcIds ? new Set(vpcIds) : undefined;
  const checkIds = new Set(checks.map((check) => check.id));
  const monitor = await runMonitor({
    scan: {
      policy: deps.policy,
      regions: [call.region],
      clients: deps.clients,
      account: call.account,
      checks,
      signal: deps.signal,
      ...(focusVpcs
        ? {
            focus: { vpcIds: [...focusVpcs] },
            includeResource: (_check: AnyCheck, resource: Resource) => {
              const vpc = vpcOf(resource);
              return vpc === undefined || focusVpcs.has(vpc);
            },
          }
        : {}),
    },
    tracking: {
      store: deps.store,
      publisher: deps.publisher,
      exporter: deps.exporter,
      runId: deps.runId,
      focus: (scan: ScanResult) => {
        const seen = new Set(scan.findings.map((finding) => finding.resourceId));
        // Region-wide: the collections were listed whole, so every key of these checks is spoken for.
        return (key: BaselineKey) =>
          checkIds.has(key.checkId) &&
          (!focusVpcs || seen.has(key.resourceId) || isOrUnder(key.resourceId, ids) || isOrUnder(key.resourceId, focusVpcs));
      },
    },
    emitMetrics: deps.emitMetrics,
  });
  return {
    status: 'rechecked',
    resource: mapping.resource,
    ids,
    idsFrom: fallback ? 'any-matching-value' : 'documented-fields',
    vpcIds,
    checks: [...checkIds],
    monitor,
  };
};
