/**
 * A TEST TOOL, not a double: a pass-through proxy on a unix socket in front of the REAL Docker
 * engine. Every byte goes to the engine unchanged and every answer comes back unchanged; the proxy
 * only keeps a copy of both directions of each connection, so that a test can say exactly what the
 * engine received during a whole flow (create options, their query string, exec argv and env) and
 * what it answered (inspect output, exec output). fabkit processes use it through DOCKER_HOST.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent (with dockerode's /vX.Y prefix when the client pins a version). */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

interface Connection {
  readonly toEngine: Buffer[];
  readonly fromEngine: Buffer[];
}

/** Where a DOCKER_HOST value points, as net.connect options. */
function engineOf(dockerHost: string): net.NetConnectOpts {
  if (dockerHost.startsWith('unix://')) return { path: dockerHost.slice('unix://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375) };
}

/** The body of one HTTP/1.1 message starting at `at` (headers parsed), and where the next one starts; undefined if incomplete. */
function bodyOf(
  buffer: Buffer,
  at: number,
  headers: Record<string, string>,
): { body: Buffer; next: number } | undefined {
  if ((headers['transfer-encoding'] ?? '').includes('chunked')) {
    const parts: Buffer[] = [];
    let cursor = at;
    for (;;) {
      const lineEnd = buffer.indexOf('\r\n', cursor);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.subarray(cursor, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return undefined;
      const start = lineEnd + 2;
      if (size === 0) return { body: Buffer.concat(parts), next: buffer.indexOf('\r\n', start) + 2 };
      if (start + size + 2 > buffer.length) return undefined;
      parts.push(buffer.subarray(start, start + size));
      cursor = start + size + 2;
    }
  }
  const length = Number(headers['content-length'] ?? 0);
  if (at + length > buffer.length) return undefined;
  return { body: buffer.subarray(at, at + length), next: at + length };
}

/** The HTTP requests in what a client sent on one connection, up to an upgrade (then the stream is raw). */
export function parseRequests(sent: Buffer): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  let at = 0;
  while (at < sent.length) {
    const headEnd = sent.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const [requestLine = '', ...lines] = sent.subarray(at, headEnd).toString('latin1').split('\r\n');
    const [method = '', target = ''] = requestLine.split(' ');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const parsed = bodyOf(sent, headEnd + 4, headers);
    if (!parsed) break;
    requests.push({ method, target, headers, body: parsed.body });
    if ((headers.connection ?? '').toLowerCase().includes('upgrade') || headers.upgrade !== undefined) break;
    at = parsed.next;
  }
  return requests;
}

export class RecordingDockerProxy {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-docker-proxy-'));
  private readonly connections: Connection[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  /** `engine`: the real engine's DOCKER_HOST (unix:// or tcp://). */
  constructor(private readonly engine: string) {
    // Half-open: a client may end its side (no stdin) while the engine still streams the answer.
    this.server = net.createServer({ allowHalfOpen: true }, (client) => this.pipe(client));
  }

  get socketPath(): string {
    return path.join(this.dir, 'docker.sock');
  }

  /** For DOCKER_HOST. */
  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => resolve());
    });
    // Other users may talk to the engine through it (a test runs fabkit as a non-root uid).
    fs.chmodSync(this.dir, 0o755);
    fs.chmodSync(this.socketPath, 0o666);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Everything clients sent to the engine, all connections. */
  sentToEngine(): Buffer {
    return Buffer.concat(this.connections.flatMap((c) => c.toEngine));
  }

  /** Everything the engine answered, all connections. */
  receivedFromEngine(): Buffer {
    return Buffer.concat(this.connections.flatMap((c) => c.fromEngine));
  }

  /** The HTTP requests the engine received, in the order the connections opened. */
  requests(): RecordedRequest[] {
    return this.connections.flatMap((c) => parseRequests(Buffer.concat(c.toEngine)));
  }

  /** The exec creations (`POST …/containers/{id}/exec`) the engine received: argv, env and user. */
  execs(): { argv: string[]; env: string[]; user: string | undefined }[] {
    return this.requests()
      .filter((r) => r.method === 'POST' && /\/containers\/[^/]+\/exec(\?|$)/.test(r.target))
      .map((r) => JSON.parse(r.body.toString('utf8')) as { Cmd: string[]; Env?: string[]; User?: string })
      .map((b) => ({ argv: b.Cmd, env: b.Env ?? [], user: b.User }));
  }

  private pipe(client: net.Socket): void {
    const connection: Connection = { toEngine: [], fromEngine: [] };
    this.connections.push(connection);
    const upstream = net.connect({ ...engineOf(this.engine), allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => {
      connection.toEngine.push(Buffer.from(chunk));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      connection.fromEngine.push(Buffer.from(chunk));
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }
}
