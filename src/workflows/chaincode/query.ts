/** Tutorial step 7.3: a chaincode query on one of this member's peers, through the peer CLI or the SDK. */
import { assertChannelReady } from '../../config/channel-ready';
import type { Profile } from '../../config/resolve';
import { querySpec } from '../../fabric-cli/chaincode-commands';
import { mustRun } from '../../fabric-cli/failure';
import { sdkQuery } from '../../sdk/query';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import { ctorArgs, parseCtor } from './ctor';
import { assertChaincodeRef } from './source';

export interface QueryOptions {
  readonly channelId: string;
  readonly name: string;
  readonly ctor: string;
  readonly peer?: string;
}

export interface QueryResult {
  readonly payload: string;
  readonly peer: string;
  readonly via: 'cli' | 'sdk';
}

/** `peer chaincode query` on one of this member's peers. */
export async function queryChaincode(profile: Profile, deps: ChannelDeps, o: QueryOptions): Promise<QueryResult> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const ctor = parseCtor(o.ctor);
  const t = targetOf(profile, o.peer);
  const r = await mustRun(
    deps.executor,
    querySpec(t, { channelId: o.channelId, name: o.name }, ctor),
    `Querying ${o.name} on ${o.channelId}`,
  );
  return { payload: r.stdout.replace(/\n$/, ''), peer: t.peer, via: 'cli' };
}

/** The same query through fabric-network (fabkit's SDK path) instead of the peer CLI. */
export async function queryChaincodeSdk(profile: Profile, o: QueryOptions): Promise<QueryResult> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const r = await sdkQuery(profile, {
    channelId: o.channelId,
    chaincode: o.name,
    args: ctorArgs(parseCtor(o.ctor)),
    peer: o.peer,
  });
  return { payload: r.payload, peer: r.peer, via: 'sdk' };
}
