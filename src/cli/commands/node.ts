/** `fabkit node create`: a peer node for this account's AMB member (tutorial step 5). */
import type { Command } from 'commander';
import { createNodeFor, DEFAULT_INSTANCE_TYPE } from '../../index';
import type { CreateNodeResult } from '../../index';
import type { AmbFlags } from '../amb-flags';
import { ambTargetOf, withAmbOptions } from '../amb-flags';
import { parseSeconds } from '../flags';
import type { Run } from '../flags';
import { formatSeconds } from '../output';

interface CreateFlags extends AmbFlags {
  readonly instanceType: string;
  readonly availabilityZone?: string;
  readonly another?: boolean;
  readonly wait: boolean;
  readonly timeout: string;
}

const OUTCOME_TEXT: Record<CreateNodeResult['outcome'], string> = {
  created: 'created',
  'already-exists': 'already exists',
  'awaited-existing': 'existing node now available',
};

function renderCreated(result: CreateNodeResult): string {
  return [
    `${OUTCOME_TEXT[result.outcome]}: node ${result.node.id} (${result.node.status})`,
    `  member     ${result.memberId}`,
    `  type       ${result.node.instanceType ?? '-'} in ${result.node.availabilityZone ?? '-'}`,
    `  peer       ${result.node.peerEndpoint ?? '-'}`,
    `  events     ${result.node.peerEventEndpoint ?? '-'}`,
    `  waited     ${formatSeconds(result.waitedMs)}`,
  ].join('\n');
}

export function registerNodeCommands(program: Command, run: Run): void {
  const node = program.command('node').description('peer nodes of your AMB member (tutorial step 5)');
  withAmbOptions(node.command('create'), 'member')
    .description('create a peer node for the member and wait until it is AVAILABLE')
    .option('--instance-type <type>', 'AMB instance type', DEFAULT_INSTANCE_TYPE)
    .option('--availability-zone <az>', 'availability zone (default: <region>a, e.g. us-east-1a)')
    .option(
      '--ensure',
      'the default: if the member already has an AVAILABLE node, report it ("already exists"); if one is CREATING, wait for it',
    )
    .option('--another', 'create one more node even if the member has one, as `aws managedblockchain create-node` does')
    .option('--no-wait', 'return right after CreateNode instead of waiting for AVAILABLE')
    .option('--timeout <seconds>', 'how long to wait for AVAILABLE', '1800')
    .addHelpText(
      'after',
      '\nRe-running is safe: an existing node is reported, not duplicated, unless --another is given.',
    )
    .action(async (o: CreateFlags) =>
      run(async (out) => {
        const timeoutMs = parseSeconds(o.timeout, '--timeout');
        const result = await createNodeFor(ambTargetOf(o), {
          instanceType: o.instanceType,
          availabilityZone: o.availabilityZone,
          ensure: !o.another,
          wait: o.wait,
          timeoutMs,
          onProgress: (line) => out.progress(line),
        });
        out.result({ ok: true, ...result }, () => renderCreated(result));
      }, Boolean(o.json)),
    );
}
