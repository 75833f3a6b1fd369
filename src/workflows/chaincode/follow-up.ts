/** What the deploy result tells other members to run: commands that work when pasted, and versions printed once. Pure. */

/** "v0" stays "v0", "1" becomes "v1": a version as text, never "vv0". */
export function versionText(version: string): string {
  return /^v/i.test(version) ? version : `v${version}`;
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface DeployCommandInput {
  readonly name: string;
  readonly channelId: string;
  readonly version: string;
  /** The chaincode folder as the user gave it (the other member has the same layout on its machine). */
  readonly path: string;
  readonly policy?: string;
  readonly ctor?: string;
}

/** `fabkit chaincode deploy …` with every flag the same definition needs, quoted for pasting. */
export function deployCommand(d: DeployCommandInput): string {
  return [
    'fabkit',
    'chaincode',
    'deploy',
    d.name,
    '--channel',
    d.channelId,
    '--version',
    d.version,
    '--path',
    d.path,
    ...(d.policy === undefined ? [] : ['--policy', d.policy]),
    ...(d.ctor === undefined ? [] : ['-c', d.ctor]),
  ]
    .map(shellWord)
    .join(' ');
}

/** `fabkit channel join <channel>`, quoted for pasting. */
export function joinCommand(channelId: string): string {
  return ['fabkit', 'channel', 'join', channelId].map(shellWord).join(' ');
}

/** A line of what another member still has to do, as deploy words it: "<member ID>: <what> (`<command>` on its machine)". */
export function toDoLine(memberId: string, what: string, command: string): string {
  return `${memberId}: ${what} (\`${command}\` on its machine)`;
}
