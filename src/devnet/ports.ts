/** Port checks for the devnet: is something listening, can we bind, refuse to start on a busy port. */
import * as net from 'node:net';
import { FabkitError } from '../errors';

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolves true when this process could bind 127.0.0.1:port right now. */
export function canBind(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with a clear error naming every busy port before anything is started. */
export async function assertPortsFree(ports: readonly number[], basePort: number): Promise<void> {
  const busy: number[] = [];
  for (const port of ports) if (!(await canBind(port))) busy.push(port);
  if (busy.length > 0) {
    throw new FabkitError(
      'PORT_BUSY',
      `Port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} on 127.0.0.1 ${busy.length > 1 ? 'are' : 'is'} already in use`,
      {
        hint: `Stop whatever listens there (ss -ltnp | grep ${busy[0]}), or start the devnet on other ports with --base-port (e.g. --base-port ${basePort + 1000}).`,
        details: { busy },
      },
    );
  }
}
