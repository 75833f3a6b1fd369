export { deployChaincode, lifecycleOfChannel } from './deploy';
export type { DeployOptions, DeployResult } from './deploy';
export { queryChaincode, invokeChaincode, queryChaincodeSdk, invokeChaincodeSdk, planEndorsers } from './transact';
export type { QueryOptions, QueryResult, InvokeOptions, InvokeResult } from './transact';
export {
  parseCtor,
  ctorArgs,
  policyFor,
  endorsingMembersFor,
  assertEndorsersSatisfy,
  readRecord,
  assertChaincodeSource,
  assertChaincodeRef,
} from './common';
export type { StepReport, DeployRecord } from './common';
export { installV1, instantiateV1, instantiatedV1 } from './v1';
export {
  installV2,
  approveV2,
  commitV2,
  queryCommitted,
  nextSequence,
  approvals,
  listInstalled,
  packageChaincode,
} from './v2';
export { installChaincode, instantiateChaincode, approveChaincode, commitChaincode } from './steps';
export type { StepOptions } from './steps';
