/**
 * The collector contract: a collector does AWS I/O for one (account, region) and returns
 * normalized collections. It never throws for an AWS failure; it returns that collection as an
 * error, so the engine can report ERROR findings for exactly what was not seen.
 */
import type { ServiceCatalog } from '../catalog.ts';
import { CollectorError, CredentialsError, errorCode, isCredentialFailure } from '../errors.ts';
import type { AwsOperation } from '../iam-actions.ts';
import type { Collection, CollectionName, Collections } from '../model/inventory.ts';
import type { EffectivePolicy } from '../policy/effective.ts';
import type { Resource, ResourceType } from '../types.ts';
import type { AwsClients } from './aws-clients.ts';

/** Restricts a collection to specific resources, for change-triggered re-checks. */
export interface CollectionFocus {
  /** Only these VPCs (and their subnets, route tables, endpoints, security groups). */
  readonly vpcIds?: readonly string[];
}

export interface CollectorContext {
  readonly account: string;
  readonly region: string;
  readonly policy: EffectivePolicy;
  readonly catalog: ServiceCatalog;
  readonly clients: AwsClients;
  readonly signal?: AbortSignal | undefined;
  readonly focus?: CollectionFocus | undefined;
  /** The first scanned region: global resources (CloudFront, region-less targets) are read there once. */
  readonly primaryRegion: boolean;
  /** Scan-wide memo, so identical work (the same TLS target) happens once per run. */
  readonly memo: Map<string, Promise<unknown>>;
}

export interface Collector {
  readonly name: string;
  /** Collections this collector fills; the engine runs it only if an enabled check needs one. */
  readonly provides: readonly CollectionName[];
  /**
   * The AWS operations that fill each provided collection, declared once beside the SDK calls: a
   * check's IAM permissions are those of the collections it reads, and the roles are their union.
   */
  readonly reads: { readonly [K in CollectionName]?: readonly AwsOperation[] };
  collect(ctx: CollectorContext): Promise<Collections>;
}

/**
 * Runs one AWS operation group, turning any failure into a {@link CollectorError} that names
 * the service, operation and region, and hints at the missing permission when access was
 * denied. Credential failures are rethrown: they affect every call, so the scan stops.
 */
export const guarded = async <T>(
  where: AwsOperation & { readonly region: string },
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: CollectorError }> => {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isCredentialFailure(error)) {
      throw new CredentialsError(
        `AWS rejected the credentials while calling ${where.service}:${where.operation} in ${where.region}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    const code = errorCode(error);
    const collectorError = new CollectorError(
      {
        service: where.service,
        operation: where.operation,
        region: where.region,
        code,
        ...(code && /denied|unauthori[sz]ed/i.test(code) ? { hint: `Grant ${where.action} to the scanning role.` } : {}),
      },
      { cause: error },
    );
    return { ok: false, error: collectorError };
  }
};

/** Wraps items as resources of one type in one (account, region). */
export const asResources = <T>(
  items: readonly T[],
  type: ResourceType,
  where: { account: string; region: string },
  idOf: (item: T) => string,
): Resource<T>[] =>
  items.map((attributes) => ({ account: where.account, region: where.region, type, id: idOf(attributes), attributes }));

/** A collection of typed resources from a guarded result of normalized items. */
export const collected = <T>(
  result: { ok: true; value: readonly T[] } | { ok: false; error: CollectorError },
  type: ResourceType,
  where: { account: string; region: string },
  idOf: (item: T) => string,
): Collection<T> =>
  result.ok ? { status: 'ok', items: asResources(result.value, type, where, idOf) } : { status: 'error', error: result.error };

/** Marks every collection a collector provides as failed with the same error. */
export const failedCollections = (names: readonly CollectionName[], error: CollectorError): Collections =>
  Object.fromEntries(names.map((name) => [name, { status: 'error', error }])) as Collections;
