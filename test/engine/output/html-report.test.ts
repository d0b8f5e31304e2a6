/**
 * The HTML report as text: what it shows first, what it folds away, and that nothing from the
 * estate can become markup. The same page in a real browser is tested in test/cli/report-browser.test.ts.
 */
import { describe, expect, it } from 'vitest';

import { InputError } from '../../../functions/engine/errors.ts';
import { escapeHtml, renderHtmlReport } from '../../../functions/engine/output/html-report.ts';
import { type JsonTlsEndpoint, parseScanDocument, toJsonDocument } from '../../../functions/engine/output/json.ts';
import { finding, scanResult } from '../../support/baseline.ts';

const tlsEndpoint = (overrides: Partial<JsonTlsEndpoint> = {}): JsonTlsEndpoint => ({
  endpoint: 'pinpoint.us-east-1.amazonaws.com:443',
  region: 'us-east-1',
  monitoredService: 'pinpoint',
  origin: 'catalog',
  status: 'complete',
  unstable: [],
  versions: [
    { version: 'SSLv3', state: 'refused', detail: 'handshake_failure', suites: [] },
    {
      version: 'TLSv1',
      state: 'accepted',
      detail: null,
      suites: [{ name: 'AES128-SHA', forwardSecret: false, obsolete: false }],
    },
    {
      version: 'TLSv1.2',
      state: 'accepted',
      detail: null,
      suites: [{ name: 'ECDHE-RSA-AES128-GCM-SHA256', forwardSecret: true, obsolete: false }],
    },
    {
      version: 'TLSv1.3',
      state: 'accepted',
      detail: null,
      suites: [{ name: 'TLS_AES_128_GCM_SHA256', forwardSecret: true, obsolete: false }],
    },
  ],
  tls13Groups: ['x25519', 'X25519MLKEM768'],
  postQuantumHybrid: true,
  certificate: {
    subject: 'CN=pinpoint',
    issuer: 'CN=demo CA',
    notAfter: '2099-01-01T00:00:00.000Z',
    trust: 'trusted',
    hostnameMatches: true,
    key: 'RSA 2048',
  },
  handshakes: 17,
  durationMs: 40,
  ...overrides,
});

const documentOf = (findings: ReturnType<typeof finding>[], endpoints: JsonTlsEndpoint[] = []) => ({
  ...toJsonDocument(scanResult(findings), { policy: 'policy.yaml', apiCalls: {} }),
  tlsEndpoints: endpoints,
});

describe('renderHtmlReport', () => {
  it('never lets estate text become markup', () => {
    const hostile = finding('vpce-1', 'FAIL', {
      message: 'endpoint tagged <script>window.pwned=1</script>',
      evidence: { tag: '"><img src=x onerror=alert(1)>' },
    });
    const html = renderHtmlReport(documentOf([hostile]));
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    // And the page itself runs no script at all.
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script\b/);
    expect(escapeHtml(`a&b<"'>`)).toBe('a&amp;b&lt;&quot;&#39;&gt;');
  });

  it('shows failing findings first, most severe first, and folds the passing ones away', () => {
    const html = renderHtmlReport(
      documentOf([
        finding('vpce-pass', 'PASS'),
        finding('vpce-medium', 'FAIL', { severity: 'MEDIUM' }),
        finding('vpce-error', 'ERROR'),
        finding('vpce-critical', 'FAIL', { severity: 'CRITICAL' }),
      ]),
    );
    const order = [...html.matchAll(/<b>(vpce-[a-z]+)<\/b>/g)].map((match) => match[1]);
    expect(order).toEqual(['vpce-critical', 'vpce-medium', 'vpce-error', 'vpce-pass']);
    expect(html.indexOf('id="failing"')).toBeLessThan(html.indexOf('id="errors"'));
    expect(html.slice(html.indexOf('id="passing"'))).toMatch(/<details><summary>Show 1 findings<\/summary>.*vpce-pass/s);
    expect(html).toContain('2 failing findings: traffic privacy is not proven (1 CRITICAL, 1 MEDIUM)');
  });

  it('shows posture by framework control, from the mappings each finding carries', () => {
    // Prepare: the wildcard-principal check maps to AC-4 and SC-7; the TLS minimum version to SC-8(1) and PCI 4.2.1.
    const html = renderHtmlReport(
      documentOf([
        finding('vpce-ok', 'PASS'),
        finding('vpce-open', 'FAIL'),
        finding('pinpoint:443', 'PASS', { checkId: 'tls_endpoint_minimum_version_enforced' }),
      ]),
    );
    // Assess
    const section = html.slice(html.indexOf('id="frameworks"'), html.indexOf('id="failing"'));
    expect(section).toMatch(
      /data-control="NIST.800-53.r5 AC-4"><td>NIST.800-53.r5 AC-4<\/td><td>1<\/td><td>1<\/td><td>0<\/td><td><b>not evidenced<\/b>/,
    );
    expect(section).toMatch(
      /data-control="PCI DSS v4.0\/4.2.1"><td>PCI DSS v4.0\/4.2.1<\/td><td>1<\/td><td>0<\/td><td>0<\/td><td>evidenced/,
    );
    expect(section).toContain('tls_endpoint_minimum_version_enforced');
  });

  it('says when nothing was proven, and when everything passed', () => {
    expect(renderHtmlReport(documentOf([finding('vpce-1', 'ERROR')]))).toContain('1 check could not see: compliance not proven');
    expect(renderHtmlReport(documentOf([finding('vpce-1', 'PASS')]))).toContain('Every check passed');
  });

  it('draws the TLS matrix: old versions accepted stand out, modern ones without weak suites do not', () => {
    const html = renderHtmlReport(documentOf([], [tlsEndpoint()]));
    expect(html).toContain('<td class="cell accepted" data-version="TLSv1"');
    expect(html).toContain('<td class="cell accepted ok" data-version="TLSv1.3"');
    expect(html).toContain('<td class="cell refused" data-version="SSLv3" title="handshake_failure">refused</td>');
    expect(html).toContain('(PQ hybrid)');
    expect(html).toMatch(/<td>AES128-SHA<\/td>/);
  });
});

describe('parseScanDocument', () => {
  it('accepts what tpm scan --format json prints', () => {
    const document = documentOf([finding('vpce-1', 'FAIL')]);
    expect(parseScanDocument(JSON.parse(JSON.stringify(document)), 'scan.json').findings).toHaveLength(1);
  });

  it('reads back exactly what the writer wrote: one schema for both sides', () => {
    const document = documentOf([finding('vpce-1', 'FAIL'), finding('vpce-2', 'PASS')], [tlsEndpoint()]);
    const json = JSON.parse(JSON.stringify(document));
    expect(parseScanDocument(json, 'scan.json')).toEqual(json);
  });

  it('names the file and the first wrong fields of something else', () => {
    expect(() => parseScanDocument({ schemaVersion: 2 }, 'other.json')).toThrow(InputError);
    expect(() => parseScanDocument({ schemaVersion: 2 }, 'other.json')).toThrow(
      /other\.json: is not a tpm scan document:\n {2}- schemaVersion: must be 1/,
    );
  });
});
