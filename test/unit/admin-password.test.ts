/** Passwords for a member about to be created: from the environment or asked twice, never from argv. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newAdminPassword, onboardPassword, PASSWORD_ENV } from '../../src/workflows/secrets';
import { ORG1_ID, profileYaml } from '../helpers/bundle-fixture';
import { rejected } from '../helpers/thrown';

const WHO = { adminUser: 'AdminUser', memberName: 'org2' };

/** A prompt that answers in turn and records the questions. */
function answering(...answers: string[]): { prompt: (q: string) => Promise<string>; questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    prompt: async (question) => {
      questions.push(question);
      return answers.shift() ?? '';
    },
  };
}

describe('newAdminPassword', () => {
  it('takes FABKIT_ADMIN_PASSWORD first, without asking', async () => {
    const asked = answering('Other1pass');
    expect(await newAdminPassword(WHO, { [PASSWORD_ENV]: 'Secret123' }, asked.prompt)).toBe('Secret123');
    expect(asked.questions).toEqual([]);
  });

  it('asks twice on a terminal and takes the answer when both match', async () => {
    const asked = answering('Secret123', 'Secret123');
    expect(await newAdminPassword(WHO, {}, asked.prompt)).toBe('Secret123');
    expect(asked.questions).toEqual(['New CA admin password for AdminUser of member org2: ', 'Repeat it: ']);
  });

  it('two different answers are a usage error', async () => {
    const asked = answering('Secret123', 'Secret124');
    expect(await rejected(newAdminPassword(WHO, {}, asked.prompt))).toMatchObject({
      code: 'PASSWORD_MISMATCH',
      kind: 'usage',
    });
  });

  it('no environment and no terminal (or an empty answer) is a usage error naming the variable', async () => {
    for (const prompt of [undefined, answering('', '').prompt]) {
      const error = await rejected(newAdminPassword(WHO, {}, prompt));
      expect(error).toMatchObject({ code: 'PASSWORD_MISSING', kind: 'usage' });
      expect(error.hint).toContain(PASSWORD_ENV);
    }
  });
});

describe('onboardPassword', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-onboard-pw-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it("asks for a new member's password while the home has no profile", async () => {
    const asked = answering('Secret123', 'Secret123');
    expect(await onboardPassword(home, WHO, {}, asked.prompt)).toBe('Secret123');
    expect(asked.questions[0]).toContain('New CA admin password');
  });

  it("asks once for the existing member's password when the home has one", async () => {
    fs.writeFileSync(path.join(home, 'fabkit.yaml'), profileYaml(ORG1_ID, 'org1'));
    const asked = answering('Secret123');
    expect(await onboardPassword(home, WHO, {}, asked.prompt)).toBe('Secret123');
    expect(asked.questions).toEqual(['Password for AdminUser at ca.org1.example.com:30002: ']);
  });
});
