/**
 * Meta-test over the collectors, Cloud Custodian style: every AWS operation the estate readers
 * call (a `new …Command` or a `paginate…` helper, in the collectors and the change re-check) is
 * covered by an IAM action some check declares. The deployed role is built from those
 * declarations, so an undeclared call would be an AccessDenied in production and an ERROR.
 */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { READ_PERMISSIONS } from '../../../functions/engine/checks/registry.ts';
import { EGRESS_PERMISSIONS } from '../../../functions/engine/collectors/ec2-egress.ts';
import { FANOUT_PERMISSIONS } from '../../../functions/engine/collectors/organization.ts';

const SOURCES = ['../../../functions/engine/collectors/', '../../../functions/engine/events/'];

/** SDK package → IAM service prefix; API Gateway's management API authorises by HTTP verb. */
const IAM_PREFIX: Record<string, string> = {
  'client-ec2': 'ec2',
  'client-elastic-load-balancing-v2': 'elasticloadbalancing',
  'client-direct-connect': 'directconnect',
  'client-fsx': 'fsx',
  'client-cloudfront': 'cloudfront',
  'client-api-gateway': 'apigateway',
  'client-apigatewayv2': 'apigateway',
  'client-organizations': 'organizations',
};
/** Calls that need no grant: anyone may ask who they are. */
const NO_GRANT = new Set(['sts:GetCallerIdentity']);

const actionsCalled = async (): Promise<{ file: string; action: string }[]> => {
  const found: { file: string; action: string }[] = [];
  for (const folder of SOURCES) {
    const url = new URL(folder, import.meta.url);
    for (const name of (await readdir(url)).filter((file) => file.endsWith('.ts'))) {
      const text = await readFile(new URL(name, url), 'utf8');
      for (const [, names, pkg] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/([a-z0-9-]+)'/g)) {
        for (const imported of (names ?? '').split(',').map((entry) => entry.trim().replace(/^type\s+/, ''))) {
          const [original] = imported.split(/\s+as\s+/);
          const operation = /^paginate(\w+)$/.exec(original ?? '')?.[1] ?? /^(\w+)Command$/.exec(original ?? '')?.[1];
          if (!operation) continue;
          const prefix = pkg === 'client-sts' ? 'sts' : IAM_PREFIX[pkg ?? ''];
          const action = prefix === 'apigateway' ? 'apigateway:GET' : `${prefix}:${operation}`;
          found.push({ file: name, action });
        }
      }
    }
  }
  return found;
};

describe('collector permissions', () => {
  it('finds the SDK operations the estate readers call', async () => {
    const actions = (await actionsCalled()).map((entry) => entry.action);
    // A smoke check on the scanner itself: it must see the calls we know are there.
    expect(actions).toEqual(expect.arrayContaining(['ec2:DescribeVpcEndpoints', 'fsx:DescribeFileCaches', 'apigateway:GET']));
  });

  it('covers every operation with an action that a check (or the org fan-out) declares', async () => {
    const declared = new Set<string>([
      ...READ_PERMISSIONS,
      ...EGRESS_PERMISSIONS,
      ...FANOUT_PERMISSIONS.planner,
      ...FANOUT_PERMISSIONS.unit,
    ]);
    const missing = (await actionsCalled()).filter(({ action }) => !NO_GRANT.has(action) && !declared.has(action));
    expect(missing).toEqual([]);
  });

  it('declares nothing that is not read-only', () => {
    for (const action of READ_PERMISSIONS) expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List)[A-Za-z]*$|^apigateway:GET$/);
  });

  it('finds AWS reads only in collectors: judgement (checks, changes, scan, monitor) imports no AWS client', async () => {
    // Writers of the run's outputs (baseline stores, SNS, CloudWatch, the unit ledger) call AWS too;
    // every read of the estate, the re-check's VPC lookup and the caller identity included, is a collector.
    const root = new URL('../../../functions/engine/', import.meta.url);
    const OUTPUT_WRITERS = new Set([
      'alerts/publisher.ts',
      'baseline/dynamodb-store.ts',
      'fanout/unit-ledger.ts',
      'metrics/sinks.ts',
    ]);
    const offenders: string[] = [];
    for (const file of await readdir(root, { recursive: true })) {
      if (!file.endsWith('.ts') || file.startsWith('collectors/') || OUTPUT_WRITERS.has(file)) continue;
      if (/from '@aws-sdk\/client-/.test(await readFile(new URL(file, root), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps checks pure: no check module imports a collector or the AWS SDK, even for a constant', async () => {
    const root = new URL('../../../functions/engine/checks/', import.meta.url);
    const offenders: string[] = [];
    for (const file of await readdir(root, { recursive: true })) {
      if (!file.endsWith('.ts')) continue;
      const text = await readFile(new URL(file, root), 'utf8');
      if (/from '(\.\.\/)+collectors\/|from '@aws-sdk\//.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
