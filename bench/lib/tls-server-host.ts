/**
 * Hosts the benchmark's TLS servers in their own process, so the server's handshake work does
 * not share an event loop with the prober being measured (sslscan gets its own process too).
 * Prints {"caPem": …, "ports": {name: port}} on stdout, then serves until stdin closes. With
 * `--copies N`, N servers per profile (`legacy-3`). A line `count` on stdin prints the TCP
 * connections each server accepted since the previous `count`, as {"port": n}.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createLocalPki } from '../../lab/pki.ts';
import { type LocalTlsServer, PROFILES, startTlsServer } from '../../lab/tls-servers.ts';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '1' } } });
const copies = Number(values.copies);
const pki = await createLocalPki('tpm bench CA');
const certificate = await pki.issue({ hosts: ['bench.tpm.test'] });
const servers: (readonly [string, LocalTlsServer])[] = [];
for (const [name, profile] of Object.entries(PROFILES)) {
  for (let copy = 1; copy <= copies; copy++)
    servers.push([copies === 1 ? name : `${name}-${copy}`, await startTlsServer(certificate, profile)] as const);
}
process.stdout.write(
  `${JSON.stringify({ caPem: pki.caPem, ports: Object.fromEntries(servers.map(([name, server]) => [name, server.port])) })}\n`,
);
const counted = new Map(servers.map(([, server]) => [server.port, 0]));
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'count') return;
  const since = Object.fromEntries(
    servers.map(([, server]) => [server.port, server.connections - (counted.get(server.port) ?? 0)]),
  );
  for (const [, server] of servers) counted.set(server.port, server.connections);
  process.stdout.write(`${JSON.stringify(since)}\n`);
});
process.stdin.on('end', async () => {
  await Promise.all(servers.map(([, server]) => server.close()));
  await pki.dispose();
  process.exit(0);
});
