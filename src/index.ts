/**
 * fabkit's public API: a deliberate list, grouped by the tutorial's steps. The CLI imports only from here; inside
 * the library, modules import modules (there are no folder barrels). Everything not listed here is internal.
 */

// ---------------------------------------------------------------- errors and waits
/** The one error type: a stable `code`, a `hint` saying what to do, and a `kind` (usage → exit 2, failure → exit 1). */
export { FabkitError, isFabkitError, usageError } from './errors';
/** The kinds of FabkitError and its constructor options. */
export type { ErrorKind, FabkitErrorOptions } from './errors';
/** Polls a condition with a bound, a back-off and progress: fabkit's only way to wait. */
export { waitFor } from './runtime/wait-for';
/** waitFor's options and result. */
export type { WaitOptions, WaitResult } from './runtime/wait-for';

// ---------------------------------------------------------------- input checks (pure)
/** Channel IDs as Fabric accepts them, with a suggestion for a bad one. */
export { validateChannelId, assertChannelId, suggestChannelId, CHANNEL_ID_MAX_LENGTH } from './validate/ids';
/** AMB resource IDs (n-, m-, nd-, p-, in- followed by 26 upper-case letters and digits) and AWS account IDs. */
export {
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
} from './validate/ids';
/** Chaincode names, versions and labels, bounded as a peer can store them. */
export {
  validateChaincodeName,
  assertChaincodeName,
  validateChaincodeVersion,
  assertChaincodeVersion,
  validateChaincodeLabel,
  assertChaincodeLabel,
} from './validate/ids';
/** host:port endpoints: parse, format and check. */
export { checkEndpoint, validateEndpoint, parseEndpoint, formatEndpoint } from './validate/endpoint';
/** A parsed endpoint and the result of checking one. */
export type { Endpoint, EndpointCheck } from './validate/endpoint';
/** AMB's rule for admin passwords (8-32 characters, upper, lower, digit, none of ' " / \ @ % or space). */
export { validateAdminPassword, assertAdminPassword } from './validate/password';
/** Parses an endorsement policy expression such as `AND('m-A.member', 'm-B.member')`. */
export { parsePolicy } from './policy/parse';
/** Formats a parsed policy in Fabric's syntax. */
export { formatPolicy } from './policy/format';
/** Validates a parsed policy against the channel's member IDs. */
export { validatePolicy, assertValidPolicy } from './policy/validate';
/** A parsed endorsement policy, and the MSP IDs it names. */
export { mspIdsOf } from './policy/ast';
/** A parsed endorsement policy. */
export type { PolicyAst } from './policy/ast';
/** The policy shorthands `all-members`, `any-member`, `majority`, expanded against a channel's members. */
export { expandShorthand, isPolicyShorthand, POLICY_SHORTHANDS } from './policy/shorthand';

// ---------------------------------------------------------------- the member home and its profile
/** Finds the home (--home, FABKIT_HOME, cwd), loads and saves its fabkit.yaml. */
export { loadProfile, resolveHome, saveProfile } from './config/load';
/** A loaded profile and where it came from. */
export type { LoadedProfile } from './config/load';
/** Resolves a fabkit.yaml document into a Profile (paths, endpoints, runtime). */
export { resolveProfile } from './config/resolve';
/** The resolved member profile every workflow takes. */
export type { Profile } from './config/resolve';
/** fabkit.yaml as written, and its JSON Schema. */
export type { ProfileFile } from './config/schema';
/** The JSON Schema of fabkit.yaml, for editors. */
export { profileJsonSchema } from './config/schema';
/** Where a home's fabkit.yaml lives, and a channel's files inside the home. */
export { profilePathOf, channelFiles } from './config/home-layout';
/** The devnet's network.json and credentials.json, read by `init --from-devnet`. */
export type { NetworkFile, NetworkMember, NetworkNode, CredentialsFile } from './config/network-file';

// ---------------------------------------------------------------- step 3: the client and its runtime
/** Writes a home's profile from a devnet, the AMB API or flags (`fabkit init`). */
export { initHome } from './workflows/init-request';
/** What `fabkit init` was given. */
export type { InitRequest } from './workflows/init-request';
/** Writes a profile from a source already chosen. */
export { initProfile } from './workflows/init';
/** initProfile's result and sources. */
export type { InitResult, InitSource } from './workflows/init';
/** Writes a home from a Fabric connection profile and an admin MSP folder (`fabkit init --from-connection-profile`). */
export { initFromConnectionProfile, readConnectionProfile } from './workflows/init-connection-profile';
/** initFromConnectionProfile's request and result. */
export type { ConnectionProfileInitRequest, ConnectionProfileInitResult } from './workflows/init-connection-profile';
/** JSON Schema of the connection profile parts fabkit reads. */
export { connectionProfileJsonSchema } from './config/connection-profile-schema';
/** The config.yaml of a NodeOU MSP, built and read. */
export { nodeOusConfigYaml, parseNodeOusConfig } from './msp/nodeous';
/** The executor a profile asks for: local binaries or the fabric-tools `cli` container. */
export { executorOf, dockerExecutorOf } from './workflows/executor-of';
/** executorOf's options. */
export type { ExecutorOfOptions, DockerExecutorOfOptions } from './workflows/executor-of';
/** Runs Fabric's tools from local binaries. */
export { LocalExecutor } from './runtime/local-executor';
/** Runs Fabric's tools in the tutorial's `cli` container, through dockerode. */
export { DockerExecutor } from './runtime/docker-executor';
/** DockerExecutor's options. */
export type { DockerExecutorOptions } from './runtime/docker-executor';
/** Builds hyperledger/fabric-tools:<version> on the Docker engine from fabkit's own binaries, without a registry (`fabkit cli image build`). */
export { buildCliImage } from './workflows/cli-image';
/** buildCliImage's options and result (image, size, seconds). */
export type { CliImageOptions, CliImageResult } from './workflows/cli-image';
/** The `cli` container's create options (shared with docker-compose-cli.yaml) and its bind mounts. */
export { cliContainerCreateOptions } from './runtime/cli-container';
/** The `cli` container's parameters. */
export type { CliContainerParams, BindMount } from './runtime/cli-container';
/** The compose description of the `cli` container, rendered from templates/. */
export { readComposeTemplate } from './runtime/cli-container-lifecycle';
/** Results of `cli up`, `cli down` and `cli status`. */
export type { CliUpResult, CliDownResult, CliStatus } from './runtime/cli-container-lifecycle';
/** Wraps an executor so each command it runs is logged (`--verbose`). */
export { withCommandLog } from './runtime/logging-executor';
/** What an executor runs and returns. */
export type { CommandSpec, Executor, RunResult, FabricCliTool } from './runtime/command-spec';
/** The pinned Fabric versions and where their binaries are installed. */
export { expectedInstall, FABRIC_VERSION, FABRIC_CA_VERSION } from './runtime/fabric-install';
/** Builds the pinned Fabric binaries from source (Go), once. */
export { ensureFabricInstall } from './devnet/binaries';

// ---------------------------------------------------------------- step 4: the admin identity
/** Enrolls the bootstrap admin and writes the admin MSP atomically (`fabkit enroll`). */
export { enrollAdmin } from './workflows/enroll';
/** enrollAdmin's options and result. */
export type { EnrollResult, EnrollOptions } from './workflows/enroll';
/** Registers and enrolls another identity with the member's CA (`fabkit register`). */
export { registerIdentity } from './workflows/register';
/** registerIdentity's options and result. */
export type { RegisterResult, RegisterOptions } from './workflows/register';
/** The admin password without argv: FABKIT_ADMIN_PASSWORD, a devnet's credentials, or a prompt. */
export { adminPassword, PASSWORD_ENV, newAdminPassword, onboardPassword } from './workflows/secrets';
/** Waits until the network treats the enrolled admin as an admin. */
export { waitAdminRecognized } from './workflows/admin-recognized';
/** Checks a home end to end: CA, TLS, orderer, peers, tools, MSP, leftovers (`fabkit doctor`). */
export { doctor } from './workflows/doctor';
/** doctor's report. */
export type { DoctorReport, DoctorCheck } from './workflows/doctor';
/** Checks an MSP folder: cert/key match, chain, expiry, admincerts (`fabkit msp verify`). */
export { verifyMsp } from './msp/verify';
/** verifyMsp's report. */
export type { MspReport, MspCheck } from './msp/verify';
/** Reads an MSP folder. */
export { readMsp } from './msp/write';
/** Parses certificates and PEM bundles. */
export { parseCert, splitPemBundle } from './msp/cert';
/** A parsed certificate. */
export type { ParsedCert } from './msp/cert';
/** The TLS chain: where AMB publishes it, and fetching it into a home. */
export { fetchTlsChain, parseTlsChainSource, ambTlsChainUrl } from './ca/tls-chain';

// ---------------------------------------------------------------- step 5 and 8: the AMB API
/** Connects to the Managed Blockchain API, runs a function with the connection, and always frees the client. */
export { withAmbConnection, connectAmb, ambSettings } from './amb/client';
/** A connection to the AMB API and its settings. */
export type { AmbConnection, AmbSettings } from './amb/client';
/** An AMB request's target (home, region, endpoint, network and member IDs), resolved against the home's profile. */
export { resolveAmbTarget, requireNetworkId, requireMemberId } from './amb/session';
/** An AMB request's target, before and after resolution. */
export type { AmbTarget, ResolvedAmbTarget } from './amb/session';
/** The tutorial's AMB steps, each one call against an AmbTarget: node (5), propose, vote, invitations (8). */
export {
  createNodeFor,
  proposeFor,
  voteFor,
  listProposalsFor,
  getProposalFor,
  listInvitationsFor,
  acceptInvitationFor,
  rejectInvitationFor,
} from './amb/requests';
/** What proposeFor proposes. */
export type { ProposalRequest } from './amb/requests';
/** Votes and the values AMB accepts. */
export { VOTE_VALUES } from './amb/proposals';
/** Proposals as fabkit reports them. */
export type { Vote, ProposalInfo, ProposeResult } from './amb/proposals';
/** Invitations as fabkit reports them. */
export type { InvitationInfo, AcceptInvitationResult } from './amb/invitations';
/** A node as fabkit reports it, and the instance type the tutorial uses. */
export type { AmbNodeInfo, CreateNodeResult } from './amb/nodes';
/** The instance type `fabkit node create` uses unless told otherwise (the tutorial's bc.t3.small). */
export { DEFAULT_INSTANCE_TYPE } from './amb/nodes';
/** Whether a member exists on the network, as a bundle import checks it. */
export { memberCheckWith, ambMemberExists } from './amb/members';
/** The invited member's side of step 8 in one call: accept, node, init, enroll, doctor, export (`fabkit onboard`). */
export { onboard } from './workflows/onboard';
/** onboard's options and result. */
export type { OnboardOptions, OnboardResult } from './workflows/onboard';

// ---------------------------------------------------------------- step 8: member bundles
/** Exports this member's signed bundle: admincerts, cacerts, TLS root, peers (`fabkit member export`). */
export { exportBundle, defaultBundleFile } from './bundle/export';
/** exportBundle's options and result. */
export type { ExportOptions, ExportResult } from './bundle/export';
/** Verifies and imports another member's bundle (`fabkit member import`). */
export { importBundle } from './bundle/import';
/** importBundle's options and result. */
export type { ImportOptions, ImportResult, MemberCheck } from './bundle/import';
/** The members imported into a home. */
export { listImportedMembers, readImportedMember } from './bundle/members';
/** An imported member. */
export type { ImportedMember, MemberRecord } from './bundle/members';
/** Fingerprints of a bundle, this member, or an imported member, to compare out of band (`fabkit member show`). */
export { describeBundleFile, describeOwnMember, describeImportedMember } from './bundle/show';
/** What `member show` reports. */
export type { MemberDescription } from './bundle/show';
/** Reads and verifies a bundle file without importing it. */
export { readBundleFile } from './bundle/parse';
/** Bundle verification and the codes of its refusals. */
export { verifyBundle, BUNDLE_ERROR_CODES } from './bundle/verify';
/** A verified bundle. */
export type { VerifiedBundle } from './bundle/verify';
/** A bundle document and the fingerprints it carries. */
export type { MemberBundle, BundleFingerprints, CertFingerprint } from './bundle/format';

// ---------------------------------------------------------------- step 6: channels
/** Creates a channel (configtx.yaml, tx, create, block 0) and joins this member's peers (`fabkit channel create`). */
export { createChannel, capabilityOf } from './workflows/channel/create';
/** createChannel's options and result. */
export type { CreateOptions, CreateResult } from './workflows/channel/create';
/** The configtx.yaml skeletons fabkit ships in templates/configtx, and where they are. */
export { loadConfigtxSkeletons, configtxTemplateDir } from './configtx/templates';
/** Joins this member's peers to a channel (`fabkit channel join`). */
export { joinChannel } from './workflows/channel/join';
/** joinChannel's options and result. */
export type { JoinOptions, JoinResult, PeerJoin } from './workflows/channel/join';
/** Sets this member's anchor peers on a channel (`fabkit channel anchor-peers`). */
export { setAnchorPeers } from './workflows/channel/anchor';
/** setAnchorPeers's result. */
export type { AnchorPeersResult } from './workflows/channel/anchor';
/** Fetches a block, lists the channels a peer joined (`fabkit channel fetch|list`). */
export { fetchChannelBlock, listChannels, parseBlockSelector } from './workflows/channel/fetch';
/** What fetch and list report. */
export type { FetchResult, PeerChannels } from './workflows/channel/fetch';
/** Reads a channel's config: members, capabilities, anchor peers (`fabkit channel show`). */
export { readChannelConfig, showChannel } from './workflows/channel/config';
/** `channel list`/`show` with the orderers' view (osnadmin channel list) when fabkit.yaml has network.ordererAdmin. */
export { listChannelsWithOrderers, showChannelWithOrderers } from './workflows/channel/orderers-view';
/** Which kind of network a profile talks to (system channel or channel participation), and the orderers' joins. */
export { describeNetworkKind, detectNetworkKind } from './workflows/channel/participation';
/** The network kinds, and one orderer's join of a channel. */
export type { NetworkKind, NetworkKindResult, OrdererJoin } from './workflows/channel/participation';
/** A channel config as fabkit summarizes it. */
export type { ChannelConfigSummary } from './workflows/channel/config';
/** The admin acting against a peer, as the peer CLI sees it, and what every channel step needs. */
export { targetOf } from './workflows/channel/peer-cli';
/** What every channel and chaincode step needs besides the profile: the executor and a progress sink. */
export type { ChannelDeps } from './workflows/channel/peer-cli';
/** The channel lifecycles fabkit drives: Fabric 1.x (install/instantiate) and 2.x (approve/commit). */
export type { Lifecycle } from './workflows/lifecycle';

// ---------------------------------------------------------------- step 7: chaincode
/** Deploys chaincode on either lifecycle, each step idempotent (`fabkit chaincode deploy`). */
export { deployChaincode, lifecycleOfChannel } from './workflows/chaincode/deploy';
/** deployChaincode's options and result. */
export type { DeployOptions, DeployResult } from './workflows/chaincode/deploy';
/** Queries chaincode through the peer CLI or the SDK (`fabkit chaincode query [--sdk]`). */
export { queryChaincode, queryChaincodeSdk } from './workflows/chaincode/query';
/** queryChaincode's options and result. */
export type { QueryOptions, QueryResult } from './workflows/chaincode/query';
/** Invokes chaincode with endorsers planned from the policy, and waits for the commit (`fabkit chaincode invoke`). */
export { invokeChaincode, invokeChaincodeSdk } from './workflows/chaincode/invoke';
/** invokeChaincode's options and result. */
export type { InvokeOptions, InvokeResult } from './workflows/chaincode/invoke';
/** The single lifecycle steps (`fabkit chaincode install|instantiate|upgrade|approve|commit`). */
export { installChaincode, instantiateChaincode, approveChaincode, commitChaincode } from './workflows/chaincode/steps';
/** The single steps' options. */
export type { StepOptions } from './workflows/chaincode/steps';
/** 2.x: packages chaincode, lists what is installed and committed (`fabkit chaincode package|list|querycommitted`). */
export { packageChaincode, listInstalled, queryCommitted, listCommitted, approvals } from './workflows/chaincode/v2';
/** 1.x: the chaincode instantiated on a channel (`fabkit chaincode list --instantiated`). */
export { instantiatedV1 } from './workflows/chaincode/v1';
/** Checks a chaincode name/version and its source folder before anything runs. */
export { assertChaincodeSource, assertChaincodeRef } from './workflows/chaincode/source';
/** A chaincode version as printed: "v0" stays "v0", "1" becomes "v1". */
export { versionText as chaincodeVersionText } from './workflows/chaincode/follow-up';
/** The `fabkit chaincode deploy` command (quoted for pasting) another member runs for the same definition. */
export { deployCommand as chaincodeDeployCommand } from './workflows/chaincode/follow-up';
/** The language of a chaincode folder (go.mod: golang, package.json: node), or undefined. */
export { detectChaincodeLanguage } from './workflows/chaincode/source';
/** What a step did: done, already done, or skipped, with seconds. */
export type { StepReport } from './workflows/step-report';
/** What deploy recorded about a chaincode on a channel. */
export type { DeployRecord } from './workflows/chaincode/deploy-record';

// ---------------------------------------------------------------- the SDK path and connection profiles
/** Connection profiles for fabric-network apps (`fabkit connection-profile`). */
export {
  buildConnectionProfile,
  connectionProfileOf,
  writeConnectionProfile,
  asLocalhostFor,
} from './sdk/connection-profile';
/** A connection profile and its options. */
export type { ConnectionProfile, ConnectionProfileOptions, WrittenConnectionProfile } from './sdk/connection-profile';
/** One fabric-network gateway for many transactions, closed when the function returns. */
export { withGateway } from './sdk/gateway';
/** withGateway's options and session. */
export type { GatewayOptions, SdkSession } from './sdk/gateway';
/** Queries through the SDK. */
export { sdkQuery } from './sdk/query';
/** sdkQuery's request and result. */
export type { SdkQueryRequest, SdkQueryResult } from './sdk/query';
/** Invokes through the SDK, one or many over one gateway, with the policy checked before ordering. */
export { sdkInvoke, sdkInvokeAll } from './sdk/invoke';
/** sdkInvoke's request and result. */
export type { SdkInvokeRequest, SdkInvokeResult } from './sdk/invoke';
/** Many invokes over one gateway kept open while a function runs (the throughput path: no connect per transaction). */
export { withSdkInvoker } from './sdk/invoke';
/** The invoke function withSdkInvoker hands out. */
export type { SdkInvoker } from './sdk/invoke';

// ---------------------------------------------------------------- the devnet
/** Starts (or restarts) the local AMB-shaped network (`fabkit devnet up`). */
export { devnetUp } from './devnet/up';
/** devnetUp's result and timings. */
export type { DevnetUpResult, Timing } from './devnet/up';
/** Stops the devnet and checks nothing still listens (`fabkit devnet down`). */
export { devnetDown } from './devnet/down';
/** devnetDown's result. */
export type { DevnetDownResult } from './devnet/down';
/** What of the devnet runs (`fabkit devnet status`). */
export { devnetStatus } from './devnet/status';
/** devnetStatus's report. */
export type { DevnetStatus } from './devnet/status';
/** `fabkit devnet env`: the tutorial's step-6.2 shell exports for one devnet member. */
export { devnetEnv, shellExports } from './devnet/env';
/** What devnetEnv returns. */
export type { DevnetEnvResult } from './devnet/env';
/** The devnet's admin-propagation watcher, run as its own process by `devnet up`. */
export { runWatcher } from './devnet/watcher';
/** The devnet's default base port and its options. */
export { DEFAULT_BASE_PORT } from './devnet/layout';
/** The devnet's default first loopback address (one address per resource, AMB role ports). */
export { DEFAULT_ADDRESS_BLOCK } from './devnet/layout';
/** The devnet's options. */
export type { DevnetOptions } from './devnet/layout';
/** The devnet's styles: `amb` (default) and `fabric` (test-network-shaped, no system channel). */
export type { DevnetStyle } from './devnet/layout';

// ---------------------------------------------------------------- fabkit apply
/** `fabkit apply <file>`: converges the members, channels and chaincode one YAML file describes (plan, concurrent steps, report). */
export { applyFile } from './workflows/apply/apply';
/** applyFile's options and result. */
export type { ApplyOptions, ApplyResult } from './workflows/apply/apply';
/** The apply spec: parsed and checked with field paths, and its schema. */
export { parseApplySpec, applySpecSchema } from './workflows/apply/spec';
/** The apply spec as written. */
export type { ApplySpecFile } from './workflows/apply/spec';
/** A step of apply's run, with its outcome and seconds; and the events applyFile's onStep receives while it runs. */
export type { DagEvent, DagStepResult } from './workflows/apply/dag';

// ---------------------------------------------------------------- a channel's life: new members, archives
/** Adds an invited member to an existing channel: builds the update file, signs it on each admin's home, submits it once the Admins policy is met. */
export { addMember, signUpdate, submitUpdate } from './workflows/channel/add-member';
/** addMember's options and the results of the three steps. */
export type {
  AddMemberOptions,
  AddMemberResult,
  SignUpdateResult,
  SubmitUpdateResult,
} from './workflows/channel/add-member';
/** Whether collected signatures satisfy a channel's /Channel/Application/Admins policy (pure). */
export { checkAdminsPolicy } from './workflows/channel/admins-policy';
/** checkAdminsPolicy's answer. */
export type { AdminsPolicyCheck } from './workflows/channel/admins-policy';
/** The update file: its format, and its description in words. */
export {
  parseUpdateFile,
  formatUpdateFile,
  describeUpdate,
  describeSigner,
  UPDATE_FILE_FORMAT,
} from './workflows/channel/update-file';
/** The update file and its signers. */
export type { UpdateFile, UpdateSigner } from './workflows/channel/update-file';
/** A channel's ledger archived block by block over one deliver stream, verified offline, and summarized. */
export { archiveChannel, verifyArchive, summarizeArchive, ARCHIVE_FORMAT } from './workflows/channel/archive';
/** The archive's manifest and the results of archive, verify and summary. */
export type { ArchiveManifest, ArchiveResult, VerifyResult, ArchiveSummary } from './workflows/channel/archive';
