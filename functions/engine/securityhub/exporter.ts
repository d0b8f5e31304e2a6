/**
 * Where ASFF findings go: the account's own Security Hub, through BatchImportFindings on its
 * default product, in batches of at most 100 (the API's limit), one region's hub per region.
 * It never throws: every finding comes back imported or failed with the reason, so the caller
 * keeps the failed ones queued (the baseline's export outbox) and counts them.
 */
import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { chunk } from '../concurrency.ts';
import { describeError, errorCode } from '../errors.ts';
import { ASFF_FINDING_LIMIT_BYTES, type AsffFinding, asffSizeOf } from './asff.ts';

/** BatchImportFindings accepts at most 100 findings per call. */
export const IMPORT_BATCH_SIZE = 100;

export interface FindingsExporter {
  /** Where findings go, for logs and run summaries. */
  readonly name: string;
  /** Imports the findings; the failed ones by Id with the reason, every other one was accepted. */
  import(findings: readonly AsffFinding[]): Promise<{ readonly failed: ReadonlyMap<string, string> }>;
}

/** What a hub that is off (or a role without the grant) answers; the whole batch failed, and why. */
const explain = (error: unknown, region: string): string => {
  const code = errorCode(error) ?? '';
  if (code === 'InvalidAccessException')
    return `Security Hub is not enabled in ${region} for this account (InvalidAccessException): enable it (aws securityhub enable-security-hub --region ${region}) or turn the export off`;
  if (/AccessDenied/i.test(code))
    return `the role may not import findings in ${region} (${code}): grant securityhub:BatchImportFindings on the account's default product`;
  return `BatchImportFindings failed in ${region}: ${describeError(error)}`;
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
      for (const batch of chunk(inRegion, IMPORT_BATCH_SIZE)) {
        try {
          const answer = await this.#clientFor(region).send(new BatchImportFindingsCommand({ Findings: batch }));
          for (const entry of answer.FailedFindings ?? [])
            failed.set(entry.Id ?? '', `${entry.ErrorCode ?? 'failed'}: ${entry.ErrorMessage ?? 'no reason given'}`);
        } catch (error) {
          const reason = explain(error, region);
          for (const finding of batch) failed.set(finding.Id ?? '', reason);
        }
      }
    }
    return { failed };
  }
}
