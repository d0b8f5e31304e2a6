/**
 * Hosts the benchmark's TLS servers in their own process, so the server's handshake work does
 * not share an event loop with the prober being measured (sslscan gets its own process too).
 * Prints {"caPem": …, "ports": {profile: port}} on stdout, then serves until stdin closes.
 */
import { createLocalPki } from '../../functions/cli/local/pki.ts';
import { PROFILES, startTlsServer } from '../../functions/cli/local/tls-servers.ts';

const pki = await createLocalPki('tpm bench CA');
const certificate = await pki.issue({ hosts: ['bench.tpm.test'] });
const servers = await Promise.all(
  Object.entries(PROFILES).map(async ([name, profile]) => [name, await startTlsServer(certificate, profile)] as const),
);
process.stdout.write(
  `${JSON.stringify({ caPem: pki.caPem, ports: Object.fromEntries(servers.map(([name, server]) => [name, server.port])) })}\n`,
);
process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.all(servers.map(([, server]) => server.close()));
  await pki.dispose();
  process.exit(0);
});
