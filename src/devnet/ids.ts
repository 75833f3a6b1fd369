/** AMB-shaped IDs (n-, m-, nd- + 26 upper-case letters and digits) and admin passwords that meet AMB's rule. */
import { randomBytes, randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** An AMB-shaped resource ID: prefix, dash, 26 upper-case letters and digits (m-…, n-…, nd-…). */
export function ambId(prefix: 'n' | 'm' | 'nd'): string {
  const bytes = randomBytes(26);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}-${out}`;
}

/**
 * A password that satisfies AMB's admin password rules: 8-32 characters, with upper, lower
 * and digit, and none of ' " / \ @ % or space.
 */
export function ambPassword(): string {
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const lower = 'abcdefghijkmnopqrstuvwxyz';
  const digits = '23456789';
  const all = upper + lower + digits;
  const pick = (set: string): string => set.charAt(randomInt(set.length));
  let out = pick(upper) + pick(lower) + pick(digits);
  while (out.length < 20) out += pick(all);
  return out;
}
