/** Removes a secret (and its URL-encoded form) from text before it reaches a log or an error. */
export function redactSecret(text: string, secret: string): string {
  if (!secret) return text;
  let out = text;
  for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  return out;
}
