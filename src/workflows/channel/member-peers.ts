/** Other members' peers as the channel's config knows them: their anchor peers and the TLS roots of their MSPs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { channelFiles } from '../../config/home-layout';
import type { Profile } from '../../config/resolve';
import type { ChannelConfigSummary, ConfigJson } from './config';

/** A peer of a channel member that this member can reach: its address and a file with the TLS roots to trust. */
export interface ChannelMemberPeer {
  readonly memberId: string;
  readonly address: string;
  /** Host path of a PEM file with the member's TLS root certificates. */
  readonly tlsRootCert: string;
}

const get = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as ConfigJson | undefined)?.[k], value);

/**
 * The TLS certificates (PEM text) a client needs to verify a member's peers: the TLS root and intermediate
 * certificates of its MSP in the channel config (an endpoint presents only its own certificate, so the
 * intermediates are needed as well), or '' when it has none.
 */
export function tlsRootsInConfig(config: ConfigJson, memberId: string): string {
  const msp = ['channel_group', 'groups', 'Application', 'groups', memberId, 'values', 'MSP', 'value', 'config'];
  const certs = ['tls_root_certs', 'tls_intermediate_certs'].flatMap((field) => {
    const list = get(config, ...msp, field);
    return Array.isArray(list) ? list : [];
  });
  if (certs.length === 0) return '';
  return certs.map((c) => Buffer.from(String(c), 'base64').toString('utf8').trim()).join('\n') + '\n';
}

/**
 * The first anchor peer of each channel member (this one excluded), with a file of its TLS
 * roots written under the channel's artifacts; a member without TLS roots in its MSP gets this
 * member's TLS chain (AMB: one chain covers every endpoint). Members without anchor peers are left out.
 */
export function channelMemberPeers(profile: Profile, channel: ChannelConfigSummary): ChannelMemberPeer[] {
  const files = channelFiles(profile, channel.channelId);
  const found: ChannelMemberPeer[] = [];
  for (const memberId of channel.members) {
    const anchor = channel.anchorPeers[memberId]?.[0];
    if (memberId === profile.member.id || !anchor) continue;
    const roots = tlsRootsInConfig(channel.config, memberId);
    let tlsRootCert = profile.tls.chainFile;
    if (roots.trim() !== '') {
      tlsRootCert = files.memberTlsRoot(memberId);
      fs.mkdirSync(path.dirname(tlsRootCert), { recursive: true });
      fs.writeFileSync(tlsRootCert, roots);
    }
    found.push({ memberId, address: `${anchor.host}:${anchor.port}`, tlsRootCert: profile.toolPath(tlsRootCert) });
  }
  return found;
}
