/**
 * The TLS wire format, just enough of it: build a ClientHello for any version and any suite
 * list, and read the server's first flight (ServerHello or HelloRetryRequest, and for TLS ≤1.2
 * the Certificate and ServerKeyExchange) or its alert. No key exchange, no encryption: the
 * prober learns what the server *accepts* from its first answer, in one round trip.
 *
 * RFC 5246 (TLS 1.2) §7.4, RFC 8446 (TLS 1.3) §4.1, RFC 6101 (SSL 3.0).
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { TlsVersion } from '../tls-versions.ts';
import { SIGNATURE_ALGORITHMS } from './registry.ts';

export const WIRE_VERSION: Readonly<Record<TlsVersion, number>> = {
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export const versionFromWire = (wire: number): TlsVersion | undefined =>
  (Object.entries(WIRE_VERSION).find(([, value]) => value === wire)?.[0] as TlsVersion | undefined) ?? undefined;

const RECORD_HANDSHAKE = 0x16;
const RECORD_ALERT = 0x15;
const RECORD_CHANGE_CIPHER_SPEC = 0x14;
const HANDSHAKE_CLIENT_HELLO = 0x01;
const HANDSHAKE_SERVER_HELLO = 0x02;
const HANDSHAKE_CERTIFICATE = 0x0b;
const HANDSHAKE_SERVER_KEY_EXCHANGE = 0x0c;
const HANDSHAKE_SERVER_HELLO_DONE = 0x0e;

const EXT_SERVER_NAME = 0x0000;
const EXT_SUPPORTED_GROUPS = 0x000a;
const EXT_EC_POINT_FORMATS = 0x000b;
const EXT_SIGNATURE_ALGORITHMS = 0x000d;
const EXT_PADDING = 0x0015;
const EXT_EXTENDED_MASTER_SECRET = 0x0017;
const EXT_SESSION_TICKET = 0x0023;
const EXT_SUPPORTED_VERSIONS = 0x002b;
const EXT_PSK_KEY_EXCHANGE_MODES = 0x002d;
const EXT_KEY_SHARE = 0x0033;
const EXT_RENEGOTIATION_INFO = 0xff01;

/** SHA-256("HelloRetryRequest"), the ServerHello.random that marks a HelloRetryRequest. */
const HELLO_RETRY_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  40: 'handshake_failure',
  42: 'bad_certificate',
  47: 'illegal_parameter',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};

const u8 = (value: number) => Buffer.from([value & 0xff]);
const u16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
const u24 = (value: number) => Buffer.from([(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);
const vec8 = (body: Buffer) => Buffer.concat([u8(body.length), body]);
const vec16 = (body: Buffer) => Buffer.concat([u16(body.length), body]);
const list16 = (values: readonly number[]) => Buffer.concat(values.map(u16));
const extension = (type: number, body: Buffer) => Buffer.concat([u16(type), vec16(body)]);

export interface ClientHelloOptions {
  /** The only version offered: a hello per version tells exactly what the server accepts. */
  readonly version: TlsVersion;
  readonly suites: readonly number[];
  /** Named groups for supported_groups (and, for TLS 1.3, the groups a key share may use). */
  readonly groups: readonly number[];
  /** SNI; omitted for IP literals, as RFC 6066 requires. */
  readonly serverName?: string | undefined;
  /** 32 bytes, for reproducible tests; random otherwise. */
  readonly random?: Buffer;
}

/**
 * A ClientHello offering exactly one protocol version. TLS 1.3 hellos carry an *empty*
 * key_share, so the server answers with a HelloRetryRequest that names its chosen group and
 * suite: enough to learn what it accepts, without any key material.
 */
export const buildClientHello = (options: ClientHelloOptions): Buffer => {
  const { version } = options;
  const isTls13 = version === 'TLSv1.3';
  const clientVersion = isTls13 ? WIRE_VERSION['TLSv1.2'] : WIRE_VERSION[version];
  const extensions: Buffer[] = [];
  if (version !== 'SSLv3') {
    if (options.serverName && isIP(options.serverName) === 0) {
      const name = Buffer.from(options.serverName, 'ascii');
      extensions.push(extension(EXT_SERVER_NAME, vec16(Buffer.concat([u8(0), vec16(name)]))));
    }
    extensions.push(extension(EXT_SUPPORTED_GROUPS, vec16(list16(options.groups))));
    extensions.push(extension(EXT_EC_POINT_FORMATS, vec8(u8(0))));
    if (version === 'TLSv1.2' || isTls13) {
      extensions.push(extension(EXT_SIGNATURE_ALGORITHMS, vec16(list16(SIGNATURE_ALGORITHMS))));
    }
    extensions.push(extension(EXT_EXTENDED_MASTER_SECRET, Buffer.alloc(0)));
    extensions.push(extension(EXT_SESSION_TICKET, Buffer.alloc(0)));
    if (isTls13) {
      extensions.push(extension(EXT_SUPPORTED_VERSIONS, vec8(u16(WIRE_VERSION['TLSv1.3']))));
      extensions.push(extension(EXT_PSK_KEY_EXCHANGE_MODES, vec8(u8(1))));
      extensions.push(extension(EXT_KEY_SHARE, vec16(Buffer.alloc(0))));
    }
  }
  const body = (extensionBlock: Buffer) =>
    Buffer.concat([
      u16(clientVersion),
      options.random ?? randomBytes(32),
      vec8(randomBytes(32)), // session id: TLS 1.3 middlebox compatibility mode
      vec16(list16(options.suites)),
      vec8(u8(0)), // null compression only
      extensionBlock,
    ]);
  let extensionBlock = extensions.length > 0 ? vec16(Buffer.concat(extensions)) : Buffer.alloc(0);
  // Some load balancers hang on hellos of 256–511 bytes (the F5 bug); pad past it, as browsers do.
  const length = body(extensionBlock).length + 4;
  if (extensions.length > 0 && length >= 256 && length < 512) {
    const padding = Math.max(1, 512 - length - 4);
    extensions.push(extension(EXT_PADDING, Buffer.alloc(padding)));
    extensionBlock = vec16(Buffer.concat(extensions));
  }
  const hello = body(extensionBlock);
  const handshake = Buffer.concat([u8(HANDSHAKE_CLIENT_HELLO), u24(hello.length), hello]);
  const recordVersion = version === 'SSLv3' ? WIRE_VERSION.SSLv3 : WIRE_VERSION.TLSv1;
  return Buffer.concat([u8(RECORD_HANDSHAKE), u16(recordVersion), u16(handshake.length), handshake]);
};

export interface ServerHelloInfo {
  readonly kind: 'server-hello';
  /** The negotiated version: supported_versions when present, else ServerHello.version. */
  readonly version: number;
  readonly cipher: number;
  readonly helloRetryRequest: boolean;
  /** TLS 1.3: the group the server picked in its HelloRetryRequest / key_share. */
  readonly selectedGroup: number | undefined;
  readonly renegotiationInfo: boolean;
  readonly extensions: readonly number[];
  /** TLS ≤1.2 with `readToEnd`: the DER certificate chain, leaf first. */
  readonly certificates: readonly Buffer[];
  /** TLS ≤1.2 with `readToEnd`: what ServerKeyExchange revealed. */
  readonly keyExchange: { readonly group?: number; readonly dhBits?: number } | undefined;
}

export type ServerFlight =
  | ServerHelloInfo
  | { readonly kind: 'alert'; readonly level: number; readonly description: number; readonly name: string }
  | { readonly kind: 'malformed'; readonly reason: string };

const MAX_FLIGHT_BYTES = 256 * 1024;
const ALERT_LEVEL_WARNING = 1;

/** Bit length of a big-endian unsigned integer (a DH prime). */
const bitLength = (bytes: Buffer): number => {
  let index = 0;
  while (index < bytes.length && bytes[index] === 0) index++;
  if (index === bytes.length) return 0;
  return (bytes.length - index - 1) * 8 + (32 - Math.clz32(bytes[index] as number));
};

const parseServerHello = (body: Buffer): Omit<ServerHelloInfo, 'certificates' | 'keyExchange'> | string => {
  if (body.length < 38) return 'ServerHello too short';
  const legacyVersion = body.readUInt16BE(0);
  const random = body.subarray(2, 34);
  const sessionIdLength = body[34] as number;
  let offset = 35 + sessionIdLength;
  if (body.length < offset + 3) return 'ServerHello truncated';
  const cipher = body.readUInt16BE(offset);
  offset += 3; // cipher + compression
  let version = legacyVersion;
  let selectedGroup: number | undefined;
  let renegotiationInfo = false;
  const extensions: number[] = [];
  if (body.length >= offset + 2) {
    const end = Math.min(body.length, offset + 2 + body.readUInt16BE(offset));
    offset += 2;
    while (offset + 4 <= end) {
      const type = body.readUInt16BE(offset);
      const length = body.readUInt16BE(offset + 2);
      const data = body.subarray(offset + 4, offset + 4 + length);
      extensions.push(type);
      if (type === EXT_SUPPORTED_VERSIONS && data.length >= 2) version = data.readUInt16BE(0);
      if (type === EXT_KEY_SHARE && data.length >= 2) selectedGroup = data.readUInt16BE(0);
      if (type === EXT_RENEGOTIATION_INFO) renegotiationInfo = true;
      offset += 4 + length;
    }
  }
  return {
    kind: 'server-hello',
    version,
    cipher,
    helloRetryRequest: random.equals(HELLO_RETRY_RANDOM),
    selectedGroup,
    renegotiationInfo,
    extensions,
  };
};

const parseCertificates = (body: Buffer): Buffer[] => {
  const certificates: Buffer[] = [];
  if (body.length < 3) return certificates;
  const end = Math.min(body.length, 3 + body.readUIntBE(0, 3));
  let offset = 3;
  while (offset + 3 <= end) {
    const length = body.readUIntBE(offset, 3);
    certificates.push(Buffer.from(body.subarray(offset + 3, offset + 3 + length)));
    offset += 3 + length;
  }
  return certificates;
};

/** ECDHE: curve_type 3 (named_curve) then the group; DHE: dh_p, whose length is the DH size. */
const parseServerKeyExchange = (body: Buffer, ecdhe: boolean): { group?: number; dhBits?: number } | undefined => {
  if (ecdhe) return body.length >= 3 && body[0] === 3 ? { group: body.readUInt16BE(1) } : undefined;
  if (body.length < 2) return undefined;
  const primeLength = body.readUInt16BE(0);
  return { dhBits: bitLength(body.subarray(2, 2 + primeLength)) };
};

/**
 * Reads a server's first flight incrementally. `push` returns the outcome once it is known,
 * or undefined while more bytes are needed.
 */
export class ServerFlightReader {
  #buffer = Buffer.alloc(0);
  #handshake = Buffer.alloc(0);
  #hello: Omit<ServerHelloInfo, 'certificates' | 'keyExchange'> | undefined;
  #certificates: Buffer[] = [];
  #keyExchange: { group?: number; dhBits?: number } | undefined;
  readonly #readToEnd: boolean;
  readonly #isEcdhe: (cipher: number) => boolean;

  /**
   * @param readToEnd for TLS ≤1.2, keep reading to ServerHelloDone for the certificate chain
   *   and the ServerKeyExchange parameters; otherwise stop at ServerHello.
   * @param isEcdhe tells how to parse ServerKeyExchange for the chosen suite.
   */
  constructor(readToEnd: boolean, isEcdhe: (cipher: number) => boolean) {
    this.#readToEnd = readToEnd;
    this.#isEcdhe = isEcdhe;
  }

  /** The ServerHello seen so far, to report when the connection ends before ServerHelloDone. */
  partial(): ServerHelloInfo | undefined {
    return this.#hello && { ...this.#hello, certificates: this.#certificates, keyExchange: this.#keyExchange };
  }

  push(chunk: Buffer): ServerFlight | undefined {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_FLIGHT_BYTES) return { kind: 'malformed', reason: 'server flight larger than 256 KiB' };
    // Judge the first byte at once: a plaintext HTTP reply or an SSLv2 record would otherwise
    // look like a record still arriving, and only time out.
    const first = this.#buffer[0];
    if (first !== undefined && !this.#hello && ![RECORD_HANDSHAKE, RECORD_ALERT].includes(first)) {
      return {
        kind: 'malformed',
        reason: first & 0x80 ? 'SSLv2-format response' : `not a TLS record (first byte 0x${first.toString(16)})`,
      };
    }
    while (this.#buffer.length >= 5) {
      const type = this.#buffer[0] as number;
      const length = this.#buffer.readUInt16BE(3);
      if (this.#buffer.length < 5 + length) return undefined;
      const fragment = this.#buffer.subarray(5, 5 + length);
      this.#buffer = this.#buffer.subarray(5 + length);
      if (type === RECORD_ALERT) {
        if (this.#hello) return this.partial();
        const level = fragment[0] ?? 0;
        const description = fragment[1] ?? 0;
        const name = ALERT_NAMES[description] ?? `alert_${description}`;
        // RFC 5246 §7.2: a warning (level 1) is not a refusal; the flight goes on (Apache sends a
        // warning unrecognized_name, then its ServerHello). close_notify and user_canceled end it.
        if (level === ALERT_LEVEL_WARNING && description !== 0 && description !== 90) continue;
        return { kind: 'alert', level, description, name };
      }
      if (type === RECORD_CHANGE_CIPHER_SPEC) continue;
      if (type !== RECORD_HANDSHAKE) {
        return this.#hello ? this.partial() : { kind: 'malformed', reason: `unexpected record type ${type}` };
      }
      this.#handshake = Buffer.concat([this.#handshake, fragment]);
      const outcome = this.#drainHandshake();
      if (outcome) return outcome;
    }
    return undefined;
  }

  #drainHandshake(): ServerFlight | undefined {
    while (this.#handshake.length >= 4) {
      const messageType = this.#handshake[0] as number;
      const length = this.#handshake.readUIntBE(1, 3);
      if (this.#handshake.length < 4 + length) return undefined;
      const body = this.#handshake.subarray(4, 4 + length);
      this.#handshake = this.#handshake.subarray(4 + length);
      if (!this.#hello) {
        if (messageType !== HANDSHAKE_SERVER_HELLO)
          return { kind: 'malformed', reason: `expected ServerHello, got handshake type ${messageType}` };
        const hello = parseServerHello(body);
        if (typeof hello === 'string') return { kind: 'malformed', reason: hello };
        this.#hello = hello;
        // TLS 1.3 encrypts everything after ServerHello; a HelloRetryRequest ends the exchange.
        if (!this.#readToEnd || hello.version === WIRE_VERSION['TLSv1.3'] || hello.helloRetryRequest) return this.partial();
        continue;
      }
      if (messageType === HANDSHAKE_CERTIFICATE) this.#certificates = parseCertificates(body);
      if (messageType === HANDSHAKE_SERVER_KEY_EXCHANGE) {
        this.#keyExchange = parseServerKeyExchange(body, this.#isEcdhe(this.#hello.cipher));
      }
      if (messageType === HANDSHAKE_SERVER_HELLO_DONE) return this.partial();
    }
    return undefined;
  }
}
