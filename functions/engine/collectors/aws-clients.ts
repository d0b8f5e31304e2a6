/**
 * One place that builds AWS SDK clients: adaptive retries, request timeouts, the standard
 * credential chain (or explicit credentials), `AWS_ENDPOINT_URL` honoured by the SDK itself, an
 * optional call recorder and optional interceptors. Clients are created lazily and cached per
 * region, never at import. Nothing here is process-wide: whoever builds the options decides.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Counts logical API calls (not retry attempts) per `Service.Operation`. */
export class ApiCallRecorder {
  readonly #counts = new Map<string, number>();

  record(service: string, operation: string): void {
    const key = `${service}.${operation}`;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  get total(): number {
    let total = 0;
    for (const count of this.#counts.values()) total += count;
    return total;
  }

  /** Calls per operation, sorted by name, for evidence, tests and benchmarks. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(operation: string): number {
    let total = 0;
    for (const [key, count] of this.#counts) if (key.endsWith(`.${operation}`)) total += count;
    return total;
  }

  reset(): void {
    this.#counts.clear();
  }
}

export interface AwsClientOptions {
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A named profile from the shared config files; otherwise the default credential chain. */
  readonly profile?: string;
  /** Overrides the endpoint for every client (tests); otherwise the SDK reads AWS_ENDPOINT_URL. */
  readonly endpoint?: string;
  /** Attempts per call including the first; adaptive mode also rate-limits on throttling. */
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
  readonly recorder?: ApiCallRecorder;
  /**
   * Wrap every call of the clients these options build. Production passes none;
   * the local lab passes its stand-ins for the APIs moto lacks (lab/lab-overlay.ts).
   */
  readonly interceptors?: readonly CallInterceptor[];
}

/** One SDK call as an interceptor sees it. */
export interface InterceptedCall {
  /** The SDK client's service name without `Client` (`EC2`, `FSx`, `DirectConnect`). */
  readonly service: string;
  /** The command's name without `Command` (`DescribeVpnConnections`). */
  readonly operation: string;
  readonly region: string;
  readonly input: unknown;
}

/**
 * Answers a call itself (returning an output without calling `proceed`), or calls `proceed` for
 * the endpoint's output and returns it, changed or not.
 */
export type CallInterceptor = (call: InterceptedCall, proceed: () => Promise<object>) => Promise<object>;

interface MiddlewareClient {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

type ClientConstructor<C> = new (config: Record<string, unknown>) => C;

/**
 * Local AWS emulators (moto) do not read gzip-compressed requests, which the SDK sends for large
 * CloudWatch PutMetricData bodies; AWS itself does. Compression stays on for every real endpoint.
 */
const isLoopbackEndpoint = (endpoint: string | undefined): boolean => {
  if (!endpoint) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
};

/** Builds and caches SDK clients per (service, region) with the product's defaults. */
export class AwsClients {
  readonly options: AwsClientOptions;
  readonly #cache = new Map<string, { destroy(): void }>();

  constructor(options: AwsClientOptions = {}) {
    this.options = options;
  }

  /**
   * A configured client of any SDK v3 service for `region`, cached. `maxAttempts: 1` is for
   * calls that must not be repeated by the SDK once they may have reached AWS (SNS Publish: the
   * alert outbox retries it, knowing what was delivered).
   */
  client<C extends { destroy(): void }>(
    Client: ClientConstructor<C>,
    region: string,
    overrides: { readonly maxAttempts?: number } = {},
  ): C {
    const attempts = overrides.maxAttempts ?? this.options.maxAttempts ?? 5;
    const key = `${Client.name}:${region}:${attempts}`;
    const cached = this.#cache.get(key);
    if (cached) return cached as C;
    const client = new Client({
      region,
      retryMode: 'adaptive',
      maxAttempts: attempts,
      // The SDK only warns about a request past requestTimeout unless told to fail it: a call
      // that never answers must become an error (and a retry), not a scan that never ends.
      requestHandler: {
        requestTimeout: this.options.requestTimeoutMs ?? 15_000,
        connectionTimeout: 5_000,
        throwOnRequestTimeout: true,
      },
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      ...(this.options.profile ? { profile: this.options.profile } : {}),
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(isLoopbackEndpoint(this.options.endpoint ?? process.env.AWS_ENDPOINT_URL) ? { disableRequestCompression: true } : {}),
    });
    const recorder = this.options.recorder;
    if (recorder) {
      (client as unknown as MiddlewareClient).middlewareStack.add(
        (next, context) => async (args) => {
          recorder.record(
            (context.clientName ?? 'Unknown').replace(/Client$/, ''),
            (context.commandName ?? 'Unknown').replace(/Command$/, ''),
          );
          return next(args);
        },
        { step: 'initialize', name: 'tpmApiCallRecorder' },
      );
    }
    for (const [index, intercept] of (this.options.interceptors ?? []).entries()) {
      (client as unknown as MiddlewareClient).middlewareStack.add(
        (next, context) => async (args) => {
          const call: InterceptedCall = {
            service: (context.clientName ?? '').replace(/Client$/, ''),
            operation: (context.commandName ?? '').replace(/Command$/, ''),
            region,
            input: (args as { input?: unknown }).input,
          };
          let reply: { output: object; response: unknown } | undefined;
          const output = await intercept(call, async () => {
            reply = (await next(args)) as { output: object; response: unknown };
            return reply.output;
          });
          return reply ? { ...reply, output } : { output: { $metadata: {}, ...output }, response: {} };
        },
        { step: 'initialize', name: `tpmInterceptor${index}` },
      );
    }
    this.#cache.set(key, client);
    return client;
  }

  ec2(region: string): EC2Client {
    return this.client(EC2Client, region);
  }

  sts(region: string): STSClient {
    return this.client(STSClient, region);
  }

  /** Closes sockets so a CLI run can exit promptly. */
  destroy(): void {
    for (const client of this.#cache.values()) client.destroy();
    this.#cache.clear();
  }
}
