/**
 * The terminal table: what a person sees of each failing finding, and never a control sequence
 * that came from the estate (issue 17, case 5) — only the table's own colours.
 */
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../functions/engine/output/table.ts';
import { finding, scanResult } from '../../support/baseline.ts';

const hostile = finding('vpce-1\u001b]52;c;ZXZpbA==\u0007', 'FAIL', {
  message: 'VPC endpoint policy value "\u001b]0;owned\u0007\u001b[2J\u202eFDP" allows any principal',
});

describe('renderTable', () => {
  it('lists failing findings with their resource and message, and a summary line', () => {
    const text = renderTable(scanResult([finding('vpce-1', 'FAIL'), finding('vpce-2', 'PASS')]), {
      all: false,
      width: 100,
      color: false,
    });
    expect(text).toContain('FAIL   HIGH      vpc_endpoint_policy_wildcard_principal_bounded');
    expect(text).toContain('VPC endpoint vpce-1 policy allows any principal');
    expect(text).not.toContain('vpce-2');
    expect(text).toContain('1 FAIL (1 HIGH) · 0 ERROR · 1 PASS');
  });

  it('shows hostile resource ids and messages visibly, without colour', () => {
    const text = renderTable(scanResult([hostile]), { all: false, width: 120, color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\u202e');
    expect(text).toContain('vpce-1\\x1b]52;c;ZXZpbA==\\x07');
  });

  it('with colour, every escape sequence is one of its own SGR colour codes', () => {
    const text = renderTable(scanResult([hostile]), { all: false, width: 120, color: true });
    const escapes = text.split('\u001b').slice(1);
    expect(escapes.length).toBeGreaterThan(0);
    for (const tail of escapes) expect(tail).toMatch(/^\[[0-9;]*m/);
  });
});
