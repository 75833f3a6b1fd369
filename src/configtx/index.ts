/** configtx.yaml generation for AMB application channels, and the anchor-peer config edit. */
export { buildConfigtx, dumpConfigtx, policiesFor, defaultProfileName, PROFILE_NAMES } from './build';
export { validateConfigtxInput, assertConfigtxInput } from './validate';
export { parseSkeletons, SKELETON_FILES } from './skeleton';
export type { ConfigtxSkeletons } from './skeleton';
export { loadConfigtxSkeletons, configtxTemplateDir } from './templates';
export { withAnchorPeers, anchorPeersOf, sameAnchorPeers } from './anchor-peers';
export type { ChannelConfigJson, ConfigGroupJson, ConfigValueJson } from './anchor-peers';
export { AMB_CONSORTIUM, APP_CAPABILITIES, POLICY_FORMS } from './types';
export type {
  AppCapability,
  PolicyForm,
  ConfigtxInput,
  ConfigtxOrgInput,
  ConfigtxDoc,
  ConfigtxOrganization,
  ConfigtxProfile,
  ConfigtxApplication,
  ConfigtxPolicy,
  ConfigtxPolicies,
  ConfigtxAnchorPeer,
  ConfigtxSkeletonTexts,
} from './types';
