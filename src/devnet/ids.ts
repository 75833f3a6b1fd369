/** AMB-shaped IDs (n-, m-, nd- + 26 upper-case letters and digits) and admin passwords that meet AMB's rule. */
import { randomBytes, randomInt } from 'node:crypto';
import { usageError } from '../errors';
import { validateAdminPassword } from '../validate/password';

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

/** Where `devnet up` reads a chosen bootstrap admin password from. */
export const DEVNET_PASSWORD_ENV = 'FABKIT_DEVNET_ADMIN_PASSWORD';

/**
 * The bootstrap admin password chosen in $FABKIT_DEVNET_ADMIN_PASSWORD, checked with AMB's rule
 * (the one `onboard` applies): a password AMB would refuse is a usage error. The error never
 * quotes the password. Undefined when the variable is unset or empty.
 */
export function chosenDevnetPassword(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const password = env[DEVNET_PASSWORD_ENV];
  if (password === undefined || password === '') return undefined;
  const issues = validateAdminPassword(password).filter((i) => i.severity === 'error');
  if (issues.length > 0) {
    throw usageError(
      'INVALID_ADMIN_PASSWORD',
      `${DEVNET_PASSWORD_ENV} is invalid: ${issues.map((i) => i.reason).join('; ')}`,
      `${[...new Set(issues.map((i) => i.hint))].join(' ')} AMB refuses such a password for a member's admin, and so does fabkit onboard; unset it to get a random one.`,
      { rules: issues.map((i) => i.rule) },
    );
  }
  return password;
}
