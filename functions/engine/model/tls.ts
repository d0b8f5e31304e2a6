/**
 * What the prober measured about one TLS endpoint, and what the configuration collectors
 * resolved about the TLS policies of customer-owned terminators. Checks read only these.
 */
import type { TlsVersion } from '../tls-versions.ts';

/**
 * How one attempt ended. Only `refused` (the server sent an alert, or closed without a word)
 * ever counts as "not accepted"; `cannot-offer` is our limit, `error` the network's.
 */
export type AttemptClass = 'accepted' | 'refused' | 'cannot-offer' | 'error';

export interface TlsTarget {
  /** The name clients use: SNI and certificate verification. */
  readonly host: string;
  readonly port: number;
  /** Where to connect instead of resolving `host` (like curl --connect-to). */
  readonly connectTo?: { readonly host: string; readonly port: number } | undefined;
  /** Extra PEM trust anchors (a private CA), added to Node's bundled roots. */
  readonly caPem?: string | undefined;
  /** Why this target is probed: catalog hostname kind, interface endpoint, or user-declared. */
  readonly origin: 'catalog' | 'interface-endpoint' | 'declared';
  /** Catalog service it fronts, for the minimum TLS version and metrics. */
  readonly serviceKey?: string | undefined;
  /** Overrides the service's minimum (user-declared targets). */
  readonly minimumVersion?: TlsVersion | undefined;
}

export interface AcceptedSuite {
  readonly code: number;
  readonly name: string;
  readonly openssl: string;
  readonly forwardSecret: boolean;
  readonly anonymous: boolean;
  readonly obsolete: boolean;
  /** TLS ≤1.2: the ECDHE group or DHE size the server chose with this suite. */
  readonly group?: string | undefined;
  readonly dhBits?: number | undefined;
}

export interface VersionProbe {
  readonly version: TlsVersion;
  readonly state: AttemptClass;
  /** Why not accepted: the alert name, "closed without alert", or the network error. */
  readonly detail?: string | undefined;
  /** In the server's preference order when it has one. */
  readonly suites: readonly AcceptedSuite[];
  /** true: the server imposes its order; false: it follows the client; null: fewer than two suites. */
  readonly serverPreference: boolean | null;
}

/** One certificate of the served chain, as the strength check needs it. */
export interface ChainCertificate {
  readonly subject: string;
  readonly keyType: string;
  readonly keyBits: number | undefined;
  readonly signatureAlgorithm: string | undefined;
  /** Issuer equals subject: a root (or self-signed leaf), whose own signature nobody relies on. */
  readonly selfIssued: boolean;
}

export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly subjectAltNames: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyType: string;
  readonly keyBits: number | undefined;
  readonly signatureAlgorithm: string | undefined;
  readonly chainLength: number;
  /**
   * Chain validation at OpenSSL security level 0, which sees every server (a name mismatch is
   * judged on its own in `hostnameMatches`). `defaultLevel` is the same chain validated as Node's
   * default client does it (level 2: RSA ≥ 2048 bits, no SHA-1), which curl and openssl s_client
   * match; undefined when that handshake was not made.
   */
  readonly trust: {
    readonly state: 'trusted' | 'untrusted' | 'unknown';
    readonly error?: string | undefined;
    readonly defaultLevel?: { readonly state: 'trusted' | 'untrusted' | 'refused'; readonly error?: string | undefined };
  };
  /** Every certificate the server sent, leaf first: what the strength check judges. */
  readonly chain: readonly ChainCertificate[];
  readonly hostnameMatches: boolean;
  /** Where the certificate was read: a completed handshake, or the raw TLS ≤1.2 flight. */
  readonly source: 'handshake' | 'raw-flight';
}

export interface TlsReport {
  readonly target: TlsTarget;
  /** host:port as probed, for ids and messages. */
  readonly endpoint: string;
  readonly probedAt: string;
  readonly durationMs: number;
  readonly handshakes: number;
  /**
   * `unreachable`: no attempt reached a ServerHello, so nothing is known. `unstable`: an answer
   * changed between a concurrent attempt and its sequential re-test (see `unstable`), so no
   * verdict on versions or suites may rest on it.
   */
  readonly status: 'complete' | 'partial' | 'unstable' | 'unreachable';
  /** What changed between concurrent and sequential attempts, in words; empty when nothing did. */
  readonly unstable: readonly string[];
  /** The widest the adaptive lane got (1 when the target sheds concurrent connections). */
  readonly peakConcurrency: number;
  /**
   * DHE as a client that lists the RFC 7919 ffdhe groups sees it (the enumeration lists none):
   * the suite and group size the server then chose, and whether DHE was only found this way.
   */
  readonly dheWithFfdhe:
    | { readonly suite: string; readonly dhBits: number | undefined; readonly missedWithoutFfdhe: boolean }
    | undefined;
  /** Every version's suite enumeration ran to its end, so an absence (of weak suites) is proven. */
  readonly enumerationComplete: boolean;
  readonly versions: readonly VersionProbe[];
  readonly tls13Groups: readonly { readonly name: string; readonly code: number; readonly hybridPostQuantum: boolean }[];
  readonly tls12Groups: readonly string[];
  /** What Node's own best handshake negotiated. */
  readonly negotiated:
    | {
        readonly version: string;
        readonly cipher: string;
        readonly group?: string | undefined;
        readonly dhBits?: number | undefined;
      }
    | undefined;
  readonly postQuantumHybrid: { readonly accepted: boolean; readonly confirmedByHandshake: boolean | undefined };
  readonly fallbackScsv: 'supported' | 'not-supported' | 'not-applicable' | 'error';
  readonly secureRenegotiation: boolean | undefined;
  readonly certificate: CertificateFacts | undefined;
  readonly errors: readonly string[];
}

/** The oldest accepted version, or undefined when nothing was accepted. */
export const lowestAccepted = (report: TlsReport): TlsVersion | undefined =>
  report.versions.find((probe) => probe.state === 'accepted')?.version;

/** Accepted suites across all versions, de-duplicated by code. */
export const allAcceptedSuites = (report: TlsReport): AcceptedSuite[] => [
  ...new Map(report.versions.flatMap((probe) => probe.suites).map((suite) => [suite.code, suite])).values(),
];

/**
 * A customer-owned TLS terminator whose policy is configuration, not a connection: an ELBv2
 * listener, an API Gateway custom domain, a CloudFront distribution.
 */
export interface TlsPolicyHolder {
  readonly kind: 'elbv2-listener' | 'apigateway-domain' | 'cloudfront-distribution';
  readonly id: string;
  /** Human label: listener port and load balancer, domain name, distribution aliases. */
  readonly label: string;
  readonly policyName: string;
  /** True when no policy was chosen and the service default applies. */
  readonly policyIsDefault: boolean;
  /** Resolved protocols and ciphers; undefined when the policy could not be resolved. */
  readonly protocols: readonly TlsVersion[] | undefined;
  readonly ciphers: readonly string[] | undefined;
  /** Where the resolution came from: the DescribeSSLPolicies API or AWS's published table. */
  readonly resolvedFrom: 'api' | 'published-table' | 'unresolved';
}
