/**
 * One TLS attempt, two ways: a hand-built ClientHello over a raw socket (one round trip, any
 * suite on the wire), or a real `tls.connect` handshake (certificate chain, negotiated
 * parameters). Both end in one of four classes, and only `refused` means "not accepted".
 */

import { constants as cryptoConstants, X509Certificate } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import {
  createSecureContext,
  type DetailedPeerCertificate,
  rootCertificates,
  type SecureContext,
  connect as tlsConnect,
} from 'node:tls';
import type { AttemptClass } from '../model/tls.ts';
import type { TlsVersion } from '../tls-versions.ts';
import { ServerFlightReader, type ServerHelloInfo } from './wire.ts';

export interface Endpoint {
  /** Address to connect to. */
  readonly address: string;
  readonly port: number;
  /** SNI and the name the certificate must match. */
  readonly serverName: string;
}

export type RawOutcome =
  | { readonly class: 'accepted'; readonly hello: ServerHelloInfo }
  | { readonly class: Exclude<AttemptClass, 'accepted'>; readonly detail: string };

/** Sends one ClientHello and reads the first flight (or the alert). Never throws. */
export const sendRawHello = (
  endpoint: Endpoint,
  hello: Buffer,
  options: { readonly timeoutMs: number; readonly readToEnd: boolean; readonly isEcdhe: (cipher: number) => boolean },
): Promise<RawOutcome> =>
  new Promise((resolve) => {
    const reader = new ServerFlightReader(options.readToEnd, options.isEcdhe);
    let received = 0;
    let settled = false;
    let socket: ReturnType<typeof netConnect>;
    try {
      socket = netConnect({ host: endpoint.address, port: endpoint.port });
    } catch (error) {
      resolve({ class: 'error', detail: (error as Error).message });
      return;
    }
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      const partial = reader.partial();
      finish(
        partial ? { class: 'accepted', hello: partial } : { class: 'error', detail: `timeout after ${options.timeoutMs} ms` },
      );
    }, options.timeoutMs);
    socket.setNoDelay(true);
    socket.once('connect', () => socket.write(hello));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      const flight = reader.push(chunk);
      if (!flight) return;
      if (flight.kind === 'server-hello') finish({ class: 'accepted', hello: flight });
      else if (flight.kind === 'alert') finish({ class: 'refused', detail: flight.name });
      else finish({ class: 'error', detail: `unreadable answer: ${flight.reason}` });
    });
    socket.once('end', () => {
      const partial = reader.partial();
      if (partial) finish({ class: 'accepted', hello: partial });
      else
        finish(
          received === 0
            ? { class: 'refused', detail: 'closed without alert' }
            : { class: 'error', detail: 'connection closed mid-record' },
        );
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const partial = reader.partial();
      if (partial) finish({ class: 'accepted', hello: partial });
      else
        finish({
          class: 'error',
          detail:
            error.code === 'ECONNREFUSED'
              ? 'connection refused'
              : error.code === 'ECONNRESET'
                ? 'connection reset'
                : (error.code ?? error.message),
        });
    });
  });

/** Node's TLS cannot offer SSLv3 at all; the raw hello covers it. */
export type NodeTlsVersion = Exclude<TlsVersion, 'SSLv3'>;

export interface HandshakeRequest {
  readonly minVersion?: NodeTlsVersion;
  readonly maxVersion?: NodeTlsVersion;
  /** OpenSSL cipher string for TLS ≤1.2; `@SECLEVEL=0` is appended unless `defaultSecurityLevel`. */
  readonly ciphers?: string;
  /**
   * Validate as Node's default client does (OpenSSL's default security level: no RSA key under
   * 2048 bits, no SHA-1 signature), instead of at level 0, which sees every server.
   */
  readonly defaultSecurityLevel?: boolean;
  readonly ecdhCurve?: string;
  readonly extraCaPem?: string | undefined;
  readonly timeoutMs: number;
}

export interface HandshakeFacts {
  readonly protocol: string;
  readonly cipher: string;
  readonly ephemeral: {
    readonly type?: string | undefined;
    readonly name?: string | undefined;
    readonly size?: number | undefined;
  };
  readonly chainAuthorized: boolean;
  readonly chainError: string | undefined;
  readonly leaf: X509Certificate | undefined;
  readonly chainLength: number;
  /** Every certificate the server sent, leaf first, as parsed certificates. */
  readonly chain: readonly X509Certificate[];
}

export type HandshakeOutcome =
  | { readonly class: 'accepted'; readonly facts: HandshakeFacts }
  | { readonly class: Exclude<AttemptClass, 'accepted'>; readonly detail: string };

/** Maps Node/OpenSSL TLS error codes onto the three failure classes. */
export const classifyTlsError = (error: NodeJS.ErrnoException): { class: Exclude<AttemptClass, 'accepted'>; detail: string } => {
  const code = error.code ?? '';
  const alert = /ALERT_([A-Z_]+)$/.exec(code);
  if (alert?.[1]) return { class: 'refused', detail: alert[1].toLowerCase() };
  if (
    /NO_CIPHER|NO_PROTOCOLS_AVAILABLE|NO_SUITABLE|UNSUPPORTED_GROUP|INVALID_ARG|ERR_INVALID/.test(code) ||
    /no cipher match/i.test(error.message)
  ) {
    return { class: 'cannot-offer', detail: code || error.message };
  }
  if (/WRONG_VERSION_NUMBER|UNSUPPORTED_PROTOCOL|VERSION_TOO_LOW|WRONG_SSL_VERSION/.test(code)) {
    return { class: 'refused', detail: 'server chose a version outside the offer' };
  }
  if (code === 'ECONNRESET' && /before secure TLS connection/.test(error.message)) {
    return { class: 'refused', detail: 'closed without alert' };
  }
  return { class: 'error', detail: code || error.message };
};

/** The chain Node built from what the server sent, leaf first, each certificate once. */
const chainOf = (peer: DetailedPeerCertificate | undefined): X509Certificate[] => {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let cert = peer; cert && Object.keys(cert).length > 0 && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    if (cert.raw) chain.push(new X509Certificate(cert.raw));
  }
  return chain;
};

const contexts = new Map<string, SecureContext>();
const CONTEXT_CACHE_LIMIT = 64;

/**
 * Secure contexts are cached per option set: building one parses every bundled root
 * certificate, which costs several milliseconds, far more than the handshake itself.
 */
const contextFor = (request: HandshakeRequest): SecureContext => {
  const options = {
    minVersion: request.minVersion ?? 'TLSv1',
    maxVersion: request.maxVersion ?? 'TLSv1.3',
    ciphers: request.defaultSecurityLevel
      ? (request.ciphers ?? cryptoConstants.defaultCipherList)
      : `${request.ciphers ?? 'ALL:COMPLEMENTOFALL'}:@SECLEVEL=0`,
    ...(request.ecdhCurve ? { ecdhCurve: request.ecdhCurve } : {}),
    ca: request.extraCaPem ? [...rootCertificates, request.extraCaPem] : [...rootCertificates],
    secureOptions: cryptoConstants.SSL_OP_LEGACY_SERVER_CONNECT,
  } as const;
  const key = JSON.stringify([
    options.minVersion,
    options.maxVersion,
    options.ciphers,
    request.defaultSecurityLevel ? 'default' : 'zero',
    request.ecdhCurve ?? '',
    request.extraCaPem ?? '',
  ]);
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext(options);
    if (contexts.size >= CONTEXT_CACHE_LIMIT) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
};

/**
 * A real handshake with Node's TLS: always `@SECLEVEL=0` and legacy server connect, so an old
 * server is not mistaken for a refusal. Hostname is not checked here (a chain error would hide
 * a mismatch); the prober checks it separately. Never throws.
 */
export const realHandshake = (endpoint: Endpoint, request: HandshakeRequest): Promise<HandshakeOutcome> =>
  new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(outcome);
    };
    let socket: ReturnType<typeof tlsConnect> | undefined;
    const timer = setTimeout(
      () => finish({ class: 'error', detail: `timeout after ${request.timeoutMs} ms` }),
      request.timeoutMs,
    );
    try {
      socket = tlsConnect({
        host: endpoint.address,
        port: endpoint.port,
        servername: /^[\d.]+$|:/.test(endpoint.serverName) ? undefined : endpoint.serverName,
        secureContext: contextFor(request),
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      });
    } catch (error) {
      finish({ class: 'cannot-offer', detail: (error as Error).message });
      return;
    }
    socket.once('secureConnect', () => {
      const tlsSocket = socket as NonNullable<typeof socket>;
      const cipher = tlsSocket.getCipher();
      const ephemeral = tlsSocket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
      // Read the detailed chain once: after getPeerX509Certificate(), Node returns it empty.
      const peer = tlsSocket.getPeerCertificate(true);
      const chain = chainOf(peer);
      finish({
        class: 'accepted',
        facts: {
          protocol: tlsSocket.getProtocol() ?? 'unknown',
          cipher: cipher.standardName ?? cipher.name,
          ephemeral: ephemeral ? { type: ephemeral.type, name: ephemeral.name, size: ephemeral.size } : {},
          chainAuthorized: tlsSocket.authorized,
          chainError: tlsSocket.authorizationError ? String(tlsSocket.authorizationError) : undefined,
          leaf: chain[0],
          chainLength: chain.length,
          chain,
        },
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish(classifyTlsError(error)));
  });
