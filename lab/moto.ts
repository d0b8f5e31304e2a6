/**
 * Starts and stops a moto server on 127.0.0.1 for the demo, the integration tests and the
 * benchmarks: a real AWS API surface with no AWS account and no traffic leaving the machine.
 *
 * @example
 * await using moto = await startMoto();
 * const clients = new AwsClients(moto.clientOptions);
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AwsClientOptions } from '../functions/engine/collectors/aws-clients.ts';
import { EnvironmentError } from '../functions/engine/errors.ts';

/** Credentials moto accepts; they never leave the machine. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
/** The account moto reports for those credentials. */
export const MOTO_ACCOUNT = '123456789012';

export interface MotoServer extends AsyncDisposable {
  readonly endpoint: string;
  readonly port: number;
  /** Client options that point every SDK client at this server. */
  readonly clientOptions: AwsClientOptions;
  /** Forgets every resource, for test isolation within one server. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const isReady = async (endpoint: string): Promise<boolean> => {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
};

const stopProcess = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(3000).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
};

/**
 * moto's own server, but answering one request at a time. Stock `moto_server` is threaded and
 * its DynamoDB TransactWriteItems takes no lock, so two conditional transactions can both win;
 * real DynamoDB serializes them. Tests of concurrency claims need the serialized server.
 */
const SERIALIZED_MOTO = [
  'import os, sys',
  'from moto.server import DomainDispatcherApplication, create_backend_app, run_simple',
  'os.environ.setdefault("MOTO_PORT", sys.argv[2])',
  'run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)',
].join('\n');

/** Starts `moto_server` on a free loopback port and waits until it answers. */
export const startMoto = async (
  options: {
    readonly timeoutMs?: number;
    /** One request at a time, as DynamoDB serializes transactions (see {@link SERIALIZED_MOTO}). */
    readonly serialized?: boolean;
  } = {},
): Promise<MotoServer> => {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto runs botocore inside; the caller's AWS settings (a profile, an endpoint URL) must not leak in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  const [command, args] = options.serialized
    ? ['python3', ['-c', SERIALIZED_MOTO, '127.0.0.1', String(port)]]
    : ['moto_server', ['-H', '127.0.0.1', '-p', String(port)]];
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const cleanup = () => child.kill('SIGKILL');
  process.once('exit', cleanup);

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, sleep(100).then(() => undefined)]);
    if (failed) {
      process.removeListener('exit', cleanup);
      const missing = (failed as NodeJS.ErrnoException).code === 'ENOENT';
      throw new EnvironmentError(
        missing
          ? 'moto_server is not installed: install it with  pip install "moto[server]"  (it provides the local AWS API).'
          : `moto_server could not start: ${failed.message}`,
        { cause: failed },
      );
    }
    if (child.exitCode !== null) {
      process.removeListener('exit', cleanup);
      throw new EnvironmentError(
        `moto_server exited with code ${child.exitCode}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
      );
    }
    if (await isReady(endpoint)) break;
  }
  if (!(await isReady(endpoint))) {
    await stopProcess(child);
    process.removeListener('exit', cleanup);
    throw new EnvironmentError(`moto_server did not answer on ${endpoint} within ${options.timeoutMs ?? 20_000} ms`);
  }

  const stop = async () => {
    process.removeListener('exit', cleanup);
    await stopProcess(child);
  };
  return {
    endpoint,
    port,
    clientOptions: { endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 },
    reset: async () => {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new EnvironmentError(`moto reset failed with HTTP ${response.status}`);
      await response.body?.cancel();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
};
