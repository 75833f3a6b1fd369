import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FabricInstall } from './binaries';
import { CONSORTIUM, ORDERER_MSP, SYSTEM_CHANNEL } from './layout';
import type { DevnetLayout, MemberLayout } from './layout';
import { cliEnv } from './nodes';
import { mustRunTool } from './run-tool';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- configtxlator's JSON is deep and loosely typed
type Json = Record<string, any>;

/**
 * Pure: the system channel config with `certPem` added to the admins of `memberId`'s org in
 * AWSSystemConsortium. Returns undefined when the cert is already there.
 */
export function withConsortiumAdmin(config: Json, memberId: string, certPem: string): Json | undefined {
  const updated = structuredClone(config) as Json;
  const org = updated.channel_group?.groups?.Consortiums?.groups?.[CONSORTIUM]?.groups?.[memberId];
  if (!org) throw new Error(`member ${memberId} is not in ${CONSORTIUM}`);
  const mspConfig = org.values.MSP.value.config as { admins?: string[] };
  const encoded = Buffer.from(certPem).toString('base64');
  const admins = mspConfig.admins ?? [];
  if (admins.some((a) => Buffer.from(a, 'base64').toString().trim() === certPem.trim())) return undefined;
  mspConfig.admins = [...admins, encoded];
  return updated;
}

/**
 * Adds a cert to a member's admins in the system channel consortium, as AMB does after the
 * first enrollment of the member's admin. The org's MSP value is modifiable by the org's own
 * admins, so the devnet's registrar (the placeholder admin) signs; the orderer admin submits.
 * Only channels created afterwards see the change, as Fabric copies consortium orgs on create.
 */
export async function addConsortiumAdmin(install: FabricInstall, layout: DevnetLayout, member: MemberLayout,
  memberId: string, certPem: string): Promise<'added' | 'already-present'> {
  const work = fs.mkdtempSync(path.join(layout.privateDir, 'sysupdate-'));
  try {
    const f = (name: string): string => path.join(work, name);
    const orderer = ['-o', `127.0.0.1:${layout.orderer.port}`, '--tls', '--cafile', layout.tlsChainFile];
    const asOrdererAdmin = cliEnv(layout, ORDERER_MSP, layout.orderer.adminMspDir);
    await mustRunTool(install, 'peer', { args: ['channel', 'fetch', 'config', f('config.block'), '-c', SYSTEM_CHANNEL, ...orderer], env: asOrdererAdmin }, 'Fetching the system channel config');
    // configtxlator opens /dev/stdout, which fails on the socket Node gives a child: always --output.
    await mustRunTool(install, 'configtxlator', { args: ['proto_decode', '--input', f('config.block'), '--type', 'common.Block', '--output', f('config.json')] }, 'Decoding the config block');
    const original = (JSON.parse(fs.readFileSync(f('config.json'), 'utf8')) as Json).data.data[0].payload.data.config as Json;
    const updated = withConsortiumAdmin(original, memberId, certPem);
    if (!updated) return 'already-present';
    fs.writeFileSync(f('original.json'), JSON.stringify(original));
    fs.writeFileSync(f('updated.json'), JSON.stringify(updated));
    for (const name of ['original', 'updated']) {
      await mustRunTool(install, 'configtxlator', { args: ['proto_encode', '--input', f(`${name}.json`), '--type', 'common.Config', '--output', f(`${name}.pb`)] }, 'Encoding the config');
    }
    await mustRunTool(install, 'configtxlator', {
      args: ['compute_update', '--channel_id', SYSTEM_CHANNEL, '--original', f('original.pb'), '--updated', f('updated.pb'), '--output', f('update.pb')],
    }, 'Computing the config update');
    await mustRunTool(install, 'configtxlator', { args: ['proto_decode', '--input', f('update.pb'), '--type', 'common.ConfigUpdate', '--output', f('update.json')] }, 'Decoding the config update');
    const update = JSON.parse(fs.readFileSync(f('update.json'), 'utf8')) as Json;
    const envelope = { payload: { header: { channel_header: { channel_id: SYSTEM_CHANNEL, type: 2 } }, data: { config_update: update } } };
    fs.writeFileSync(f('envelope.json'), JSON.stringify(envelope));
    await mustRunTool(install, 'configtxlator', { args: ['proto_encode', '--input', f('envelope.json'), '--type', 'common.Envelope', '--output', f('envelope.pb')] }, 'Encoding the update envelope');
    await mustRunTool(install, 'peer', {
      args: ['channel', 'signconfigtx', '-f', f('envelope.pb')], env: cliEnv(layout, memberId, path.join(member.registrarHome, 'msp')),
    }, `Signing the update as ${memberId}'s current admin`);
    await mustRunTool(install, 'peer', { args: ['channel', 'update', '-f', f('envelope.pb'), '-c', SYSTEM_CHANNEL, ...orderer], env: asOrdererAdmin }, 'Submitting the system channel update');
    return 'added';
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
