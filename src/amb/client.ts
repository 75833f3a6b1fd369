/**
 * The ManagedBlockchainClient fabkit talks to. Region and credentials follow the AWS SDK's
 * default chain (AWS_REGION, AWS_PROFILE, ~/.aws/config and credentials, instance roles, …);
 * AWS_ENDPOINT_URL_MANAGEDBLOCKCHAIN / AWS_ENDPOINT_URL are honoured by the SDK too. fabkit's
 * own settings override that chain: the --region / --endpoint-url flags first, then the
 * profile's `aws.region` / `aws.endpointUrl`.
 */
import type { ManagedBlockchainClient } from '@aws-sdk/client-managedblockchain';
import { loadAmbSdk } from '../runtime/lazy';
import { usageError } from '../errors';
import type { FabkitError } from '../errors';
import type { AmbApi } from './api';
import { ambError } from './errors';

export interface AmbSettings {
  readonly region?: string | undefined;
  readonly endpointUrl?: string | undefined;
}

export interface AmbConnection {
  readonly api: AmbApi;
  /** The region in use (from the overrides or the SDK's chain). */
  readonly region: string;
  /** The endpoint override in use, if any. */
  readonly endpointUrl: string | undefined;
  /** Frees the client's sockets. */
  close(): void;
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The first setting given, field by field: flags before the profile. Pure. */
export function ambSettings(...sources: readonly (AmbSettings | undefined)[]): AmbSettings {
  const first = (key: keyof AmbSettings): string | undefined =>
    sources.map((s) => s?.[key]).find((v) => v !== undefined && v !== '');
  return { region: first('region'), endpointUrl: first('endpointUrl') };
}

function checkSettings(settings: AmbSettings): void {
  if (settings.region !== undefined && !REGION_PATTERN.test(settings.region)) {
    throw usageError(
      'INVALID_REGION',
      `Region "${settings.region}" is invalid: it must look like "us-east-1"`,
      'Pass an AWS region where Managed Blockchain runs, e.g. --region us-east-1.',
    );
  }
  if (settings.endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(settings.endpointUrl)) {
    throw usageError(
      'INVALID_ENDPOINT_URL',
      `Endpoint URL "${settings.endpointUrl}" is invalid: it must start with "https://" (or "http://")`,
      'Pass the API endpoint as a URL, e.g. --endpoint-url http://127.0.0.1:5000 for a local moto server.',
    );
  }
}

/** A ManagedBlockchainClient with fabkit's overrides on top of the SDK's default chain. */
export function createAmbClient(settings: AmbSettings = {}): ManagedBlockchainClient {
  checkSettings(settings);
  return new (loadAmbSdk().ManagedBlockchainClient)({
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpointUrl === undefined ? {} : { endpoint: settings.endpointUrl }),
  });
}

const noRegion = (): FabkitError =>
  usageError(
    'AMB_NO_REGION',
    'No AWS region is set for the Managed Blockchain API',
    'Pass --region (e.g. us-east-1), set aws.region in fabkit.yaml, or set AWS_REGION.',
  );

/** Creates the client and resolves its region; fails with AMB_NO_REGION when none is set anywhere. */
export async function connectAmb(settings: AmbSettings = {}): Promise<AmbConnection> {
  const client = createAmbClient(settings);
  let region: string | undefined;
  try {
    region = await client.config.region();
  } catch (error) {
    client.destroy();
    if (error instanceof Error && /region is missing/i.test(error.message)) throw noRegion();
    throw ambError(error, { operation: 'resolving the region', what: 'the Managed Blockchain client' });
  }
  if (!region) {
    client.destroy();
    throw noRegion();
  }
  return { api: client, region, endpointUrl: settings.endpointUrl, close: () => client.destroy() };
}

/** Connects with `settings`, runs `fn` with the connection, and always frees the client, also when `fn` throws. */
export async function withAmbConnection<T>(settings: AmbSettings, fn: (conn: AmbConnection) => Promise<T>): Promise<T> {
  const conn = await connectAmb(settings);
  try {
    return await fn(conn);
  } finally {
    conn.close();
  }
}
