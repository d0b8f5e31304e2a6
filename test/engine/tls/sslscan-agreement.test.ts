/**
 * The probe's verdicts against sslscan's on the same local servers: accepted protocols, the
 * accepted suites of every version, and the forward-secrecy verdict must be identical.
 * (sslscan, built on this machine's OpenSSL 3.0, cannot test SSL 3.0 or 3DES at all; the
 * scripted-responder tests cover those.)
 */
import { describe, expect, it } from 'vitest';
import { allAcceptedSuites } from '../../../functions/engine/model/tls.ts';
import { probeTarget } from '../../../functions/engine/tls/prober.ts';
import { runSslscan } from '../../../lab/reference-scanners.ts';
import { PROFILES } from '../../../lab/tls-servers.ts';
import { useTlsLab } from '../../support/tls-lab.ts';

const lab = useTlsLab();

describe('agreement with sslscan', () => {
  it.each(Object.keys(PROFILES) as (keyof typeof PROFILES)[])(
    '%s: same protocols, suites and forward-secrecy verdict',
    async (profile) => {
      const { server, target } = await lab.serve(PROFILES[profile]);
      const ours = await probeTarget(target);
      const theirs = await runSslscan('127.0.0.1', server.port);

      const ourVersions = ours.versions.filter((probe) => probe.state === 'accepted').map((probe) => probe.version);
      expect(ourVersions).toEqual(theirs.versions);
      for (const version of ourVersions) {
        const ourSuites = ours.versions
          .find((probe) => probe.version === version)
          ?.suites.map((suite) => suite.openssl)
          .sort();
        expect(ourSuites, version).toEqual([...(theirs.suites[version] ?? [])].sort());
      }
      const ourForwardSecretOnly = allAcceptedSuites(ours).every((suite) => suite.forwardSecret && !suite.anonymous);
      expect(ourForwardSecretOnly).toBe(theirs.forwardSecretOnly);
    },
  );
});
