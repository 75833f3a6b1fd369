/**
 * fabric-common's log goes to <home>/logs/fabric-sdk.log unless the host configured it, and the
 * host's environment is never changed. Each test loads fabric-common afresh (its logger lives
 * on `global.hfc`, made when its modules load).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitFor } from '../../src/runtime/wait-for';
import type * as SdkLogging from '../../src/sdk/sdk-logging';

interface SdkUtils {
  getLogger(name: string): { warn(m: string): void; info(m: string): void; error(m: string): void };
}

/** Routes the SDK log for `home`, then loads fabric-common as the gateway does and returns its Utils. */
function routeThenLoad(home: string): SdkUtils {
  let utils: SdkUtils | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../../src/sdk/sdk-logging') as typeof SdkLogging).routeSdkLogging(home);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    utils = (require('fabric-common') as { Utils: SdkUtils }).Utils;
  });
  if (utils === undefined) throw new Error('fabric-common did not load');
  return utils;
}

const fileContaining = (file: string, text: string): Promise<string> =>
  waitFor(async () => (fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text) ? true : undefined), {
    what: `${file} to contain ${text}`,
    timeoutMs: 10_000,
    intervalMs: 20,
  }).then(() => fs.readFileSync(file, 'utf8'));

let home: string;
const hostSetting = process.env.HFC_LOGGING;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-sdk-log-'));
  delete (globalThis as { hfc?: unknown }).hfc;
  delete process.env.HFC_LOGGING;
});

afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
  if (hostSetting === undefined) delete process.env.HFC_LOGGING;
  else process.env.HFC_LOGGING = hostSetting;
});

describe('routeSdkLogging', () => {
  it("sends fabric-common's warnings and errors to <home>/logs/fabric-sdk.log, not its info, and leaves process.env alone", async () => {
    const utils = routeThenLoad(home);
    expect(process.env.HFC_LOGGING).toBeUndefined();
    utils.getLogger('fabkit-test').info('an info line');
    utils.getLogger('fabkit-test').warn('a warning line');
    const text = await fileContaining(path.join(home, 'logs', 'fabric-sdk.log'), 'a warning line');
    expect(text).not.toContain('an info line');
  });

  it("keeps the host's HFC_LOGGING", async () => {
    const hostLog = path.join(home, 'host.log');
    process.env.HFC_LOGGING = JSON.stringify({ error: hostLog });
    const utils = routeThenLoad(home);
    expect(process.env.HFC_LOGGING).toBe(JSON.stringify({ error: hostLog }));
    utils.getLogger('fabkit-test').error('an error line');
    await fileContaining(hostLog, 'an error line');
    expect(fs.existsSync(path.join(home, 'logs'))).toBe(false);
  });

  it('changes nothing once fabric-common has made its logger', () => {
    routeThenLoad(home);
    const other = path.join(home, 'other');
    fs.mkdirSync(other);
    routeThenLoad(other);
    expect(fs.existsSync(path.join(other, 'logs'))).toBe(false);
  });
});
