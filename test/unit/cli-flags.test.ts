/** The CLI's shared flag parsers and its one mapping from outcomes to exit codes. */
import { CommanderError } from 'commander';
import { exitCodeOfError, exitCodeOfStatus } from '../../src/cli/exit-codes';
import { parseLifecycle, parseSeconds } from '../../src/cli/flags';
import { FabkitError, usageError } from '../../src/errors';
import { thrown } from '../helpers/thrown';

describe('parseSeconds', () => {
  it.each([
    ['120', 120_000],
    ['0.5', 500],
    ['1800', 1_800_000],
  ])('%s seconds → %d ms', (value, ms) => {
    expect(parseSeconds(value)).toBe(ms);
  });

  it.each(['abc', '', ' ', '0', '-5', 'NaN', 'Infinity', '10s'])('"%s" is a usage error naming the flag', (value) => {
    const error = thrown(() => parseSeconds(value, '--timeout'));
    expect(error).toMatchObject({ code: 'INVALID_TIMEOUT', kind: 'usage' });
    expect(error.message).toContain(`--timeout "${value}"`);
  });

  it('names the flag it was given', () => {
    expect(thrown(() => parseSeconds('x', '--wait')).message).toContain('--wait "x"');
  });
});

describe('parseLifecycle', () => {
  it('takes 1.x, 2.x or nothing', () => {
    expect(parseLifecycle('1.x')).toBe('1.x');
    expect(parseLifecycle('2.x')).toBe('2.x');
    expect(parseLifecycle(undefined)).toBeUndefined();
  });

  it.each(['2', '1.4', 'v2', ''])('"%s" is a usage error', (value) => {
    expect(thrown(() => parseLifecycle(value))).toMatchObject({ code: 'INVALID_LIFECYCLE', kind: 'usage' });
  });
});

describe('exit codes', () => {
  it('a command that ran is 0, or 1 when it reports a failed result', () => {
    expect(exitCodeOfStatus(undefined)).toBe(0);
    expect(exitCodeOfStatus('ok')).toBe(0);
    expect(exitCodeOfStatus('failed')).toBe(1);
  });

  it('a usage error is 2, any other error 1', () => {
    expect(exitCodeOfError(usageError('X', 'bad input'))).toBe(2);
    expect(exitCodeOfError(new FabkitError('X', 'failed'))).toBe(1);
    expect(exitCodeOfError(new Error('boom'))).toBe(1);
    expect(exitCodeOfError('boom')).toBe(1);
  });

  it('a command line commander rejects is 2; its help is 0', () => {
    expect(exitCodeOfError(new CommanderError(1, 'commander.unknownOption', 'unknown option'))).toBe(2);
    expect(exitCodeOfError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
  });
});
