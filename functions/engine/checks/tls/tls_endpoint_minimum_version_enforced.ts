import { isBelow, TLS_VERSIONS } from '../../tls-versions.ts';
import type { Check } from '../check.ts';
import { NIST, PCI } from '../frameworks.ts';
import { judgeTlsEndpoint, versionList } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_minimum_version_enforced',
  title: 'TLS endpoints refuse every protocol version below the required minimum',
  headline: 'TLS endpoint accepts TLS below the minimum',
  service: 'tls',
  severity: 'HIGH',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_8, NIST.SC_8_1, NIST.SC_13, PCI.R4_2_1],
  rationale:
    'AWS documents TLS 1.0 as the floor for DynamoDB and File Cache and requires TLS 1.2 for Pinpoint, and recommends 1.2 or later everywhere. An endpoint that still accepts an older version lets a downgraded or legacy client send API traffic protected only by the older protocol. This check measures what the endpoint actually accepts, not what a policy name promises.',
  remediation:
    'Raise the minimum protocol of whatever terminates TLS for this endpoint: for an ELB listener choose a policy such as ELBSecurityPolicy-TLS13-1-2-2021-06, for API Gateway TLS_1_2 or an enhanced TLS 1.3 policy, for CloudFront TLSv1.2_2021. For AWS-owned endpoints, open a support case with the measured evidence.',
  references: [
    'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/inter-network-traffic-privacy.html',
    'https://docs.aws.amazon.com/pinpoint/latest/developerguide/security-infrastructure-security.html',
  ],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { report, subject, required, verdict } = facts;
      const below = report.versions.filter((probe) => isBelow(probe.version, required));
      const acceptedBelow = below.filter((probe) => probe.state === 'accepted').map((probe) => probe.version);
      const unknownBelow = below.filter((probe) => probe.state === 'error' || probe.state === 'cannot-offer');
      const accepted = report.versions.filter((probe) => probe.state === 'accepted').map((probe) => probe.version);
      const evidence = {
        requiredMinimum: required,
        acceptedVersions: accepted,
        lowestAcceptedVersion: accepted[0] ?? null,
        lowestAcceptedRank: accepted[0] ? TLS_VERSIONS.indexOf(accepted[0]) : null,
        versions: report.versions.map((probe) => ({ version: probe.version, state: probe.state, detail: probe.detail ?? null })),
      };
      if (acceptedBelow.length > 0) {
        return verdict({
          status: 'FAIL',
          severity: acceptedBelow.includes('SSLv3') ? 'CRITICAL' : 'HIGH',
          message: `${subject} accepts ${versionList(acceptedBelow)}, below the required ${versionList([required])}.`,
          evidence,
          degree: acceptedBelow.length,
        });
      }
      if (unknownBelow.length > 0) {
        return verdict({
          status: 'ERROR',
          message: `${subject}: could not tell whether ${versionList(unknownBelow.map((probe) => probe.version))} is accepted (${unknownBelow[0]?.detail}).`,
          evidence,
        });
      }
      if (accepted.length === 0) {
        return verdict({
          status: 'ERROR',
          message: `${subject} accepted no protocol version at all, so nothing can be judged.`,
          evidence,
        });
      }
      return verdict({
        status: 'PASS',
        message: `${subject} accepts only ${versionList(accepted)} (minimum ${versionList([required])}).`,
        evidence,
      });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };
