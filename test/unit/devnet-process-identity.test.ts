/** A recorded devnet process is named by PID and start time, so a reused PID is never taken for it. */
import { isOwnAlive, procStartTicks, sameProcess } from '../../src/devnet/processes';

describe('devnet process identity', () => {
  it('matches on the recorded start time when there is one', () => {
    expect(sameProcess({ command: '/b/peer', startTicks: 100 }, { startTicks: 100, argv0: 'x' })).toBe(true);
    expect(sameProcess({ command: '/b/peer', startTicks: 100 }, { startTicks: 101, argv0: '/b/peer' })).toBe(false);
    expect(sameProcess({ command: '/b/peer', startTicks: 100 }, { argv0: '/b/peer' })).toBe(false);
  });

  it('falls back to the command line for records without a start time', () => {
    expect(sameProcess({ command: '/b/peer' }, { argv0: '/b/peer' })).toBe(true);
    expect(sameProcess({ command: '/b/peer' }, { argv0: 'peer' })).toBe(true);
    expect(sameProcess({ command: '/b/peer' }, { argv0: '/usr/bin/sleep' })).toBe(false);
    expect(sameProcess({ command: '/b/peer' }, {})).toBe(false);
  });

  it('reads this process from /proc, and refuses it under another start time', () => {
    const ticks = procStartTicks(process.pid);
    expect(ticks).toBeGreaterThan(0);
    expect(isOwnAlive({ pid: process.pid, command: process.execPath, startTicks: ticks })).toBe(true);
    expect(isOwnAlive({ pid: process.pid, command: process.execPath, startTicks: (ticks ?? 0) + 1 })).toBe(false);
  });
});
