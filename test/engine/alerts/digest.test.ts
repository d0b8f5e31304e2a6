import { describe, expect, it } from 'vitest';
import { composeDigests, SUBJECT_LIMIT } from '../../../functions/engine/alerts/digest.ts';
import { snsMessageBody } from '../../../functions/engine/alerts/publisher.ts';
import type { ClaimedAlert } from '../../../functions/engine/baseline/ledger.ts';
import type { PendingAlert, TransitionKind } from '../../../functions/engine/baseline/types.ts';
import { DEFAULT_CATALOG } from '../../../functions/engine/catalog.ts';
import type { Severity } from '../../../functions/engine/types.ts';
import { at, SUBJECT, snapshot } from '../../support/baseline.ts';
import { ACCOUNT, REGION } from '../../support/builders.ts';

const claimed = (
  resourceId: string,
  kind: TransitionKind,
  severity: Severity = 'HIGH',
  overrides: Partial<PendingAlert> = {},
): ClaimedAlert => ({
  key: { account: ACCOUNT, region: REGION, checkId: 'vpc_endpoint_policy_wildcard_principal_bounded', resourceId },
  alert: {
    id: `id-${resourceId}-${kind}`,
    kind,
    severity,
    reminder: false,
    at: at(60),
    before: snapshot({ message: `VPC endpoint ${resourceId} is bounded` }),
    after: snapshot({
      status: kind === 'RECOVERY' ? 'PASS' : 'FAIL',
      severity,
      message: `VPC endpoint ${resourceId} allows any principal`,
      evidencePreview: '{"unboundedStatements":[{"index":0}]}',
    }),
    subject: SUBJECT,
    ...overrides,
  },
});
const compose = (alerts: ClaimedAlert[]) =>
  composeDigests(alerts, { catalog: DEFAULT_CATALOG, policySource: 'policy.yaml', now: new Date(at(60)) });

describe('composeDigests', () => {
  it('sends one digest per severity, most severe first, and recoveries on their own', () => {
    const messages = compose([
      claimed('vpce-1', 'REGRESSION', 'HIGH'),
      claimed('vpce-2', 'NEW_FAILURE', 'CRITICAL'),
      claimed('vpce-3', 'REGRESSION', 'HIGH'),
      claimed('vpce-4', 'RECOVERY', 'MEDIUM'),
    ]);
    expect(messages.map((message) => [message.kind, message.severity, message.alertIds.length])).toEqual([
      ['failure', 'CRITICAL', 1],
      ['failure', 'HIGH', 2],
      ['recovery', 'MEDIUM', 1],
    ]);
    expect(messages[1]?.subject).toBe('[HIGH] 2 regressions in 111122223333/us-east-1: DynamoDB VPC endpoint policy opened to *');
  });

  it('names the service once when the headline already starts with it', () => {
    const [message] = compose([
      claimed('fc-1', 'REGRESSION', 'CRITICAL', {
        subject: { ...SUBJECT, monitoredService: 'filecache', headline: 'File Cache Lustre ports open to the world' },
      }),
    ]);
    expect(message?.subject).toBe('[CRITICAL] 1 regression in 111122223333/us-east-1: File Cache Lustre ports open to the world');
  });

  it('names mixed kinds, several regions and accounts, and more headlines, inside 99 ASCII characters', () => {
    const elsewhere = claimed('vpce-9', 'ERROR');
    const other = {
      ...claimed('vpce-8', 'NEW_FAILURE'),
      key: { ...claimed('vpce-8', 'NEW_FAILURE').key, account: '444455556666', region: 'eu-west-1' },
    };
    const longHeadline = claimed('vpce-7', 'REGRESSION', 'HIGH', {
      subject: {
        ...SUBJECT,
        headline: 'TLS endpoint accepts non-forward-secret suites – über long',
        monitoredService: 'pinpoint',
      },
    });
    const [message] = compose([claimed('vpce-1', 'REGRESSION'), elsewhere, other, longHeadline]);
    expect(message?.subject.length).toBeLessThanOrEqual(SUBJECT_LIMIT);
    expect(message?.subject).toMatch(/^[\x20-\x7e]+$/);
    expect(message?.subject).toMatch(/^\[HIGH\] 2 regressions, 1 new failure, 1 check that cannot see in 2 accounts: /);
    expect(message?.subject).toMatch(/\(\+1 more\)$/);
  });

  it('writes a body an email client shows as is: before, after, evidence, fix and how to suppress', () => {
    const [message] = compose([claimed('vpce-1', 'REGRESSION')]);
    const lines = message?.text.split('\n') ?? [];
    expect(lines.slice(0, 4)).toEqual([
      'traffic-privacy-monitor: 1 regression, severity HIGH',
      'Where: 111122223333/us-east-1',
      '',
      '1. REGRESSION: DynamoDB VPC endpoint policy opened to *',
    ]);
    expect(message?.text).toContain('   Before:    PASS: VPC endpoint vpce-1 is bounded');
    expect(message?.text).toContain('   After:     FAIL: VPC endpoint vpce-1 allows any principal');
    expect(message?.text).toContain('   Evidence:  unboundedStatements: [{"index":0}]');
    expect(message?.text).toContain('   Fix:       Add an aws:PrincipalOrgID condition.');
    expect(message?.text).toContain('         expires: "2026-12-22"');
    expect(lines.every((line) => line.length <= 100)).toBe(true);
  });

  it('describes the first 25 in full and lists the rest, so a mass change stays one readable message', () => {
    const many = Array.from({ length: 30 }, (_, index) => claimed(`vpce-${String(index).padStart(2, '0')}`, 'REGRESSION'));
    const [message] = compose(many);
    expect(message?.text).toContain('25. REGRESSION');
    expect(message?.text).not.toContain('26. REGRESSION');
    expect(message?.text).toContain('And 5 more:');
    expect(message?.alertIds).toHaveLength(30);
  });

  it('carries SNS message attributes for filter policies, lists as String.Array', () => {
    const [message] = compose([claimed('vpce-1', 'REGRESSION'), claimed('vpce-2', 'NEW_FAILURE')]);
    expect(message?.attributes).toEqual({
      severity: { DataType: 'String', StringValue: 'HIGH' },
      kind: { DataType: 'String', StringValue: 'failure' },
      service: { DataType: 'String.Array', StringValue: '["vpc"]' },
      checkId: { DataType: 'String.Array', StringValue: '["vpc_endpoint_policy_wildcard_principal_bounded"]' },
      account: { DataType: 'String.Array', StringValue: '["111122223333"]' },
      region: { DataType: 'String.Array', StringValue: '["us-east-1"]' },
      transition: { DataType: 'String.Array', StringValue: '["NEW_FAILURE","REGRESSION"]' },
    });
  });
});

describe('snsMessageBody', () => {
  it('gives email subscribers the text and machine subscribers JSON that includes it', () => {
    const [message] = compose([claimed('vpce-1', 'REGRESSION')]);
    const body = JSON.parse(snsMessageBody(message as NonNullable<typeof message>));
    expect(Object.keys(body).sort()).toEqual(['default', 'email', 'lambda', 'sqs']);
    expect(body.email).toBe(message?.text);
    expect(JSON.parse(body.sqs)).toMatchObject({ schemaVersion: 1, kind: 'failure', text: message?.text });
  });

  it('stays under the SNS size limit for a very large digest', () => {
    const huge = Array.from({ length: 400 }, (_, index) =>
      claimed(`vpce-${index}`, 'REGRESSION', 'HIGH', {
        after: snapshot({
          status: 'FAIL',
          message: 'x'.repeat(1500),
          evidencePreview: JSON.stringify({ big: 'y'.repeat(1900) }),
        }),
      }),
    );
    const [message] = compose(huge);
    const body = snsMessageBody(message as NonNullable<typeof message>);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(250_000);
    expect(JSON.parse(JSON.parse(body).sqs)).toMatchObject({ text: null, omitted: 380 });
    expect(JSON.parse(body).email).toMatch(/cut to fit the SNS size limit/);
  });
});

describe('hostile strings in an alert', () => {
  it('reach the email text visibly, never as escape sequences or bidi overrides', () => {
    // Issue 17, case 5: a value planted in the estate (a resource id, a policy value echoed in a
    // message) must not write to a subscriber's clipboard or reorder what they read.
    const hostile = claimed('vpce-1\u001b]52;c;ZXZpbA==\u0007', 'REGRESSION', 'HIGH', {
      after: snapshot({
        status: 'FAIL',
        message: 'policy \u202eFDP\u202c \u009b2J allows any principal',
        evidencePreview: '{"v":"\u001b[2J"}',
      }),
    });
    const [message] = compose([hostile]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters.
    expect(message?.text).not.toMatch(/[\u001b\u0007\u009b\u202e\u202c]/);
    expect(message?.text).toContain('vpce-1\\x1b]52;c;ZXZpbA==\\x07');
    expect(message?.text).toContain('\\u202eFDP\\u202c');
    expect(message?.subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
