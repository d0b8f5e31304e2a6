/** `tpm report`'s input handling: what it says, and which exit code, when the input is not a scan. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { toJsonDocument } from '../../functions/engine/output/json.ts';
import { finding, scanResult } from '../support/baseline.ts';
import { captureIo } from '../support/io.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpm-report-input-'));
  await writeFile(join(dir, 'broken.json'), '{"schemaVersion": 1,');
  await writeFile(join(dir, 'policy.json'), '{"version": 1}');
  // A genuine document whose TLS entry lost the fields the matrix renders (an older or hand-trimmed
  // file): issue 17 case 7, where the report crashed with exit 70 half-way through rendering.
  const document = toJsonDocument(scanResult([finding('vpce-1', 'FAIL')]), { policy: 'p.yaml', apiCalls: {} });
  const trimmedTls = {
    ...document,
    tlsEndpoints: [{ endpoint: 'db.example:443', versions: [{ version: 'TLSv1.2', state: 'accepted' }] }],
  };
  await writeFile(join(dir, 'trimmed-tls.json'), JSON.stringify(trimmedTls));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('tpm report input', () => {
  it.each([
    ['broken.json', /broken\.json: is not JSON/],
    ['missing.json', /missing\.json: cannot be read/],
    ['policy.json', /policy\.json: is not a tpm scan document:\n {2}- schemaVersion: must be 1/],
    ['trimmed-tls.json', /trimmed-tls\.json: is not a tpm scan document:\n {2}- tlsEndpoints\[0\]\.region: /],
  ])('refuses %s with exit 3, naming the file and the problem', async (file, message) => {
    const io = captureIo();
    expect(await main(['report', join(dir, file), '-o', join(dir, 'out.html')], io)).toBe(EXIT.config);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\bat \S+:\d+:\d+/); // no stack trace
  });

  it('asks for the input when none is named', async () => {
    const io = captureIo();
    expect(await main(['report'], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('name the scan document: tpm report scan.json (or - for stdin)');
  });
});
