/**
 * The policy file schema: what an organisation requires of its estate. Every object is strict,
 * so a misspelt key is an error that names itself instead of a silently ignored requirement.
 *
 * zod 4 note: `.prefault({})` (not `.default({})`) so nested defaults are still applied when a
 * whole section is omitted.
 */
import { z } from 'zod';
import { HOSTNAME_KINDS } from '../catalog.ts';
import { isValidCidr } from '../net/cidr.ts';
import { closestMatch, matchesGlob } from '../text.ts';
import { parseTlsVersion, TLS_VERSIONS, type TlsVersion } from '../tls-versions.ts';
import { SEVERITIES } from '../types.ts';
import { accountIdSchema, organizationIdSchema, regionSchema } from '../validators.ts';

const VPN_ENCRYPTION = ['AES128', 'AES256', 'AES128-GCM-16', 'AES256-GCM-16'] as const;
const VPN_INTEGRITY = ['SHA1', 'SHA2-256', 'SHA2-384', 'SHA2-512'] as const;

export const vpcIdSchema = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'must be a VPC id such as vpc-0abc12345' });
export const subnetIdSchema = z
  .string()
  .regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'must be a subnet id such as subnet-0abc12345' });
export const cidrSchema = z.string().refine(isValidCidr, { error: 'must be a CIDR such as 10.0.0.0/8 or 2001:db8::/32' });
export const severitySchema = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });
export const tlsVersionSchema = z.string().transform((text, ctx): TlsVersion => {
  const version = parseTlsVersion(text);
  if (version) return version;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `must be a TLS version such as TLSv1.2 (one of ${TLS_VERSIONS.join(', ')})`,
  });
  return z.NEVER;
});
export const hostPortSchema = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, { error: 'must be host:port, such as 127.0.0.1:8443' });

/** What the schema validates names against: the catalog and the check registry are data. */
export interface PolicyVocabulary {
  readonly serviceKeys: readonly string[];
  readonly checkIds: readonly string[];
}

const knownName = (kind: string, known: readonly string[], hint: string) =>
  z.string().refine((value) => known.includes(value), {
    error: (issue) => {
      const suggestion = closestMatch(String(issue.input), known);
      return `unknown ${kind}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ${hint}`;
    },
  });
const tagsSchema = z.record(z.string().min(1), z.string());

/** Which VPCs a rule applies to: all in scope, or those matching ids and/or tags. */
export const vpcSelectorSchema = z.union([
  z.literal('*'),
  z.strictObject({
    ids: z.array(vpcIdSchema).min(1).optional(),
    tags: tagsSchema.optional(),
  }),
]);
export type VpcSelector = z.infer<typeof vpcSelectorSchema>;

/**
 * The policy schema for a given catalog and check registry, so unknown service keys and
 * suppressions naming no check are reported together with every other problem, in one pass.
 */
export const createPolicySchema = (vocabulary: PolicyVocabulary) => {
  const serviceKeySchema = knownName('service', vocabulary.serviceKeys, `known: ${vocabulary.serviceKeys.join(', ')}`);

  const scopeSchema = z.strictObject({
    /** Regions to scan; `--region` flags override. */
    regions: z.array(regionSchema).min(1).optional(),
    vpcs: z
      .strictObject({
        ids: z.array(vpcIdSchema).min(1).optional(),
        tags: tagsSchema.optional(),
        excludeIds: z.array(vpcIdSchema).default([]),
        /** Default VPCs often exist unused in every region; most organisations exclude them. */
        excludeDefault: z.boolean().default(false),
      })
      .prefault({}),
    /** Catalog services whose endpoints and hostnames are monitored; default: the whole catalog. */
    services: z.array(serviceKeySchema).min(1).optional(),
    /** Regions scanned at once; AWS throttles per account, so this stays small. */
    regionConcurrency: z.number().int().min(1).max(32).default(4),
  });

  const requiredEndpointSchema = z.strictObject({
    vpcs: vpcSelectorSchema,
    services: z.array(serviceKeySchema).min(1),
    type: z.enum(['Gateway', 'Interface', 'any']).default('any'),
    /** For gateway endpoints: the subnets whose route tables must carry the endpoint route. */
    subnets: z.array(subnetIdSchema).min(1).optional(),
  });

  /** A check id, or a glob over check ids (`vpc_endpoint_policy_*`), that names at least one check. */
  const checkPatternSchema = z
    .string()
    .min(1)
    .refine((pattern) => vocabulary.checkIds.some((id) => matchesGlob(pattern, id)), {
      error: (issue) => {
        const suggestion = closestMatch(String(issue.input), vocabulary.checkIds);
        return `matches no check${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; run "tpm checks" for the list`;
      },
    });

  const suppressionSchema = z.strictObject({
    check: checkPatternSchema,
    /** A glob over resource ids (`vpce-0abc*`, `vpc-0abc/dynamodb`). */
    resource: z.string().min(1),
    reason: z.string().min(10, { error: 'must explain the accepted risk in at least 10 characters' }),
    /** Last day (UTC) the suppression applies; afterwards the finding alerts again. */
    expires: z.iso.date({ error: 'must be a date such as 2026-12-31' }),
    accounts: z.array(accountIdSchema).min(1).optional(),
    regions: z.array(regionSchema).min(1).optional(),
  });

  return z.strictObject({
    version: z.literal(1, { error: 'must be 1 (the only policy file version so far)' }),
    scope: scopeSchema.prefault({}),
    requiredEndpoints: z.array(requiredEndpointSchema).default([]),
    checks: z
      .strictObject({
        /** Checks not to run at all (no findings, no API calls for them): ids or globs. */
        exclude: z.array(checkPatternSchema).default([]),
      })
      .prefault({}),
    trust: z
      .strictObject({
        /** Accounts whose principals may use the endpoints; the scanned account is always trusted. */
        accounts: z.array(accountIdSchema).default([]),
        organizationIds: z.array(organizationIdSchema).default([]),
        /** Trust the scanned account's own organization (read with organizations:DescribeOrganization). */
        ownOrganization: z.boolean().default(true),
      })
      .prefault({}),
    network: z
      .strictObject({
        /** Networks (on-premises, partner) besides the VPC's own CIDRs that may reach endpoints. */
        allowedCidrs: z.array(cidrSchema).default([]),
      })
      .prefault({}),
    tls: z
      .strictObject({
        /** Organisation-wide minimum; per-service values override; catalog defaults otherwise. */
        minimumVersion: tlsVersionSchema.optional(),
        services: z.record(serviceKeySchema, z.strictObject({ minimumVersion: tlsVersionSchema })).default({}),
        certificateExpiryDays: z.number().int().min(1).max(365).default(30),
        /** PEM bundle of private CAs trusted for every probe (TLS-inspecting proxies, private PKI). */
        caFile: z.string().min(1).optional(),
        /** DHE groups smaller than this (bits) are weak key exchange. */
        minimumDheBits: z.number().int().min(1024).max(8192).default(2048),
        /** Weakest certificate keys accepted in a served chain (the root excepted). */
        certificateKeys: z
          .strictObject({
            minimumRsaBits: z.number().int().min(1024).max(16384).default(2048),
            minimumEcBits: z.number().int().min(160).max(521).default(256),
          })
          .prefault({}),
        probe: z
          .strictObject({
            /** Probe each monitored service's API hostnames in every scanned region. */
            catalogHostnames: z.boolean().default(true),
            hostnameKinds: z
              .array(z.enum(HOSTNAME_KINDS))
              .min(1)
              .default([...HOSTNAME_KINDS]),
            /** Interface endpoint DNS names resolve to private IPs: enable only when running inside the VPC. */
            interfaceEndpoints: z.boolean().default(false),
            timeoutMs: z.number().int().min(200).max(60_000).default(4000),
            /** Targets probed at once; each opens up to socketsPerTarget connections. */
            concurrency: z.number().int().min(1).max(64).default(4),
            socketsPerTarget: z.number().int().min(1).max(64).default(16),
          })
          .prefault({}),
        /** Your own TLS endpoints (NLB, API front door, on-premises proxy) to probe as well. */
        targets: z
          .array(
            z.strictObject({
              host: z.string().min(1),
              port: z.number().int().min(1).max(65535).default(443),
              /** Catalog service it fronts: its minimum TLS version applies. */
              service: serviceKeySchema.optional(),
              minimumVersion: tlsVersionSchema.optional(),
              /** PEM bundle of a private CA that should be trusted for this target. */
              caFile: z.string().min(1).optional(),
              /** Region the findings belong to; default: the first scanned region. */
              region: regionSchema.optional(),
            }),
          )
          .default([]),
        /** Connect to another address for a hostname (SNI and verification keep the name), like curl --connect-to. */
        connectTo: z.record(z.string().min(1), hostPortSchema).default({}),
      })
      .prefault({}),
    vpn: z
      .strictObject({
        /** Phase 1 and phase 2 encryption algorithms a tunnel may allow. */
        allowedEncryption: z.array(z.enum(VPN_ENCRYPTION)).min(1).default(['AES256', 'AES128-GCM-16', 'AES256-GCM-16']),
        /** Phase 1 and phase 2 integrity algorithms a tunnel may allow. */
        allowedIntegrity: z.array(z.enum(VPN_INTEGRITY)).min(1).default(['SHA2-256', 'SHA2-384', 'SHA2-512']),
        /** Weakest Diffie-Hellman group allowed, by strength (group 14 = 2048-bit MODP). */
        minimumDhGroup: z.number().int().min(1).max(32).default(14),
        /** Tunnel activity logs to CloudWatch Logs (Security Hub EC2.171). */
        requireLogging: z.boolean().default(true),
      })
      .prefault({}),
    directConnect: z
      .strictObject({
        minimumConnections: z.number().int().min(1).max(16).default(2),
        minimumLocations: z.number().int().min(1).max(16).default(2),
        /** Severity of a Direct Connect path without MACsec or VPN. */
        unencryptedSeverity: severitySchema.default('HIGH'),
        /** Connections known to carry only VPN traffic (e.g. VPN over a public VIF), which the API cannot show. */
        vpnProtectedConnections: z
          .array(z.string().regex(/^dx(con|lag)-[0-9a-z]+$/, { error: 'must be a connection id such as dxcon-fg1234ab' }))
          .default([]),
      })
      .prefault({}),
    alerts: z
      .strictObject({
        /** Consecutive runs a FAIL, or its recovery, must be seen before it alerts (flapping control). */
        confirmations: z.number().int().min(1).max(10).default(1),
        /** Consecutive runs a check must be unable to see before lost visibility alerts. */
        errorAfter: z.number().int().min(1).max(50).default(3),
        /** Re-alert still-failing CRITICAL findings every this many hours; 0 turns reminders off. */
        reminderHours: z
          .number()
          .int()
          .min(0)
          .max(24 * 90)
          .default(0),
      })
      .prefault({}),
    metrics: z
      .strictObject({
        namespace: z
          .string()
          .regex(/^[A-Za-z0-9_./#:-]{1,255}$/, { error: 'must be a CloudWatch namespace (letters, digits, . _ - / # :)' })
          .refine((value) => !value.startsWith('AWS/'), { error: 'AWS/ namespaces are reserved for AWS' })
          .default('TrafficPrivacyMonitor'),
        /** Also publish each metric with Account and Region dimensions (more metrics, more cost). */
        perRegion: z.boolean().default(false),
      })
      .prefault({}),
    observedClientTls: z
      .strictObject({
        /**
         * Principals that are workloads (ARN globs such as arn:aws:sts::*:assumed-role/app-*): a
         * call by one of them to a service the policy wants reached through an endpoint, without
         * one, is a bypass wherever it came from. People and consoles are not listed, so they are
         * not flagged; workloads are also recognised by the public addresses of the monitored VPCs.
         */
        workloadPrincipals: z
          .array(
            z
              .string()
              .min(1)
              .max(2048)
              .regex(/^arn:/, { error: 'must be an ARN glob such as arn:aws:sts::*:assumed-role/app-*' }),
          )
          .max(200)
          .default([]),
      })
      .prefault({}),
    suppressions: z.array(suppressionSchema).default([]),
  });
};

export type PolicyDocument = z.infer<ReturnType<typeof createPolicySchema>>;
export type SuppressionRule = PolicyDocument['suppressions'][number];
export type RequiredEndpointRule = PolicyDocument['requiredEndpoints'][number];
