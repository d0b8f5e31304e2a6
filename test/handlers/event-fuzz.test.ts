/**
 * Property-based fuzzing of the two CloudTrail handlers' whole path (schema parse → mapping →
 * id search → judgement), seeded from every sample in events/ and mutated with fast-check:
 * values replaced by hostile strings (`__proto__`, `constructor`, escapes, 100 KB), keys deleted,
 * arbitrary JSON planted, and request/response trees nested up to 25,000 deep (issue 14).
 *
 * The property: every input ends as accepted, ignored or a clean rejection. The only throw
 * allowed is the transient one a retry can cure: here the AWS API is a closed port on
 * 127.0.0.1, so a record good enough to reach AWS fails with a network error. A TypeError, a
 * RangeError (stack overflow) or any InputError escaping would be retried by Lambda against the
 * README's promise, and fails the property.
 */
import { readdir, readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNetworkFailure } from '../../functions/engine/errors.ts';
import { treeBoundsProblem } from '../../functions/engine/tree.ts';
import { createChangeHandler } from '../../functions/handlers/change-recheck.ts';
import { createClientTlsHandler } from '../../functions/handlers/observed-client-tls.ts';
import type { HandlerDependencies } from '../../functions/handlers/runtime.ts';
import { localContext } from '../../lab/lab-deployment.ts';
import { type CapturedOutput, captureLambdaOutput } from '../../lab/lambda-output.ts';
import { retargetEvent } from '../../lab/retarget.ts';
import { policy } from '../support/builders.ts';
import { standaloneHandlerDeps } from '../support/handler-deps.ts';

const EVENTS = new URL('../../events/', import.meta.url);
let seeds: unknown[] = [];
let output: CapturedOutput;
let deps: HandlerDependencies;
beforeAll(async () => {
  const files = (await readdir(EVENTS)).filter((file) => file.endsWith('.json') && file !== 'scheduled-sweep.json');
  seeds = await Promise.all(files.map(async (file) => JSON.parse(await readFile(new URL(file, EVENTS), 'utf8'))));
  output = captureLambdaOutput();
  // Nothing listens on port 9: a call that gets this far fails fast with ECONNREFUSED.
  deps = standaloneHandlerDeps(policy({ requiredEndpoints: [{ vpcs: '*', services: ['dynamodb', 'pinpoint', 'filecache'] }] }), {
    endpoint: 'http://127.0.0.1:9',
    maxAttempts: 1,
  });
});
afterAll(async () => {
  output.restore();
  deps.clients.destroy();
  await deps.store.close();
});

const HOSTILE_TEXT = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'x'.repeat(100_000)];
const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('sg-0123456789abcdef0', 'vpce-0123456789abcdef0', 'subnet-0123456789abcdef0', 'TLSv1', 'TLSv1.3'),
);

type Mutation =
  | { kind: 'set'; path: number[]; value: unknown }
  | { kind: 'delete'; path: number[] }
  | { kind: 'tls'; field: 'tlsVersion' | 'cipherSuite'; value: unknown }
  | { kind: 'nest'; field: 'requestParameters' | 'responseElements'; depth: number };

const path = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path, value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), path }),
  fc.record({
    kind: fc.constant('tls' as const),
    field: fc.constantFrom('tlsVersion' as const, 'cipherSuite' as const),
    value: hostileValue,
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    field: fc.constantFrom('requestParameters' as const, 'responseElements' as const),
    depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 25_000 })),
  }),
);

/** Walks `indexes` through object keys / array items (modulo their count) and returns the parent and key. */
const locate = (root: Record<string, unknown>, indexes: number[]): [Record<string, unknown>, string] | undefined => {
  let parent: Record<string, unknown> = root;
  for (const [step, index] of indexes.entries()) {
    const keys = Object.keys(parent);
    if (keys.length === 0) return undefined;
    const key = keys[index % keys.length] as string;
    const child = parent[key];
    if (step === indexes.length - 1 || !child || typeof child !== 'object') return [parent, key];
    parent = child as Record<string, unknown>;
  }
  return undefined;
};

const nested = (depth: number): unknown => {
  let node: unknown = { groupId: 'sg-0123456789abcdef0' };
  for (let level = 0; level < depth; level++) node = level % 2 ? [node] : { a: node };
  return node;
};

const mutate = (seed: unknown, mutations: Mutation[]): unknown => {
  const event = structuredClone(seed) as Record<string, unknown> & { detail?: Record<string, unknown> };
  for (const change of mutations) {
    if (change.kind === 'nest') {
      if (event.detail && typeof event.detail === 'object') event.detail[change.field] = { wrapped: nested(change.depth) };
    } else if (change.kind === 'tls') {
      if (event.detail && typeof event.detail === 'object')
        event.detail.tlsDetails = { ...(event.detail.tlsDetails as object), [change.field]: change.value };
    } else {
      const at = locate(event, change.path);
      if (!at) continue;
      if (change.kind === 'set') at[0][at[1]] = change.value;
      else delete at[0][at[1]];
    }
  }
  return event;
};

const OUTCOMES = new Set(['observed', 'ignored', 'rejected', 'rechecked']);

/** Runs `handler` and classifies: a status it returned, or "transient" for a network failure; anything else throws. */
const settle = async (handler: (event: unknown) => Promise<unknown>, event: unknown): Promise<string> => {
  try {
    const result = (await handler(event)) as { status?: unknown };
    if (typeof result?.status !== 'string' || !OUTCOMES.has(result.status))
      throw new Error(`unexpected result ${JSON.stringify(result)}`);
    return result.status;
  } catch (error) {
    if (isNetworkFailure(error)) return 'transient';
    throw error;
  }
};

const handlers = () => ({
  'observed-client-tls': (event: unknown) => createClientTlsHandler(deps)(event, localContext('observed-client-tls')),
  'change-recheck': (event: unknown) => createChangeHandler(deps)(event, localContext('change-recheck')),
});

describe('CloudTrail handlers under mutated genuine records', () => {
  it.each(['observed-client-tls', 'change-recheck'] as const)(
    '%s ends every input as accepted, ignored or a clean rejection',
    async (name) => {
      const handler = handlers()[name];
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (pick, mutations) => {
          const outcome = await settle(handler, mutate(seeds[pick % seeds.length], mutations));
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        }),
        {
          numRuns: 250,
          seed: 20261201,
          // The two classes the issue found, always tried first.
          examples: [
            [0, [{ kind: 'tls', field: 'tlsVersion', value: 'constructor' }]],
            [1, [{ kind: 'tls', field: 'tlsVersion', value: '__proto__' }]],
            [2, [{ kind: 'nest', field: 'requestParameters', depth: 20_000 }]],
            [3, [{ kind: 'nest', field: 'responseElements', depth: 20_000 }]],
          ],
        },
      );
      // The mutations exercised more than one ending (a property that only ever rejects proves little).
      expect(seen.get('rejected') ?? 0).toBeGreaterThan(0);
      expect([...seen.keys()].filter((key) => key !== 'rejected').length).toBeGreaterThan(0);
    },
    120_000,
  );

  it('rejects a request nested 20,000 deep with the field and the bound, counted, not retried', async () => {
    const event = structuredClone(seeds.find((seed) => JSON.stringify(seed).includes('ModifyVpcEndpoint'))) as {
      detail: Record<string, unknown>;
    };
    event.detail.requestParameters = { wrapped: nested(20_000) };
    expect(await handlers()['change-recheck'](event)).toEqual({
      status: 'rejected',
      field: 'detail.requestParameters',
      problem: 'is nested deeper than 32 levels',
    });
  });

  it("reads a tlsVersion of '__proto__' as an unknown version, not a built-in member", async () => {
    const event = structuredClone(seeds.find((seed) => JSON.stringify(seed).includes('"dynamodb.amazonaws.com"'))) as {
      detail: { tlsDetails: Record<string, unknown> };
    };
    event.detail.tlsDetails.tlsVersion = '__proto__';
    expect(await handlers()['observed-client-tls'](event)).toMatchObject({
      status: 'observed',
      tlsVersion: null,
      problems: expect.arrayContaining(['reported TLS version "__proto__", which the monitor does not know']),
    });
  });
});

describe('retargetEvent (tpm invoke, the demo)', () => {
  it('copies an event nested 25,000 deep without overflowing, for the handler to reject', () => {
    const event = { account: '999988887777', detail: { requestParameters: nested(25_000) } };
    const copy = retargetEvent(event, [[/^sg-/, 'sg-0aaaaaaaaaaaaaaaa']], '123456789012');
    expect(copy.account).toBe('123456789012');
    expect(treeBoundsProblem(copy.detail.requestParameters, { depth: 30_000, nodes: 100_000 })).toBeUndefined();
    expect(treeBoundsProblem(copy.detail.requestParameters, { depth: 24_999, nodes: 100_000 })).toBe(
      'is nested deeper than 24999 levels',
    );
  });

  it("rewrites the record's own account everywhere, ARNs included, so a foreign record touches the lab", () => {
    const event = {
      account: '999988887777',
      detail: { recipientAccountId: '999988887777', userIdentity: { arn: 'arn:aws:iam::999988887777:user/ops' } },
    };
    expect(retargetEvent(event, [], '123456789012')).toEqual({
      account: '123456789012',
      detail: { recipientAccountId: '123456789012', userIdentity: { arn: 'arn:aws:iam::123456789012:user/ops' } },
    });
  });
});
