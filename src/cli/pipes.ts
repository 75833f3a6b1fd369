/** Output to a closed pipe (`fabkit … | head`) ends quietly: the command goes on and exits with its own code. */

const quieted = new WeakSet<NodeJS.WritableStream>();

/**
 * Node reports a write to a pipe whose reader has gone (EPIPE) as an 'error' event, which kills the
 * process with a stack trace when nobody listens. Once the reader is gone there is no one to tell:
 * the rest of the output is dropped and the exit code stays the command's.
 */
export function endQuietlyOnClosedPipe(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    if (quieted.has(stream)) continue;
    quieted.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') return;
      throw error;
    });
  }
}
