/** `fabkit cli up|down|status`: the fabric-tools `cli` container of the docker runtime. */
import type { Command } from 'commander';
import { buildCliImage, dockerExecutorOf } from '../../index';
import type { CliImageResult, CliStatus, Profile } from '../../index';
import { profileOf } from '../context';
import { JSON_HELP, withHome } from '../flags';
import type { HomeFlags, Run } from '../flags';
import type { Output } from '../output';
import { table } from '../output';

const shortId = (id: string | undefined): string => (id === undefined ? '-' : id.slice(0, 12));

function statusText(status: CliStatus): string {
  if (!status.exists)
    return `container ${status.containerName} does not exist (run \`fabkit cli up\` to create it from ${status.image})`;
  const mounts = status.mounts.map((m) => `${m.source} -> ${m.target}`);
  return table([
    ['container', status.containerName],
    ['state', status.state ?? (status.running ? 'running' : 'stopped')],
    ['image', status.image],
    ['id', shortId(status.id)],
    ['network', status.networkMode ?? '-'],
    ['user', status.user || '(image default: root)'],
    ...mounts.map((m, i) => [i === 0 ? 'mounts' : '', m]),
    ...status.stale.map((d, i) => [i === 0 ? 'stale' : '', `${d} (fabkit cli up recreates it)`]),
  ]);
}

function imageText(r: CliImageResult): string {
  const size = `${(r.sizeBytes / 1e6).toFixed(1)} MB`;
  return r.outcome === 'unchanged'
    ? `already built: ${r.image} (${r.id.slice(7, 19)}, ${size}) from the same binaries`
    : `built: ${r.image} (${r.id.slice(7, 19)}, ${size}) in ${(r.buildMs / 1000).toFixed(1)}s with ${r.tools.join(', ')}`;
}

function noteRuntime(profile: Profile, out: Output): void {
  if (profile.runtime.kind !== 'docker')
    out.progress(
      `note: runtime.kind is ${profile.runtime.kind} in ${profile.profilePath}; fabkit runs Fabric tools in this container only with runtime.kind: docker`,
    );
}

/** `fabkit cli up|down|status`: the AMB tutorial's fabric-tools `cli` container (the docker runtime). */
export function registerCliContainer(program: Command, run: Run): void {
  const cli = program
    .command('cli')
    .description(
      'the fabric-tools `cli` container of the docker runtime (tutorial step 3.3): up, down, status, image build',
    );

  withHome(
    cli
      .command('up')
      .description(
        'pull hyperledger/fabric-tools if needed, create the cli container from templates/docker-compose-cli.yaml and start it',
      ),
  )
    .addHelpText(
      'after',
      "\nThe Docker engine is found through $DOCKER_HOST, else /var/run/docker.sock. The home is mounted at runtime.containerHome, <home>/chaincode at /opt/gopath/src/github.com/. The container uses the host's network and runs the tools as your uid:gid; a container of this home created otherwise is recreated. Where no registry answers, build the image first: fabkit cli image build.",
    )
    .action(async (o: HomeFlags) =>
      run(async (out) => {
        const profile = profileOf(o);
        noteRuntime(profile, out);
        const result = await dockerExecutorOf(profile).up((line) => out.progress(line));
        const what = {
          created: 'created and started',
          recreated: 'recreated and started',
          started: 'started',
          'already-running': 'already running',
        }[result.outcome];
        out.result(
          { ok: true, ...result },
          () =>
            `${what}: container ${result.containerName} (${result.image}, ${shortId(result.id)})${result.pulled ? ', image pulled' : ''}`,
        );
      }, Boolean(o.json)),
    );

  cli
    .command('image')
    .description('the fabric-tools image of the cli container')
    .command('build')
    .description(
      "build hyperledger/fabric-tools:<version> on the Docker engine from fabkit's own Fabric binaries (for engines no registry answers)",
    )
    .option('--fabric-version <version>', "the image's Fabric version: that of fabkit's binaries (default)")
    .option('--force', 'build even when the image was built from the same binaries')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      "\nThe engine is found through $DOCKER_HOST, else /var/run/docker.sock. The image holds peer, configtxgen, configtxlator, osnadmin (and cryptogen, fabric-ca-client), Fabric's default core.yaml/configtx.yaml/orderer.yaml (FABRIC_CFG_PATH) and a static busybox as its shell; it is imported as one layer, without a registry.",
    )
    .action(async (o: { fabricVersion?: string; force?: boolean; json?: boolean }) =>
      run(async (out) => {
        const result = await buildCliImage({
          fabricVersion: o.fabricVersion,
          force: o.force,
          onProgress: (line) => out.progress(line),
        });
        out.result({ ok: true, ...result }, () => imageText(result));
      }, Boolean(o.json)),
    );

  withHome(
    cli.command('down').description('stop and remove the cli container (the home and chaincode directories stay)'),
  ).action(async (o: HomeFlags) =>
    run(async (out) => {
      const result = await dockerExecutorOf(profileOf(o)).down();
      out.result({ ok: true, ...result }, () =>
        result.outcome === 'removed'
          ? `removed: container ${result.containerName} (${shortId(result.id)})`
          : `already removed: no container ${result.containerName}`,
      );
    }, Boolean(o.json)),
  );

  withHome(
    cli.command('status').description('whether the cli container exists and runs, its image and its mounts'),
  ).action(async (o: HomeFlags) =>
    run(async (out) => {
      const status = await dockerExecutorOf(profileOf(o)).status();
      out.result(status, () => statusText(status));
    }, Boolean(o.json)),
  );
}
