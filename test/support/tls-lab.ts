/** One CA per test file, and servers that differ from `modern` in exactly one property. */
import { afterAll, beforeAll } from 'vitest';
import type { TlsTarget } from '../../functions/engine/model/tls.ts';
import { createLocalPki, type IssuedCertificate, type LocalPki } from '../../lab/pki.ts';
import { type LocalTlsServer, type ServerProfile, startTlsServer } from '../../lab/tls-servers.ts';

export const HOST = 'service.tpm.test';

export const useTlsLab = () => {
  const state = {} as { pki: LocalPki; certificate: IssuedCertificate; servers: LocalTlsServer[] };
  beforeAll(async () => {
    state.pki = await createLocalPki('tpm test CA');
    state.certificate = await state.pki.issue({ hosts: [HOST] });
    state.servers = [];
  });
  afterAll(async () => {
    await Promise.all(state.servers.map((server) => server.close()));
    await state.pki?.dispose();
  });
  return {
    get pki() {
      return state.pki;
    },
    /** Starts a server with this profile (and optionally another certificate) and returns its target. */
    async serve(profile: ServerProfile, certificate?: IssuedCertificate): Promise<{ server: LocalTlsServer; target: TlsTarget }> {
      const server = await startTlsServer(certificate ?? state.certificate, profile);
      state.servers.push(server);
      return {
        server,
        target: {
          host: HOST,
          port: 443,
          connectTo: { host: '127.0.0.1', port: server.port },
          caPem: state.pki.caPem,
          origin: 'declared',
        },
      };
    },
  };
};
