/**
 * TEST DOUBLE of the Docker Engine API. This is NOT Docker and runs no container.
 *
 * The docker runtime's tests run against a REAL engine (scripts/docker-engine.sh). This double
 * stays only for the faults a real engine cannot be made to produce on demand, and every test that
 * uses it says so in its name: an engine that drops its connections, an exec the engine still
 * reports as running after its stream ended, and a registry that answers (none answers here) or
 * fails in the middle of a download. It lets those tests drive the real dockerode and docker-modem
 * code over a real unix socket and real HTTP, against the subset of the Engine REST API that the
 * docker runtime uses:
 *
 *   [/v1.NN]  GET /_ping, GET /version           API 1.41, as Debian's dockerd 20.10; a client pinned to a
 *                                                newer version is refused with the engine's HTTP 400
 *             GET /images/{name}/json            404 until the image is "pulled"
 *             POST /images/create?fromImage&tag  newline-delimited JSON progress, then the image exists; a
 *                                                registry failure is an HTTP 500 before any progress (as the
 *                                                engine answers when no registry answers), a failure mid-download
 *                                                an error event in the stream
 *             POST /containers/create?name=      409 on a name conflict, 404 for a missing image
 *             GET /containers/{id|name}/json, GET /containers/json?all=
 *                                                Mounts in the engine's own order, not the create order
 *             POST /containers/{id}/start (304 when running)
 *             POST /containers/{id}/stop?t=      304 when stopped; takes the whole grace `t` (default 10 s)
 *                                                unless the container has an init and StopSignal SIGHUP, as a
 *                                                real engine does with the image's interactive /bin/bash
 *             DELETE /containers/{id}            409 when running unless ?force
 *             POST /containers/{id}/exec, GET /exec/{id}/json
 *             POST /exec/{id}/start              hijacked (`Connection: Upgrade` → 101 and frames on the
 *                                                socket, what dockerode sends with hijack: true) or a
 *                                                plain streamed 200; both carry the multiplexed format:
 *                                                8-byte header [1 stdout | 2 stderr, 0, 0, 0, uint32 BE size].
 *                                                A tool missing from the image: exit 126, the runtime's message
 *                                                on stdout, as the real engine
 *             anything else                      404 {"message": "page not found"}
 *
 * What an exec does here: the tool is looked up by name in a HOST directory of Fabric binaries
 * and run as a LOCAL process. Container paths in every argument, in the environment and in the
 * working directory are translated back to host paths through the container's binds (plus
 * /etc/hyperledger/fabric → the host config dir, which the fabric-tools image provides as
 * FABRIC_CFG_PATH). Every exec is recorded in `execs` as it reached the "container".
 *
 * What it does NOT do: no images are downloaded (a pull only streams made-up progress), no
 * container isolation, namespaces, networks or filesystem (a path outside every bind resolves on
 * the host, where a real container would not find it; a tool reads container paths from files
 * untranslated), no `/bin/bash` main process (a started container is just a flag), no stdin, no
 * TTY allocation semantics beyond unframed output, no auth, registries, volumes, logs, events or
 * any route not listed above.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface DockerEngineApiDoubleOptions {
  /** Host directory holding peer, configtxgen, configtxlator, osnadmin, … */
  readonly binDir: string;
  /** Host directory standing for the image's /etc/hyperledger/fabric (core.yaml, …). */
  readonly configDir: string;
  /** Images present at start (`name:tag`); default none, so the first `up` pulls. */
  readonly images?: readonly string[];
  /** Every connection is dropped at once, as by an engine that refuses clients; can be changed later with `refuse`. */
  readonly refuse?: boolean;
  /** Make image pulls fail at once with this message in an HTTP 500, before any progress (as the engine does when no registry answers). */
  readonly pullError?: string;
  /** Make image pulls stream some progress, then end with this error event (a registry failing mid-download). */
  readonly pullStreamError?: string;
  /** How many `GET /exec/{id}/json` calls still say Running after the process ended (the real engine can lag); also settable later. */
  readonly execInspectLag?: number;
}

/** One exec, as the "container" received it. */
export interface ExecRecord {
  readonly id: string;
  readonly containerId: string;
  /** Container-side argv (Cmd), before path translation. */
  readonly argv: readonly string[];
  /** Container-side exec Env (`KEY=VALUE`), before path translation; the container's own Env is not included. */
  readonly env: readonly string[];
  readonly workingDir: string | undefined;
  readonly tty: boolean;
  /** How the start request was answered: 101 + raw socket, or a plain streamed 200. */
  startedVia: 'upgrade' | 'http-200' | 'detached' | undefined;
  exitCode: number | undefined;
}

export interface RequestRecord {
  readonly method: string;
  /** Path and query without the /v1.NN prefix. */
  readonly path: string;
  readonly apiVersion: string | undefined;
  readonly upgrade: boolean;
}

interface Mount {
  readonly source: string;
  readonly target: string;
}

interface ContainerState {
  readonly id: string;
  readonly name: string;
  readonly created: string;
  readonly config: Record<string, unknown> & {
    Image: string;
    Env: string[];
    Cmd: string[];
    WorkingDir: string;
    Tty: boolean;
  };
  readonly binds: string[];
  readonly networkMode: string;
  readonly init: boolean;
  status: 'created' | 'running' | 'exited';
  startedAt: string;
}

interface ExecState {
  readonly record: ExecRecord;
  readonly container: ContainerState;
  running: boolean;
  started: boolean;
  lag: number;
  pid: number;
  child: ChildProcess | undefined;
}

interface Ctx {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly params: string[];
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
}

type Handler = (ctx: Ctx) => void | Promise<void>;
type FrameSink = { write(type: 1 | 2, data: Buffer): void; end(): void };

export const DOUBLE_API_VERSION = '1.41';
const IMAGE_ENV = [
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  'FABRIC_CFG_PATH=/etc/hyperledger/fabric',
];
const IMAGE_CONFIG_DIR = '/etc/hyperledger/fabric';
const hex = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');
const now = (): string => new Date().toISOString();
const VERSION_PREFIX = /^\/v(\d+\.\d+)(\/.*)$/;

/** `docker.io/library/x` → `x:latest`; the tag is kept when there is one. */
export function normalizeImage(ref: string): string {
  const bare = ref.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return /:[^/]+$/.test(bare) ? bare : `${bare}:latest`;
}

/** One frame of Docker's multiplexed stream format. */
export function frame(type: 1 | 2, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/**
 * Replaces container paths by host paths: a mount target matches at the start of a path
 * (not inside a longer name), e.g. `/opt/home/x`, `--file=/opt/home/x`, `unix:///host/var/run/docker.sock`.
 */
export function translatePaths(value: string, mounts: readonly Mount[]): string {
  if (mounts.length === 0) return value;
  const sorted = [...mounts].sort((a, b) => b.target.length - a.target.length);
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(?<![\\w.-])(${sorted.map((m) => escape(m.target)).join('|')})(?![\\w.-])`, 'g');
  return value.replace(pattern, (target) => sorted.find((m) => m.target === target)?.source ?? target);
}

const stripSlash = (p: string): string => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);

function mountsOf(binds: readonly string[]): Mount[] {
  return binds.map((bind) => {
    const [source = '', target = ''] = bind.split(':');
    return { source: stripSlash(source), target: stripSlash(target) };
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Api-Version': DOUBLE_API_VERSION,
  });
  res.end(text);
}

function empty(res: http.ServerResponse, status: number): void {
  res.writeHead(status, { 'Api-Version': DOUBLE_API_VERSION });
  res.end();
}

const notFound = (res: http.ServerResponse, message: string): void => json(res, 404, { message });

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonBody(buffer: Buffer): Record<string, unknown> {
  if (buffer.length === 0) return {};
  try {
    const value: unknown = JSON.parse(buffer.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The body of an upgrade request: Content-Length bytes from `head`, then from the socket. */
function readUpgradeBody(req: http.IncomingMessage, socket: net.Socket, head: Buffer): Promise<Buffer> {
  const length = Number(req.headers['content-length'] ?? 0);
  let buffer = head;
  if (buffer.length >= length) return Promise.resolve(buffer.subarray(0, length));
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < length) return;
      socket.off('data', onData);
      resolve(buffer.subarray(0, length));
    };
    socket.on('data', onData);
  });
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** The engine's answer to a client pinned to a newer API version than it has; undefined when it can serve it. */
function versionRefusal(apiVersion: string | undefined): string | undefined {
  if (apiVersion === undefined) return undefined;
  const [major = 0, minor = 0] = apiVersion.split('.').map(Number);
  const [maxMajor = 0, maxMinor = 0] = DOUBLE_API_VERSION.split('.').map(Number);
  if (major < maxMajor || (major === maxMajor && minor <= maxMinor)) return undefined;
  return `client version ${apiVersion} is too new. Maximum supported API version is ${DOUBLE_API_VERSION}`;
}

export class DockerEngineApiDouble {
  /** Every exec that reached a container, in order. */
  readonly execs: ExecRecord[] = [];
  /** Every request, in order (method, path without the version prefix, whether it asked for an upgrade). */
  readonly requests: RequestRecord[] = [];
  /** How many exec inspects still report Running after the process ended (the real engine can lag). */
  execInspectLag: number;
  readonly images = new Set<string>();
  private readonly containers = new Map<string, ContainerState>();
  private readonly execStates = new Map<string, ExecState>();
  private readonly sockets = new Set<net.Socket>();
  private refusing: boolean;
  private readonly options: DockerEngineApiDoubleOptions;
  private readonly dir: string;
  private readonly server: http.Server;
  private readonly routes: [string, RegExp, Handler][];

  constructor(options: DockerEngineApiDoubleOptions) {
    this.options = options;
    this.refusing = options.refuse ?? false;
    this.execInspectLag = options.execInspectLag ?? 0;
    for (const image of options.images ?? []) this.images.add(normalizeImage(image));
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-docker-double-'));
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    this.server.on('connection', (socket: net.Socket) => this.track(socket));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      void this.handleUpgrade(req, socket, head);
    });
    this.routes = this.buildRoutes();
  }

  /** The unix socket the double listens on (inside its own temporary directory). */
  get socketPath(): string {
    return path.join(this.dir, 'docker.sock');
  }

  /** For DOCKER_HOST. */
  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.socketPath;
  }

  /** Kills running execs, drops every connection, stops listening and removes the temporary directory. */
  async stop(): Promise<void> {
    for (const exec of this.execStates.values()) exec.child?.kill('SIGKILL');
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** When true, every connection is dropped at once, including the client's kept-alive ones. */
  get refuse(): boolean {
    return this.refusing;
  }

  set refuse(value: boolean) {
    this.refusing = value;
    if (value) for (const socket of this.sockets) socket.destroy();
  }

  /** A container's state by id or name, for assertions. */
  container(idOrName: string):
    | {
        id: string;
        name: string;
        image: string;
        running: boolean;
        config: ContainerState['config'];
        binds: readonly string[];
      }
    | undefined {
    const c = this.find(idOrName);
    return (
      c && {
        id: c.id,
        name: c.name,
        image: c.config.Image,
        running: c.status === 'running',
        config: c.config,
        binds: c.binds,
      }
    );
  }

  // ------------------------------------------------------------ plumbing

  private track(socket: net.Socket): void {
    if (this.refusing) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private split(url: string): { apiVersion: string | undefined; route: string; query: URLSearchParams; raw: string } {
    const parsed = new URL(url, 'http://docker');
    const match = VERSION_PREFIX.exec(parsed.pathname);
    const route = match?.[2] ?? parsed.pathname;
    return { apiVersion: match?.[1], route, query: parsed.searchParams, raw: `${route}${parsed.search}` };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { apiVersion, route, query, raw } = this.split(req.url ?? '/');
    this.requests.push({ method: req.method ?? 'GET', path: raw, apiVersion, upgrade: false });
    const body = parseJsonBody(await readBody(req));
    const refusal = versionRefusal(apiVersion);
    if (refusal) return json(res, 400, { message: refusal });
    for (const [method, pattern, handler] of this.routes) {
      const match = method === req.method ? pattern.exec(route) : null;
      if (match) {
        await Promise.resolve(handler({ req, res, params: match.slice(1).map(decodeURIComponent), query, body })).catch(
          (error: unknown) => json(res, 500, { message: String(error) }),
        );
        return;
      }
    }
    notFound(res, 'page not found');
  }

  private async handleUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): Promise<void> {
    const { apiVersion, route, raw } = this.split(req.url ?? '/');
    this.requests.push({ method: req.method ?? 'GET', path: raw, apiVersion, upgrade: true });
    const body = parseJsonBody(await readUpgradeBody(req, socket, head));
    const refusal = versionRefusal(apiVersion);
    const target = refusal ? { status: 400, message: refusal } : this.upgradeTarget(req.method, route);
    if ('status' in target) {
      const text = JSON.stringify({ message: target.message });
      socket.end(
        `HTTP/1.1 ${target.status} Error\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
      return;
    }
    const { exec } = target;
    const contentType = exec.record.tty
      ? 'application/vnd.docker.raw-stream'
      : 'application/vnd.docker.multiplexed-stream';
    socket.write(
      `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`,
    );
    exec.record.startedVia = body.Detach === true ? 'detached' : 'upgrade';
    this.runExec(exec, {
      write: (type, data) => {
        if (!socket.destroyed) socket.write(exec.record.tty ? data : frame(type, data));
      },
      end: () => socket.end(),
    });
  }

  /** Only `POST /exec/{id}/start` can be hijacked; anything else is refused as the engine would. */
  private upgradeTarget(
    method: string | undefined,
    route: string,
  ): { exec: ExecState } | { status: number; message: string } {
    const match = /^\/exec\/([^/]+)\/start$/.exec(route);
    if (!match || method !== 'POST') return { status: 404, message: 'page not found' };
    const exec = this.execStates.get(match[1] ?? '');
    if (!exec) return { status: 404, message: `No such exec instance: ${match[1]}` };
    return this.startRefusal(exec) ?? { exec };
  }

  private buildRoutes(): [string, RegExp, Handler][] {
    return [
      ['GET', /^\/_ping$/, ({ res }) => this.ping(res)],
      ['HEAD', /^\/_ping$/, ({ res }) => this.ping(res)],
      ['GET', /^\/version$/, ({ res }) => this.version(res)],
      ['GET', /^\/images\/(.+)\/json$/, ({ res, params }) => this.inspectImage(res, params[0] ?? '')],
      ['POST', /^\/images\/create$/, (ctx) => this.pull(ctx)],
      ['POST', /^\/containers\/create$/, (ctx) => this.create(ctx)],
      ['GET', /^\/containers\/json$/, ({ res, query }) => this.list(res, query)],
      ['GET', /^\/containers\/([^/]+)\/json$/, ({ res, params }) => this.inspectContainer(res, params[0] ?? '')],
      ['POST', /^\/containers\/([^/]+)\/start$/, ({ res, params }) => this.startContainer(res, params[0] ?? '')],
      [
        'POST',
        /^\/containers\/([^/]+)\/stop$/,
        ({ res, params, query }) => this.stopContainer(res, params[0] ?? '', query),
      ],
      ['DELETE', /^\/containers\/([^/]+)$/, ({ res, params, query }) => this.remove(res, params[0] ?? '', query)],
      ['POST', /^\/containers\/([^/]+)\/exec$/, (ctx) => this.createExec(ctx)],
      ['POST', /^\/exec\/([^/]+)\/start$/, (ctx) => this.startExec(ctx)],
      ['GET', /^\/exec\/([^/]+)\/json$/, ({ res, params }) => this.inspectExec(res, params[0] ?? '')],
    ];
  }

  // ------------------------------------------------------------ system and images

  private ping(res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Api-Version': DOUBLE_API_VERSION,
      'Docker-Experimental': 'false',
      Ostype: 'linux',
      'Cache-Control': 'no-cache, no-store, must-revalidate',
    });
    res.end('OK');
  }

  private version(res: http.ServerResponse): void {
    json(res, 200, {
      Version: '0.0.0-fabkit-test-double',
      ApiVersion: DOUBLE_API_VERSION,
      MinAPIVersion: '1.24',
      Os: 'linux',
      Arch: process.arch,
      KernelVersion: os.release(),
      Components: [],
    });
  }

  private inspectImage(res: http.ServerResponse, name: string): void {
    const ref = normalizeImage(name);
    if (!this.images.has(ref)) return notFound(res, `No such image: ${ref}`);
    json(res, 200, {
      Id: `sha256:${crypto.createHash('sha256').update(ref).digest('hex')}`,
      RepoTags: [ref],
      Os: 'linux',
      Architecture: process.arch,
      Config: { Env: IMAGE_ENV, WorkingDir: '/' },
    });
  }

  /** Streams pull progress the way the engine does (one JSON object per line), then has the image. */
  private async pull({ res, query }: Ctx): Promise<void> {
    const from = query.get('fromImage') ?? '';
    const tag = query.get('tag') ?? '';
    if (from === '') return json(res, 400, { message: 'fromImage is required' });
    const ref = normalizeImage(tag ? `${from.replace(/:[^/]+$/, '')}:${tag}` : from);
    if (this.options.pullError !== undefined) return json(res, 500, { message: this.options.pullError });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': DOUBLE_API_VERSION });
    for (const event of this.pullEvents(ref)) {
      res.write(`${JSON.stringify(event)}\r\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.options.pullStreamError === undefined) this.images.add(ref);
    res.end();
  }

  private pullEvents(ref: string): Record<string, unknown>[] {
    const [repo, tag] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];
    const layers = [0, 1, 2].map((i) => ({
      id: crypto.createHash('sha256').update(`${ref}/${i}`).digest('hex').slice(0, 12),
      total: (i + 1) * 10_000_000,
    }));
    const events: Record<string, unknown>[] = [{ status: `Pulling from ${repo}`, id: tag }];
    for (const l of layers) events.push({ status: 'Pulling fs layer', progressDetail: {}, id: l.id });
    const failure = this.options.pullStreamError;
    if (failure !== undefined) return [...events, { errorDetail: { message: failure }, error: failure }];
    for (const l of layers) {
      for (const part of [1, 2, 3, 4])
        events.push({
          status: 'Downloading',
          progressDetail: { current: (l.total * part) / 4, total: l.total },
          progress: `[${'='.repeat(part * 12)}>] ${part * 25}%`,
          id: l.id,
        });
      events.push(
        { status: 'Verifying Checksum', progressDetail: {}, id: l.id },
        { status: 'Download complete', progressDetail: {}, id: l.id },
      );
    }
    for (const l of layers)
      events.push(
        { status: 'Extracting', progressDetail: { current: l.total, total: l.total }, id: l.id },
        { status: 'Pull complete', progressDetail: {}, id: l.id },
      );
    const digest = crypto.createHash('sha256').update(ref).digest('hex');
    return [...events, { status: `Digest: sha256:${digest}` }, { status: `Status: Downloaded newer image for ${ref}` }];
  }

  // ------------------------------------------------------------ containers

  private find(idOrName: string): ContainerState | undefined {
    const name = idOrName.replace(/^\//, '');
    const all = [...this.containers.values()];
    const byIdOrName = all.find((c) => c.id === idOrName || c.name === name);
    if (byIdOrName) return byIdOrName;
    const prefixed = all.filter((c) => idOrName.length >= 3 && c.id.startsWith(idOrName));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }

  private create({ res, query, body }: Ctx): void {
    const name = query.get('name') ?? `fabkit_double_${this.containers.size + 1}`;
    if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name))
      return json(res, 400, {
        message: `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      });
    const existing = this.find(name);
    if (existing && existing.name === name.replace(/^\//, '')) {
      return json(res, 409, {
        message: `Conflict. The container name "/${existing.name}" is already in use by container "${existing.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      });
    }
    const image = typeof body.Image === 'string' ? body.Image : '';
    if (image === '') return json(res, 400, { message: 'Config cannot be empty in order to create a container' });
    if (!this.images.has(normalizeImage(image))) return notFound(res, `No such image: ${normalizeImage(image)}`);
    const hostConfig = (
      typeof body.HostConfig === 'object' && body.HostConfig !== null ? body.HostConfig : {}
    ) as Record<string, unknown>;
    const id = hex(32);
    const config = {
      ...body,
      Image: image,
      Env: [...IMAGE_ENV, ...strings(body.Env)],
      Cmd: strings(body.Cmd),
      WorkingDir: typeof body.WorkingDir === 'string' ? body.WorkingDir : '/',
      Tty: body.Tty === true,
    };
    this.containers.set(id, {
      id,
      name: name.replace(/^\//, ''),
      created: now(),
      config,
      binds: strings(hostConfig.Binds),
      networkMode: typeof hostConfig.NetworkMode === 'string' ? hostConfig.NetworkMode : 'default',
      init: hostConfig.Init === true,
      status: 'created',
      startedAt: '0001-01-01T00:00:00Z',
    });
    json(res, 201, { Id: id, Warnings: [] });
  }

  private describe(c: ContainerState): Record<string, unknown> {
    const running = c.status === 'running';
    return {
      Id: c.id,
      Name: `/${c.name}`,
      Created: c.created,
      Path: c.config.Cmd[0] ?? '',
      Args: c.config.Cmd.slice(1),
      State: {
        Status: c.status,
        Running: running,
        Paused: false,
        Restarting: false,
        OOMKilled: false,
        Dead: false,
        Pid: running ? 4242 : 0,
        ExitCode: c.status === 'exited' ? 137 : 0,
        Error: '',
        StartedAt: c.startedAt,
        FinishedAt: '0001-01-01T00:00:00Z',
      },
      Image: `sha256:${crypto.createHash('sha256').update(normalizeImage(c.config.Image)).digest('hex')}`,
      Config: c.config,
      HostConfig: { Binds: c.binds, NetworkMode: c.networkMode, Init: c.init ? true : null },
      // The engine lists mounts in no set order (a Go map); here they come in reverse target order, not the create order.
      Mounts: [...mountsOf(c.binds)]
        .sort((a, b) => b.target.localeCompare(a.target))
        .map((m) => ({
          Type: 'bind',
          Source: m.source,
          Destination: m.target,
          Mode: '',
          RW: true,
          Propagation: 'rprivate',
        })),
    };
  }

  private list(res: http.ServerResponse, query: URLSearchParams): void {
    const all = ['1', 'true'].includes(query.get('all') ?? '');
    const rows = [...this.containers.values()]
      .filter((c) => all || c.status === 'running')
      .map((c) => ({
        Id: c.id,
        Names: [`/${c.name}`],
        Image: c.config.Image,
        Command: c.config.Cmd.join(' '),
        State: c.status,
        Status: c.status === 'running' ? 'Up' : c.status === 'exited' ? 'Exited (137)' : 'Created',
        Mounts: this.describe(c).Mounts as unknown[],
      }));
    json(res, 200, rows);
  }

  private inspectContainer(res: http.ServerResponse, idOrName: string): void {
    const c = this.find(idOrName);
    if (!c) return notFound(res, `No such container: ${idOrName}`);
    json(res, 200, this.describe(c));
  }

  private startContainer(res: http.ServerResponse, idOrName: string): void {
    const c = this.find(idOrName);
    if (!c) return notFound(res, `No such container: ${idOrName}`);
    if (c.status === 'running') return empty(res, 304);
    c.status = 'running';
    c.startedAt = now();
    empty(res, 204);
  }

  /**
   * Stopping takes the whole grace `t` (default 10 s), as with the image's interactive /bin/bash,
   * which ignores SIGTERM, unless an init passes on a StopSignal SIGHUP (measured on dockerd 20.10).
   */
  private async stopContainer(res: http.ServerResponse, idOrName: string, query: URLSearchParams): Promise<void> {
    const c = this.find(idOrName);
    if (!c) return notFound(res, `No such container: ${idOrName}`);
    if (c.status !== 'running') return empty(res, 304);
    const prompt = c.init && c.config.StopSignal === 'SIGHUP';
    const grace = Number(query.get('t') ?? 10);
    if (!prompt && grace > 0) await new Promise((resolve) => setTimeout(resolve, grace * 1000));
    this.kill(c);
    empty(res, 204);
  }

  /** Stopping a container ends every process in it. */
  private kill(c: ContainerState): void {
    c.status = 'exited';
    for (const exec of this.execStates.values()) if (exec.container === c) exec.child?.kill('SIGKILL');
  }

  private remove(res: http.ServerResponse, idOrName: string, query: URLSearchParams): void {
    const c = this.find(idOrName);
    if (!c) return notFound(res, `No such container: ${idOrName}`);
    if (c.status === 'running' && !['1', 'true'].includes(query.get('force') ?? '')) {
      return json(res, 409, {
        message: `You cannot remove a running container ${c.id}. Stop the container before attempting removal or force remove`,
      });
    }
    this.kill(c);
    this.containers.delete(c.id);
    empty(res, 204);
  }

  // ------------------------------------------------------------ exec

  private createExec({ res, params, body }: Ctx): void {
    const c = this.find(params[0] ?? '');
    if (!c) return notFound(res, `No such container: ${params[0]}`);
    if (c.status !== 'running') return json(res, 409, { message: `Container ${c.id} is not running` });
    const argv = strings(body.Cmd);
    if (argv.length === 0) return json(res, 400, { message: 'No exec command specified' });
    const id = hex(32);
    const record: ExecRecord = {
      id,
      containerId: c.id,
      argv,
      env: strings(body.Env),
      workingDir: typeof body.WorkingDir === 'string' && body.WorkingDir !== '' ? body.WorkingDir : undefined,
      tty: body.Tty === true,
      startedVia: undefined,
      exitCode: undefined,
    };
    this.execs.push(record);
    this.execStates.set(id, {
      record,
      container: c,
      running: false,
      started: false,
      lag: this.execInspectLag,
      pid: 0,
      child: undefined,
    });
    json(res, 201, { Id: id });
  }

  private startRefusal(exec: ExecState): { status: number; message: string } | undefined {
    if (exec.started) return { status: 409, message: `Exec ${exec.record.id} has already been started` };
    if (exec.container.status !== 'running')
      return { status: 409, message: `Container ${exec.container.id} is not running` };
    return undefined;
  }

  /** The start request without an upgrade: a plain 200 whose body is the (multiplexed) stream. */
  private startExec({ res, params, body }: Ctx): void {
    const exec = this.execStates.get(params[0] ?? '');
    if (!exec) return notFound(res, `No such exec instance: ${params[0]}`);
    const refusal = this.startRefusal(exec);
    if (refusal) return json(res, refusal.status, { message: refusal.message });
    if (body.Detach === true) {
      exec.record.startedVia = 'detached';
      this.runExec(exec, { write: () => undefined, end: () => undefined });
      return empty(res, 200);
    }
    exec.record.startedVia = 'http-200';
    res.writeHead(200, {
      'Content-Type': exec.record.tty
        ? 'application/vnd.docker.raw-stream'
        : 'application/vnd.docker.multiplexed-stream',
      'Api-Version': DOUBLE_API_VERSION,
    });
    this.runExec(exec, {
      write: (type, data) => res.write(exec.record.tty ? data : frame(type, data)),
      end: () => res.end(),
    });
  }

  private inspectExec(res: http.ServerResponse, id: string): void {
    const exec = this.execStates.get(id);
    if (!exec) return notFound(res, `No such exec instance: ${id}`);
    const lagging = !exec.running && exec.started && exec.lag > 0;
    if (lagging) exec.lag -= 1;
    const running = exec.running || lagging;
    json(res, 200, {
      ID: id,
      ContainerID: exec.container.id,
      Running: running,
      ExitCode: running || !exec.started ? null : (exec.record.exitCode ?? null),
      ProcessConfig: {
        privileged: false,
        user: '',
        tty: exec.record.tty,
        entrypoint: exec.record.argv[0],
        arguments: exec.record.argv.slice(1),
      },
      OpenStdin: false,
      OpenStdout: true,
      OpenStderr: true,
      CanRemove: false,
      DetachKeys: '',
      Pid: exec.pid,
    });
  }

  /** The host side of the container's world: its binds, plus the image's Fabric config dir. */
  private mounts(c: ContainerState): Mount[] {
    return [...mountsOf(c.binds), { source: this.options.configDir, target: IMAGE_CONFIG_DIR }];
  }

  private hostEnv(exec: ExecState, mounts: readonly Mount[]): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { HOME: this.dir };
    for (const entry of [...exec.container.config.Env, ...exec.record.env]) {
      const i = entry.indexOf('=');
      if (i > 0) env[entry.slice(0, i)] = translatePaths(entry.slice(i + 1), mounts);
    }
    env.PATH = `${this.options.binDir}${path.delimiter}${env.PATH ?? ''}`;
    return env;
  }

  private hostCwd(exec: ExecState, mounts: readonly Mount[]): string {
    const cwd = translatePaths(exec.record.workingDir ?? exec.container.config.WorkingDir, mounts);
    // The image has its working directory; on the host it may not exist, so the double's own directory stands in.
    return fs.existsSync(cwd) ? cwd : this.dir;
  }

  /** Runs the exec as a local process, streaming its output to `sink`; the exit code is set before the stream ends. */
  private runExec(exec: ExecState, sink: FrameSink): void {
    exec.started = true;
    exec.running = true;
    const mounts = this.mounts(exec.container);
    const tool = path.join(this.options.binDir, path.posix.basename(exec.record.argv[0] ?? ''));
    const finish = (code: number): void => {
      if (!exec.running) return;
      exec.record.exitCode = code;
      exec.running = false;
      sink.end();
    };
    if (!fs.existsSync(tool)) {
      // As the real engine: exit 126 and the runtime's message on stdout, nothing on stderr.
      sink.write(
        1,
        Buffer.from(
          `OCI runtime exec failed: exec failed: unable to start container process: exec: "${exec.record.argv[0]}": executable file not found in $PATH: unknown\r\n`,
        ),
      );
      return finish(126);
    }
    const args = exec.record.argv.slice(1).map((a) => translatePaths(a, mounts));
    const child = spawn(tool, args, {
      cwd: this.hostCwd(exec, mounts),
      env: this.hostEnv(exec, mounts),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exec.child = child;
    exec.pid = child.pid ?? 0;
    child.stdout?.on('data', (chunk: Buffer) => sink.write(1, chunk));
    child.stderr?.on('data', (chunk: Buffer) => sink.write(2, chunk));
    child.on('error', (error) => {
      sink.write(2, Buffer.from(`${error.message}\n`));
      finish(126);
    });
    child.on('close', (code, signal) => finish(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  }
}
