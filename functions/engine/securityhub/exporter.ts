/**
 * Where ASFF findings go: the account's own Security Hub, through BatchImportFindings on its
 * default product, in batches within the API's limits (100 findings, 6 MB), one region's hub per
 * region. It never throws: every finding comes back imported or failed with the reason, so the
 * caller keeps the failed ones queued (the baseline's export outbox) and counts them.
 *
 * Security Hub ignores an update whose UpdatedAt is not later than the finding's (the
 * BatchImportFindings guide), so a slow run's older state can never overwrite a newer one.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsClients } from '../collectors/aws-clients.ts';
import { describeError, errorCode } from '../errors.ts';
import { ASFF_FINDING_LIMIT_BYTES, type AsffFinding, asffSizeOf } from './asff.ts';

/** BatchImportFindings accepts at most 100 findings and 6 MB per call. */
export const IMPORT_BATCH_SIZE = 100;
export const IMPORT_BATCH_BYTES = 6 * 1024 * 1024;

/** Consecutive batches of at most `IMPORT_BATCH_SIZE` findings and `IMPORT_BATCH_BYTES` bytes. */
const batchesOf = (findings: readonly AsffFinding[]): AsffFinding[][] => {
  const batches: AsffFinding[][] = [];
  let current: AsffFinding[] = [];
  let bytes = 0;
  for (const finding of findings) {
    const size = asffSizeOf(finding);
    if (current.length === IMPORT_BATCH_SIZE || (current.length > 0 && bytes + size > IMPORT_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(finding);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
};

export interface FindingsExporter {
  /** Where findings go, for logs and run summaries. */
  readonly name: string;
  /** Imports the findings; the failed ones by Id with the reason, every other one was accepted. */
  import(findings: readonly AsffFinding[]): Promise<{ readonly failed: ReadonlyMap<string, string> }>;
}

/**
 * A failure in words: a hub that is off answers InvalidAccess (per finding in FailedFindings, or
 * for the whole call), a role without the grant AccessDenied.
 */
const explain = (code: string, detail: string, region: string): string => {
  if (code === 'InvalidAccessException' || code === 'InvalidAccess')
    return `Security Hub is not enabled in ${region} for this account (InvalidAccessException): enable it (aws securityhub enable-security-hub --region ${region}) or turn the export off`;
  if (/AccessDenied/i.test(code))
    return `the role may not import findings in ${region} (${code}): grant securityhub:BatchImportFindings on the account's default product`;
  return `BatchImportFindings failed in ${region}: ${detail}`;
};

export class SecurityHubExporter implements FindingsExporter {
  readonly name = 'AWS Security Hub';
  readonly #clientFor: (region: string) => SecurityHubClient;

  constructor(clientFor: (region: string) => SecurityHubClient) {
    this.#clientFor = clientFor;
  }

  async import(findings: readonly AsffFinding[]): Promise<{ failed: ReadonlyMap<string, string> }> {
    const failed = new Map<string, string>();
    const sendable: AsffFinding[] = [];
    for (const finding of findings) {
      if (asffSizeOf(finding) > ASFF_FINDING_LIMIT_BYTES) failed.set(finding.Id ?? '', 'the finding is larger than 240 KB');
      else sendable.push(finding);
    }
    for (const [region, inRegion] of Map.groupBy(sendable, (finding) => finding.Region ?? '')) {
      for (const batch of batchesOf(inRegion)) {
        try {
          const answer = await this.#clientFor(region).send(new BatchImportFindingsCommand({ Findings: batch }));
          for (const entry of answer.FailedFindings ?? []) {
            const detail = `${entry.ErrorCode ?? 'failed'}: ${entry.ErrorMessage ?? 'no reason given'}`;
            failed.set(
              entry.Id ?? '',
              entry.ErrorCode?.startsWith('InvalidAccess') ? explain(entry.ErrorCode, detail, region) : detail,
            );
          }
        } catch (error) {
          const reason = explain(errorCode(error) ?? '', describeError(error), region);
          for (const finding of batch) failed.set(finding.Id ?? '', reason);
        }
      }
    }
    return { failed };
  }
}

/**
 * The exporter for the account `clients` act in: each finding goes to the hub of its region. A
 * refused call is retried a little by the SDK; what still fails stays queued in the baseline.
 */
export const securityHubExporterFor = (clients: AwsClients): SecurityHubExporter =>
  new SecurityHubExporter((region) => clients.client(SecurityHubClient, region, { maxAttempts: 3 }));
