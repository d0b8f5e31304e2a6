/**
 * The CDK app: `cd infra && npx cdk deploy`. Configuration comes from `tpm:` context keys (see
 * config.ts and the README), the policy file is validated before anything is built, and cdk-nag's
 * AwsSolutions rules run on every synth.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CATALOG } from '../functions/engine/catalog.ts';
import { CHECK_IDS } from '../functions/engine/checks/registry.ts';
import { describeError, TpmError } from '../functions/engine/errors.ts';
import { loadPolicy } from '../functions/engine/policy/load.ts';
import { readDeploymentConfig } from './config.ts';
import { MemberRoleStack } from './member-role-stack.ts';
import { MonitorStack } from './monitor-stack.ts';
import { RegionForwarderStack } from './region-forwarder-stack.ts';

const INFRA_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Builds the app (also used by the tests); throws a ConfigError for bad context or policy. */
export const buildApp = async (app: App = new App()): Promise<App> => {
  const config = readDeploymentConfig(app.node.getAllContext());
  const policyFile = resolve(INFRA_DIR, config.policyFile);
  const policy = await loadPolicy(policyFile, { catalog: DEFAULT_CATALOG, knownCheckIds: CHECK_IDS });
  const home = config.homeRegion ? { env: { region: config.homeRegion } } : {};
  new MonitorStack(app, 'TrafficPrivacyMonitor', {
    ...home,
    description: 'traffic-privacy-monitor: proves internetwork traffic stays private, alerts once per change',
    config,
    policy,
    policyFile,
    catalog: DEFAULT_CATALOG,
  });
  for (const region of config.forwardRegions.filter((entry) => entry !== config.homeRegion)) {
    new RegionForwarderStack(app, `TrafficPrivacyMonitorForwarder-${region}`, {
      env: { region },
      description: `traffic-privacy-monitor: forwards ${region}'s CloudTrail change events to ${config.homeRegion}`,
      homeRegion: config.homeRegion as string,
      catalog: DEFAULT_CATALOG,
      monitoredServices: policy.monitoredServices,
      clientTls: config.observeClientTls,
    });
  }
  if (config.organization) {
    // Also written to cdk.out on its own, for deploying the member role by hand or with your own StackSet.
    new MemberRoleStack(app, 'TrafficPrivacyMonitorMemberRole', {
      description: 'traffic-privacy-monitor: read-only member role for the org sweep',
      roleName: config.memberRoleName,
      securityHub: config.securityHub,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    (await buildApp()).synth();
  } catch (error) {
    // One line a user can act on, not a stack trace (TPM_DEBUG=1 for that).
    if (process.env.TPM_DEBUG) console.error(error);
    process.stderr.write(`traffic-privacy-monitor: ${error instanceof TpmError ? error.message : describeError(error)}\n`);
    process.exit(1);
  }
}
