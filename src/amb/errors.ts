/**
 * Turning what the AWS SDK throws into FabkitErrors with stable codes and hints. Pure.
 * Messages carry the API's own message and the operation, never a request body (so no
 * password can reach them); `scrub` removes a secret from the API's message as well.
 */
import { FabkitError, isFabkitError } from '../errors';
import type { ErrorKind } from '../errors';
import { redactSecret } from '../redact';

export interface AmbErrorContext {
  /** The API operation, e.g. `GetMember`. */
  readonly operation: string;
  /** What was asked for, e.g. `member m-… of network n-…`. */
  readonly what: string;
  /** A secret that must not appear in the error (e.g. the admin password of CreateMember). */
  readonly secret?: string;
}

interface ErrorRule {
  readonly code: string;
  readonly kind?: ErrorKind;
  readonly matches: (e: SdkErrorShape) => boolean;
  readonly message: (ctx: AmbErrorContext, apiMessage: string) => string;
  readonly hint: (ctx: AmbErrorContext) => string;
}

interface SdkErrorShape {
  readonly name: string;
  readonly message: string;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
const CREDENTIAL_REFUSED = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);
const INVALID_REQUEST = new Set([
  'InvalidRequestException',
  'BadRequestException',
  'ValidationException',
  'SerializationException',
]);

const named =
  (...names: string[]) =>
  (e: SdkErrorShape): boolean =>
    names.includes(e.name);

const RULES: readonly ErrorRule[] = [
  {
    code: 'AMB_NO_CREDENTIALS',
    kind: 'usage',
    matches: (e) => e.name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message),
    message: (c) => `No AWS credentials were found for ${c.operation} (${c.what})`,
    hint: () =>
      "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials, or run where an instance role is available (the AWS SDK's usual credential chain).",
  },
  {
    code: 'AMB_NO_REGION',
    kind: 'usage',
    matches: (e) => /region is missing/i.test(e.message),
    message: (c) => `No AWS region is set for ${c.operation} (${c.what})`,
    hint: () => 'Pass --region (e.g. us-east-1), set aws.region in fabkit.yaml, or set AWS_REGION.',
  },
  {
    code: 'AMB_UNREACHABLE',
    matches: (e) => (e.code !== undefined && NETWORK_CODES.has(e.code)) || e.name === 'TimeoutError',
    message: (c, m) => `The Managed Blockchain API could not be reached for ${c.operation} (${c.what}): ${m}`,
    hint: () =>
      'Check the network and --endpoint-url / aws.endpointUrl (AWS_ENDPOINT_URL); without one the SDK uses https://managedblockchain.<region>.amazonaws.com.',
  },
  {
    code: 'AMB_CREDENTIALS_REJECTED',
    matches: (e) => CREDENTIAL_REFUSED.has(e.name),
    message: (c, m) => `AWS refused the credentials for ${c.operation} (${c.what}): ${m}`,
    hint: () =>
      'The access key is unknown, expired or its secret is wrong: refresh the credentials (e.g. aws sso login, or new session tokens) and retry.',
  },
  {
    code: 'AMB_ACCESS_DENIED',
    matches: (e) => e.name === 'AccessDeniedException' || (e.status === 403 && !CREDENTIAL_REFUSED.has(e.name)),
    message: (c, m) => `Access denied for ${c.operation} (${c.what}): ${m}`,
    hint: (c) =>
      `Grant the AWS identity in use managedblockchain:${c.operation} on this resource (aws sts get-caller-identity shows which identity that is), or use the account that owns the member.`,
  },
  {
    code: 'AMB_NOT_FOUND',
    matches: (e) => e.name === 'ResourceNotFoundException' || e.status === 404,
    message: (c, m) => `${c.operation}: ${c.what} was not found: ${m}`,
    hint: () =>
      'Check the IDs and the region: AMB resources are regional. `aws managedblockchain list-networks` and `list-members --network-id …` show what this account can see.',
  },
  {
    code: 'AMB_INVALID_REQUEST',
    matches: (e) => INVALID_REQUEST.has(e.name),
    message: (c, m) => `The Managed Blockchain API refused ${c.operation} (${c.what}): ${m}`,
    hint: () =>
      "The request does not fit the network's current state or limits (edition, instance type, availability zone, proposal or invitation status); see the message above.",
  },
  {
    code: 'AMB_LIMIT_EXCEEDED',
    matches: named('ResourceLimitExceededException'),
    message: (c, m) => `A Managed Blockchain limit stops ${c.operation} (${c.what}): ${m}`,
    hint: () =>
      'Delete an unused resource, or choose a network edition with higher limits (STANDARD allows more members and nodes than STARTER).',
  },
  {
    code: 'AMB_ALREADY_EXISTS',
    matches: named('ResourceAlreadyExistsException'),
    message: (c, m) => `${c.operation}: ${c.what} already exists: ${m}`,
    hint: () =>
      'Nothing to do again: look the resource up instead of creating it (e.g. fabkit proposal show, aws managedblockchain list-nodes).',
  },
  {
    code: 'AMB_THROTTLED',
    matches: (e) => e.name === 'ThrottlingException' || e.status === 429,
    message: (c, m) => `The Managed Blockchain API throttled ${c.operation} (${c.what}): ${m}`,
    hint: () => 'Retry in a little while; avoid running many fabkit AMB commands at once.',
  },
  {
    code: 'AMB_NOT_READY',
    matches: named('ResourceNotReadyException'),
    message: (c, m) => `${c.what} is not ready for ${c.operation}: ${m}`,
    hint: () => 'Wait until the resource is AVAILABLE, then retry.',
  },
  {
    code: 'AMB_ILLEGAL_ACTION',
    matches: named('IllegalActionException'),
    message: (c, m) => `${c.operation} is not allowed for ${c.what}: ${m}`,
    hint: () => 'The member or account may not perform this action in its current state.',
  },
];

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function shapeOf(error: unknown): SdkErrorShape {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const meta = (typeof e.$metadata === 'object' && e.$metadata !== null ? e.$metadata : {}) as Record<string, unknown>;
  const nested = Array.isArray(e.errors)
    ? (e.errors as unknown[]).map((x) => shapeOf(x).code).find((c) => c !== undefined)
    : undefined;
  return {
    name: str(e.name) ?? 'Error',
    message: str(e.message) ?? String(error),
    code: str(e.code) ?? nested,
    status: typeof meta.httpStatusCode === 'number' ? meta.httpStatusCode : undefined,
    requestId: str(meta.requestId),
  };
}

/** Removes AWS's "An error occurred (X) when calling the Y operation: " prefix (moto and botocore-style servers add it). */
function apiMessage(shape: SdkErrorShape): string {
  return (
    shape.message.replace(/^An error occurred \([^)]*\) when calling the \w+ operation: /, '').split('\n')[0] ??
    shape.message
  );
}

/** The FabkitError for anything an AMB API call threw. FabkitErrors pass through unchanged. */
export function ambError(error: unknown, ctx: AmbErrorContext): FabkitError {
  if (isFabkitError(error)) return error;
  const shape = shapeOf(error);
  const scrub = (text: string): string => (ctx.secret === undefined ? text : redactSecret(text, ctx.secret));
  const message = scrub(apiMessage(shape));
  const details = {
    operation: ctx.operation,
    awsError: shape.name,
    httpStatus: shape.status,
    requestId: shape.requestId,
  };
  const rule = RULES.find((r) => r.matches(shape));
  if (rule !== undefined) {
    return new FabkitError(rule.code, scrub(rule.message(ctx, message)), {
      kind: rule.kind,
      hint: rule.hint(ctx),
      details,
      cause: ctx.secret === undefined ? error : undefined,
    });
  }
  const status = shape.status === undefined ? '' : ` (HTTP ${shape.status})`;
  return new FabkitError(
    'AMB_API_ERROR',
    `The Managed Blockchain API failed ${ctx.operation} (${ctx.what})${status}: ${shape.name}: ${message}`,
    {
      hint: 'Retry; if it fails again, check the AWS Health Dashboard for Managed Blockchain and report the request ID.',
      details,
      cause: ctx.secret === undefined ? error : undefined,
    },
  );
}

/** Whether waiting and asking again may help (the API was unreachable or throttled). */
export function isTransientAmbError(error: FabkitError): boolean {
  return error.code === 'AMB_UNREACHABLE' || error.code === 'AMB_THROTTLED' || error.code === 'AMB_API_ERROR';
}
