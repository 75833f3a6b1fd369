/** The TLS chain pem: where it comes from (file, URL, AMB's regional S3 object), read and checked, then saved in the home. */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import { splitPemBundle } from '../msp/cert';

export type TlsChainSource =
  | { readonly kind: 'file'; readonly location: string }
  | { readonly kind: 'https'; readonly location: string }
  | { readonly kind: 's3'; readonly location: string };

/** AMB's chain for a region: s3://<region>.managedblockchain/etc/managedblockchain-tls-chain.pem */
export function ambTlsChainUrl(region: string): string {
  return `s3://${region}.managedblockchain/etc/managedblockchain-tls-chain.pem`;
}

/** Pure: what kind of source a user's `--tls-chain` value names. */
export function parseTlsChainSource(value: string): TlsChainSource {
  if (value.startsWith('s3://')) return { kind: 's3', location: value };
  if (value.startsWith('https://')) return { kind: 'https', location: value };
  if (value.startsWith('http://')) {
    throw new FabkitError('TLS_CHAIN_INSECURE', `Refusing to download the TLS chain over plain http: ${value}`, {
      kind: 'usage',
      hint: 'Use an https:// URL, an s3:// URL or a local file.',
    });
  }
  return { kind: 'file', location: value };
}

function httpsGet(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { timeout: timeoutMs }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(
          new FabkitError(
            'TLS_CHAIN_DOWNLOAD_FAILED',
            `Downloading the TLS chain from ${url} failed: HTTP ${res.statusCode}`,
          ),
        );
        return;
      }
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs}ms`)));
    req.on('error', (e) =>
      reject(
        new FabkitError('TLS_CHAIN_DOWNLOAD_FAILED', `Downloading the TLS chain from ${url} failed: ${e.message}`, {
          cause: e,
        }),
      ),
    );
  });
}

async function s3Get(url: string, region: string | undefined, endpoint: string | undefined): Promise<string> {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (!match?.[1] || !match[2])
    throw new FabkitError('TLS_CHAIN_SOURCE_INVALID', `"${url}" is not an s3://bucket/key URL`, { kind: 'usage' });
  const bucket = match[1];
  const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
  const bucketRegion = region ?? /^([a-z]{2}-[a-z]+-\d)\.managedblockchain$/.exec(bucket)?.[1];
  const client = new S3Client({ region: bucketRegion, endpoint, forcePathStyle: true });
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: match[2] }));
    if (!out.Body) throw new Error('empty body');
    return await out.Body.transformToString();
  } catch (error) {
    throw new FabkitError(
      'TLS_CHAIN_DOWNLOAD_FAILED',
      `Downloading the TLS chain from ${url} failed: ${(error as Error).message}`,
      {
        cause: error,
        hint: "Check AWS credentials and region (the AWS SDK's usual chain), or pass a local file.",
      },
    );
  } finally {
    client.destroy();
  }
}

/**
 * Reads the TLS chain from its source and checks that it is a bundle of PEM certificates (each
 * one a valid X.509 certificate, nothing else in the file). Writes nothing. Resolves the
 * normalized PEM and the certificates' count.
 */
export async function readTlsChain(
  source: TlsChainSource,
  options: { region?: string; s3Endpoint?: string; timeoutMs?: number } = {},
): Promise<{ pem: string; certificates: number }> {
  let text: string;
  if (source.kind === 'file') {
    if (!fs.existsSync(source.location)) {
      throw new FabkitError('TLS_CHAIN_NOT_FOUND', `The TLS chain file ${source.location} does not exist`, {
        kind: 'usage',
        hint: "Pass the path of the network's TLS chain pem.",
      });
    }
    try {
      text = fs.readFileSync(source.location, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new FabkitError('TLS_CHAIN_UNREADABLE', `The TLS chain file ${source.location} cannot be read (${code})`, {
        kind: 'usage',
        cause: error,
        hint: "Pass the path of the network's TLS chain pem, a readable file.",
        details: { file: source.location, code },
      });
    }
  } else if (source.kind === 'https') {
    text = await httpsGet(source.location, options.timeoutMs ?? 15_000);
  } else {
    text = await s3Get(source.location, options.region, options.s3Endpoint);
  }
  const certs = splitPemBundle(text, `The TLS chain from ${source.location}`);
  return { pem: certs.join(''), certificates: certs.length };
}

/** Writes a chain read by `readTlsChain` to `target` atomically, unless `target` is the source file itself. */
export function saveTlsChain(source: TlsChainSource, pem: string, target: string): void {
  if (path.resolve(source.location) === path.resolve(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, pem, { mode: 0o644 });
  fs.renameSync(tmp, target);
}

/** `readTlsChain`, then `saveTlsChain` to `target`. */
export async function fetchTlsChain(
  source: TlsChainSource,
  target: string,
  options: { region?: string; s3Endpoint?: string; timeoutMs?: number } = {},
): Promise<{ pem: string; certificates: number }> {
  const chain = await readTlsChain(source, options);
  saveTlsChain(source, chain.pem, target);
  return chain;
}
