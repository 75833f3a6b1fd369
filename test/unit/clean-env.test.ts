import { cleanEnv } from '../../src/runtime/clean-env';

describe('cleanEnv: the one environment fabkit starts processes with', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('takes only PATH and HOME from our environment, so stray Fabric variables cannot leak in', () => {
    process.env = { PATH: '/x/bin:/usr/bin', HOME: '/home/u', CORE_PEER_ADDRESS: 'stray:1', FABRIC_CFG_PATH: '/stray' };
    expect(cleanEnv()).toEqual({ PATH: '/x/bin:/usr/bin', HOME: '/home/u' });
  });

  it('adds what the caller passes, which wins over PATH and HOME', () => {
    process.env = { PATH: '/x/bin', HOME: '/home/u' };
    expect(cleanEnv({ FABRIC_CFG_PATH: '/cfg', HOME: '/other' })).toEqual({
      PATH: '/x/bin',
      HOME: '/other',
      FABRIC_CFG_PATH: '/cfg',
    });
  });

  it('falls back to a usable PATH and HOME when ours has none', () => {
    process.env = {};
    expect(cleanEnv()).toEqual({ PATH: '/usr/bin:/bin', HOME: '/tmp' });
  });
});
