/**
 * Amazon Managed Blockchain admin password rules. Pure.
 *
 * SECURITY: the password is never placed in a message, hint or details, not even partly
 * (no length, no offending characters), so issues and errors are safe to log and print.
 */
import type { ValidationIssue } from './issue';
import { assertNoIssues, makeIssue } from './issue';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 32;
const CODE = 'INVALID_ADMIN_PASSWORD';
const SUBJECT = 'Admin password';

interface PasswordRule {
  readonly rule: string;
  readonly broken: (password: string) => boolean;
  readonly reason: string;
  readonly hint: string;
}

const RULES: readonly PasswordRule[] = [
  {
    rule: 'length',
    broken: (p) => [...p].length < PASSWORD_MIN_LENGTH || [...p].length > PASSWORD_MAX_LENGTH,
    reason: `it must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`,
    hint: `Choose a password of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`,
  },
  {
    rule: 'uppercase',
    broken: (p) => !/[A-Z]/.test(p),
    reason: 'it must contain at least one uppercase letter',
    hint: 'Add an uppercase letter (A-Z).',
  },
  {
    rule: 'lowercase',
    broken: (p) => !/[a-z]/.test(p),
    reason: 'it must contain at least one lowercase letter',
    hint: 'Add a lowercase letter (a-z).',
  },
  {
    rule: 'digit',
    broken: (p) => !/[0-9]/.test(p),
    reason: 'it must contain at least one digit',
    hint: 'Add a digit (0-9).',
  },
  {
    rule: 'forbidden-characters',
    // AMB refuses ' " / \ @ % and spaces; other whitespace (tabs, newlines) is refused too.
    broken: (p) => /['"/\\@%\s]/.test(p),
    reason: 'it must not contain \' " / \\ @ % or spaces',
    hint: 'Remove any \' " / \\ @ % and whitespace characters; other punctuation such as ! # $ & * is allowed.',
  },
];

/** Returns one issue per broken rule. Issues never contain the password. */
export function validateAdminPassword(password: string): ValidationIssue[] {
  return RULES.filter((r) => r.broken(password)).map((r) =>
    makeIssue({ code: CODE, rule: r.rule, subject: SUBJECT, reason: r.reason, hint: r.hint }),
  );
}

/** Throws a usage FabkitError listing every broken rule; the error never contains the password. */
export function assertAdminPassword(password: string): void {
  assertNoIssues(SUBJECT, validateAdminPassword(password));
}
