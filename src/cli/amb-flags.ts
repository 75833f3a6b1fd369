/** The options of the commands that call the Managed Blockchain API (node, proposal, invitation), and their target. */
import type { Command } from 'commander';
import type { AmbTarget } from '../index';
import { homeOf } from './context';
import { HOME_HELP, withJson } from './flags';
import type { HomeFlags } from './flags';

export interface AmbFlags extends HomeFlags {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly networkId?: string;
  readonly memberId?: string;
}

const SETTINGS_HELP = `
IDs and AWS settings not given by flag come from the home's fabkit.yaml, when it has one.
AWS settings: --region / --endpoint-url win, then aws.region / aws.endpointUrl in fabkit.yaml, then the
AWS SDK's own chain (AWS_REGION, AWS_PROFILE, ~/.aws/config, AWS_ENDPOINT_URL_MANAGEDBLOCKCHAIN, …).
Credentials always come from the AWS SDK's chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, roles).`;

/** Adds --home, --region, --endpoint-url, the IDs the command needs, and --json. */
export function withAmbOptions(cmd: Command, ids: 'network' | 'member' | 'none'): Command {
  cmd
    .option('--home <dir>', HOME_HELP)
    .option('--region <region>', 'AWS region of the network, e.g. us-east-1')
    .option('--endpoint-url <url>', 'Managed Blockchain API endpoint (e.g. http://127.0.0.1:5000 for moto)');
  if (ids !== 'none') cmd.option('--network-id <n-…>', "network ID (default: the profile's)");
  if (ids === 'member') cmd.option('--member-id <m-…>', "this account's member that acts (default: the profile's)");
  return withJson(cmd).addHelpText('after', SETTINGS_HELP);
}

/** The library's AmbTarget from the flags. */
export function ambTargetOf(o: AmbFlags): AmbTarget {
  return {
    home: homeOf(o),
    region: o.region,
    endpointUrl: o.endpointUrl,
    networkId: o.networkId,
    memberId: o.memberId,
  };
}
