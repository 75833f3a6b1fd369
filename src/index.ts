/** fabkit's public API. The CLI imports only from here. */
export { FabkitError, isFabkitError, usageError } from './errors';
export type { ErrorKind, FabkitErrorOptions } from './errors';
export { waitFor } from './runtime/wait-for';
export type { WaitOptions, WaitResult } from './runtime/wait-for';
export { devnetUp } from './devnet/up';
export type { DevnetUpResult, Timing } from './devnet/up';
export { devnetDown } from './devnet/down';
export type { DevnetDownResult } from './devnet/down';
export { devnetStatus } from './devnet/status';
export type { DevnetStatus } from './devnet/status';
export { runWatcher } from './devnet/watcher';
export { DEFAULT_BASE_PORT, planLayout } from './devnet/layout';
export type { DevnetOptions, DevnetLayout } from './devnet/layout';
export type { NetworkFile, NetworkMember, NetworkNode, CredentialsFile } from './config/network-file';
export { ensureFabricInstall } from './devnet/binaries';
export { expectedInstall, FABRIC_VERSION, FABRIC_CA_VERSION } from './runtime/fabric-install';
export { makeIssue, assertNoIssues, errorsOf, warningsOf } from './validate/issue';
export type { ValidationIssue, IssueSeverity, IssueSpec } from './validate/issue';
export {
  validateChannelId,
  assertChannelId,
  suggestChannelId,
  CHANNEL_ID_MAX_LENGTH,
  validateAmbId,
  assertAmbId,
  ambIdKindOf,
  validateMemberId,
  assertMemberId,
  validateNetworkId,
  assertNetworkId,
  validateNodeId,
  assertNodeId,
  validateProposalId,
  assertProposalId,
  validateInvitationId,
  assertInvitationId,
  validateAccountId,
  assertAccountId,
  validateMspId,
  assertMspId,
  MSP_ID_PATTERN,
  validateChaincodeName,
  assertChaincodeName,
  validateChaincodeVersion,
  assertChaincodeVersion,
  validateChaincodeLabel,
  assertChaincodeLabel,
} from './validate/ids';
export type { AmbIdKind } from './validate/ids';
export { checkEndpoint, validateEndpoint, parseEndpoint, formatEndpoint } from './validate/endpoint';
export type { Endpoint, EndpointCheck } from './validate/endpoint';
export {
  validateAdminPassword,
  assertAdminPassword,
  PASSWORD_MIN_LENGTH,
  PASSWORD_MAX_LENGTH,
} from './validate/password';
export {
  and as policyAnd,
  or as policyOr,
  outOf as policyOutOf,
  principal as policyPrincipal,
  principalsOf,
  mspIdsOf,
  isPrincipalRole,
  PRINCIPAL_ROLES,
  parsePolicy,
  policySyntaxError,
  POLICY_SYNTAX_ERROR,
  MAX_POLICY_DEPTH,
  formatPolicy,
  validatePolicy,
  assertValidPolicy,
  checkPolicy,
  expandShorthand,
  resolvePolicy,
  isPolicyShorthand,
  POLICY_SHORTHANDS,
  checkEndorsements,
  describeMissing,
} from './policy';
export type {
  GateOp,
  NOutOfNode,
  PolicyAst,
  PrincipalNode,
  PrincipalRole,
  PolicyCheck,
  PolicyValidationOptions,
  PolicyShorthand,
  Endorser,
  SatisfyResult,
} from './policy';
export * from './validate/ids';
export { LocalExecutor } from './runtime/local-executor';
export type { CommandSpec, Executor, RunResult, FabricCliTool } from './runtime/command-spec';
export { loadProfile, profilePathOf, resolveHome, saveProfile } from './config/load';
export type { LoadedProfile } from './config/load';
export { resolveProfile } from './config/resolve';
export type { Profile } from './config/resolve';
export type { ProfileFile } from './config/schema';
export { profileJsonSchema } from './config/schema';
export { verifyMsp } from './msp/verify';
export type { MspReport, MspCheck } from './msp/verify';
export { parseCert, splitPemBundle } from './msp/cert';
export type { ParsedCert } from './msp/cert';
export { planMsp } from './msp/plan';
export { writeMspAtomic, readMsp } from './msp/write';
export { initProfile } from './workflows/init';
export type { InitResult, InitSource } from './workflows/init';
export { enrollAdmin } from './workflows/enroll';
export type { EnrollResult, EnrollOptions } from './workflows/enroll';
export { registerIdentity } from './workflows/register';
export type { RegisterResult, RegisterOptions } from './workflows/register';
export { doctor } from './workflows/doctor';
export type { DoctorReport, DoctorCheck } from './workflows/doctor';
export { adminPassword, PASSWORD_ENV } from './workflows/secrets';
export { waitAdminRecognized } from './workflows/admin-recognized';
export { fetchTlsChain, parseTlsChainSource, ambTlsChainUrl } from './ca/tls-chain';
// member bundles
export { exportBundle, defaultBundleFile, BUNDLE_FILE_MODE } from './bundle/export';
export type { ExportOptions, ExportResult } from './bundle/export';
export { importBundle } from './bundle/import';
export type { ImportOptions, ImportResult, MemberCheck } from './bundle/import';
export { listImportedMembers, readImportedMember } from './bundle/members';
export type { ImportedMember, MemberRecord } from './bundle/members';
export { describeBundleFile, describeOwnMember, describeImportedMember } from './bundle/show';
export type { MemberDescription } from './bundle/show';
export { BUNDLE_FORMAT, createBundle, serializeBundle } from './bundle/format';
export type {
  MemberBundle,
  BundleContent,
  BundleManifest,
  BundleSignature,
  BundleFingerprints,
  CertFingerprint,
} from './bundle/format';
export { parseBundleText, readBundleFile } from './bundle/parse';
export { verifyBundle, BUNDLE_ERROR_CODES } from './bundle/verify';
export type { VerifiedBundle, BundleCert } from './bundle/verify';
// docker runtime
export { DockerExecutor } from './runtime/docker-executor';
export type { DockerExecutorOptions } from './runtime/docker-executor';
export { readComposeTemplate } from './runtime/cli-container-lifecycle';
export type { CliUpResult, CliDownResult, CliStatus } from './runtime/cli-container-lifecycle';
export { buildCliImage } from './workflows/cli-image';
export type { CliImageOptions, CliImageResult } from './workflows/cli-image';
// the runtime of a profile
export { dockerExecutorOf, executorOf } from './workflows/executor-of';
export type { DockerExecutorOfOptions, ExecutorOfOptions } from './workflows/executor-of';
export { cliContainerCreateOptions } from './runtime/cli-container';
export type { CliContainerParams, BindMount } from './runtime/cli-container';
// amb
export {
  ambSettings,
  connectAmb,
  createAmbClient,
  ambError,
  isTransientAmbError,
  ambNetworkSource,
  profileFromAmbSource,
  createNode,
  waitForNode,
  DEFAULT_INSTANCE_TYPE,
  NODE_CREATE_TIMEOUT_MS,
  proposeInvite,
  proposeRemove,
  vote,
  listProposals,
  getProposal,
  assertVote,
  VOTE_VALUES,
  listInvitations,
  acceptInvitation,
  rejectInvitation,
  MEMBER_CREATE_TIMEOUT_MS,
  waitForStatus,
} from './amb';
export type {
  AmbApi,
  AmbCommand,
  AmbConnection,
  AmbSettings,
  AmbErrorContext,
  AmbProfileRequest,
  AmbNodeInfo,
  CreateNodeOptions,
  CreateNodeResult,
  Vote,
  ProposalInfo,
  ProposalSummaryInfo,
  ProposalVoteInfo,
  ProposeOptions,
  ProposeResult,
  InvitationInfo,
  AcceptInvitationOptions,
  AcceptInvitationResult,
  StatusWaitOptions,
  StatusWaitResult,
  StatusWatch,
} from './amb';
export type { AmbNetworkSource, AmbNetwork, AmbMember, AmbNode } from './config/amb-source';
// channels
export {
  createChannel,
  joinChannel,
  setAnchorPeers,
  fetchChannelBlock,
  listChannels,
  readChannelConfig,
  capabilityOf,
  channelFiles,
  targetOf,
} from './workflows/channel';
export type {
  CreateOptions,
  CreateResult,
  Lifecycle,
  JoinOptions,
  JoinResult,
  PeerJoin,
  AnchorPeersResult,
  ChannelConfigSummary,
  ChannelDeps,
  FetchResult,
  PeerChannels,
} from './workflows/channel';
export { parseBlockSelector } from './workflows/channel/fetch';
export { mustRun, cliFailure } from './fabric-cli/failure';
// configtx
export {
  buildConfigtx,
  dumpConfigtx,
  policiesFor,
  defaultProfileName,
  PROFILE_NAMES,
  validateConfigtxInput,
  assertConfigtxInput,
  parseSkeletons,
  SKELETON_FILES,
  loadConfigtxSkeletons,
  configtxTemplateDir,
  withAnchorPeers,
  anchorPeersOf,
  sameAnchorPeers,
  AMB_CONSORTIUM,
  APP_CAPABILITIES,
  POLICY_FORMS,
} from './configtx';
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
  ConfigtxSkeletons,
  ChannelConfigJson,
  ConfigGroupJson,
  ConfigValueJson,
} from './configtx';
// chaincode
export {
  deployChaincode,
  lifecycleOfChannel,
  queryChaincode,
  invokeChaincode,
  queryChaincodeSdk,
  invokeChaincodeSdk,
  planEndorsers,
  parseCtor,
  ctorArgs,
  policyFor,
  endorsingMembersFor,
  assertEndorsersSatisfy,
  readRecord,
  assertChaincodeSource,
  assertChaincodeRef,
  installV1,
  instantiateV1,
  instantiatedV1,
  installV2,
  approveV2,
  commitV2,
  queryCommitted,
  nextSequence,
  approvals,
  listInstalled,
  packageChaincode,
} from './workflows/chaincode';
export type {
  DeployOptions,
  DeployResult,
  QueryOptions,
  QueryResult,
  InvokeOptions,
  InvokeResult,
  StepReport,
  DeployRecord,
} from './workflows/chaincode';
export { installChaincode, instantiateChaincode, approveChaincode, commitChaincode } from './workflows/chaincode';
export type { StepOptions } from './workflows/chaincode';
// sdk
export {
  buildConnectionProfile,
  connectionProfileOf,
  writeConnectionProfile,
  asLocalhostFor,
  CCP_VERSION,
  withGateway,
  adminIdentityOf,
  sdkQuery,
  sdkInvoke,
  sdkInvokeAll,
  DEFAULT_COMMIT_TIMEOUT_MS,
} from './sdk';
export type {
  ConnectionProfile,
  ConnectionProfileInput,
  ConnectionProfileOptions,
  WrittenConnectionProfile,
  GatewayOptions,
  SdkSession,
  SdkQueryRequest,
  SdkQueryResult,
  SdkInvokeRequest,
  SdkInvokeResult,
  EndorsementRecord,
} from './sdk';
// onboarding
export { onboard } from './workflows/onboard';
export type { OnboardOptions, OnboardResult } from './workflows/onboard';
export { memberCheckWith, ambMemberExists } from './amb/members';
export { withCommandLog } from './runtime/logging-executor';
