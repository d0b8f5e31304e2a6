/**
 * A scripted stand-in for a legacy TLS server: it answers a ClientHello the way an old server
 * would (SSL 3.0, 3DES, RC4, no fallback protection…), which this machine's OpenSSL can no
 * longer serve. It parses hellos with its own minimal code, independent of the prober's wire
 * module, so the prober is not tested against itself.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

export interface LegacyScript {
  /** Wire versions the server accepts, e.g. [0x0300, 0x0301]. */
  readonly versions: readonly number[];
  /** Suites in the server's preference order. */
  readonly suites: readonly number[];
  /** Honour TLS_FALLBACK_SCSV (RFC 7507). */
  readonly fallbackScsv?: boolean;
  /** Send renegotiation_info (RFC 5746). */
  readonly secureRenegotiation?: boolean;
  /** Follow the client's order instead of its own. */
  readonly clientPreference?: boolean;
  /** DER certificate to send after ServerHello. */
  readonly certificate?: Buffer;
  /** For DHE suites, the size of the prime sent in ServerKeyExchange. */
  readonly dhBits?: number;
  /** Close silently instead of sending an alert when refusing. */
  readonly closeInsteadOfAlert?: boolean;
  /** Never answer: the prober must time out and call it an error. */
  readonly silent?: boolean;
}

export interface ParsedHello {
  readonly recordVersion: number;
  readonly clientVersion: number;
  readonly suites: number[];
  readonly extensions: number[];
  readonly supportedVersions: number[];
}

/** Minimal ClientHello parser (independent of functions/engine/tls/wire.ts). */
export const parseHello = (data: Buffer): ParsedHello | undefined => {
  if (data.length < 5 || data[0] !== 0x16) return undefined;
  const recordLength = data.readUInt16BE(3);
  if (data.length < 5 + recordLength) return undefined;
  const body = data.subarray(9, 5 + recordLength);
  let offset = 2 + 32;
  offset += 1 + (body[offset] as number);
  const suitesLength = body.readUInt16BE(offset);
  const suites: number[] = [];
  for (let index = 0; index < suitesLength; index += 2) suites.push(body.readUInt16BE(offset + 2 + index));
  offset += 2 + suitesLength;
  offset += 1 + (body[offset] as number);
  const extensions: number[] = [];
  const supportedVersions: number[] = [];
  if (offset + 2 <= body.length) {
    const end = offset + 2 + body.readUInt16BE(offset);
    offset += 2;
    while (offset + 4 <= end) {
      const type = body.readUInt16BE(offset);
      const length = body.readUInt16BE(offset + 2);
      extensions.push(type);
      if (type === 0x002b) {
        const list = body.subarray(offset + 5, offset + 4 + length);
        for (let index = 0; index + 1 < list.length; index += 2) supportedVersions.push(list.readUInt16BE(index));
      }
      offset += 4 + length;
    }
  }
  return { recordVersion: data.readUInt16BE(1), clientVersion: body.readUInt16BE(0), suites, extensions, supportedVersions };
};

const record = (type: number, version: number, payload: Buffer) => {
  const header = Buffer.alloc(5);
  header[0] = type;
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(payload.length, 3);
  return Buffer.concat([header, payload]);
};
const handshake = (type: number, body: Buffer) => {
  const header = Buffer.alloc(4);
  header[0] = type;
  header.writeUIntBE(body.length, 1, 3);
  return Buffer.concat([header, body]);
};
const alert = (version: number, description: number) => record(0x15, version, Buffer.from([2, description]));

const serverHello = (version: number, suite: number, renegotiation: boolean) => {
  const extensions = renegotiation ? Buffer.from([0xff, 0x01, 0x00, 0x01, 0x00]) : Buffer.alloc(0);
  const body = Buffer.concat([
    Buffer.from([version >> 8, version & 0xff]),
    Buffer.alloc(32, 7),
    Buffer.from([0]), // empty session id
    Buffer.from([suite >> 8, suite & 0xff, 0]),
    extensions.length ? Buffer.concat([Buffer.from([0, extensions.length]), extensions]) : Buffer.alloc(0),
  ]);
  return handshake(2, body);
};

const isDhe = (suite: number) => [0x0016, 0x0033, 0x0039, 0x009e, 0x009f, 0x0067, 0x006b, 0x0013, 0x0032, 0x0038].includes(suite);

/** Decides the answer to one hello, as the script says a legacy server would. */
export const answer = (hello: ParsedHello, script: LegacyScript): Buffer | undefined => {
  const best = Math.max(...script.versions);
  // A TLS ≤1.2 server ignores supported_versions and negotiates from client_version.
  const version = Math.min(hello.clientVersion, best);
  const refuse = (description: number) =>
    script.closeInsteadOfAlert ? undefined : alert(Math.min(version, 0x0303), description);
  if (!script.versions.includes(version)) return refuse(70);
  if (script.fallbackScsv && hello.suites.includes(0x5600) && hello.clientVersion < best) return refuse(86);
  const order = script.clientPreference
    ? hello.suites.filter((suite) => script.suites.includes(suite))
    : script.suites.filter((suite) => hello.suites.includes(suite));
  const chosen = order[0];
  if (chosen === undefined) return refuse(40);
  const renegotiation =
    script.secureRenegotiation === true && (hello.suites.includes(0x00ff) || hello.extensions.includes(0xff01));
  const messages = [serverHello(version, chosen, renegotiation)];
  if (script.certificate) {
    const cert = script.certificate;
    const entry = Buffer.concat([Buffer.from([cert.length >> 16, (cert.length >> 8) & 0xff, cert.length & 0xff]), cert]);
    const list = Buffer.concat([Buffer.from([entry.length >> 16, (entry.length >> 8) & 0xff, entry.length & 0xff]), entry]);
    messages.push(handshake(11, list));
  }
  if (isDhe(chosen) && script.dhBits) {
    const prime = Buffer.alloc(script.dhBits / 8, 0xff);
    const vector = (bytes: Buffer) => Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
    messages.push(
      handshake(12, Buffer.concat([vector(prime), vector(Buffer.from([2])), vector(Buffer.alloc(script.dhBits / 8, 1))])),
    );
  }
  messages.push(handshake(14, Buffer.alloc(0)));
  return record(0x16, version, Buffer.concat(messages));
};

export interface LegacyResponder {
  readonly port: number;
  readonly hellos: ParsedHello[];
  close(): Promise<void>;
}

export const startLegacyResponder = async (script: LegacyScript): Promise<LegacyResponder> => {
  const hellos: ParsedHello[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const hello = parseHello(buffered);
      if (!hello) return;
      hellos.push(hello);
      if (script.silent) return;
      const reply = answer(hello, script);
      if (reply) socket.end(reply);
      else socket.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    hellos,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};
