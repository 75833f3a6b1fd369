/** Endorsement policies: parse, format, validate, expand shorthands, check endorsements. */
export { and, or, outOf, principal, principalsOf, mspIdsOf, isPrincipalRole, PRINCIPAL_ROLES } from './ast';
export type { GateOp, NOutOfNode, PolicyAst, PrincipalNode, PrincipalRole } from './ast';
export { parsePolicy, policySyntaxError, POLICY_SYNTAX_ERROR, MAX_POLICY_DEPTH } from './parse';
export { formatPolicy } from './format';
export { validatePolicy, assertValidPolicy, checkPolicy } from './validate';
export type { PolicyCheck, PolicyValidationOptions } from './validate';
export { expandShorthand, resolvePolicy, isPolicyShorthand, POLICY_SHORTHANDS } from './shorthand';
export type { PolicyShorthand } from './shorthand';
export { checkEndorsements, describeMissing } from './satisfy';
export type { Endorser, SatisfyResult } from './satisfy';
