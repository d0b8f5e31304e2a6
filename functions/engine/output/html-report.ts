/**
 * A scan as one self-contained HTML page (no script, no external font, stylesheet or image), for
 * a person rather than a pipeline: a verdict, the posture per service, failing findings first
 * with their evidence and fix, then what could not be checked, the TLS matrix per endpoint, and
 * the passing findings folded away.
 *
 * Every value from the estate is escaped: tag values, policy documents and certificate subjects
 * are written by whoever controls the account, and must never become markup.
 */
import { displayText } from '../text.ts';
import { SEVERITIES, type Severity, severityRank } from '../types.ts';
import type { JsonFinding, JsonScanDocument, JsonTlsEndpoint } from './json.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text and attribute values, escaped for HTML. */
export const escapeHtml = (value: unknown): string =>
  displayText(String(value ?? '')).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

const TLS_COLUMNS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
const VERSION_LABEL: Record<string, string> = {
  SSLv3: 'SSL 3.0',
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};

const STYLE = `
:root{--fail:#b42318;--error:#7a2e98;--pass:#137333;--muted:#5f6368;--line:#dadce0;--bg:#f8f9fa}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#202124;background:#fff}
header{padding:24px 32px;border-bottom:1px solid var(--line);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px}main{padding:0 32px 48px;max-width:1200px}
.meta{color:var(--muted);font-size:13px}.verdict{display:inline-block;margin-top:12px;padding:6px 12px;border-radius:6px;font-weight:600}
.verdict.fail{background:#fce8e6;color:var(--fail)}.verdict.error{background:#f3e8fd;color:var(--error)}.verdict.pass{background:#e6f4ea;color:var(--pass)}
.counts{display:flex;gap:12px;flex-wrap:wrap;margin-top:12px}.count{padding:8px 14px;border:1px solid var(--line);border-radius:8px;background:#fff}
.count b{display:block;font-size:20px}table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}th{background:var(--bg);font-weight:600}
.bar{height:8px;background:#fce8e6;border-radius:4px;min-width:80px}.bar span{display:block;height:8px;background:var(--pass);border-radius:4px}
.finding{border:1px solid var(--line);border-left:6px solid var(--fail);border-radius:8px;padding:12px 16px;margin:12px 0}
.finding.ERROR{border-left-color:var(--error)}.finding.PASS{border-left-color:var(--pass)}.finding.NOT_APPLICABLE{border-left-color:var(--line)}
.finding h3{font-size:15px;margin:0 0 4px}.finding .id{font-family:ui-monospace,monospace;font-size:13px;color:var(--muted)}
.sev{display:inline-block;font-size:12px;font-weight:700;padding:1px 8px;border-radius:10px;margin-right:8px;color:#fff}
.sev.CRITICAL{background:#7f1d1d}.sev.HIGH{background:var(--fail)}.sev.MEDIUM{background:#c26401}.sev.LOW{background:#5f6368}.sev.INFO{background:#9aa0a6}
.label{color:var(--muted);font-size:13px;margin-top:8px}pre{background:var(--bg);padding:8px;border-radius:6px;overflow:auto;font-size:12px;margin:4px 0}
.cell{font-weight:600;text-align:center}.cell.accepted{color:var(--fail)}.cell.accepted.ok{color:var(--pass)}.cell.refused{color:var(--muted)}.cell.error{color:var(--error)}
details>summary{cursor:pointer;color:var(--muted)}.empty{color:var(--muted)}
`;

const sortFailingFirst = (a: JsonFinding, b: JsonFinding): number =>
  severityRank(b.severity) - severityRank(a.severity) ||
  a.checkId.localeCompare(b.checkId) ||
  a.resourceId.localeCompare(b.resourceId);

const isActiveFail = (finding: JsonFinding): boolean => finding.status === 'FAIL' && finding.suppression?.state !== 'active';

const findingCard = (finding: JsonFinding): string => `
<article class="finding ${escapeHtml(finding.status)}" data-check="${escapeHtml(finding.checkId)}" data-status="${escapeHtml(finding.status)}">
  <h3><span class="sev ${escapeHtml(finding.severity)}">${escapeHtml(finding.severity)}</span>${escapeHtml(finding.title)}</h3>
  <div class="id">${escapeHtml(finding.checkId)} · ${escapeHtml(finding.resourceType)} <b>${escapeHtml(finding.resourceId)}</b> · ${escapeHtml(finding.account)}/${escapeHtml(finding.region)}</div>
  <p>${escapeHtml(finding.message)}</p>
  ${finding.suppression ? `<div class="label">Suppression (${escapeHtml(finding.suppression.state)}, until ${escapeHtml(finding.suppression.expires)}): ${escapeHtml(finding.suppression.reason)}</div>` : ''}
  <details><summary>Evidence</summary><pre>${escapeHtml(JSON.stringify(finding.evidence, null, 2))}</pre></details>
  ${finding.status === 'PASS' || finding.status === 'NOT_APPLICABLE' ? '' : `<div class="label">Fix</div><div>${escapeHtml(finding.remediation)}</div>`}
</article>`;

const serviceTable = (document: JsonScanDocument): string => {
  const rows = Object.entries(document.summary.byService).map(([service, counts]) => {
    const ratio = counts.complianceRatio;
    return `<tr data-service="${escapeHtml(service)}"><td>${escapeHtml(service)}</td><td>${counts.pass}</td><td>${counts.fail}</td><td>${counts.error}</td>
<td>${ratio === null ? '<span class="empty">n/a</span>' : `<div class="bar" title="${Math.round(ratio * 100)}%"><span style="width:${Math.round(ratio * 100)}%"></span></div> ${Math.round(ratio * 100)}%`}</td></tr>`;
  });
  return `<table><thead><tr><th>Service</th><th>Pass</th><th>Fail</th><th>Error</th><th>Compliance</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
};

/**
 * Posture by framework control, from the controls each finding carries: what an auditor reads
 * first. A control with a FAIL or an ERROR among its findings is not evidenced in this scan.
 */
const frameworkTable = (document: JsonScanDocument): string => {
  const byControl = new Map<string, { pass: number; fail: number; error: number; checks: Set<string> }>();
  for (const finding of document.findings) {
    for (const control of finding.controls) {
      const counts = byControl.get(control) ?? { pass: 0, fail: 0, error: 0, checks: new Set<string>() };
      counts.checks.add(finding.checkId);
      if (finding.status === 'PASS' || (finding.status === 'FAIL' && finding.suppression?.state === 'active')) counts.pass++;
      else if (finding.status === 'FAIL') counts.fail++;
      else if (finding.status === 'ERROR') counts.error++;
      byControl.set(control, counts);
    }
  }
  if (byControl.size === 0) return '<p class="empty">No finding carries a framework mapping.</p>';
  const rows = [...byControl]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(
      ([control, counts]) =>
        `<tr data-control="${escapeHtml(control)}"><td>${escapeHtml(control)}</td><td>${counts.pass}</td><td>${counts.fail}</td><td>${counts.error}</td><td>${counts.fail || counts.error ? '<b>not evidenced</b>' : 'evidenced'}</td><td class="meta">${escapeHtml([...counts.checks].join(', '))}</td></tr>`,
    );
  return `<table><thead><tr><th>Control</th><th>Pass</th><th>Fail</th><th>Error</th><th>In this scan</th><th>Checks</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
};

/** A version the endpoint should not accept is shown as a failure, one it should as fine. */
const tlsCell = (endpoint: JsonTlsEndpoint, version: (typeof TLS_COLUMNS)[number]): string => {
  const probe = endpoint.versions.find((entry) => entry.version === version);
  if (!probe) return '<td class="cell refused">–</td>';
  const modern = version === 'TLSv1.2' || version === 'TLSv1.3';
  const label =
    probe.state === 'accepted' ? 'accepted' : probe.state === 'refused' ? 'refused' : probe.state === 'error' ? 'error' : 'n/t';
  const weak = probe.suites.filter((suite) => !suite.forwardSecret || suite.obsolete).length;
  const suites = probe.suites.length ? ` (${probe.suites.length} suites${weak ? `, ${weak} weak` : ''})` : '';
  return `<td class="cell ${escapeHtml(probe.state)}${modern && probe.state === 'accepted' && !weak ? ' ok' : ''}" data-version="${version}" title="${escapeHtml(probe.detail ?? label)}">${label}${suites}</td>`;
};

const tlsMatrix = (endpoints: readonly JsonTlsEndpoint[]): string => {
  if (!endpoints.length) return '<p class="empty">No TLS endpoint was probed in this scan.</p>';
  const rows = endpoints.map((endpoint) => {
    const certificate = endpoint.certificate;
    const days = certificate ? Math.floor((Date.parse(certificate.notAfter) - Date.now()) / 86_400_000) : undefined;
    const weak = endpoint.versions.flatMap((probe) => probe.suites).filter((suite) => !suite.forwardSecret || suite.obsolete);
    return `<tr data-endpoint="${escapeHtml(endpoint.endpoint)}"><td><b>${escapeHtml(endpoint.endpoint)}</b><div class="meta">${escapeHtml(endpoint.monitoredService ?? endpoint.origin)} · ${escapeHtml(endpoint.region)}${endpoint.status === 'complete' ? '' : ` · ${escapeHtml(endpoint.status)}`}</div></td>
${TLS_COLUMNS.map((version) => tlsCell(endpoint, version)).join('')}
<td>${weak.length ? escapeHtml([...new Set(weak.map((suite) => suite.name))].join(', ')) : '<span class="empty">none</span>'}</td>
<td>${escapeHtml(endpoint.tls13Groups.join(', ') || '–')}${endpoint.postQuantumHybrid ? ' <b>(PQ hybrid)</b>' : ''}</td>
<td>${certificate ? `${escapeHtml(certificate.trust)}${certificate.hostnameMatches ? '' : ', <b>wrong name</b>'}<div class="meta">${escapeHtml(certificate.key)} · ${days} days left</div>` : '<span class="empty">none</span>'}</td></tr>`;
  });
  return `<table class="tls"><thead><tr><th>Endpoint</th>${TLS_COLUMNS.map((version) => `<th>${VERSION_LABEL[version]}</th>`).join('')}<th>Without forward secrecy or obsolete</th><th>TLS 1.3 groups</th><th>Certificate</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
};

export const renderHtmlReport = (document: JsonScanDocument): string => {
  const { scan, summary } = document;
  const failing = document.findings.filter(isActiveFail).sort(sortFailingFirst);
  const errors = document.findings.filter((finding) => finding.status === 'ERROR').sort(sortFailingFirst);
  const rest = document.findings.filter((finding) => !isActiveFail(finding) && finding.status !== 'ERROR');
  const verdict = failing.length
    ? { kind: 'fail', text: `${failing.length} failing finding${failing.length === 1 ? '' : 's'}: traffic privacy is not proven` }
    : errors.length
      ? { kind: 'error', text: `${errors.length} check${errors.length === 1 ? '' : 's'} could not see: compliance not proven` }
      : { kind: 'pass', text: 'Every check passed' };
  const bySeverity = [...SEVERITIES]
    .reverse()
    .filter((severity: Severity) => summary.failingBySeverity[severity])
    .map((severity) => `${summary.failingBySeverity[severity]} ${severity}`)
    .join(', ');
  const title = `traffic-privacy-monitor · ${scan.account} · ${scan.regions.join(', ')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header>
<h1>Internetwork traffic privacy · account ${escapeHtml(scan.account)}</h1>
<div class="meta">${escapeHtml(scan.regions.join(', '))} · scanned ${escapeHtml(scan.startedAt)} in ${(scan.durationMs / 1000).toFixed(1)} s · ${scan.checks.length} checks · policy ${escapeHtml(scan.policy)} · ${escapeHtml(document.tool.name)} ${escapeHtml(document.tool.version)}</div>
<div class="verdict ${verdict.kind}" id="verdict">${escapeHtml(verdict.text)}${bySeverity ? ` (${escapeHtml(bySeverity)})` : ''}</div>
<div class="counts">${(['FAIL', 'ERROR', 'PASS', 'NOT_APPLICABLE'] as const)
    .map(
      (status) =>
        `<div class="count" data-count="${status}"><b>${status === 'FAIL' ? failing.length : summary.byStatus[status]}</b>${status === 'NOT_APPLICABLE' ? 'N/A' : status}</div>`,
    )
    .join('')}<div class="count" data-count="SUPPRESSED"><b>${summary.suppressed}</b>suppressed</div></div>
${scan.warnings.length ? `<ul>${scan.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('')}</ul>` : ''}
</header><main>
<section id="services"><h2>Posture by service</h2>${serviceTable(document)}</section>
<section id="frameworks"><h2>By framework</h2>${frameworkTable(document)}</section>
<section id="failing"><h2>Failing (${failing.length})</h2>${failing.map(findingCard).join('') || '<p class="empty">Nothing is failing.</p>'}</section>
<section id="errors"><h2>Could not check (${errors.length})</h2>${errors.map(findingCard).join('') || '<p class="empty">Every check could see what it needed.</p>'}</section>
<section id="tls"><h2>TLS: what each endpoint really accepts</h2>${tlsMatrix(document.tlsEndpoints ?? [])}</section>
<section id="passing"><h2>Passing, suppressed and not applicable (${rest.length})</h2><details><summary>Show ${rest.length} findings</summary>${rest.map(findingCard).join('')}</details></section>
</main></body></html>
`;
};
