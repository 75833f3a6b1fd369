/** The commands a deploy result tells other members to run: exact text, and pasted into a shell they give back the same argv. */
import execa from 'execa';
import { deployCommand, joinCommand, shellWord, toDoLine, versionText } from '../../src/workflows/chaincode/follow-up';

describe('versionText', () => {
  it.each([
    ['v0', 'v0'],
    ['V2', 'V2'],
    ['1', 'v1'],
    ['1.0', 'v1.0'],
  ])('%s prints as %s', (version, text) => expect(versionText(version)).toBe(text));
});

describe('deployCommand', () => {
  it('has --path and the version as given (never vv0)', () => {
    expect(
      deployCommand({ name: 'mycc', channelId: 'ourchannel', version: 'v0', path: 'chaincode/chaincode_example02/go' }),
    ).toBe('fabkit chaincode deploy mycc --channel ourchannel --version v0 --path chaincode/chaincode_example02/go');
  });

  it('quotes the policy and init args so that they paste as one word each', () => {
    const policy = "AND('m-AAAAAAAAAAAAAAAAAAAAAAAAAA.member','m-BBBBBBBBBBBBBBBBBBBBBBBBBB.member')";
    const ctor = '{"Args":["init","a","100","b","200"]}';
    const cmd = deployCommand({ name: 'mycc', channelId: 'ourchannel', version: '1', path: 'my cc', policy, ctor });
    expect(cmd).toBe(
      `fabkit chaincode deploy mycc --channel ourchannel --version 1 --path 'my cc' --policy 'AND('\\''m-AAAAAAAAAAAAAAAAAAAAAAAAAA.member'\\'','\\''m-BBBBBBBBBBBBBBBBBBBBBBBBBB.member'\\'')' -c '{"Args":["init","a","100","b","200"]}'`,
    );
  });

  it('pasted into bash, gives back exactly the intended argv', async () => {
    const policy = "OR('m-A.member','m-B.member')";
    const ctor = `{"Args":["init","it's","1"]}`;
    const cmd = deployCommand({ name: 'cc', channelId: 'ch', version: 'v0', path: '/tmp/a b', policy, ctor });
    const argv = (await execa('bash', ['-c', `printf '%s\\n' ${cmd.replace(/^fabkit /, '')}`])).stdout.split('\n');
    expect(argv).toEqual([
      'chaincode',
      'deploy',
      'cc',
      '--channel',
      'ch',
      '--version',
      'v0',
      '--path',
      '/tmp/a b',
      '--policy',
      policy,
      '-c',
      ctor,
    ]);
  });

  it('leaves plain words unquoted', () => {
    expect(shellWord('chaincode/example02')).toBe('chaincode/example02');
    expect(shellWord('a b')).toBe("'a b'");
  });
});

describe('joinCommand and toDoLine (what apply prints for a member given by its bundle)', () => {
  it('words a join as deploy words its follow-ups', () => {
    expect(toDoLine('m-B', 'join ch1', joinCommand('ch1'))).toBe(
      'm-B: join ch1 (`fabkit channel join ch1` on its machine)',
    );
  });
});
