/**
 * Meta-tests over the whole registry, Cloud Custodian style: properties every check must have,
 * checked for all of them at once so none can slip through.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS, NIST, PCI, relatedRequirements, SECURITY_HUB } from '../../../functions/engine/checks/frameworks.ts';
import { CHECKS } from '../../../functions/engine/checks/registry.ts';
import { COLLECTION_NAMES } from '../../../functions/engine/model/inventory.ts';
import { permissionsOf } from '../../../functions/engine/scan/permissions.ts';
import { RESOURCE_TYPES, SEVERITIES } from '../../../functions/engine/types.ts';
import { only, policy, runCheck } from '../../support/builders.ts';
import { CHECK_SCENARIOS } from '../../support/check-scenarios.ts';

const checksDir = fileURLToPath(new URL('../../../functions/engine/checks/', import.meta.url));

/** Every check file on disk: any .ts file in a check folder other than lib/ and the registry. */
const checkFiles = async (): Promise<string[]> => {
  const entries = await readdir(checksDir, { withFileTypes: true, recursive: true });
  return entries
    .filter(
      (entry) =>
        // One check per file, in a service folder; checks/ itself holds the registry and the contract.
        entry.isFile() &&
        entry.name.endsWith('.ts') &&
        !entry.parentPath.includes('/lib') &&
        normalize(entry.parentPath) !== normalize(checksDir),
    )
    .map((entry) => join(entry.parentPath, entry.name));
};

describe('check registry', () => {
  it('registers every check file exactly once, and each file exports the check whose id is its name', async () => {
    // Prepare
    const files = await checkFiles();
    // Act
    const idsFromFiles = files.map((file) => basename(file, '.ts')).sort();
    const loaded = await Promise.all(files.map(async (file) => (await import(file)).check.id as string));
    // Assess
    expect(CHECKS.map((check) => check.id).sort()).toEqual(idsFromFiles);
    expect(loaded.sort()).toEqual(idsFromFiles);
  });

  it('has unique ids in service_resource_state form', () => {
    const ids = CHECKS.map((check) => check.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(_[a-z0-9]+){2,}$/);
  });

  it.each(CHECKS.map((check) => [check.id, check] as const))('%s declares complete metadata', (_id, check) => {
    expect(SEVERITIES).toContain(check.severity);
    expect(Object.values(RESOURCE_TYPES)).toContain(check.resourceType);
    expect(COLLECTION_NAMES).toContain(check.subject);
    for (const name of check.requires) expect(COLLECTION_NAMES).toContain(name);
    // Its IAM permissions are derived from the collections it reads, so each must be filled by a collector.
    const permissions = permissionsOf(check);
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) expect(permission).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z]+$|^apigateway:GET$/);
    expect(check.title.length).toBeGreaterThan(10);
    // Alert subjects carry the headline after "[SEVERITY] n regressions in account/region: ".
    expect(check.headline.length).toBeGreaterThan(8);
    expect(check.headline.length).toBeLessThanOrEqual(60);
    expect(check.headline).not.toMatch(/\.$/);
    expect(check.headline).toMatch(/^[\x20-\x7e]+$/); // SNS subjects are printable ASCII
    expect(check.rationale.length).toBeGreaterThan(80);
    expect(check.remediation.length).toBeGreaterThan(30);
    expect(check.references.length).toBeGreaterThan(0);
    for (const url of check.references) expect(url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(check.id.startsWith(check.service)).toBe(true);
  });

  it.each(CHECKS.map((check) => [check.id, check] as const))(
    '%s has a PASS and a FAIL scenario that it judges correctly',
    (id, check) => {
      const scenarios = CHECK_SCENARIOS[id];
      expect(scenarios, `add PASS/FAIL scenarios for ${id} to test/support/check-scenarios.ts`).toBeDefined();
      if (!scenarios) return;
      for (const [expected, build] of [
        ['PASS', scenarios.pass],
        ['FAIL', scenarios.fail],
      ] as const) {
        const scenario = build();
        const finding = only(runCheck(check, scenario.inventory, scenario.policy ?? policy()), scenario.resourceId);
        expect(finding.status, `${id} ${expected}: ${finding.message}`).toBe(expected);
      }
    },
  );

  it.each(CHECKS.map((check) => [check.id, check] as const))(
    '%s maps to compliance controls defined once in frameworks.ts, or says none',
    (_id, check) => {
      const defined = new Set<unknown>([...Object.values(NIST), ...Object.values(PCI), ...Object.values(SECURITY_HUB)]);
      if (check.frameworks === 'none') return;
      expect(check.frameworks.length).toBeGreaterThan(0);
      for (const control of check.frameworks) {
        // By identity: a mapping cannot invent a control or restate one with other words.
        expect(defined.has(control), `${control.framework} ${control.id}`).toBe(true);
        expect(Object.keys(FRAMEWORKS)).toContain(control.framework);
        expect(control.clause.length).toBeGreaterThan(20);
      }
      expect(new Set(check.frameworks).size).toBe(check.frameworks.length);
    },
  );

  it('maps what the issue and the sources tie together: TLS to SC-8(1) and PCI 4.2.1, VPN tunnels up to EC2.20, ELB policies to ELB.17', () => {
    const byId = (id: string) => CHECKS.find((check) => check.id === id)?.frameworks;
    expect(byId('tls_endpoint_minimum_version_enforced')).toEqual(expect.arrayContaining([NIST.SC_8_1, PCI.R4_2_1]));
    expect(byId('vpn_connection_tunnels_up')).toContain(SECURITY_HUB.EC2_20);
    expect(byId('elbv2_listener_tls_policy_minimum_version')).toContain(SECURITY_HUB.ELB_17);
    expect(byId('vpn_tunnel_logging_enabled')).toContain(NIST.AU_12);
    // Spelt as Security Hub spells its own findings' requirements; its own control ids are not requirements.
    expect(relatedRequirements(byId('elbv2_listener_tls_policy_minimum_version') ?? 'none')).toEqual([
      'NIST.800-53.r5 SC-8',
      'NIST.800-53.r5 SC-8(1)',
      'NIST.800-53.r5 SC-13',
      'PCI DSS v4.0/4.2.1',
    ]);
    // Every control defined is used by some check, so the catalogue has no dead entries.
    const used = new Set(CHECKS.flatMap((check) => (check.frameworks === 'none' ? [] : check.frameworks)));
    for (const control of [...Object.values(NIST), ...Object.values(PCI), ...Object.values(SECURITY_HUB)])
      expect(used.has(control), control.id).toBe(true);
  });

  it('checks never import the AWS SDK or do I/O', async () => {
    const files = [
      ...(await checkFiles()),
      ...(await readdir(join(checksDir, 'lib'))).map((name) => join(checksDir, 'lib', name)),
    ];
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      expect(source, file).not.toMatch(/from '@aws-sdk\//);
      expect(source, file).not.toMatch(/from 'node:(fs|net|tls|http|https|child_process)/);
    }
  });
});
