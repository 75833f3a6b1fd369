/** Who endorses a transaction: the members a policy needs, one peer of each, and the check that they can satisfy it. */
import { listImportedMembers, readImportedMember } from '../../bundle/members';
import type { Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import type { EndorsingPeer } from '../../fabric-cli/chaincode-commands';
import type { PolicyAst } from '../../policy/ast';
import { checkEndorsements, describeMissing } from '../../policy/satisfy';
import { mspIdsOf } from '../../policy/ast';
import type { ChannelMemberPeer } from '../channel/member-peers';

/** The smallest set of members (this one first) whose peers' endorsements satisfy the policy. */
export function endorsingMembersFor(ast: PolicyAst | undefined, self: string): string[] {
  if (!ast) return [self];
  const withSelf = mspIdsOf(ast).includes(self) ? [self] : [];
  const r = checkEndorsements(
    ast,
    withSelf.map((mspId) => ({ mspId, role: 'peer' as const })),
  );
  return [...withSelf, ...r.missing];
}

/** Refuses an endorsing set that cannot satisfy the policy: a doomed transaction is never sent to the orderer. */
export function assertEndorsersSatisfy(ast: PolicyAst, members: readonly string[], policyText: string): void {
  const r = checkEndorsements(
    ast,
    members.map((mspId) => ({ mspId, role: 'peer' as const })),
  );
  if (r.satisfied) return;
  throw new FabkitError(
    'POLICY_NOT_SATISFIED',
    `Endorsements from ${members.join(', ') || 'no member'} cannot satisfy ${policyText}: ${describeMissing(r.missing)}`,
    {
      kind: 'usage',
      details: { missing: r.missing, endorsers: members },
      hint: `Add a peer of ${r.missing.join(' and ') || 'the missing members'} (--peer), or leave --peer out and fabkit picks the peers the policy needs. --force sends it anyway (it will be invalidated).`,
    },
  );
}

/**
 * One endorsing peer per member: this member's first peer, an imported member's first peer with
 * its TLS root, or else the member's anchor peer from the channel's config (`known`).
 */
export async function endorsingPeerOf(
  profile: Profile,
  memberId: string,
  known: readonly ChannelMemberPeer[] = [],
): Promise<EndorsingPeer & { memberId: string }> {
  if (memberId === profile.member.id) {
    return {
      memberId,
      address: profile.peers[0]?.endpoint.address ?? '',
      tlsRootCert: profile.toolPath(profile.tls.chainFile),
    };
  }
  const fromChannel = known.find((p) => p.memberId === memberId);
  let m: Awaited<ReturnType<typeof readImportedMember>>;
  try {
    m = await readImportedMember(profile, memberId);
  } catch (error) {
    if (fromChannel && error instanceof FabkitError && error.code === 'MEMBER_NOT_IMPORTED')
      return { memberId, address: fromChannel.address, tlsRootCert: fromChannel.tlsRootCert };
    throw error;
  }
  const address = m.peerEndpoints[0];
  if (!address)
    throw usageError(
      'MEMBER_HAS_NO_PEER',
      `Imported member ${memberId} has no peer endpoint`,
      `Ask ${memberId} to create a peer node and send a new bundle (fabkit member export).`,
    );
  return { memberId, address, tlsRootCert: profile.toolPath(m.tlsRootFile) };
}

/** Which member owns a peer endpoint: this member, or one of the imported members. */
export async function memberOfPeer(
  profile: Profile,
  address: string,
  imported: readonly { memberId: string; peerEndpoints: readonly string[] }[],
  known: readonly ChannelMemberPeer[] = [],
): Promise<string> {
  if (profile.peers.some((p) => p.endpoint.address === address)) return profile.member.id;
  const owner =
    imported.find((m) => m.peerEndpoints.includes(address)) ??
    known
      .map((k) => ({ memberId: k.memberId, peerEndpoints: [k.address] }))
      .find((k) => k.peerEndpoints.includes(address));
  if (!owner)
    throw usageError(
      'UNKNOWN_PEER',
      `Peer ${address} belongs neither to this member nor to an imported member`,
      "Use a peer listed in fabkit.yaml, or import its member's bundle first (fabkit member import).",
    );
  return owner.memberId;
}

/** The endorsing peers: the ones asked for (each mapped to its member), or one per member the policy needs. */
export async function planEndorsers(
  profile: Profile,
  ast: PolicyAst | undefined,
  peers: readonly string[] | undefined,
  known: readonly ChannelMemberPeer[] = [],
): Promise<{ memberId: string; address: string; tlsRootCert: string }[]> {
  if (peers && peers.length > 0) {
    const imported = await listImportedMembers(profile);
    return Promise.all(
      peers.map(async (address) => {
        const memberId = await memberOfPeer(profile, address, imported, known);
        const peer = await endorsingPeerOf(profile, memberId, known);
        return { ...peer, address };
      }),
    );
  }
  return Promise.all(endorsingMembersFor(ast, profile.member.id).map((m) => endorsingPeerOf(profile, m, known)));
}
