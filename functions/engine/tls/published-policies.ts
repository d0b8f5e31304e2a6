/**
 * TLS security policies AWS publishes as tables rather than an API: CloudFront viewer policies
 * and API Gateway custom-domain policies. ELB policies are *not* here: they are resolved with
 * DescribeSSLPolicies, so a policy AWS adds tomorrow is judged correctly on day one.
 *
 * CloudFront: "Supported protocols and ciphers between viewers and CloudFront".
 * API Gateway: "Supported security policies" (enhanced policies with PFS in their name are
 * forward-secret only; TLS_1_0 and TLS_1_2 include static-RSA suites).
 */
import type { TlsVersion } from '../tls-versions.ts';

export interface PublishedPolicy {
  readonly protocols: readonly TlsVersion[];
  /** OpenSSL names of the suites that matter for the verdict (complete for non-FS ones). */
  readonly ciphers: readonly string[];
}

const FS_TLS12 = ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'];
const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const FS_CBC = ['ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA384'];
const FS_SHA1 = ['ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA'];
const RSA_GCM = ['AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-SHA256'];
const RSA_SHA1 = ['AES256-SHA', 'AES128-SHA'];
const ALL_FROM = (oldest: TlsVersion): TlsVersion[] =>
  (['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).slice(
    ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].indexOf(oldest),
  );

/** CloudFront viewer security policies (MinimumProtocolVersion values). */
export const CLOUDFRONT_POLICIES: Readonly<Record<string, PublishedPolicy>> = {
  SSLv3: {
    protocols: ALL_FROM('SSLv3'),
    ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...FS_SHA1, ...RSA_GCM, ...RSA_SHA1, 'DES-CBC3-SHA', 'RC4-MD5'],
  },
  TLSv1: {
    protocols: ALL_FROM('TLSv1'),
    ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...FS_SHA1, ...RSA_GCM, ...RSA_SHA1, 'DES-CBC3-SHA'],
  },
  TLSv1_2016: { protocols: ALL_FROM('TLSv1'), ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...FS_SHA1, ...RSA_GCM, ...RSA_SHA1] },
  'TLSv1.1_2016': {
    protocols: ALL_FROM('TLSv1.1'),
    ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...FS_SHA1, ...RSA_GCM, ...RSA_SHA1],
  },
  'TLSv1.2_2018': { protocols: ALL_FROM('TLSv1.2'), ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...RSA_GCM] },
  'TLSv1.2_2019': { protocols: ALL_FROM('TLSv1.2'), ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC] },
  'TLSv1.2_2021': { protocols: ALL_FROM('TLSv1.2'), ciphers: [...TLS13, ...FS_TLS12] },
  'TLSv1.2_2025': { protocols: ALL_FROM('TLSv1.2'), ciphers: [...TLS13.slice(0, 2), ...FS_TLS12.slice(0, 2)] },
  'TLSv1.3_2025': { protocols: ['TLSv1.3'], ciphers: TLS13.slice(0, 2) },
};

/**
 * CloudFront applies the TLSv1 policy whenever the distribution uses the default
 * *.cloudfront.net certificate, whatever MinimumProtocolVersion says.
 */
export const CLOUDFRONT_DEFAULT_CERTIFICATE_POLICY = 'TLSv1';

const API_GATEWAY_LEGACY: Readonly<Record<string, PublishedPolicy>> = {
  TLS_1_0: {
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...FS_SHA1, ...RSA_GCM, 'AES256-SHA256', ...RSA_SHA1],
  },
  TLS_1_2: { protocols: ['TLSv1.2', 'TLSv1.3'], ciphers: [...TLS13, ...FS_TLS12, ...FS_CBC, ...RSA_GCM, 'AES256-SHA256'] },
};

/**
 * Resolves an API Gateway security policy. Enhanced policies are read from their documented
 * naming (`SecurityPolicy_TLS13_<min>_[PFS_][FIPS_][PQ_]<date>`): the minimum version from
 * `1_2`/`1_3`, forward secrecy from `PFS` or a TLS 1.3 minimum. Anything else is unresolved.
 */
export const apiGatewayPolicy = (name: string): PublishedPolicy | undefined => {
  const legacy = API_GATEWAY_LEGACY[name];
  if (legacy) return legacy;
  const enhanced = /^SecurityPolicy_TLS1[23]_1_([0-3])_(.*)$/.exec(name);
  if (!enhanced) return undefined;
  const minimum = (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const)[Number(enhanced[1])] as TlsVersion;
  const forwardSecretOnly = minimum === 'TLSv1.3' || /(^|_)PFS(_|$)/.test(enhanced[2] ?? '');
  return {
    protocols: ALL_FROM(minimum),
    ciphers: forwardSecretOnly ? [...TLS13, ...FS_TLS12] : [...TLS13, ...FS_TLS12, ...RSA_GCM],
  };
};
