/**
 * Bounded concurrency without a dependency: AWS throttles per account and per API, and a Lambda
 * has finite sockets, so fan-out across regions, targets and accounts is always bounded.
 *
 * @example
 * const sizes = await mapWithConcurrency(regions, 4, (region) => countEndpoints(region));
 */
export const mapWithConcurrency = async <T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> => {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await worker(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
};

/** Splits a list into chunks, for AWS filters that accept at most N values. */
export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/**
 * A limiter shared by many tasks: at most `limit` run at once, the rest wait in order. The
 * prober uses one per target so its parallel probes never open more than `limit` sockets.
 */
export const createLimiter = (limit: number): (<T>(task: () => Promise<T>) => Promise<T>) => {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
};
