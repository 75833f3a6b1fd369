/** The 1.x chaincode lifecycle (tutorial steps 7.1-7.2): install on each peer, instantiate or upgrade on the channel. */
import * as fs from 'node:fs';
import { channelFiles } from '../../config/home-layout';
import { selectPeers } from '../../config/peers';
import type { Profile } from '../../config/resolve';
import type { ChaincodeRef } from '../../fabric-cli/chaincode-commands';
import {
  installV1PackageSpec,
  instantiateSpec,
  listInstalledV1Spec,
  listInstantiatedSpec,
  parseChaincodeListV1,
} from '../../fabric-cli/chaincode-commands';
import { mustRun } from '../../fabric-cli/failure';
import { waitFor } from '../../runtime/wait-for';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import type { StepReport } from '../step-report';
import { step } from '../step-report';
import { bundleChaincode, writeV1Package } from './bundle';
import { quotingChaincodeLog } from './chaincode-log';

export interface V1Deploy {
  readonly ref: ChaincodeRef;
  readonly version: string;
  /** Host path of the chaincode source. */
  readonly sourceDir: string;
  readonly ctor: string;
  readonly policy: string | undefined;
  readonly peers?: readonly string[];
  readonly timeoutMs: number;
}

/**
 * `peer chaincode install` of a package fabkit writes with the chaincode's dependencies (the
 * peer CLI's own Node packaging leaves node_modules out), on each peer, skipping peers that
 * already have this name and version.
 */
export async function installV1(
  profile: Profile,
  deps: ChannelDeps,
  d: Pick<V1Deploy, 'ref' | 'version' | 'sourceDir' | 'peers'>,
  steps: StepReport[],
): Promise<void> {
  const pkg = channelFiles(profile, d.ref.channelId).chaincodeDeploymentSpec(d.ref.name, d.version);
  let bundled = '';
  try {
    await installEach(profile, deps, d, steps, pkg, async () => {
      if (!bundled) {
        const code = await bundleChaincode(d.sourceDir);
        writeV1Package(pkg, code, d.ref.name, d.version);
        bundled = `${code.language}, ${code.dependencies}`;
      }
      return bundled;
    });
  } finally {
    fs.rmSync(pkg, { force: true });
  }
}

async function installEach(
  profile: Profile,
  deps: ChannelDeps,
  d: Pick<V1Deploy, 'ref' | 'version' | 'sourceDir' | 'peers'>,
  steps: StepReport[],
  pkg: string,
  bundle: () => Promise<string>,
): Promise<void> {
  for (const peer of selectPeers(profile, d.peers)) {
    await step(
      steps,
      `install ${d.ref.name}:${d.version} on ${peer}`,
      async () => {
        const t = targetOf(profile, peer);
        const listed = parseChaincodeListV1(
          (await mustRun(deps.executor, listInstalledV1Spec(t), `Listing chaincode installed on ${peer}`)).stdout,
        );
        if (listed.some((c) => c.name === d.ref.name && c.version === d.version))
          return { outcome: 'already-done', detail: 'installed' };
        const detail = await bundle();
        await mustRun(
          deps.executor,
          installV1PackageSpec(t, profile.toolPath(pkg)),
          `Installing ${d.ref.name} on ${peer}`,
          { timeoutMs: 300_000 },
        );
        return { outcome: 'done', detail };
      },
      deps.onProgress,
    );
  }
}

export async function instantiatedV1(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
): Promise<{ name: string; version: string }[]> {
  const r = await mustRun(
    deps.executor,
    listInstantiatedSpec(targetOf(profile), channelId),
    `Listing chaincode instantiated on ${channelId}`,
  );
  return parseChaincodeListV1(r.stdout);
}

/** Instantiate (or upgrade to a new version), then poll `list --instantiated` until the peer shows it. */
export async function instantiateV1(
  profile: Profile,
  deps: ChannelDeps,
  d: V1Deploy,
  steps: StepReport[],
): Promise<void> {
  await step(
    steps,
    `instantiate ${d.ref.name}:${d.version} on ${d.ref.channelId}`,
    async () => {
      const current = (await instantiatedV1(profile, deps, d.ref.channelId)).find((c) => c.name === d.ref.name);
      if (current?.version === d.version) return { outcome: 'already-done', detail: 'instantiated' };
      const upgrade = current !== undefined;
      await quotingChaincodeLog(profile, d.ref.name, () =>
        mustRun(
          deps.executor,
          instantiateSpec(targetOf(profile), d.ref, d.version, d.ctor, d.policy, upgrade),
          `${upgrade ? 'Upgrading' : 'Instantiating'} ${d.ref.name}`,
          {
            timeoutMs: d.timeoutMs + 60_000,
            hint: "Instantiation builds and starts the chaincode and runs its Init: the stderr tail has the peer's error (on a devnet, the builder's and the chaincode's own lines are quoted above). Each endorsing member must have installed the same name and version.",
          },
        ),
      );
      await waitFor(
        async () =>
          (await instantiatedV1(profile, deps, d.ref.channelId)).some(
            (c) => c.name === d.ref.name && c.version === d.version,
          )
            ? true
            : undefined,
        {
          what: `${d.ref.name}:${d.version} to be listed as instantiated on ${d.ref.channelId}`,
          timeoutMs: d.timeoutMs,
          intervalMs: 250,
          onProgress: ({ elapsedMs }) =>
            deps.onProgress?.(`waiting for ${d.ref.name} to be instantiated (${(elapsedMs / 1000).toFixed(0)}s)`),
        },
      );
      return { outcome: 'done', detail: upgrade ? `upgraded from ${current.version}` : '' };
    },
    deps.onProgress,
  );
}
