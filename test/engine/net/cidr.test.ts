import { describe, expect, it } from 'vitest';
import { addressCount, isCoveredBy, isWorldOpen, parseCidr } from '../../../functions/engine/net/cidr.ts';

describe('cidr', () => {
  it.each([
    ['10.0.0.0/8', 4, 8],
    ['10.1.2.3', 4, 32],
    ['2001:db8::/32', 6, 32],
    ['::/0', 6, 0],
    ['::ffff:192.0.2.1', 6, 128],
  ])('parses %s', (text, family, prefix) => {
    expect(parseCidr(text)).toMatchObject({ family, prefix });
  });

  it.each(['10.0.0.0/33', '300.1.1.1/8', '10.0.0.0/8/1', 'abc', '2001:db8::/129', '10.0.0.0/x'])('rejects %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('normalizes host bits to the network start', () => {
    const range = parseCidr('10.1.2.3/16');
    expect(range?.start).toBe(parseCidr('10.1.0.0/16')?.start);
  });

  it('knows the whole internet in both families', () => {
    expect(isWorldOpen('0.0.0.0/0')).toBe(true);
    expect(isWorldOpen('::/0')).toBe(true);
    expect(isWorldOpen('0.0.0.0/1')).toBe(false);
  });

  it.each([
    ['10.1.2.0/24', ['10.0.0.0/8'], true],
    ['10.0.0.0/8', ['10.0.0.0/9', '10.128.0.0/9'], true],
    ['10.0.0.0/8', ['10.128.0.0/9'], false],
    ['10.0.0.0/8', ['10.0.0.0/9', '10.128.0.0/10'], false],
    ['0.0.0.0/0', ['10.0.0.0/8'], false],
    ['2001:db8:1::/48', ['2001:db8::/32'], true],
    ['2001:db8::/32', ['10.0.0.0/8'], false],
    ['192.168.1.1/32', ['192.168.1.0/24'], true],
    ['192.168.1.0/24', [], false],
  ])('%s is covered by %j: %s', (candidate, allowed, expected) => {
    expect(isCoveredBy(candidate, allowed)).toBe(expected);
  });

  it('counts addresses exactly, even for IPv6', () => {
    expect(addressCount('10.0.0.0/8')).toBe(16_777_216n);
    expect(addressCount('::/0')).toBe(2n ** 128n);
  });
});
