/**
 * Builds a fabric-tools image without a registry: fabkit's own static Fabric binaries, Fabric's
 * default core.yaml/configtx.yaml/orderer.yaml and a static busybox (the shell and utilities),
 * streamed as one root file system tar into the Docker Engine API's image import (dockerode), not
 * the docker CLI. One layer, no build containers: that matters with the vfs storage driver, where
 * every layer a classic build commits is a full copy of the file system.
 *
 * The image has no bash of its own: fabkit never runs a shell in the container (it execs each tool
 * directly), so /bin/bash is a two-line script that runs busybox's ash, for the compose template's
 * `command: /bin/bash` and for a user's `docker exec -it cli bash`.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import execa from 'execa';
import { FabkitError, usageError } from '../errors';
import { elfLinkingOf } from './static-elf';
import type { TarEntry } from './tar-pack';
import { createTarPack, writeTar } from './tar-pack';

/** Tools every fabric-tools image has and fabkit runs in the container. */
export const TOOLS_IMAGE_REQUIRED = ['peer', 'configtxgen', 'configtxlator', 'osnadmin'] as const;
/** Added when present in the binary directory and static. */
export const TOOLS_IMAGE_OPTIONAL = ['cryptogen', 'fabric-ca-client'] as const;
const CONFIG_REQUIRED = ['core.yaml'] as const;
const CONFIG_OPTIONAL = ['configtx.yaml', 'orderer.yaml'] as const;

export const TOOLS_IMAGE_CFG_PATH = '/etc/hyperledger/fabric';
export const TOOLS_IMAGE_WORKDIR = '/opt/gopath/src/github.com/hyperledger/fabric/peer';
/** Marks images fabkit built, so that they can be told from the official ones. */
export const TOOLS_IMAGE_LABEL = 'dev.fabkit.tools-image';
/** A key of the image's inputs (names, sizes, times, modes): the same key means nothing to rebuild. */
export const TOOLS_IMAGE_INPUTS_LABEL = 'dev.fabkit.tools-image.inputs';
/** Changes when the image's layout changes, so that images of an older layout are rebuilt. */
const LAYOUT_VERSION = 1;

export interface ToolsImageOptions {
  readonly docker: Dockerode;
  /** The Fabric version the binaries are (e.g. 2.5.9): the default tag and a label. */
  readonly fabricVersion: string;
  /** Default: hyperledger/fabric-tools:<fabricVersion>. */
  readonly image?: string;
  /** Directory with peer, configtxgen, configtxlator, osnadmin (+ cryptogen, fabric-ca-client). */
  readonly binDir: string;
  /** Directory with core.yaml (+ configtx.yaml, orderer.yaml). */
  readonly configDir: string;
  /** A statically linked busybox binary. */
  readonly busybox: string;
  /** Build even when the tagged image was built from the same inputs. */
  readonly force?: boolean;
  readonly onProgress?: (line: string) => void;
}

export interface ToolsImageResult {
  /** `unchanged`: the tagged image was built from the same inputs, and nothing was done. */
  readonly outcome: 'built' | 'unchanged';
  readonly image: string;
  readonly id: string;
  /** The image's size as the engine reports it. */
  readonly sizeBytes: number;
  /** From the first check of the inputs to the engine's inspect of the new image. */
  readonly buildMs: number;
  readonly tools: readonly string[];
  readonly configFiles: readonly string[];
  /** The image id the tag named before, removed by this build (kept if a container still uses it). */
  readonly replaced?: { readonly id: string; readonly removed: boolean };
}

export interface ToolsImageInputs {
  readonly binDir: string;
  readonly configDir: string;
  readonly busybox: string;
  readonly tools: readonly string[];
  readonly configFiles: readonly string[];
  readonly applets: readonly string[];
}

function inputError(message: string, hint: string, details: Record<string, unknown>): FabkitError {
  return usageError('TOOLS_IMAGE_INPUT', message, hint, details);
}

/** The tools to put in the image: all required ones (each static), and the optional ones that are. */
function toolsOf(binDir: string, onProgress?: (line: string) => void): string[] {
  const tools: string[] = [];
  for (const tool of [...TOOLS_IMAGE_REQUIRED, ...TOOLS_IMAGE_OPTIONAL]) {
    const file = path.join(binDir, tool);
    const required = (TOOLS_IMAGE_REQUIRED as readonly string[]).includes(tool);
    if (!fs.existsSync(file)) {
      if (required)
        throw inputError(
          `${tool} is missing from ${binDir}`,
          'Point binDir at the Fabric binaries (fabkit builds them with scripts/install-fabric.sh).',
          { binDir, tool },
        );
      continue;
    }
    const linking = elfLinkingOf(file);
    if (linking !== 'static') {
      if (required)
        throw inputError(
          `${file} is ${linking === 'dynamic' ? 'dynamically linked' : 'not an ELF executable'}; an image built from scratch has no C library`,
          'Use statically linked Fabric binaries (go build with CGO_ENABLED=0, as scripts/install-fabric.sh builds them).',
          { binDir, tool, linking: linking ?? 'not-elf' },
        );
      onProgress?.(`leaving ${tool} out: it is ${linking ?? 'not an ELF executable'}, not static`);
      continue;
    }
    tools.push(tool);
  }
  return tools;
}

function configFilesOf(configDir: string): string[] {
  for (const name of CONFIG_REQUIRED) {
    if (!fs.existsSync(path.join(configDir, name)))
      throw inputError(
        `${name} is missing from ${configDir}`,
        "Point configDir at Fabric's sampleconfig (scripts/install-fabric.sh copies it next to the binaries).",
        { configDir, file: name },
      );
  }
  return [...CONFIG_REQUIRED, ...CONFIG_OPTIONAL.filter((name) => fs.existsSync(path.join(configDir, name)))];
}

async function busyboxApplets(busybox: string): Promise<string[]> {
  if (!fs.existsSync(busybox) || elfLinkingOf(busybox) !== 'static')
    throw inputError(
      `${busybox} is not a statically linked busybox`,
      "Use a static busybox: scripts/busybox-static.sh fetches Debian's busybox-static without installing it.",
      { busybox },
    );
  const listed = await execa(busybox, ['--list'], { reject: false });
  const applets = listed.stdout.split('\n').filter((name) => /^[\w.[-]+$/.test(name) && name !== 'busybox');
  if (listed.exitCode !== 0 || !applets.includes('sh'))
    throw inputError(`${busybox} --list does not list a shell (sh)`, 'Use a busybox built with its ash shell.', {
      busybox,
    });
  return applets;
}

/** Every directory on the way to `dir` (relative, no leading slash), parents first. */
const parentsOf = (dir: string): string[] => dir.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));

/** Pure: the image's root file system, in tar order (every directory before what it holds). */
export function toolsImageEntries(inputs: ToolsImageInputs): TarEntry[] {
  const dirs = new Set<string>();
  const entries: TarEntry[] = [];
  const dir = (p: string, mode = 0o755): void => {
    for (const d of parentsOf(p)) {
      if (dirs.has(d)) continue;
      dirs.add(d);
      entries.push({ type: 'directory', name: `${d}/`, mode: d === p ? mode : 0o755 });
    }
  };
  dir('bin');
  entries.push({ type: 'file', name: 'bin/busybox', source: inputs.busybox, mode: 0o755 });
  for (const applet of inputs.applets) entries.push({ type: 'symlink', name: `bin/${applet}`, target: 'busybox' });
  entries.push({
    type: 'text',
    name: 'bin/bash',
    text: '#!/bin/sh\n# This fabric-tools image has no bash: busybox ash stands in for it.\nexec /bin/busybox ash "$@"\n',
    mode: 0o755,
  });
  dir('usr/bin');
  entries.push({ type: 'symlink', name: 'usr/bin/env', target: '/bin/busybox' });
  dir('usr/local/bin');
  for (const tool of inputs.tools)
    entries.push({ type: 'file', name: `usr/local/bin/${tool}`, source: path.join(inputs.binDir, tool), mode: 0o755 });
  const cfg = TOOLS_IMAGE_CFG_PATH.slice(1);
  dir(cfg);
  for (const name of inputs.configFiles)
    entries.push({ type: 'file', name: `${cfg}/${name}`, source: path.join(inputs.configDir, name), mode: 0o644 });
  entries.push(
    {
      type: 'text',
      name: 'etc/passwd',
      text: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
      mode: 0o644,
    },
    { type: 'text', name: 'etc/group', text: 'root:x:0:\nnogroup:x:65534:\n', mode: 0o644 },
  );
  dir('root', 0o700);
  dir('tmp', 0o1777);
  dir(TOOLS_IMAGE_WORKDIR.slice(1));
  return entries;
}

/** Pure: the Dockerfile instructions the engine applies to the imported file system (its `changes`). */
export function toolsImageChanges(fabricVersion: string, inputsKey: string): string[] {
  return [
    'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin',
    `ENV FABRIC_CFG_PATH=${TOOLS_IMAGE_CFG_PATH}`,
    'ENV GOPATH=/opt/gopath',
    `WORKDIR ${TOOLS_IMAGE_WORKDIR}`,
    'CMD ["/bin/sh"]',
    `LABEL ${TOOLS_IMAGE_LABEL}="fabric-tools built locally by fabkit from its own binaries"`,
    `LABEL org.hyperledger.fabric.version="${fabricVersion}"`,
    `LABEL ${TOOLS_IMAGE_INPUTS_LABEL}="${inputsKey}"`,
  ];
}

/** A key of the inputs: each entry's name, mode and, for host files, size and modification time. */
function inputsKeyOf(entries: readonly TarEntry[], fabricVersion: string): string {
  const hash = createHash('sha256').update(`layout ${LAYOUT_VERSION} fabric ${fabricVersion}\n`);
  for (const entry of entries) {
    const stat = entry.type === 'file' ? fs.statSync(entry.source) : undefined;
    hash.update(JSON.stringify([entry, stat?.size, stat?.mtimeMs]));
  }
  return hash.digest('hex').slice(0, 32);
}

/** `repo/name:tag` → repo and tag (the tag follows the last colon after the last slash). */
export function splitImageName(image: string): { repo: string; tag: string } {
  const colon = image.lastIndexOf(':');
  if (colon > image.lastIndexOf('/')) return { repo: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repo: image, tag: 'latest' };
}

interface EngineErrorShape {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly json?: { readonly message?: unknown } | null;
  readonly message?: unknown;
}
const shapeOf = (e: unknown): EngineErrorShape => (typeof e === 'object' && e !== null ? (e as EngineErrorShape) : {});

function engineFailure(image: string, what: string, error: unknown): FabkitError {
  if (error instanceof FabkitError) return error;
  const e = shapeOf(error);
  const text = typeof e.json?.message === 'string' ? e.json.message : String(e.message ?? error);
  if (typeof e.code === 'string' && ['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM'].includes(e.code))
    return new FabkitError('DOCKER_UNREACHABLE', `Cannot reach the Docker engine to ${what} (${e.code})`, {
      hint: 'Start an engine (scripts/docker-engine.sh up prints the DOCKER_HOST to use), or point DOCKER_HOST at one.',
      cause: error,
      details: { image, errno: e.code },
    });
  return new FabkitError('TOOLS_IMAGE_BUILD_FAILED', `Building ${image} failed: could not ${what}: ${text.trim()}`, {
    hint: "The engine's own message is above; its log says more.",
    cause: error,
    details: { image },
  });
}

async function inspectOrUndefined(docker: Dockerode, image: string): Promise<Dockerode.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(image).inspect();
  } catch (error) {
    if (shapeOf(error).statusCode === 404) return undefined;
    throw engineFailure(image, `inspect ${image}`, error);
  }
}

/** Streams the root file system into the engine's image import; resolves once the engine has tagged it. */
async function importRootfs(o: ToolsImageOptions, image: string, entries: TarEntry[], changes: string[]) {
  const pack = createTarPack();
  const response = o.docker.importImage(pack, { ...splitImageName(image), changes, message: 'fabkit tools image' });
  // If the engine fails, nothing reads the pack any more: end the writing instead of waiting forever.
  // And if a file cannot be read, end the upload too, so that the engine drops the half-sent image.
  const written = writeTar(pack, entries, new Date()).catch((error: unknown) => {
    pack.destroy();
    throw engineFailure(image, 'read the Fabric binaries', error);
  });
  const imported = response.then(
    (stream) =>
      new Promise<void>((resolve, reject) => {
        let failure: string | undefined;
        o.docker.modem.followProgress(
          stream,
          (error: Error | null) => (error || failure ? reject(error ?? new Error(failure)) : resolve()),
          (event: { error?: string; status?: string }) => {
            failure ??= event.error;
          },
        );
      }),
  );
  await Promise.all([
    written,
    imported.catch((error: unknown) => {
      pack.destroy();
      throw engineFailure(image, 'import the image', error);
    }),
  ]);
}

/**
 * Builds the image and tags it, unless the tagged image was built from the same inputs (then it
 * says `unchanged`). An image the tag named before is removed, unless a container still uses it.
 */
export async function buildToolsImage(options: ToolsImageOptions): Promise<ToolsImageResult> {
  const start = Date.now();
  const image = options.image ?? `hyperledger/fabric-tools:${options.fabricVersion}`;
  const tools = toolsOf(options.binDir, options.onProgress);
  const configFiles = configFilesOf(options.configDir);
  const applets = await busyboxApplets(options.busybox);
  const entries = toolsImageEntries({ ...options, tools, configFiles, applets });
  const key = inputsKeyOf(entries, options.fabricVersion);
  const before = await inspectOrUndefined(options.docker, image);
  const summary = { image, tools, configFiles };
  if (before && before.Config.Labels?.[TOOLS_IMAGE_INPUTS_LABEL] === key && options.force !== true) {
    return { outcome: 'unchanged', ...summary, id: before.Id, sizeBytes: before.Size, buildMs: Date.now() - start };
  }
  options.onProgress?.(`importing ${image}: ${tools.join(', ')} and busybox (${applets.length} applets)`);
  await importRootfs(options, image, entries, toolsImageChanges(options.fabricVersion, key));
  const after = await inspectOrUndefined(options.docker, image);
  if (!after) throw engineFailure(image, `find ${image} after the import`, new Error('the engine has no such image'));
  const buildMs = Date.now() - start;
  let replaced: ToolsImageResult['replaced'];
  if (before && before.Id !== after.Id) {
    const removed = await options.docker
      .getImage(before.Id)
      .remove()
      .then(() => true)
      .catch(() => false); // still used by a container (409), or already gone
    replaced = { id: before.Id, removed };
  }
  return { outcome: 'built', ...summary, id: after.Id, sizeBytes: after.Size, buildMs, ...(replaced && { replaced }) };
}
