/**
 * The JSON scan document's one schema (output/json.ts): what the writer writes, the reader reads
 * back unchanged; a document from before a field existed still reads (its default); a document
 * missing what a report needs is an InputError naming the field; fields a later version adds are
 * dropped, never rejected (the contract in the README).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../functions/engine/errors.ts';
import { parseScanDocument, toJsonDocument } from '../../../functions/engine/output/json.ts';
import { finding, scanResult } from '../../support/baseline.ts';

const written = () =>
  JSON.parse(
    JSON.stringify(
      toJsonDocument(scanResult([finding('vpce-1', 'PASS'), finding('vpce-2', 'FAIL')]), {
        policy: 'policy.yaml',
        apiCalls: { 'EC2.DescribeVpcEndpoints': 1 },
      }),
    ),
  ) as Record<string, unknown> & { findings: Record<string, unknown>[] };

describe('the JSON scan document', () => {
  it('reads back exactly what the writer wrote, controls included', () => {
    // Prepare
    const document = written();
    // Act
    const read = parseScanDocument(document, 'scan.json');
    // Assess
    expect(read).toEqual(document);
    expect(read.findings[1]?.controls).toEqual(['NIST.800-53.r5 AC-4', 'NIST.800-53.r5 SC-7']);
  });

  it('reads a document written before controls and tlsEndpoints existed, with their defaults', () => {
    const { tlsEndpoints: _dropped, ...older } = written();
    const findings = older.findings.map(({ controls: _none, ...rest }) => rest);
    const read = parseScanDocument({ ...older, findings }, 'old.json');
    expect(read.findings.map((entry) => entry.controls)).toEqual([[], []]);
    expect(read.tlsEndpoints).toEqual([]);
  });

  it('names the missing field of a trimmed document, and drops fields it does not know', () => {
    const document = written();
    const trimmed = { ...document, findings: [{ ...document.findings[0], status: undefined }] };
    expect(() => parseScanDocument(trimmed, 'trimmed.json')).toThrow(InputError);
    expect(() => parseScanDocument(trimmed, 'trimmed.json')).toThrow(/findings\[0\]\.status: /);
    const newer = parseScanDocument({ ...document, addedLater: { anything: true } }, 'newer.json');
    expect(newer).not.toHaveProperty('addedLater');
  });
});
