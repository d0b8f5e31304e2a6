/**
 * The local lab: everything the demo, the integration tests and the benchmarks need to run the
 * whole product on one machine. moto for the AWS API, a throwaway CA, TLS servers standing in
 * for the monitored services' API endpoints, and a runtime policy that points the catalog's
 * regional hostnames at them. Nothing leaves 127.0.0.1.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CATALOG } from '../functions/engine/catalog.ts';
import { CHECK_IDS } from '../functions/engine/checks/registry.ts';
import type { AwsClientOptions } from '../functions/engine/collectors/aws-clients.ts';
import type { EffectivePolicy } from '../functions/engine/policy/effective.ts';
import { loadPolicy } from '../functions/engine/policy/load.ts';
import { emptyLabState, type LabAwsState, labInterceptor } from './lab-overlay.ts';
import { type MotoServer, startMoto } from './moto.ts';
import { projectPath } from './paths.ts';
import { createLocalPki, type LocalPki } from './pki.ts';
import type { PlantedFinding } from './seed.ts';
import { type LocalTlsServer, PROFILES, startTlsServer } from './tls-servers.ts';

export const DEMO_POLICY_PATH = projectPath('lab/demo-policy.yaml');
export const LAB_REGION = 'us-east-1';

/** Which local server stands in for which service, and how it starts out. */
export const LAB_SERVERS = {
  dynamodb: { host: `dynamodb.${LAB_REGION}.amazonaws.com`, profile: PROFILES.modern },
  filecache: { host: `fsx.${LAB_REGION}.amazonaws.com`, profile: PROFILES.modern },
  pinpoint: { host: `pinpoint.${LAB_REGION}.amazonaws.com`, profile: PROFILES.legacy },
} as const;

export interface Lab extends AsyncDisposable {
  readonly moto: MotoServer;
  /** What the lab answers for the AWS APIs moto lacks, through the interceptor in `clientOptions`. */
  readonly aws: LabAwsState;
  /**
   * Options for AWS clients that read the lab's estate: moto, plus the lab's stand-ins for what
   * moto lacks. A client built from `moto.clientOptions` alone sees moto only.
   */
  readonly clientOptions: AwsClientOptions;
  readonly pki: LocalPki;
  readonly servers: Readonly<Record<keyof typeof LAB_SERVERS, LocalTlsServer>>;
  /** The demo policy plus the run-time connectTo map and CA, written to disk and loaded. */
  readonly policy: EffectivePolicy;
  readonly policyPath: string;
  /** TLS misconfigurations the lab plants (the legacy Pinpoint stand-in). */
  readonly plantedTls: readonly PlantedFinding[];
  /** Empties moto and the lab's own AWS state together, so no test sees another's estate. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export interface LabOptions {
  /** Regions whose regional hostnames map onto the local servers (default: the lab region). */
  readonly regions?: readonly string[];
  /** Override a server's starting profile, e.g. start everything modern for a clean baseline. */
  readonly profiles?: Partial<Record<keyof typeof LAB_SERVERS, (typeof LAB_SERVERS)[keyof typeof LAB_SERVERS]['profile']>>;
  /** moto answering one request at a time, as DynamoDB serializes transactions (for concurrency soaks). */
  readonly serializedMoto?: boolean;
}

export const startLab = async (options: LabOptions = {}): Promise<Lab> => {
  const moto = await startMoto({ serialized: options.serializedMoto === true });
  const aws = emptyLabState();
  const pki = await createLocalPki('traffic-privacy-monitor demo CA');
  const started: LocalTlsServer[] = [];
  try {
    const hosts = (options.regions ?? [LAB_REGION]).flatMap((region) =>
      Object.values(LAB_SERVERS).map((server) => server.host.replace(LAB_REGION, region)),
    );
    const certificate = await pki.issue({ hosts });
    const entries = await Promise.all(
      Object.entries(LAB_SERVERS).map(async ([key, server]) => {
        const profile = options.profiles?.[key as keyof typeof LAB_SERVERS] ?? server.profile;
        const running = await startTlsServer(certificate, profile);
        started.push(running);
        return [key, running] as const;
      }),
    );
    const servers = Object.fromEntries(entries) as Record<keyof typeof LAB_SERVERS, LocalTlsServer>;
    const document = parseYaml(await readFile(DEMO_POLICY_PATH, 'utf8')) as { tls: Record<string, unknown> };
    document.tls.caFile = pki.caFile;
    document.tls.connectTo = Object.fromEntries(
      (options.regions ?? [LAB_REGION]).flatMap((region) =>
        Object.entries(LAB_SERVERS).map(([key, server]) => [
          server.host.replace(LAB_REGION, region),
          `127.0.0.1:${servers[key as keyof typeof LAB_SERVERS].port}`,
        ]),
      ),
    );
    const policyPath = join(pki.dir, 'demo-policy.runtime.json');
    await writeFile(policyPath, JSON.stringify(document, null, 2));
    const policy = await loadPolicy(policyPath, { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });
    const pinpointLegacy = (options.profiles?.pinpoint ?? LAB_SERVERS.pinpoint.profile) === PROFILES.legacy;
    const pinpointEndpoint = `${LAB_SERVERS.pinpoint.host}:443`;
    const dispose = async () => {
      await Promise.all(started.map((server) => server.close()));
      await moto.stop();
      await pki.dispose();
    };
    return {
      moto,
      aws,
      clientOptions: { ...moto.clientOptions, interceptors: [labInterceptor(aws)] },
      pki,
      servers,
      policy,
      policyPath,
      plantedTls: pinpointLegacy
        ? [
            {
              checkId: 'tls_endpoint_minimum_version_enforced',
              resourceId: pinpointEndpoint,
              what: 'Pinpoint endpoint accepts TLS 1.0 and 1.1',
            },
            {
              checkId: 'tls_endpoint_forward_secrecy_enforced',
              resourceId: pinpointEndpoint,
              what: 'Pinpoint endpoint accepts static-RSA AES128-SHA',
            },
          ]
        : [],
      reset: async () => {
        aws.clear();
        await moto.reset();
      },
      dispose,
      [Symbol.asyncDispose]: dispose,
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    await moto.stop();
    await pki.dispose();
    throw error;
  }
};
