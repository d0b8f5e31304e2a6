/**
 * Cipher suites and key-exchange groups the prober can offer on the wire, with what matters
 * about each: forward secrecy, obsolescence, and the OpenSSL name sslscan and ELB policies use.
 *
 * Codes and names follow the IANA TLS Cipher Suites and Supported Groups registries
 * (https://www.iana.org/assignments/tls-parameters/). The hand-built ClientHello can offer every
 * one of them, including suites Node's OpenSSL was built without (3DES, RC4, static DH).
 */

/** Key exchange of a suite. `TLS13` suites negotiate (EC)DHE separately, always ephemeral. */
export type KeyExchange = 'ECDHE' | 'DHE' | 'RSA' | 'DH' | 'ECDH' | 'ADH' | 'AECDH' | 'TLS13';

export interface CipherSuite {
  readonly code: number;
  readonly iana: string;
  /** OpenSSL spelling (ELB policies, sslscan, Node's getCipher().name). */
  readonly openssl: string;
  readonly keyExchange: KeyExchange;
  /** True for suites only defined for TLS 1.2 (GCM, CCM, SHA-256/384 MACs, ChaCha20). */
  readonly tls12Only: boolean;
}

const FORWARD_SECRET: ReadonlySet<KeyExchange> = new Set(['ECDHE', 'DHE', 'TLS13']);

/** Ephemeral and authenticated key exchange: the property AWS's promise names (ECDHE/DHE). */
export const isForwardSecret = (suite: CipherSuite): boolean => FORWARD_SECRET.has(suite.keyExchange);

/** Anonymous suites have no server authentication at all, so anyone in the path can read them. */
export const isAnonymous = (suite: CipherSuite): boolean => suite.keyExchange === 'ADH' || suite.keyExchange === 'AECDH';

/** Broken or export-grade bulk ciphers: NULL, EXPORT, DES, 3DES (Sweet32), RC4, RC2, IDEA. */
export const isObsolete = (suite: CipherSuite): boolean => /NULL|EXPORT|_DES_|3DES|RC4|RC2|IDEA/.test(suite.iana);

type Row = readonly [number, string, string, KeyExchange, 0 | 1];

/** [code, IANA name, OpenSSL name, key exchange, TLS 1.2 only] */
const ROWS: readonly Row[] = [
  // TLS 1.3
  [0x1301, 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS13', 0],
  [0x1302, 'TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384', 'TLS13', 0],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS13', 0],
  [0x1304, 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS13', 0],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256', 'TLS_AES_128_CCM_8_SHA256', 'TLS13', 0],
  // ECDHE-ECDSA
  [0xc02b, 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE', 1],
  [0xc02c, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE', 1],
  [0xcca9, 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE', 1],
  [0xc0ac, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM', 'ECDHE-ECDSA-AES128-CCM', 'ECDHE', 1],
  [0xc0ad, 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM', 'ECDHE-ECDSA-AES256-CCM', 'ECDHE', 1],
  [0xc0ae, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8', 'ECDHE-ECDSA-AES128-CCM8', 'ECDHE', 1],
  [0xc0af, 'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8', 'ECDHE-ECDSA-AES256-CCM8', 'ECDHE', 1],
  [0xc023, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE', 1],
  [0xc024, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE', 1],
  [0xc05c, 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256', 'ECDHE-ECDSA-ARIA128-GCM-SHA256', 'ECDHE', 1],
  [0xc05d, 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384', 'ECDHE-ECDSA-ARIA256-GCM-SHA384', 'ECDHE', 1],
  [0xc072, 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256', 'ECDHE-ECDSA-CAMELLIA128-SHA256', 'ECDHE', 1],
  [0xc073, 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384', 'ECDHE-ECDSA-CAMELLIA256-SHA384', 'ECDHE', 1],
  [0xc009, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE-ECDSA-AES128-SHA', 'ECDHE', 0],
  [0xc00a, 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE', 0],
  [0xc008, 'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA', 'ECDHE-ECDSA-DES-CBC3-SHA', 'ECDHE', 0],
  [0xc007, 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', 'ECDHE-ECDSA-RC4-SHA', 'ECDHE', 0],
  [0xc006, 'TLS_ECDHE_ECDSA_WITH_NULL_SHA', 'ECDHE-ECDSA-NULL-SHA', 'ECDHE', 0],
  // ECDHE-RSA
  [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE', 1],
  [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE', 1],
  [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305', 'ECDHE', 1],
  [0xc027, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ECDHE-RSA-AES128-SHA256', 'ECDHE', 1],
  [0xc028, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'ECDHE-RSA-AES256-SHA384', 'ECDHE', 1],
  [0xc060, 'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256', 'ECDHE-ARIA128-GCM-SHA256', 'ECDHE', 1],
  [0xc061, 'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384', 'ECDHE-ARIA256-GCM-SHA384', 'ECDHE', 1],
  [0xc076, 'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'ECDHE-RSA-CAMELLIA128-SHA256', 'ECDHE', 1],
  [0xc077, 'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384', 'ECDHE-RSA-CAMELLIA256-SHA384', 'ECDHE', 1],
  [0xc013, 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE', 0],
  [0xc014, 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE-RSA-AES256-SHA', 'ECDHE', 0],
  [0xc012, 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', 'ECDHE-RSA-DES-CBC3-SHA', 'ECDHE', 0],
  [0xc011, 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', 'ECDHE-RSA-RC4-SHA', 'ECDHE', 0],
  [0xc010, 'TLS_ECDHE_RSA_WITH_NULL_SHA', 'ECDHE-RSA-NULL-SHA', 'ECDHE', 0],
  // DHE
  [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'DHE-RSA-AES128-GCM-SHA256', 'DHE', 1],
  [0x009f, 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'DHE-RSA-AES256-GCM-SHA384', 'DHE', 1],
  [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'DHE-RSA-CHACHA20-POLY1305', 'DHE', 1],
  [0xc09e, 'TLS_DHE_RSA_WITH_AES_128_CCM', 'DHE-RSA-AES128-CCM', 'DHE', 1],
  [0xc09f, 'TLS_DHE_RSA_WITH_AES_256_CCM', 'DHE-RSA-AES256-CCM', 'DHE', 1],
  [0xc0a2, 'TLS_DHE_RSA_WITH_AES_128_CCM_8', 'DHE-RSA-AES128-CCM8', 'DHE', 1],
  [0xc0a3, 'TLS_DHE_RSA_WITH_AES_256_CCM_8', 'DHE-RSA-AES256-CCM8', 'DHE', 1],
  [0x0067, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'DHE-RSA-AES128-SHA256', 'DHE', 1],
  [0x006b, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'DHE-RSA-AES256-SHA256', 'DHE', 1],
  [0xc052, 'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256', 'DHE-RSA-ARIA128-GCM-SHA256', 'DHE', 1],
  [0xc053, 'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384', 'DHE-RSA-ARIA256-GCM-SHA384', 'DHE', 1],
  [0x00be, 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'DHE-RSA-CAMELLIA128-SHA256', 'DHE', 1],
  [0x00c4, 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'DHE-RSA-CAMELLIA256-SHA256', 'DHE', 1],
  [0x00a2, 'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256', 'DHE-DSS-AES128-GCM-SHA256', 'DHE', 1],
  [0x00a3, 'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384', 'DHE-DSS-AES256-GCM-SHA384', 'DHE', 1],
  [0x0040, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256', 'DHE-DSS-AES128-SHA256', 'DHE', 1],
  [0x006a, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256', 'DHE-DSS-AES256-SHA256', 'DHE', 1],
  [0x0033, 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'DHE-RSA-AES128-SHA', 'DHE', 0],
  [0x0039, 'TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'DHE-RSA-AES256-SHA', 'DHE', 0],
  [0x0045, 'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA', 'DHE-RSA-CAMELLIA128-SHA', 'DHE', 0],
  [0x0088, 'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA', 'DHE-RSA-CAMELLIA256-SHA', 'DHE', 0],
  [0x009a, 'TLS_DHE_RSA_WITH_SEED_CBC_SHA', 'DHE-RSA-SEED-SHA', 'DHE', 0],
  [0x0016, 'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA', 'DHE-RSA-DES-CBC3-SHA', 'DHE', 0],
  [0x0015, 'TLS_DHE_RSA_WITH_DES_CBC_SHA', 'EDH-RSA-DES-CBC-SHA', 'DHE', 0],
  [0x0014, 'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA', 'EXP-EDH-RSA-DES-CBC-SHA', 'DHE', 0],
  [0x0032, 'TLS_DHE_DSS_WITH_AES_128_CBC_SHA', 'DHE-DSS-AES128-SHA', 'DHE', 0],
  [0x0038, 'TLS_DHE_DSS_WITH_AES_256_CBC_SHA', 'DHE-DSS-AES256-SHA', 'DHE', 0],
  [0x0013, 'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA', 'DHE-DSS-DES-CBC3-SHA', 'DHE', 0],
  // Static RSA key transport: no forward secrecy.
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256', 'AES128-GCM-SHA256', 'RSA', 1],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'AES256-GCM-SHA384', 'RSA', 1],
  [0xc09c, 'TLS_RSA_WITH_AES_128_CCM', 'AES128-CCM', 'RSA', 1],
  [0xc09d, 'TLS_RSA_WITH_AES_256_CCM', 'AES256-CCM', 'RSA', 1],
  [0xc0a0, 'TLS_RSA_WITH_AES_128_CCM_8', 'AES128-CCM8', 'RSA', 1],
  [0xc0a1, 'TLS_RSA_WITH_AES_256_CCM_8', 'AES256-CCM8', 'RSA', 1],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256', 'AES128-SHA256', 'RSA', 1],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256', 'AES256-SHA256', 'RSA', 1],
  [0xc050, 'TLS_RSA_WITH_ARIA_128_GCM_SHA256', 'ARIA128-GCM-SHA256', 'RSA', 1],
  [0xc051, 'TLS_RSA_WITH_ARIA_256_GCM_SHA384', 'ARIA256-GCM-SHA384', 'RSA', 1],
  [0x00ba, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256', 'CAMELLIA128-SHA256', 'RSA', 1],
  [0x00c0, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256', 'CAMELLIA256-SHA256', 'RSA', 1],
  [0x003b, 'TLS_RSA_WITH_NULL_SHA256', 'NULL-SHA256', 'RSA', 1],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA', 'AES128-SHA', 'RSA', 0],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA', 'AES256-SHA', 'RSA', 0],
  [0x0041, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA', 'CAMELLIA128-SHA', 'RSA', 0],
  [0x0084, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA', 'CAMELLIA256-SHA', 'RSA', 0],
  [0x0096, 'TLS_RSA_WITH_SEED_CBC_SHA', 'SEED-SHA', 'RSA', 0],
  [0x0007, 'TLS_RSA_WITH_IDEA_CBC_SHA', 'IDEA-CBC-SHA', 'RSA', 0],
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'DES-CBC3-SHA', 'RSA', 0],
  [0x0009, 'TLS_RSA_WITH_DES_CBC_SHA', 'DES-CBC-SHA', 'RSA', 0],
  [0x0005, 'TLS_RSA_WITH_RC4_128_SHA', 'RC4-SHA', 'RSA', 0],
  [0x0004, 'TLS_RSA_WITH_RC4_128_MD5', 'RC4-MD5', 'RSA', 0],
  [0x0008, 'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA', 'EXP-DES-CBC-SHA', 'RSA', 0],
  [0x0006, 'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5', 'EXP-RC2-CBC-MD5', 'RSA', 0],
  [0x0003, 'TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'EXP-RC4-MD5', 'RSA', 0],
  [0x0002, 'TLS_RSA_WITH_NULL_SHA', 'NULL-SHA', 'RSA', 0],
  [0x0001, 'TLS_RSA_WITH_NULL_MD5', 'NULL-MD5', 'RSA', 0],
  // Static (EC)DH: the server's long-term key is the key exchange, so no forward secrecy.
  [0x00a0, 'TLS_DH_RSA_WITH_AES_128_GCM_SHA256', 'DH-RSA-AES128-GCM-SHA256', 'DH', 1],
  [0x00a1, 'TLS_DH_RSA_WITH_AES_256_GCM_SHA384', 'DH-RSA-AES256-GCM-SHA384', 'DH', 1],
  [0x0031, 'TLS_DH_RSA_WITH_AES_128_CBC_SHA', 'DH-RSA-AES128-SHA', 'DH', 0],
  [0x0037, 'TLS_DH_RSA_WITH_AES_256_CBC_SHA', 'DH-RSA-AES256-SHA', 'DH', 0],
  [0x0030, 'TLS_DH_DSS_WITH_AES_128_CBC_SHA', 'DH-DSS-AES128-SHA', 'DH', 0],
  [0x0036, 'TLS_DH_DSS_WITH_AES_256_CBC_SHA', 'DH-DSS-AES256-SHA', 'DH', 0],
  [0xc02d, 'TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDH-ECDSA-AES128-GCM-SHA256', 'ECDH', 1],
  [0xc02e, 'TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDH-ECDSA-AES256-GCM-SHA384', 'ECDH', 1],
  [0xc031, 'TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256', 'ECDH-RSA-AES128-GCM-SHA256', 'ECDH', 1],
  [0xc032, 'TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384', 'ECDH-RSA-AES256-GCM-SHA384', 'ECDH', 1],
  [0xc004, 'TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA', 'ECDH-ECDSA-AES128-SHA', 'ECDH', 0],
  [0xc005, 'TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA', 'ECDH-ECDSA-AES256-SHA', 'ECDH', 0],
  [0xc00e, 'TLS_ECDH_RSA_WITH_AES_128_CBC_SHA', 'ECDH-RSA-AES128-SHA', 'ECDH', 0],
  [0xc00f, 'TLS_ECDH_RSA_WITH_AES_256_CBC_SHA', 'ECDH-RSA-AES256-SHA', 'ECDH', 0],
  // Anonymous: ephemeral, but unauthenticated.
  [0x00a6, 'TLS_DH_anon_WITH_AES_128_GCM_SHA256', 'ADH-AES128-GCM-SHA256', 'ADH', 1],
  [0x00a7, 'TLS_DH_anon_WITH_AES_256_GCM_SHA384', 'ADH-AES256-GCM-SHA384', 'ADH', 1],
  [0x0034, 'TLS_DH_anon_WITH_AES_128_CBC_SHA', 'ADH-AES128-SHA', 'ADH', 0],
  [0x003a, 'TLS_DH_anon_WITH_AES_256_CBC_SHA', 'ADH-AES256-SHA', 'ADH', 0],
  [0x001b, 'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA', 'ADH-DES-CBC3-SHA', 'ADH', 0],
  [0x0018, 'TLS_DH_anon_WITH_RC4_128_MD5', 'ADH-RC4-MD5', 'ADH', 0],
  [0xc018, 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA', 'AECDH-AES128-SHA', 'AECDH', 0],
  [0xc019, 'TLS_ECDH_anon_WITH_AES_256_CBC_SHA', 'AECDH-AES256-SHA', 'AECDH', 0],
  [0xc017, 'TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA', 'AECDH-DES-CBC3-SHA', 'AECDH', 0],
  // Found missing against `openssl ciphers -V -stdname` (issue 13): a server offering only these
  // was reported as refusing TLS 1.2 while the real handshake negotiated one.
  [0x006c, 'TLS_DH_anon_WITH_AES_128_CBC_SHA256', 'ADH-AES128-SHA256', 'ADH', 1],
  [0x006d, 'TLS_DH_anon_WITH_AES_256_CBC_SHA256', 'ADH-AES256-SHA256', 'ADH', 1],
  [0x0046, 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA', 'ADH-CAMELLIA128-SHA', 'ADH', 0],
  [0x0089, 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA', 'ADH-CAMELLIA256-SHA', 'ADH', 0],
  [0x00bf, 'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256', 'ADH-CAMELLIA128-SHA256', 'ADH', 1],
  [0x00c5, 'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256', 'ADH-CAMELLIA256-SHA256', 'ADH', 1],
  [0xc015, 'TLS_ECDH_anon_WITH_NULL_SHA', 'AECDH-NULL-SHA', 'AECDH', 0],
  [0xc016, 'TLS_ECDH_anon_WITH_RC4_128_SHA', 'AECDH-RC4-SHA', 'AECDH', 0],
  [0x0044, 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA', 'DHE-DSS-CAMELLIA128-SHA', 'DHE', 0],
  [0x0087, 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA', 'DHE-DSS-CAMELLIA256-SHA', 'DHE', 0],
  [0x00bd, 'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256', 'DHE-DSS-CAMELLIA128-SHA256', 'DHE', 1],
  [0x00c3, 'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256', 'DHE-DSS-CAMELLIA256-SHA256', 'DHE', 1],
  [0xc056, 'TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256', 'DHE-DSS-ARIA128-GCM-SHA256', 'DHE', 1],
  [0xc057, 'TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384', 'DHE-DSS-ARIA256-GCM-SHA384', 'DHE', 1],
  // Assigned by RFC 2246 / RFC 4162 / RFC 4492 and gone from OpenSSL 3 (so absent from the
  // cross-check): export grade, single DES, SEED, NULL and RC4 with anonymous or static ECDH.
  [0x0011, 'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA', 'EXP-EDH-DSS-DES-CBC-SHA', 'DHE', 0],
  [0x0012, 'TLS_DHE_DSS_WITH_DES_CBC_SHA', 'EDH-DSS-DES-CBC-SHA', 'DHE', 0],
  [0x0017, 'TLS_DH_anon_EXPORT_WITH_RC4_40_MD5', 'EXP-ADH-RC4-MD5', 'ADH', 0],
  [0x0019, 'TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA', 'EXP-ADH-DES-CBC-SHA', 'ADH', 0],
  [0x001a, 'TLS_DH_anon_WITH_DES_CBC_SHA', 'ADH-DES-CBC-SHA', 'ADH', 0],
  [0x0099, 'TLS_DHE_DSS_WITH_SEED_CBC_SHA', 'DHE-DSS-SEED-SHA', 'DHE', 0],
  [0x009b, 'TLS_DH_anon_WITH_SEED_CBC_SHA', 'ADH-SEED-SHA', 'ADH', 0],
  [0xc001, 'TLS_ECDH_ECDSA_WITH_NULL_SHA', 'ECDH-ECDSA-NULL-SHA', 'ECDH', 0],
  [0xc00b, 'TLS_ECDH_RSA_WITH_NULL_SHA', 'ECDH-RSA-NULL-SHA', 'ECDH', 0],
];

export const CIPHER_SUITES: readonly CipherSuite[] = ROWS.map(([code, iana, openssl, keyExchange, tls12Only]) => ({
  code,
  iana,
  openssl,
  keyExchange,
  tls12Only: tls12Only === 1,
}));

const BY_CODE = new Map(CIPHER_SUITES.map((suite) => [suite.code, suite]));
const BY_NAME = new Map(CIPHER_SUITES.flatMap((suite) => [[suite.openssl, suite] as const, [suite.iana, suite] as const]));

/** The suite for a wire code; unknown codes get a placeholder that is judged not forward-secret. */
export const suiteByCode = (code: number): CipherSuite =>
  BY_CODE.get(code) ?? {
    code,
    iana: `UNKNOWN_0x${code.toString(16).padStart(4, '0')}`,
    openssl: `UNKNOWN-0x${code.toString(16).padStart(4, '0')}`,
    keyExchange: 'RSA',
    tls12Only: false,
  };

/** Looks a suite up by its OpenSSL or IANA name (ELB policies use OpenSSL names). */
export const suiteByName = (name: string): CipherSuite | undefined => BY_NAME.get(name);

/** Suites to offer for a protocol version on the wire. */
export const suitesFor = (version: 'SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'): CipherSuite[] =>
  version === 'TLSv1.3'
    ? CIPHER_SUITES.filter((suite) => suite.keyExchange === 'TLS13')
    : CIPHER_SUITES.filter((suite) => suite.keyExchange !== 'TLS13' && (version === 'TLSv1.2' || !suite.tls12Only));

export interface NamedGroup {
  readonly code: number;
  readonly name: string;
  /** Hybrid post-quantum (classical + ML-KEM) groups. */
  readonly hybridPostQuantum: boolean;
  /** Finite-field DH groups (RFC 7919), with their modulus size. */
  readonly ffdheBits?: number;
  /** Node's name for `ecdhCurve`, when this runtime can offer the group through tls.connect. */
  readonly nodeName?: string;
}

export const NAMED_GROUPS: readonly NamedGroup[] = [
  { code: 0x11ec, name: 'X25519MLKEM768', hybridPostQuantum: true, nodeName: 'X25519MLKEM768' },
  { code: 0x11eb, name: 'SecP256r1MLKEM768', hybridPostQuantum: true, nodeName: 'SecP256r1MLKEM768' },
  { code: 0x11ed, name: 'SecP384r1MLKEM1024', hybridPostQuantum: true, nodeName: 'SecP384r1MLKEM1024' },
  { code: 0x001d, name: 'x25519', hybridPostQuantum: false, nodeName: 'X25519' },
  { code: 0x0017, name: 'secp256r1', hybridPostQuantum: false, nodeName: 'P-256' },
  { code: 0x0018, name: 'secp384r1', hybridPostQuantum: false, nodeName: 'P-384' },
  { code: 0x0019, name: 'secp521r1', hybridPostQuantum: false, nodeName: 'P-521' },
  { code: 0x001e, name: 'x448', hybridPostQuantum: false, nodeName: 'X448' },
  { code: 0x0016, name: 'secp256k1', hybridPostQuantum: false },
  { code: 0x001a, name: 'brainpoolP256r1', hybridPostQuantum: false },
  { code: 0x001b, name: 'brainpoolP384r1', hybridPostQuantum: false },
  { code: 0x001c, name: 'brainpoolP512r1', hybridPostQuantum: false },
  { code: 0x0100, name: 'ffdhe2048', hybridPostQuantum: false, ffdheBits: 2048, nodeName: 'ffdhe2048' },
  { code: 0x0101, name: 'ffdhe3072', hybridPostQuantum: false, ffdheBits: 3072, nodeName: 'ffdhe3072' },
  { code: 0x0102, name: 'ffdhe4096', hybridPostQuantum: false, ffdheBits: 4096, nodeName: 'ffdhe4096' },
  { code: 0x0103, name: 'ffdhe6144', hybridPostQuantum: false, ffdheBits: 6144, nodeName: 'ffdhe6144' },
  { code: 0x0104, name: 'ffdhe8192', hybridPostQuantum: false, ffdheBits: 8192, nodeName: 'ffdhe8192' },
];

const GROUP_BY_CODE = new Map(NAMED_GROUPS.map((group) => [group.code, group]));

export const groupByCode = (code: number): NamedGroup =>
  GROUP_BY_CODE.get(code) ?? { code, name: `group_0x${code.toString(16).padStart(4, '0')}`, hybridPostQuantum: false };

/** Elliptic-curve and FFDHE groups that make sense in a TLS 1.2 ECDHE/DHE negotiation. */
export const CLASSIC_GROUPS = NAMED_GROUPS.filter((group) => !group.hybridPostQuantum);

/**
 * Signature algorithms offered in every hello: modern first, legacy last, so an old server
 * still finds one it can sign with and is not mistaken for a refusal.
 */
export const SIGNATURE_ALGORITHMS: readonly number[] = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301,
  0x0402, 0x0203, 0x0201, 0x0202,
];

/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV and TLS_FALLBACK_SCSV (RFC 5746, RFC 7507). */
export const EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;
export const FALLBACK_SCSV = 0x5600;

/** Looks a group up by its IANA or Node name (Node reports `X25519MLKEM768`, `X25519`, `P-256`). */
export const groupByName = (name: string): NamedGroup | undefined =>
  NAMED_GROUPS.find(
    (group) => group.name.toLowerCase() === name.toLowerCase() || group.nodeName?.toLowerCase() === name.toLowerCase(),
  );
