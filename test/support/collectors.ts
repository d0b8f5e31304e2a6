/** Runs one collector for one region as the scan would, and reads its collections back. */
import { DEFAULT_CATALOG } from '../../functions/engine/catalog.ts';
import { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import type { Collector } from '../../functions/engine/collectors/collector.ts';
import type { CollectionName, Collections, CollectionTypes } from '../../functions/engine/model/inventory.ts';
import { policy } from './builders.ts';

export interface CollectOptions {
  /** Real clients (moto); by default, throwaway clients for tests that mock the SDK. */
  readonly clients?: AwsClients;
  readonly account?: string;
  readonly region?: string;
  readonly policyDocument?: Record<string, unknown>;
  readonly primaryRegion?: boolean;
}

export const collectWith = async (collector: Collector, options: CollectOptions = {}): Promise<Collections> => {
  const clients = options.clients ?? new AwsClients({ credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    return await collector.collect({
      account: options.account ?? '111122223333',
      region: options.region ?? 'us-east-1',
      policy: policy(options.policyDocument),
      catalog: DEFAULT_CATALOG,
      clients,
      primaryRegion: options.primaryRegion ?? true,
      memo: new Map(),
    });
  } finally {
    if (!options.clients) clients.destroy();
  }
};

/** The items of a collection that must have been read; throws with the collector's error otherwise. */
export const itemsOf = <K extends CollectionName>(collections: Collections, name: K): CollectionTypes[K][] => {
  const collection = collections[name];
  if (collection?.status !== 'ok') {
    throw new Error(`${name} failed: ${collection?.status === 'error' ? collection.error.message : 'not collected'}`);
  }
  return collection.items.map((item) => item.attributes as CollectionTypes[K]);
};
