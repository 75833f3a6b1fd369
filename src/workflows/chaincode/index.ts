/** Chaincode workflows: deploy, query, invoke, and the single lifecycle steps. */
export { deployChaincode, lifecycleOfChannel } from './deploy';
export type { DeployOptions, DeployResult } from './deploy';
export { queryChaincode, queryChaincodeSdk } from './query';
export type { QueryOptions, QueryResult } from './query';
export { invokeChaincode, invokeChaincodeSdk } from './invoke';
export type { InvokeOptions, InvokeResult } from './invoke';
export { parseCtor, ctorArgs } from './ctor';
export { policyFor } from './policy-plan';
export type { ResolvedPolicy } from './policy-plan';
export { endorsingMembersFor, assertEndorsersSatisfy, planEndorsers } from './endorsers';
export { readRecord } from './deploy-record';
export type { DeployRecord } from './deploy-record';
export { assertChaincodeSource, assertChaincodeRef } from './source';
export type { StepReport } from '../step-report';
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
