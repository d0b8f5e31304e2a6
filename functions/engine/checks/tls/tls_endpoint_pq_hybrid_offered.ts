import type { Check } from '../check.ts';
import { NIST } from '../frameworks.ts';
import { judgeTlsEndpoint } from '../lib/tls-endpoint.ts';

const check = {
  id: 'tls_endpoint_pq_hybrid_offered',
  title: 'TLS endpoints offer hybrid post-quantum key exchange (X25519MLKEM768)',
  headline: 'TLS endpoint offers no post-quantum hybrid',
  service: 'tls',
  severity: 'INFO',
  resourceType: 'TPM::TLS::Endpoint',
  subject: 'tlsEndpoints',
  requires: [],
  frameworks: [NIST.SC_13],
  rationale:
    'Traffic recorded today can be decrypted once quantum computers break X25519 and P-256 ("harvest now, decrypt later"). Hybrid ML-KEM key exchange keeps it private; AWS offers it on ELB (*-PQ-2025-09 policies), API Gateway and its own endpoints. Informational.',
  remediation:
    'Choose a post-quantum policy such as ELBSecurityPolicy-TLS13-1-2-PQ-2025-09 or API Gateway SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09.',
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
  evaluate: (resource, ctx) =>
    judgeTlsEndpoint(resource, ctx, (facts) => {
      const { report, subject, verdict } = facts;
      const evidence = {
        tls13Groups: report.tls13Groups.map((group) => group.name),
        confirmedByHandshake: report.postQuantumHybrid.confirmedByHandshake ?? null,
      };
      if (report.postQuantumHybrid.accepted) {
        const group = report.tls13Groups.find((candidate) => candidate.hybridPostQuantum)?.name;
        return verdict({ status: 'PASS', message: `${subject} accepts hybrid post-quantum key exchange (${group}).`, evidence });
      }
      const tls13 = report.versions.find((probe) => probe.version === 'TLSv1.3');
      if (tls13?.state === 'error')
        return verdict({ status: 'ERROR', message: `${subject}: TLS 1.3 groups could not be enumerated.`, evidence });
      return verdict({ status: 'FAIL', message: `${subject} does not accept any hybrid post-quantum group.`, evidence });
    }),
} satisfies Check<'tlsEndpoints'>;

export { check };
