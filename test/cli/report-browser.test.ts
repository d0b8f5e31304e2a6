/**
 * The report in a real browser (Debian's Chromium, driven by playwright-core): a scan of the
 * seeded lab estate, plus one hostile finding, rendered by `tpm report`, opened from disk with
 * the network shut. A screenshot is kept in test-artifacts/ for people to look at.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.ts';
import { main } from '../../cli/main.ts';
import { AwsClients } from '../../functions/engine/collectors/aws-clients.ts';
import { toJsonDocument } from '../../functions/engine/output/json.ts';
import { runScan } from '../../functions/engine/scan/scan.ts';
import { MOTO_ACCOUNT } from '../../lab/moto.ts';
import { seedDemoAccount } from '../../lab/seed.ts';
import { captureIo } from '../support/io.ts';
import { useLab } from '../support/lab.ts';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const handle = useLab();
let browser: Browser;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpm-report-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tpm report in a browser', () => {
  it('renders the scan readably, failing first, with the TLS matrix, and runs nothing it was given', async () => {
    const clients = new AwsClients(handle.lab.clientOptions);
    let input = '';
    try {
      await seedDemoAccount(clients, MOTO_ACCOUNT, 'us-east-1', handle.lab.aws);
      const scan = await runScan({ policy: handle.lab.policy, regions: ['us-east-1'], clients });
      const document = toJsonDocument(scan, { policy: handle.lab.policy.source, apiCalls: {} });
      // A tag value an attacker controls, as a message would carry it.
      const [first] = document.findings;
      const hostile = { ...first, message: 'tagged <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>' };
      input = join(dir, 'scan.json');
      await writeFile(input, JSON.stringify({ ...document, findings: [hostile, ...document.findings.slice(1)] }));
    } finally {
      clients.destroy();
    }
    const output = join(dir, 'report.html');
    const io = captureIo();
    expect(await main(['report', input, '--output', output], io)).toBe(EXIT.ok);
    expect(io.err()).toMatch(/report: \d+ findings, 3 TLS endpoints → /);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(pathToFileURL(output).href);

    expect(await page.title()).toBe('traffic-privacy-monitor · 123456789012 · us-east-1');
    expect(await page.textContent('#verdict')).toBe(
      '9 failing findings: traffic privacy is not proven (7 HIGH, 1 MEDIUM, 1 LOW)',
    );
    const failing = page.locator('#failing article.finding');
    expect(await failing.count()).toBe(9);
    expect(await failing.first().locator('.sev').textContent()).toBe('HIGH');
    expect(await page.locator('#services tr[data-service="vpc"] td').nth(2).textContent()).toBe('6');
    // The legacy Pinpoint stand-in: TLS 1.0 accepted, shown as such; TLS 1.3 fine.
    const pinpoint = page.locator('tr[data-endpoint="pinpoint.us-east-1.amazonaws.com:443"]');
    expect(await pinpoint.locator('td[data-version="TLSv1"]').getAttribute('class')).toBe('cell accepted');
    expect(await pinpoint.locator('td[data-version="TLSv1"]').textContent()).toMatch(/^accepted \(\d+ suites, 1 weak\)$/);
    expect(await pinpoint.locator('td[data-version="TLSv1.3"]').getAttribute('class')).toBe('cell accepted ok');
    // Passing findings are there, folded away.
    expect(await page.locator('#passing article').count()).toBeGreaterThan(50);
    expect(await page.locator('#passing article').first().isVisible()).toBe(false);
    // The hostile text is text: shown literally, never run.
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#failing').textContent()).toContain('<script>window.pwned=2</script>');
    // A self-contained page: the file itself, and nothing from anywhere.
    expect(requested).toEqual([pathToFileURL(output).href]);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.close();
  });
});
