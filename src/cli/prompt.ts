/** Interactive input on the terminal (the only place fabkit reads a TTY): secrets asked without echo. */
import * as readline from 'node:readline';
import { Writable } from 'node:stream';

/** Asks for a secret on the terminal without echoing it; undefined when stdin is not a TTY. */
export function secretPrompt(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      let muted = false;
      const output = new Writable({
        write(chunk: Buffer, _enc, cb) {
          if (!muted) process.stderr.write(chunk);
          cb();
        },
      });
      const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
      rl.question(question, (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
}
