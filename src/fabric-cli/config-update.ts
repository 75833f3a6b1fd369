/**
 * The configtxlator part of a channel config update, shared by channel workflows (anchor peers)
 * and the devnet (admin propagation on the system channel): decode a config block, and turn
 * an original and an updated config into an unsigned update envelope file. The caller signs and
 * submits it with the identities its case needs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import type { Executor } from '../runtime/command-spec';
import { computeUpdateSpec, protoDecodeSpec, protoEncodeSpec } from './channel-commands';
import { mustRun } from './failure';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- configtxlator's JSON is deep and loosely typed
export type ConfigJson = Record<string, any>;

/** Where the scratch files live (host paths) and how the tool sees them (identity for local, /opt/home/… in docker). */
export interface ToolFiles {
  readonly executor: Executor;
  readonly scratch: string;
  readonly toolPath: (hostPath: string) => string;
}

/** The channel config a config block carries (configtxlator proto_decode common.Block). */
export async function configOfBlock(io: ToolFiles, blockFile: string): Promise<ConfigJson> {
  const out = path.join(io.scratch, 'block.json');
  await mustRun(
    io.executor,
    protoDecodeSpec('common.Block', io.toolPath(blockFile), io.toolPath(out)),
    'Decoding the config block',
  );
  const block = JSON.parse(fs.readFileSync(out, 'utf8')) as ConfigJson;
  const config = block.data?.data?.[0]?.payload?.data?.config as ConfigJson | undefined;
  if (!config)
    throw new FabkitError('NOT_A_CONFIG_BLOCK', `${blockFile} is not a config block`, {
      hint: 'Fetch it again with `fabkit channel fetch <id> config`.',
    });
  return config;
}

/**
 * Encodes both configs, computes the update and wraps it in a config-update envelope; returns
 * the host path of the unsigned envelope (common.Envelope) in the scratch directory.
 */
export async function writeUpdateEnvelope(
  io: ToolFiles,
  channelId: string,
  original: ConfigJson,
  updated: ConfigJson,
): Promise<string> {
  const f = (name: string): string => path.join(io.scratch, name);
  const t = (name: string): string => io.toolPath(f(name));
  const run = (spec: Parameters<typeof mustRun>[1], what: string) => mustRun(io.executor, spec, what);
  fs.writeFileSync(f('original.json'), JSON.stringify(original));
  fs.writeFileSync(f('updated.json'), JSON.stringify(updated));
  await run(protoEncodeSpec('common.Config', t('original.json'), t('original.pb')), 'Encoding the current config');
  await run(protoEncodeSpec('common.Config', t('updated.json'), t('updated.pb')), 'Encoding the new config');
  await run(
    computeUpdateSpec(channelId, t('original.pb'), t('updated.pb'), t('update.pb')),
    'Computing the config update',
  );
  await run(protoDecodeSpec('common.ConfigUpdate', t('update.pb'), t('update.json')), 'Decoding the config update');
  const update = JSON.parse(fs.readFileSync(f('update.json'), 'utf8')) as ConfigJson;
  const envelope = {
    payload: { header: { channel_header: { channel_id: channelId, type: 2 } }, data: { config_update: update } },
  };
  fs.writeFileSync(f('envelope.json'), JSON.stringify(envelope));
  await run(protoEncodeSpec('common.Envelope', t('envelope.json'), t('envelope.pb')), 'Encoding the update envelope');
  return f('envelope.pb');
}
