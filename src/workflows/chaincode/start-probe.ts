/**
 * Proof that a deployed chaincode starts: a query with no function on this member's peer makes
 * the peer build (if needed) and launch it. Any answer from the chaincode itself, even an error
 * ("Unknown function"), proves it runs; a launch or build failure fails the deploy with the
 * peer's own words, instead of "ready" and a failing first invoke.
 */
import type { Profile } from '../../config/resolve';
import { querySpec } from '../../fabric-cli/chaincode-commands';
import { cliFailure } from '../../fabric-cli/failure';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import type { StepReport } from '../step-report';
import { step } from '../step-report';
import { quotingChaincodeLog } from './chaincode-log';

/** Peer messages that mean the chaincode never ran (build, launch or registration failed). Pure. */
export const NOT_STARTED =
  /could not launch chaincode|could not build chaincode|failed to start|builder '[^']*' (?:run )?failed|external builder failed|container exited|chaincode registration failed|timeout expired while starting chaincode/i;

export function chaincodeDidNotStart(stderr: string): boolean {
  return NOT_STARTED.test(stderr);
}

export async function proveStarts(
  profile: Profile,
  deps: ChannelDeps,
  ref: { channelId: string; name: string },
  steps: StepReport[],
): Promise<void> {
  await step(
    steps,
    `start ${ref.name} on ${profile.peers[0]?.endpoint ?? 'its peer'}`,
    async () => {
      const spec = querySpec(targetOf(profile), ref, '{"Args":[]}');
      const r = await quotingChaincodeLog(profile, ref.name, async () => {
        const answer = await deps.executor.run(spec, { timeoutMs: 330_000 });
        if (answer.exitCode !== 0 && chaincodeDidNotStart(answer.stderr))
          throw cliFailure(
            `${ref.name} is committed but does not start`,
            spec,
            answer,
            "The peer could not build or start the chaincode. Check that the package carries what it needs (a Node chaincode's main file and node_modules, a Go chaincode's vendor/), then deploy a new version. On a devnet the builder's and the chaincode's own lines are quoted above; on AMB they are in the peer's chaincode logs (CloudWatch, when chaincode logging is enabled for the node).",
          );
        return answer;
      });
      return { outcome: 'done', detail: r.exitCode === 0 ? 'answered' : 'answered (with an error of its own)' };
    },
    deps.onProgress,
  );
}
