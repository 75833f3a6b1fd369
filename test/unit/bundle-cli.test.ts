import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import type { MemberCommandOptions } from '../../src/cli/commands/member';
import { registerMemberCommands } from '../../src/cli/commands/member';
import type { Output } from '../../src/cli/output';
import { reportError } from '../../src/cli/output';
import type { MemberHome } from '../helpers/bundle-fixture';
import { makeMemberHome, ORG1_ID, ORG2_ID } from '../helpers/bundle-fixture';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';

let pki: TestPki;
let work: string;
let org1: MemberHome;
let org2: MemberHome;

beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-bundle-cli-'));
  org1 = await makeMemberHome(path.join(work, 'org1'), ORG1_ID, 'org1', pki);
  org2 = await makeMemberHome(path.join(work, 'org2'), ORG2_ID, 'org2', pki);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

interface Ran {
  value?: Record<string, unknown>;
  text?: string;
  error?: unknown;
}

async function cli(args: string[], options: MemberCommandOptions = {}): Promise<Ran> {
  const ran: Ran = {};
  const program = new Command('fabkit').exitOverride();
  registerMemberCommands(
    program,
    async (action, json) => {
      const out: Output = {
        json,
        progress: () => undefined,
        endProgress: () => undefined,
        result: (value, human) => {
          ran.value = value as Record<string, unknown>;
          ran.text = human();
        },
      };
      try {
        await action(out);
      } catch (error) {
        ran.error = error;
      }
    },
    options,
  );
  await program.parseAsync(args, { from: 'user' });
  return ran;
}

describe('fabkit member …', () => {
  it('export → import → list → show, with --json', async () => {
    const out = path.join(work, 'org2.json');
    const exported = await cli(['member', 'export', '--home', org2.home, '--out', out, '--json']);
    expect(exported.error).toBeUndefined();
    expect(exported.value).toMatchObject({ ok: true, outcome: 'written', file: out, memberId: ORG2_ID });
    expect(exported.text).toContain('SHA256 ');

    const asked: string[] = [];
    const imported = await cli(['member', 'import', out, '--home', org1.home], {
      memberExists: () => async (id) => {
        asked.push(id);
        return true;
      },
    });
    expect(imported.error).toBeUndefined();
    expect(imported.value).toMatchObject({
      ok: true,
      outcome: 'imported',
      memberId: ORG2_ID,
      memberCheck: 'confirmed',
    });
    expect(asked).toEqual([ORG2_ID]);

    const listed = await cli(['member', 'list', '--home', org1.home, '--json']);
    expect((listed.value?.['members'] as { memberId: string }[]).map((m) => m.memberId)).toEqual([ORG2_ID]);
    expect(listed.text).toContain(ORG2_ID);

    const own = await cli(['member', 'show', '--home', org2.home]);
    const bundle = await cli(['member', 'show', out]);
    const member = await cli(['member', 'show', '--member', ORG2_ID, '--home', org1.home]);
    const fingerprints = (r: Ran): string[] =>
      (r.text ?? '')
        .split('\n')
        .filter((l) => l.includes('SHA256 '))
        .map((l) => l.trim());
    expect(fingerprints(own)).toHaveLength(4);
    expect(fingerprints(bundle)).toEqual(fingerprints(own));
    expect(fingerprints(member)).toEqual(fingerprints(own));
  });

  it('member import exits 2 for every bundle refused for what is in the file, tampered and badly signed ones too', async () => {
    const good = path.join(work, 'org2.json');
    expect((await cli(['member', 'export', '--home', org2.home, '--out', good])).error).toBeUndefined();
    const text = fs.readFileSync(good, 'utf8');
    const edited = (name: string, change: (t: string) => string): string => {
      const file = path.join(work, name);
      fs.writeFileSync(file, change(text));
      return file;
    };
    const signature = text.indexOf('"value": "') + '"value": "'.length + 20;
    const cases: [string, string][] = [
      ['BUNDLE_TAMPERED', edited('tampered.json', (t) => t.replace('"memberName": "org2"', '"memberName": "org3"'))],
      [
        'BUNDLE_BAD_SIGNATURE',
        edited(
          'bad-signature.json',
          (t) => `${t.slice(0, signature)}${t[signature] === 'A' ? 'B' : 'A'}${t.slice(signature + 1)}`,
        ),
      ],
      ['BUNDLE_TRUNCATED', edited('truncated.json', (t) => t.slice(0, t.length / 2))],
    ];
    for (const [code, file] of cases) {
      const ran = await cli(['member', 'import', file, '--home', org1.home, '--json']);
      expect((ran.error as { code?: string }).code).toBe(code);
      expect(reportError(ran.error, false, new PassThrough(), new PassThrough())).toBe(2);
    }
    expect(fs.existsSync(org1.profile.paths.membersDir)).toBe(false);
  });

  it('show refuses a bundle and --member together', async () => {
    const ran = await cli(['member', 'show', 'x.json', '--member', ORG2_ID]);
    expect((ran.error as { code?: string }).code).toBe('MEMBER_SHOW_CONFLICT');
  });

  it('list with nothing imported says how to import', async () => {
    expect((await cli(['member', 'list', '--home', org1.home])).text).toContain('fabkit member import <bundle>');
  });
});
