/** Builders for baseline records and observations: a healthy PASS unless a test says otherwise. */
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BASELINE_TABLE_SCHEMA, DynamoDbBaselineStore } from '../../functions/engine/baseline/dynamodb-store.ts';
import type { Observation } from '../../functions/engine/baseline/transitions.ts';
import type { AlertSubject, BaselineRecord, FindingSnapshot } from '../../functions/engine/baseline/types.ts';
import type { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import type { ScanResult } from '../../functions/engine/scan/scan.ts';
import type { Finding } from '../../functions/engine/types.ts';
import { ACCOUNT, REGION } from './builders.ts';

export const T0 = '2026-11-22T10:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const SUBJECT: AlertSubject = {
  title: 'VPC endpoint policies bound "Principal: *" to trusted organizations or accounts',
  headline: 'VPC endpoint policy opened to *',
  service: 'vpc',
  monitoredService: 'dynamodb',
  resourceType: 'AWS::EC2::VPCEndpoint',
  remediation: 'Add an aws:PrincipalOrgID condition.',
};

export const snapshot = (overrides: Partial<FindingSnapshot> = {}): FindingSnapshot => ({
  status: 'PASS',
  suppressed: false,
  severity: 'HIGH',
  message: 'policy is bounded',
  evidenceDigest: 'd0',
  evidencePreview: '{}',
  observedAt: T0,
  ...overrides,
});

export const observation = (resourceId: string, overrides: Partial<FindingSnapshot> = {}): Observation => ({
  key: { account: ACCOUNT, region: REGION, checkId: 'vpc_endpoint_policy_wildcard_principal_bounded', resourceId },
  snapshot: snapshot(overrides),
  subject: SUBJECT,
});

export const baselineRecord = (resourceId: string, overrides: Partial<BaselineRecord> = {}): BaselineRecord => ({
  account: ACCOUNT,
  region: REGION,
  checkId: 'vpc_endpoint_policy_wildcard_principal_bounded',
  resourceId,
  status: 'PASS',
  lastKnownStatus: 'PASS',
  snapshot: snapshot(),
  candidate: undefined,
  firstSeen: T0,
  lastChanged: T0,
  lastObserved: T0,
  alerted: 'clear',
  lastReminderAt: undefined,
  pending: undefined,
  ...overrides,
});

/** A finding as the engine stamps it, for change-tracking tests that need no real check. */
export const finding = (resourceId: string, status: Finding['status'], overrides: Partial<Finding> = {}): Finding => ({
  checkId: 'vpc_endpoint_policy_wildcard_principal_bounded',
  title: SUBJECT.title,
  status,
  severity: 'HIGH',
  service: 'vpc',
  account: ACCOUNT,
  region: REGION,
  resourceType: 'AWS::EC2::VPCEndpoint',
  resourceId,
  message: status === 'FAIL' ? `VPC endpoint ${resourceId} policy allows any principal` : `VPC endpoint ${resourceId} is bounded`,
  evidence: { unboundedStatements: status === 'FAIL' ? [{ index: 0 }] : [] },
  remediation: SUBJECT.remediation,
  monitoredService: 'dynamodb',
  ...overrides,
});

/** A scan of one complete region that produced `findings`, started at `startedAt`. */
export const scanResult = (
  findings: readonly Finding[],
  startedAt = at(60),
  overrides: Partial<ScanResult> = {},
): ScanResult => ({
  account: ACCOUNT,
  regions: [REGION],
  primaryRegion: overrides.regions?.[0] ?? REGION,
  startedAt,
  finishedAt: startedAt,
  durationMs: 1200,
  checks: [...new Set(['vpc_endpoint_policy_wildcard_principal_bounded', ...findings.map((entry) => entry.checkId)])],
  findings,
  coverage: [{ account: ACCOUNT, region: REGION, status: 'complete', failedCollections: [] }],
  warnings: [],
  inventories: [],
  ...overrides,
});

/** A fresh DynamoDB baseline on moto: the table as infra/ creates it (the same schema constant). */
export const openDynamoBaseline = async (clients: AwsClients): Promise<DynamoDbBaselineStore> => {
  const dynamodb = clients.client(DynamoDBClient, 'us-east-1');
  await dynamodb.send(new DeleteTableCommand({ TableName: 'tpm-baseline' })).catch(() => undefined);
  await dynamodb.send(
    new CreateTableCommand({ TableName: 'tpm-baseline', ...BASELINE_TABLE_SCHEMA, BillingMode: 'PAY_PER_REQUEST' }),
  );
  return new DynamoDbBaselineStore(dynamodb, 'tpm-baseline');
};
