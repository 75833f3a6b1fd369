/** The SDK path (fabric-network / fabric-common 2.2): connection profile, gateway, query and invoke. */
export {
  buildConnectionProfile,
  connectionProfileOf,
  writeConnectionProfile,
  asLocalhostFor,
  CCP_VERSION,
} from './connection-profile';
export type {
  ConnectionProfile,
  ConnectionProfileInput,
  ConnectionProfileOptions,
  CcpMemberInput,
  CcpCaInput,
  CcpNode,
  CcpOrganization,
  CcpCertificateAuthority,
  CcpChannel,
  CcpChannelPeer,
  CcpFabkitSection,
  WrittenConnectionProfile,
} from './connection-profile';
export { withGateway, adminIdentityOf } from './gateway';
export type { GatewayOptions, SdkSession } from './gateway';
export { sdkQuery } from './query';
export type { SdkQueryRequest, SdkQueryResult } from './query';
export { sdkInvoke, sdkInvokeAll } from './invoke';
export type { SdkInvokeRequest, SdkInvokeResult } from './invoke';
export { DEFAULT_COMMIT_TIMEOUT_MS } from './commit';
export {
  classifyEndorsements,
  assertAllEndorsed,
  assertEndorsementsAgree,
  assertPolicySatisfied,
  mspIdOfSerializedIdentity,
  endorserMspIds,
} from './endorsements';
export type {
  EndorsementRecord,
  EndorsementOutcome,
  EndorsementTarget,
  RawEndorsementResults,
  TransactionContext,
} from './endorsements';
export { deliverBlocks } from './deliver';
export type { DeliveredBlock } from './deliver';
