/**
 * Local TLS servers on 127.0.0.1 for the demo, the tests and the benchmarks, each configured to
 * differ in one property. `reconfigure` changes a running server (the demo's "downgrade").
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { createServer, type SecureContextOptions, type Server } from 'node:tls';
import type { IssuedCertificate } from './pki.ts';

/** The TLS settings that distinguish one local server from another. */
export interface ServerProfile {
  readonly minVersion?: SecureContextOptions['minVersion'];
  readonly maxVersion?: SecureContextOptions['maxVersion'];
  /** OpenSSL cipher string for TLS ≤1.2. */
  readonly ciphers?: string;
  readonly dhparam?: string | Buffer;
  readonly ecdhCurve?: string;
}

/** Profiles the demo and tests share: each differs from `modern` in the property its name says. */
export const PROFILES = {
  /** TLS 1.2+ with ECDHE suites only, and TLS 1.3. */
  modern: {
    minVersion: 'TLSv1.2',
    ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305',
  },
  tls13Only: { minVersion: 'TLSv1.3' },
  /** Still accepts TLS 1.0 and a static-RSA (non-forward-secret) suite. */
  legacy: { minVersion: 'TLSv1', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES128-SHA:@SECLEVEL=0' },
  /** TLS 1.2 with DHE suites only (2048-bit group). */
  dheOnly: {
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
    ciphers: 'DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384',
    dhparam: 'auto',
  },
} as const satisfies Record<string, ServerProfile>;

export interface LocalTlsServer {
  readonly port: number;
  readonly address: string;
  /** Changes protocols and ciphers of the running server; new connections see them at once. */
  reconfigure(profile: ServerProfile): void;
  /** TCP connections accepted so far (benchmarks compare scanners by it). */
  readonly connections: number;
  close(): Promise<void>;
}

const secureContext = (certificate: IssuedCertificate, profile: ServerProfile) => ({
  key: certificate.keyPem,
  cert: certificate.chainPem,
  minVersion: profile.minVersion ?? 'TLSv1.2',
  maxVersion: profile.maxVersion ?? 'TLSv1.3',
  ...(profile.ciphers ? { ciphers: profile.ciphers } : {}),
  ...(profile.dhparam ? { dhparam: profile.dhparam } : {}),
  ...(profile.ecdhCurve ? { ecdhCurve: profile.ecdhCurve } : {}),
});

/** Starts a TLS server on a free loopback port that answers each connection with a short HTTP reply. */
export const startTlsServer = async (certificate: IssuedCertificate, profile: ServerProfile): Promise<LocalTlsServer> => {
  const server: Server = createServer(secureContext(certificate, profile), (socket) => {
    socket.on('error', () => {});
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok');
  });
  // Probes abandon handshakes on purpose; those are not errors worth a log line.
  server.on('tlsClientError', () => {});
  // tls.Server.close() waits for every connection; track raw sockets so close() can end them.
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    address: '127.0.0.1',
    reconfigure: (next) => server.setSecureContext(secureContext(certificate, next)),
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
};
