/** The admin password, found without argv: the environment, the devnet's credentials file, or a prompt. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import type { Profile } from '../config/resolve';

export const PASSWORD_ENV = 'FABKIT_ADMIN_PASSWORD';

/**
 * The admin password, never from argv: FABKIT_ADMIN_PASSWORD wins; then, for a devnet profile,
 * the devnet's credentials file (0600, next to its TLS chain); then a prompt on a TTY.
 */
export async function adminPassword(
  profile: Profile,
  env: NodeJS.ProcessEnv,
  prompt?: (question: string) => Promise<string>,
): Promise<{ password: string; source: string }> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv) return { password: fromEnv, source: PASSWORD_ENV };
  if (profile.target === 'devnet' && profile.tls.source?.kind === 'file') {
    const file = path.join(path.dirname(profile.tls.source.location), 'credentials.json');
    if (fs.existsSync(file)) {
      const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
        string,
        { AdminUsername: string; AdminPassword: string }
      >;
      const entry = creds[profile.member.id];
      if (entry && entry.AdminUsername === profile.member.adminUser)
        return { password: entry.AdminPassword, source: file };
    }
  }
  if (prompt) {
    const answer = await prompt(`Password for ${profile.member.adminUser} at ${profile.member.ca.address}: `);
    if (answer) return { password: answer, source: 'prompt' };
  }
  throw new FabkitError('PASSWORD_MISSING', `No password for ${profile.member.adminUser}`, {
    kind: 'usage',
    hint: `Set ${PASSWORD_ENV} (it is never read from the command line), or run in a terminal to be prompted.`,
  });
}
