/**
 * Real TLS peers configured the way people configure them, and small fronts that misbehave the
 * way networks do, all on 127.0.0.1: OpenSSL `s_server`, GnuTLS `gnutls-serv` (Debian
 * gnutls-bin), a TCP front that admits N connections and silently closes the rest (nginx
 * `limit_conn`), and one that drops any ClientHello offering TLS 1.3 (an intolerant middlebox).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { IssuedCertificate } from '../../lab/pki.ts';
import { parseHello } from './legacy-responder.ts';

export interface Peer {
  readonly port: number;
  close(): Promise<void>;
}

const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const waitForPort = async (port: number, child: ChildProcess, output: () => string): Promise<void> => {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output()}`);
    // Connect and close at once: s_server serves one connection at a time, and would wait on this one.
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      setTimeout(() => done(false), 500);
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not listen on ${port}: ${output()}`);
};

/** Starts peers for one test file and stops them all after it. */
export const useTlsPeers = () => {
  const running: Peer[] = [];
  let dir: string | undefined;
  afterAll(async () => {
    await Promise.all(running.map((peer) => peer.close()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const files = async (certificate: IssuedCertificate): Promise<{ cert: string; key: string }> => {
    dir ??= await mkdtemp(join(tmpdir(), 'tpm-peers-'));
    const id = Math.random().toString(36).slice(2);
    const cert = join(dir, `${id}.pem`);
    const key = join(dir, `${id}.key`);
    await writeFile(cert, certificate.chainPem);
    await writeFile(key, certificate.keyPem);
    return { cert, key };
  };
  const spawnServer = async (command: string, args: (port: number) => string[]): Promise<Peer> => {
    const port = await freePort();
    const child = spawn(command, args(port), { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    await waitForPort(port, child, () => output);
    const peer = {
      port,
      close: async () => {
        if (child.exitCode === null) {
          child.kill('SIGKILL');
          await once(child, 'exit').catch(() => undefined);
        }
      },
    };
    running.push(peer);
    return peer;
  };
  return {
    /**
     * `openssl s_server -www` with this certificate and extra arguments (`-servername`, `-cipher`,
     * …); `{cert}` and `{key}` in them name this certificate's files.
     */
    async openssl(certificate: IssuedCertificate, extra: readonly string[]): Promise<Peer> {
      const { cert, key } = await files(certificate);
      const args = extra.map((arg) => arg.replace('{cert}', cert).replace('{key}', key));
      return spawnServer('openssl', (port) => [
        's_server',
        '-accept',
        `127.0.0.1:${port}`,
        '-cert',
        cert,
        '-key',
        key,
        '-www',
        '-quiet',
        ...args,
      ]);
    },
    /** `gnutls-serv` with this certificate and extra arguments (`--priority`, `--dhparams`, …). */
    async gnutls(certificate: IssuedCertificate, extra: readonly string[]): Promise<Peer> {
      const { cert, key } = await files(certificate);
      return spawnServer('gnutls-serv', (port) => [
        '--port',
        String(port),
        '--x509certfile',
        cert,
        '--x509keyfile',
        key,
        '--echo',
        ...extra,
      ]);
    },
    /** A file in this suite's temporary directory (DH parameters, …). */
    async file(name: string, content: string): Promise<string> {
      dir ??= await mkdtemp(join(tmpdir(), 'tpm-peers-'));
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
    /**
     * A TCP front before `upstream`: at most `maxConnections` at once (others are accepted and
     * closed without a byte), and, with `dropTls13`, any hello offering TLS 1.3 is closed unanswered.
     */
    async front(upstream: number, behaviour: { maxConnections?: number; dropTls13?: boolean }): Promise<Peer> {
      let open = 0;
      const sockets = new Set<Socket>();
      const server: Server = createServer((client) => {
        sockets.add(client);
        client.on('error', () => {});
        client.once('close', () => sockets.delete(client));
        if (behaviour.maxConnections !== undefined && open >= behaviour.maxConnections) {
          client.destroy();
          return;
        }
        open++;
        client.once('close', () => open--);
        client.once('data', (first: Buffer) => {
          if (behaviour.dropTls13 && parseHello(first)?.supportedVersions.includes(0x0304)) {
            client.destroy();
            return;
          }
          const backend = connect({ host: '127.0.0.1', port: upstream });
          sockets.add(backend);
          backend.on('error', () => client.destroy());
          backend.once('close', () => client.destroy());
          client.once('close', () => backend.destroy());
          backend.write(first);
          client.pipe(backend);
          backend.pipe(client);
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const peer = {
        port: (server.address() as { port: number }).port,
        close: () =>
          new Promise<void>((resolve) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => resolve());
          }),
      };
      running.push(peer);
      return peer;
    },
  };
};
