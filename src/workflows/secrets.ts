/** Admin passwords, never from argv: the environment, a devnet's credentials file, or a prompt the caller passes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profilePathOf } from '../config/home-layout';
import { loadProfile } from '../config/load';
import type { Profile } from '../config/resolve';
import { FabkitError, usageError } from '../errors';

export const PASSWORD_ENV = 'FABKIT_ADMIN_PASSWORD';

type Prompt = (question: string) => Promise<string>;

/**
 * The admin password, never from argv: FABKIT_ADMIN_PASSWORD wins; then, for a devnet profile,
 * the devnet's credentials file (0600, next to its TLS chain); then a prompt on a TTY.
 */
export async function adminPassword(
  profile: Profile,
  env: NodeJS.ProcessEnv,
  prompt?: Prompt,
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

/**
 * The admin password of a member about to be created (`invitation accept`, `onboard`), never from
 * argv: FABKIT_ADMIN_PASSWORD wins; else, with a prompt (a terminal), it is asked twice and must match.
 */
export async function newAdminPassword(
  who: { readonly adminUser: string; readonly memberName: string },
  env: NodeJS.ProcessEnv,
  prompt?: Prompt,
): Promise<string> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (prompt) {
    const first = await prompt(`New CA admin password for ${who.adminUser} of member ${who.memberName}: `);
    const again = await prompt('Repeat it: ');
    if (first !== again)
      throw usageError(
        'PASSWORD_MISMATCH',
        'The two passwords typed differ',
        'Run the command again and type the same password twice.',
      );
    if (first) return first;
  }
  throw new FabkitError('PASSWORD_MISSING', `No admin password for the new member ${who.memberName}`, {
    kind: 'usage',
    hint: `Set ${PASSWORD_ENV} (it is never read from the command line), or run in a terminal to be prompted.`,
  });
}

/**
 * The password `fabkit onboard` works with: the existing member's (see adminPassword) once the home
 * has a profile, else a new one for the member the invitation creates (see newAdminPassword).
 */
export async function onboardPassword(
  home: string,
  who: { readonly adminUser: string; readonly memberName: string },
  env: NodeJS.ProcessEnv,
  prompt?: Prompt,
): Promise<string> {
  if (fs.existsSync(profilePathOf(home))) return (await adminPassword(loadProfile(home).profile, env, prompt)).password;
  return newAdminPassword(who, env, prompt);
}
