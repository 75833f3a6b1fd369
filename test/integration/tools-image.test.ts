/**
 * The fabric-tools image built without a registry (src/runtime/tools-image.ts), on the REAL Docker
 * engine scripts/docker-engine.sh gives: built, built again (nothing to do), forced (replaces), then Fabric's tools and the
 * busybox shell run in containers from it.
 */
import { expectedInstall, FABRIC_VERSION } from '../../src/runtime/fabric-install';
import type { ToolsImageResult } from '../../src/runtime/tools-image';
import { buildToolsImage, TOOLS_IMAGE_CFG_PATH, TOOLS_IMAGE_LABEL } from '../../src/runtime/tools-image';
import type { RealEngine } from '../helpers/docker-engine';
import { realEngine, runOnce, staticBusybox } from '../helpers/docker-engine';

jest.setTimeout(300_000);

const IMAGE = `hyperledger/fabric-tools:${FABRIC_VERSION}`;
let engine: RealEngine;
let first: ToolsImageResult;
let second: ToolsImageResult;
let forced: ToolsImageResult;

beforeAll(async () => {
  engine = await realEngine();
  const install = expectedInstall();
  const options = {
    docker: engine.docker,
    fabricVersion: FABRIC_VERSION,
    binDir: install.binDir,
    configDir: install.configDir,
    busybox: await staticBusybox(),
  };
  first = await buildToolsImage({ ...options, force: true });
  second = await buildToolsImage(options);
  forced = await buildToolsImage({ ...options, force: true });
  process.stderr.write(
    `tools image ${first.image}: ${(first.sizeBytes / 1e6).toFixed(1)} MB, built in ${first.buildMs} ms, unchanged check ${second.buildMs} ms, forced rebuild ${forced.buildMs} ms (engine ${engine.dockerHost})\n`,
  );
});

test('a second build with the same inputs does nothing; a forced one replaces the image and removes the old one', async () => {
  expect(first).toMatchObject({ outcome: 'built', image: IMAGE });
  expect(second).toMatchObject({ outcome: 'unchanged', id: first.id, sizeBytes: first.sizeBytes });
  expect(forced).toMatchObject({ outcome: 'built', replaced: { id: first.id, removed: true } });
  expect(forced.id).not.toBe(first.id);
  await expect(engine.docker.getImage(first.id).inspect()).rejects.toMatchObject({ statusCode: 404 });
});

test('the image is tagged, labelled, and carries the tools and config files', async () => {
  expect(first.tools).toEqual(
    expect.arrayContaining(['peer', 'configtxgen', 'configtxlator', 'osnadmin', 'cryptogen', 'fabric-ca-client']),
  );
  expect(first.configFiles).toEqual(['core.yaml', 'configtx.yaml', 'orderer.yaml']);
  const info = await engine.docker.getImage(IMAGE).inspect();
  expect(info.Id).toBe(forced.id);
  expect(info.Size).toBe(forced.sizeBytes);
  expect(info.Config.Env).toContain(`FABRIC_CFG_PATH=${TOOLS_IMAGE_CFG_PATH}`);
  expect(info.Config.Labels).toMatchObject({ 'org.hyperledger.fabric.version': FABRIC_VERSION });
  expect(Object.keys(info.Config.Labels ?? {})).toContain(TOOLS_IMAGE_LABEL);
});

test('peer version and configtxgen --version print 2.5.9 in a container from the image', async () => {
  const peer = await runOnce(engine.docker, IMAGE, ['peer', 'version']);
  expect(peer).toMatchObject({ exitCode: 0, stderr: '' });
  expect(peer.stdout).toMatch(new RegExp(`^ Version: ${FABRIC_VERSION.replace(/\./g, '\\.')}$`, 'm'));
  const configtxgen = await runOnce(engine.docker, IMAGE, ['configtxgen', '--version']);
  expect(configtxgen.exitCode).toBe(0);
  expect(configtxgen.stdout).toMatch(new RegExp(`^ Version: ${FABRIC_VERSION.replace(/\./g, '\\.')}$`, 'm'));
});

test('the shell, /tmp, FABRIC_CFG_PATH and the working directory are what fabric-tools users expect', async () => {
  const script = 'stat -c %a /tmp; echo "$FABRIC_CFG_PATH"; ls "$FABRIC_CFG_PATH"; pwd; env | sort | head -n 1';
  const shell = await runOnce(engine.docker, IMAGE, ['bash', '-c', script], { User: '4242:4242' });
  expect(shell).toMatchObject({ exitCode: 0, stderr: '' });
  const lines = shell.stdout.trim().split('\n');
  expect(lines.slice(0, 6)).toEqual([
    '1777',
    TOOLS_IMAGE_CFG_PATH,
    'configtx.yaml',
    'core.yaml',
    'orderer.yaml',
    '/opt/gopath/src/github.com/hyperledger/fabric/peer',
  ]);
  // a non-root user can write /tmp (the peer CLI writes its temporary files there)
  const write = await runOnce(engine.docker, IMAGE, ['sh', '-c', 'echo ok > /tmp/x && cat /tmp/x && id -u'], {
    User: '4242:4242',
  });
  expect(write).toMatchObject({ exitCode: 0, stdout: 'ok\n4242\n' });
});
