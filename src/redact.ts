/** The one redactor: removes a secret (a password, or a PEM key) from text before it reaches a log or an error. */

/** PEM body lines shorter than this are not redacted on their own: they could match ordinary text. */
const MIN_LINE_LENGTH = 17;

/**
 * Replaces every occurrence of `secret` in `text` with `***`: the secret as given, its
 * URL-encoded form, and, for a secret of several lines (a PEM private key), each of its body
 * lines, so that a key can never leak through an SDK message that prints part of it.
 */
export function redactSecret(text: string, secret: string): string {
  if (!secret) return text;
  const lines = secret.includes('\n')
    ? secret
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length >= MIN_LINE_LENGTH && !l.startsWith('-----'))
    : [];
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret), ...lines])) out = out.split(form).join('***');
  return out;
}
