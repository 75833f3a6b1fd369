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
export { loadProfile, resolveHome, saveProfile } from './config/load';
export { profilePathOf } from './config/home-layout';
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
  targetOf,
} from './workflows/channel';
export { channelFiles } from './config/home-layout';
export type {
  CreateOptions,
  CreateResult,
  JoinOptions,
  JoinResult,
  PeerJoin,
  AnchorPeersResult,
  ChannelConfigSummary,
  ChannelDeps,
  FetchResult,
  PeerChannels,
} from './workflows/channel';
export type { Lifecycle } from './workflows/lifecycle';
export { parseBlockSelector } from './workflows/channel/fetch';
/** Adding a member to an existing channel: build the update file, sign it on each admin's home, submit it once the Admins policy is met. */
export { addMember, signUpdate, submitUpdate } from './workflows/channel';
export type { AddMemberOptions, AddMemberResult, SignUpdateResult, SubmitUpdateResult } from './workflows/channel';
/** The update file's format, its description in words, and the Application Admins policy check (pure). */
export {
  checkAdminsPolicy,
  parseUpdateFile,
  formatUpdateFile,
  describeUpdate,
  describeSigner,
  UPDATE_FILE_FORMAT,
} from './workflows/channel';
export type { AdminsPolicyCheck, UpdateFile, UpdateSigner } from './workflows/channel';
/** A channel's ledger archived block by block over one deliver stream, verified offline, and summarized. */
export { archiveChannel, verifyArchive, summarizeArchive, ARCHIVE_FORMAT } from './workflows/channel';
export type { ArchiveManifest, ArchiveResult, VerifyResult, ArchiveSummary } from './workflows/channel';
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
/** Connects to the Managed Blockchain API, runs a function with the connection, and always frees the client. */
export { withAmbConnection } from './amb';
/** An AMB request's target (home, region, endpoint, network and member IDs), resolved against the home's profile. */
export type { AmbTarget, ResolvedAmbTarget } from './amb';
/** Applies the home's profile under an AmbTarget's explicit values (IDs and aws settings). */
export { resolveAmbTarget } from './amb';
/** The network ID of a resolved AmbTarget, or a usage error naming --network-id. */
export { requireNetworkId } from './amb';
/** The acting member's ID of a resolved AmbTarget, or a usage error naming --member-id. */
export { requireMemberId } from './amb';
/** Tutorial step 5 in one call against an AmbTarget: create (or find) the member's peer node. */
export { createNodeFor } from './amb';
/** Tutorial step 8.1 in one call against an AmbTarget: propose inviting accounts or removing members. */
export { proposeFor } from './amb';
/** What proposeFor proposes: accounts to invite or members to remove, with description and vote. */
export type { ProposalRequest } from './amb';
/** Tutorial step 8.2 in one call against an AmbTarget: the member votes on a proposal. */
export { voteFor } from './amb';
/** The proposals of an AmbTarget's network. */
export { listProposalsFor } from './amb';
/** One proposal of an AmbTarget's network, with its votes. */
export { getProposalFor } from './amb';
/** The invitations of this AWS account, in an AmbTarget's region. */
export { listInvitationsFor } from './amb';
/** Tutorial step 8.3 in one call against an AmbTarget: accept an invitation by creating this account's member. */
export { acceptInvitationFor } from './amb';
/** Rejects an invitation sent to this account, in an AmbTarget's region. */
export { rejectInvitationFor } from './amb';
/** `fabkit init` as asked: picks the source (devnet, AMB API or flags) and writes the profile. */
export { initHome } from './workflows/init-request';
/** What `fabkit init` was given: devnet file and member, IDs, endpoints, TLS chain, runtime, AWS settings. */
export type { InitRequest } from './workflows/init-request';
/** A new member's admin password: FABKIT_ADMIN_PASSWORD, else asked twice through the given prompt. */
export { newAdminPassword } from './workflows/secrets';
/** The password `fabkit onboard` works with: the existing member's, or a new one for the member to create. */
export { onboardPassword } from './workflows/secrets';
