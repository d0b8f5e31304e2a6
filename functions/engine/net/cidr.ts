/**
 * CIDR arithmetic for IPv4 and IPv6 as bigint intervals. Security-group and Lustre-port checks
 * ask one question — "is every address this rule admits inside the allowed set?" — and answer
 * it exactly, including allowed sets made of several adjacent blocks.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface CidrRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
  readonly prefix: number;
  readonly text: string;
}

const ipv4ToBigInt = (address: string): bigint =>
  address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);

const ipv6ToBigInt = (address: string): bigint => {
  let text = address;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hextets.
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail?.[1]) {
    const v4 = ipv4ToBigInt(v4Tail[1]);
    text = `${text.slice(0, -v4Tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const hextets = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return hextets.reduce((value, hextet) => (value << 16n) | BigInt(Number.parseInt(hextet || '0', 16)), 0n);
};

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128). Undefined if invalid. */
export const parseCidr = (text: string): CidrRange | undefined => {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : undefined;
  if (!family) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const hostBits = BigInt(bits - prefix);
  const start = (value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { family, start, end, prefix, text: text.trim() };
};

export const isValidCidr = (text: string): boolean => parseCidr(text) !== undefined;

/** True for 0.0.0.0/0 and ::/0, the two ways a rule says "the whole internet". */
export const isWorldOpen = (text: string): boolean => {
  const range = parseCidr(text);
  return range !== undefined && range.prefix === 0;
};

/**
 * True when every address of `candidate` lies inside the union of `allowed` (same family only).
 *
 * @example
 * isCoveredBy('10.1.2.0/24', ['10.0.0.0/9', '10.128.0.0/9']) // true
 */
export const isCoveredBy = (candidate: string, allowed: readonly string[]): boolean => {
  const target = parseCidr(candidate);
  if (!target) return false;
  const ranges = allowed
    .map(parseCidr)
    .filter((range): range is CidrRange => range !== undefined && range.family === target.family)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  // Sweep the sorted ranges, extending the contiguous reach from the target's first address;
  // any gap before the target's last address means some admitted address is not allowed.
  let reach = target.start - 1n;
  for (const range of ranges) {
    if (range.start > reach + 1n) return false;
    if (range.end > reach) reach = range.end;
    if (reach >= target.end) return true;
  }
  return false;
};

/** Number of addresses in a CIDR, for evidence ("admits 16,777,216 addresses"). */
export const addressCount = (text: string): bigint | undefined => {
  const range = parseCidr(text);
  return range ? range.end - range.start + 1n : undefined;
};
