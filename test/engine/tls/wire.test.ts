/**
 * The wire reader against hand-built server flights, including the awkward cases real servers
 * produce: answers split across TCP chunks, HelloRetryRequest, alerts, SSLv2-format replies.
 */
import { describe, expect, it } from 'vitest';
import { buildClientHello, ServerFlightReader } from '../../../functions/engine/tls/wire.ts';
import { parseHello } from '../../support/legacy-responder.ts';

const record = (type: number, body: Buffer, version = 0x0303) =>
  Buffer.concat([Buffer.from([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]), body]);
const handshake = (type: number, body: Buffer) =>
  Buffer.concat([Buffer.from([type, 0, body.length >> 8, body.length & 0xff]), body]);
const extension = (type: number, body: Buffer) =>
  Buffer.concat([Buffer.from([type >> 8, type & 0xff, body.length >> 8, body.length & 0xff]), body]);
const serverHello = (version: number, suite: number, extensions: Buffer[] = [], random = Buffer.alloc(32, 1)) => {
  const ext = Buffer.concat(extensions);
  return handshake(
    2,
    Buffer.concat([
      Buffer.from([version >> 8, version & 0xff]),
      random,
      Buffer.from([0, suite >> 8, suite & 0xff, 0]),
      Buffer.from([ext.length >> 8, ext.length & 0xff]),
      ext,
    ]),
  );
};
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');
const reader = (readToEnd = false) => new ServerFlightReader(readToEnd, (cipher) => cipher === 0xc02f);

describe('ServerFlightReader', () => {
  it('reads a TLS 1.2 ServerHello with renegotiation_info, even split byte by byte', () => {
    const bytes = record(0x16, serverHello(0x0303, 0xc02f, [extension(0xff01, Buffer.from([0]))]));
    const flightReader = reader();
    let outcome: ReturnType<ServerFlightReader['push']>;
    for (const byte of bytes) outcome = flightReader.push(Buffer.from([byte])) ?? outcome;
    expect(outcome).toMatchObject({
      kind: 'server-hello',
      version: 0x0303,
      cipher: 0xc02f,
      helloRetryRequest: false,
      renegotiationInfo: true,
    });
  });

  it('recognises a HelloRetryRequest and the group it selects', () => {
    const hrr = serverHello(
      0x0303,
      0x1301,
      [extension(0x002b, Buffer.from([0x03, 0x04])), extension(0x0033, Buffer.from([0x11, 0xec]))],
      HRR_RANDOM,
    );
    expect(reader().push(record(0x16, hrr))).toMatchObject({
      kind: 'server-hello',
      version: 0x0304,
      cipher: 0x1301,
      helloRetryRequest: true,
      selectedGroup: 0x11ec,
    });
  });

  it('reports an alert by name', () => {
    expect(reader().push(record(0x15, Buffer.from([2, 86])))).toEqual({
      kind: 'alert',
      level: 2,
      description: 86,
      name: 'inappropriate_fallback',
    });
  });

  it('reads on to ServerHelloDone for the certificate chain and the ECDHE group', () => {
    const certificate = Buffer.from('3003020101', 'hex');
    const certificateMessage = handshake(
      11,
      Buffer.concat([Buffer.from([0, 0, certificate.length + 3, 0, 0, certificate.length]), certificate]),
    );
    const keyExchange = handshake(12, Buffer.from([3, 0x00, 0x1d, 1, 4]));
    const flight = record(
      0x16,
      Buffer.concat([serverHello(0x0303, 0xc02f), certificateMessage, keyExchange, handshake(14, Buffer.alloc(0))]),
    );
    const outcome = reader(true).push(flight);
    expect(outcome).toMatchObject({ kind: 'server-hello', keyExchange: { group: 0x001d } });
    expect(outcome?.kind === 'server-hello' && outcome.certificates.map((der) => der.toString('hex'))).toEqual(['3003020101']);
  });

  it('measures a DHE prime by its bit length, not its byte length', () => {
    const prime = Buffer.concat([Buffer.from([0x00, 0x7f]), Buffer.alloc(127, 0xff)]); // 1023 bits in 129 bytes
    const dhe = handshake(12, Buffer.concat([Buffer.from([0, prime.length]), prime, Buffer.from([0, 1, 2, 0, 1, 5])]));
    const ecdheReader = new ServerFlightReader(true, () => false);
    const outcome = ecdheReader.push(
      record(0x16, Buffer.concat([serverHello(0x0303, 0x0033), dhe, handshake(14, Buffer.alloc(0))])),
    );
    expect(outcome).toMatchObject({ keyExchange: { dhBits: 1023 } });
  });

  it('keeps what it read when an alert follows the ServerHello', () => {
    const flight = Buffer.concat([record(0x16, serverHello(0x0303, 0x002f)), record(0x15, Buffer.from([2, 40]))]);
    expect(reader(true).push(flight)).toMatchObject({ kind: 'server-hello', cipher: 0x002f });
  });

  it('rejects SSLv2-format and non-TLS answers as malformed', () => {
    expect(reader().push(Buffer.from([0x80, 0x2e, 0x04, 0x00]))).toEqual({ kind: 'malformed', reason: 'SSLv2-format response' });
    expect(reader().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toMatchObject({ kind: 'malformed' });
  });
});

describe('buildClientHello', () => {
  it('offers exactly the given version, suites and SNI', () => {
    const hello = parseHello(
      buildClientHello({ version: 'TLSv1.1', suites: [0x002f, 0x00ff], groups: [0x001d], serverName: 'a.example.com' }),
    );
    expect(hello).toMatchObject({
      recordVersion: 0x0301,
      clientVersion: 0x0302,
      suites: [0x002f, 0x00ff],
      supportedVersions: [],
    });
    expect(hello?.extensions).toContain(0x0000);
  });

  it('asks for TLS 1.3 through supported_versions only, with an empty key share', () => {
    const hello = parseHello(buildClientHello({ version: 'TLSv1.3', suites: [0x1301], groups: [0x11ec] }));
    expect(hello).toMatchObject({ clientVersion: 0x0303, supportedVersions: [0x0304] });
    expect(hello?.extensions).toEqual(expect.arrayContaining([0x002b, 0x0033]));
  });

  it('sends SSL 3.0 hellos without extensions and omits SNI for IP literals', () => {
    expect(parseHello(buildClientHello({ version: 'SSLv3', suites: [0x000a], groups: [] }))).toMatchObject({
      recordVersion: 0x0300,
      clientVersion: 0x0300,
      extensions: [],
    });
    expect(
      parseHello(buildClientHello({ version: 'TLSv1.2', suites: [0x002f], groups: [0x001d], serverName: '127.0.0.1' }))
        ?.extensions,
    ).not.toContain(0x0000);
  });

  it('pads hellos out of the 256–511 byte range some load balancers choke on', () => {
    for (const count of [60, 90, 120, 150]) {
      const length =
        buildClientHello({
          version: 'TLSv1.2',
          suites: Array.from({ length: count }, (_, index) => 0x0100 + index),
          groups: [0x001d],
        }).length - 5;
      expect(length < 256 || length >= 512, `${count} suites → ${length} bytes`).toBe(true);
    }
  });
});
