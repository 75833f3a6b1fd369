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
export type { NetworkFile, NetworkMember, NetworkNode, CredentialsFile } from './devnet/network-file';
export { ensureFabricInstall, expectedInstall, FABRIC_VERSION, FABRIC_CA_VERSION } from './devnet/binaries';
export { makeIssue, assertNoIssues, errorsOf, warningsOf } from './validate/issue';
export type { ValidationIssue, IssueSeverity, IssueSpec } from './validate/issue';
export {
  validateChannelId, assertChannelId, suggestChannelId, CHANNEL_ID_MAX_LENGTH,
  validateAmbId, assertAmbId, ambIdKindOf,
  validateMemberId, assertMemberId, validateNetworkId, assertNetworkId, validateNodeId, assertNodeId,
  validateProposalId, assertProposalId, validateInvitationId, assertInvitationId,
  validateAccountId, assertAccountId, validateMspId, assertMspId, MSP_ID_PATTERN,
  validateChaincodeName, assertChaincodeName, validateChaincodeVersion, assertChaincodeVersion,
  validateChaincodeLabel, assertChaincodeLabel,
} from './validate/ids';
export type { AmbIdKind } from './validate/ids';
export { checkEndpoint, validateEndpoint, parseEndpoint, formatEndpoint } from './validate/endpoint';
export type { Endpoint, EndpointCheck } from './validate/endpoint';
export { validateAdminPassword, assertAdminPassword, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './validate/password';
export {
  and as policyAnd, or as policyOr, outOf as policyOutOf, principal as policyPrincipal,
  principalsOf, mspIdsOf, isPrincipalRole, PRINCIPAL_ROLES,
  parsePolicy, policySyntaxError, POLICY_SYNTAX_ERROR, MAX_POLICY_DEPTH, formatPolicy,
  validatePolicy, assertValidPolicy, checkPolicy,
  expandShorthand, resolvePolicy, isPolicyShorthand, POLICY_SHORTHANDS,
  checkEndorsements, describeMissing,
} from './policy';
export type {
  GateOp, NOutOfNode, PolicyAst, PrincipalNode, PrincipalRole, PolicyCheck, PolicyValidationOptions, PolicyShorthand, Endorser, SatisfyResult,
} from './policy';
export * from './validate/ids';
export { LocalExecutor } from './runtime/local-executor';
export type { CommandSpec, Executor, RunResult, FabricCliTool } from './runtime/command-spec';
export { loadProfile, resolveHome, saveProfile } from './config/load';
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
