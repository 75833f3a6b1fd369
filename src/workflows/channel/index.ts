/** Channel workflows: create, join, anchor peers, fetch, read and update the channel config. */
export { createChannel, capabilityOf } from './create';
export type { CreateOptions, CreateResult } from './create';
export { joinChannel, peerChannels, ensureGenesisBlock } from './join';
export type { JoinOptions, JoinResult, PeerJoin } from './join';
export { setAnchorPeers } from './anchor';
export type { AnchorPeersResult } from './anchor';
export { readChannelConfig, fetchBlock, summarizeConfig, submitConfigUpdate } from './config';
export type { ChannelConfigSummary, ConfigJson } from './config';
export { targetOf } from './peer-cli';
export type { ChannelDeps } from './peer-cli';
export { fetchChannelBlock, listChannels } from './fetch';
export type { FetchResult, PeerChannels } from './fetch';
export { addMember, signUpdate, submitUpdate } from './add-member';
export type { AddMemberOptions, AddMemberResult, SignUpdateResult, SubmitUpdateResult } from './add-member';
export { checkAdminsPolicy } from './admins-policy';
export type { AdminsPolicyCheck } from './admins-policy';
export { parseUpdateFile, formatUpdateFile, describeUpdate, describeSigner, UPDATE_FILE_FORMAT } from './update-file';
export type { UpdateFile, UpdateSigner } from './update-file';
