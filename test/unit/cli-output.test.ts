import { PassThrough } from 'node:stream';
import { makeOutput } from '../../src/cli/output';

function capture(tty: boolean): { stream: NodeJS.WritableStream; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  Object.assign(stream, { isTTY: tty });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('CLI progress output', () => {
  it('on a terminal, a run of "waiting" lines updates one line in place and the next line starts fresh', () => {
    const out = capture(false);
    const err = capture(true);
    const o = makeOutput(false, out.stream, err.stream);
    o.progress('creating mychannel');
    o.progress('waiting for block 0 of mychannel (1s)');
    o.progress('waiting for block 0 of mychannel (2s)');
    o.progress('joining peer p:1');
    o.progress('waiting for p:1 to list mychannel (0s)');
    o.result({ ok: true }, () => 'done');
    expect(err.text()).toBe(
      '· creating mychannel\n\r\u001b[2K· waiting for block 0 of mychannel (1s)\r\u001b[2K· waiting for block 0 of mychannel (2s)\n· joining peer p:1\n\r\u001b[2K· waiting for p:1 to list mychannel (0s)\n',
    );
    expect(out.text()).toBe('done\n');
  });

  it('in logs (no terminal) and with --json every line is kept as it is', () => {
    for (const json of [false, true]) {
      const err = capture(false);
      const o = makeOutput(json, capture(false).stream, err.stream);
      o.progress('waiting for x (1s)');
      o.progress('waiting for x (2s)');
      o.endProgress();
      expect(err.text()).toBe(
        json ? 'waiting for x (1s)\nwaiting for x (2s)\n' : '· waiting for x (1s)\n· waiting for x (2s)\n',
      );
    }
  });
});
