import { ThrottlingException } from '@aws-sdk/client-managedblockchain';
import { ambSettings, connectAmb, createAmbClient } from '../../src/amb/client';
import { ambError, isTransientAmbError } from '../../src/amb/errors';
import { FabkitError } from '../../src/errors';
import { accessDenied, connectionRefused, notFound, serviceError } from '../doubles/amb-api-double';

const ctx = {
  operation: 'GetMember',
  what: 'member m-K46ICRRXJRCGRNNS4ES4XUUS5A of network n-MWY63ZJZU5HGNCMBQER7IN6OIU',
};

describe('ambError: SDK errors become FabkitErrors with stable codes and hints', () => {
  it('maps ResourceNotFoundException to AMB_NOT_FOUND, without the AWS prefix moto adds', () => {
    const e = ambError(
      notFound(
        'An error occurred (ResourceNotFoundException) when calling the GetMember operation: Member m-X not found.',
      ),
      ctx,
    );
    expect(e.code).toBe('AMB_NOT_FOUND');
    expect(e.kind).toBe('failure');
    expect(e.message).toBe(`GetMember: ${ctx.what} was not found: Member m-X not found.`);
    expect(e.hint).toMatch(/region/);
    expect(e.details).toEqual({
      operation: 'GetMember',
      awsError: 'ResourceNotFoundException',
      httpStatus: 404,
      requestId: 'test-404',
    });
  });

  it('maps AccessDeniedException to AMB_ACCESS_DENIED naming the permission', () => {
    const e = ambError(accessDenied('not authorized'), { operation: 'CreateNode', what: 'a node' });
    expect(e.code).toBe('AMB_ACCESS_DENIED');
    expect(e.hint).toContain('managedblockchain:CreateNode');
  });

  it('maps missing credentials to AMB_NO_CREDENTIALS (usage)', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const e = ambError(error, ctx);
    expect(e.code).toBe('AMB_NO_CREDENTIALS');
    expect(e.kind).toBe('usage');
    expect(e.hint).toContain('AWS_ACCESS_KEY_ID');
  });

  it('maps a missing region to AMB_NO_REGION (usage)', () => {
    expect(ambError(new Error('Region is missing'), ctx).code).toBe('AMB_NO_REGION');
  });

  it('maps ECONNREFUSED (and other socket errors) to AMB_UNREACHABLE, which is transient', () => {
    const e = ambError(connectionRefused('127.0.0.1:1'), ctx);
    expect(e.code).toBe('AMB_UNREACHABLE');
    expect(e.message).toContain('ECONNREFUSED 127.0.0.1:1');
    expect(e.hint).toContain('--endpoint-url');
    expect(isTransientAmbError(e)).toBe(true);
    expect(ambError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), ctx).code).toBe(
      'AMB_UNREACHABLE',
    );
  });

  it('maps BadRequestException (a name the SDK model lacks; moto sends it) to AMB_INVALID_REQUEST', () => {
    const e = ambError(
      serviceError(
        'BadRequestException',
        'An error occurred (BadRequestException) when calling the CreateNetwork operation: Invalid version 2.2 requested for framework HYPERLEDGER_FABRIC',
        400,
      ),
      { operation: 'CreateNetwork', what: 'network x' },
    );
    expect(e.code).toBe('AMB_INVALID_REQUEST');
    expect(e.message).toContain('Invalid version 2.2');
  });

  it('maps throttling, limits and already-exists', () => {
    expect(
      ambError(new ThrottlingException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }), ctx).code,
    ).toBe('AMB_THROTTLED');
    expect(ambError(serviceError('ResourceLimitExceededException', 'max nodes', 429), ctx).code).toBe(
      'AMB_LIMIT_EXCEEDED',
    );
    expect(ambError(serviceError('ResourceAlreadyExistsException', 'voted', 409), ctx).code).toBe('AMB_ALREADY_EXISTS');
  });

  it('maps anything else to AMB_API_ERROR with the HTTP status', () => {
    const e = ambError(serviceError('InternalServiceErrorException', 'boom', 500), ctx);
    expect(e.code).toBe('AMB_API_ERROR');
    expect(e.message).toContain('(HTTP 500)');
  });

  it('removes the secret from the API message and keeps no cause that could carry it', () => {
    const e = ambError(serviceError('InvalidRequestException', 'password Sup3rSecret! refused', 400), {
      ...ctx,
      operation: 'CreateMember',
      secret: 'Sup3rSecret!',
    });
    expect(e.message).not.toContain('Sup3rSecret!');
    expect(e.message).toContain('***');
    expect(e.cause).toBeUndefined();
    expect(JSON.stringify(e.toJSON())).not.toContain('Sup3rSecret!');
  });

  it('passes FabkitErrors through unchanged', () => {
    const original = new FabkitError('X', 'y');
    expect(ambError(original, ctx)).toBe(original);
  });
});

describe('AMB client settings', () => {
  it('takes each setting from the first source that has it: flags, then the profile', () => {
    expect(ambSettings({ region: 'eu-west-1' }, { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' })).toEqual(
      { region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:5000' },
    );
    expect(ambSettings({ region: undefined }, undefined)).toEqual({ region: undefined, endpointUrl: undefined });
  });

  it('refuses a malformed region or endpoint URL before making a client', () => {
    expect(() => createAmbClient({ region: 'US East' })).toThrow(
      expect.objectContaining({ code: 'INVALID_REGION', kind: 'usage' }),
    );
    expect(() => createAmbClient({ endpointUrl: '127.0.0.1:5000' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ENDPOINT_URL' }),
    );
  });

  it('fails with AMB_NO_REGION (usage) when no region is set anywhere', async () => {
    const saved = { ...process.env };
    try {
      for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[k];
      process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
      process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
      await expect(connectAmb({})).rejects.toMatchObject({ code: 'AMB_NO_REGION', kind: 'usage' });
    } finally {
      process.env = saved;
    }
  });

  it('resolves the region override and keeps the endpoint URL', async () => {
    const conn = await connectAmb({ region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' });
    try {
      expect(conn.region).toBe('us-east-1');
      expect(conn.endpointUrl).toBe('http://127.0.0.1:5000');
    } finally {
      conn.close();
    }
  });
});
