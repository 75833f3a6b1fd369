/** Port checks for the devnet: is something listening, can we bind, refuse to start on a busy port. */
import * as net from 'node:net';
import { FabkitError } from '../errors';
import type { Addressing, Listener } from './addresses';

/** Resolves true when something accepts TCP connections on host:port. */
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

/** Why this process could not bind host:port right now (an errno code such as EADDRINUSE), or undefined when it could. */
export function bindError(port: number, host = '127.0.0.1'): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'EUNKNOWN'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** Resolves true when this process could bind host:port right now. */
export async function canBind(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await bindError(port, host)) === undefined;
}

/** Fails with a clear error naming every busy address:port (or an address this machine cannot bind) before anything is started. */
export async function assertPortsFree(listeners: readonly Listener[], addressing: Addressing): Promise<void> {
  const errors = await Promise.all(listeners.map(async (l) => ({ ...l, code: await bindError(l.port, l.host) })));
  const unbindable = errors.filter((e) => e.code === 'EADDRNOTAVAIL');
  if (unbindable.length > 0) {
    const hosts = [...new Set(unbindable.map((e) => e.host))];
    throw new FabkitError(
      'ADDRESS_UNAVAILABLE',
      `This machine cannot listen on ${hosts.join(', ')}: extra loopback addresses are not available here`,
      {
        hint: 'Linux routes all of 127.0.0.0/8 to the loopback interface; elsewhere (macOS, some containers) add the addresses to lo, or start the devnet on 127.0.0.1 alone with --base-port (e.g. --base-port 7050).',
        details: { hosts },
      },
    );
  }
  const busy = errors.filter((e) => e.code !== undefined).map((e) => `${e.port} on ${e.host}`);
  if (busy.length > 0) {
    const other =
      addressing.mode === 'block'
        ? `on other addresses with --address-block (e.g. --address-block ${nextBlock(addressing.first)})`
        : `on other ports with --base-port (e.g. --base-port ${addressing.basePort + 1000})`;
    throw new FabkitError(
      'PORT_BUSY',
      `${busy.length > 1 ? 'Ports' : 'Port'} ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} already in use`,
      {
        hint: `Stop whatever listens there (ss -ltnp | grep ${busy[0]?.split(' ')[0] ?? ''}), or start the devnet ${other}.`,
        details: { busy },
      },
    );
  }
}

/** The same last octet in the next /24 (127.0.30.1 -> 127.0.31.1). */
function nextBlock(first: string): string {
  const [a, b, c, d] = first.split('.').map(Number);
  return (c ?? 0) < 255 ? `${a}.${b}.${(c ?? 0) + 1}.${d}` : `${a}.${(b ?? 0) + 1}.0.${d}`;
}
