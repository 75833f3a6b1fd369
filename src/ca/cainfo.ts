/** GET /cainfo on a Fabric CA over TLS: the CA's name and chain, used by doctor and enroll. */
import * as https from 'node:https';
import { FabkitError } from '../errors';

export interface CaInfo {
  readonly caName: string;
  readonly caChainPem: string;
  readonly version?: string;
}

/** GET https://<endpoint>/cainfo with TLS verified against the chain (no identity needed). */
export function getCaInfo(endpoint: string, tlsChainPem: string, timeoutMs = 5000): Promise<CaInfo> {
  const [host, port] = splitHostPort(endpoint);
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host, port, path: '/cainfo', ca: tlsChainPem, timeout: timeoutMs, servername: isIp(host) ? undefined : host },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => {
          try {
            const parsed = JSON.parse(body) as {
              success: boolean;
              result: { CAName: string; CAChain: string; Version?: string };
            };
            if (res.statusCode !== 200 || !parsed.success) throw new Error(`HTTP ${res.statusCode}`);
            resolve({
              caName: parsed.result.CAName,
              caChainPem: Buffer.from(parsed.result.CAChain, 'base64').toString(),
              version: parsed.result.Version,
            });
          } catch (error) {
            reject(
              new FabkitError(
                'CA_BAD_RESPONSE',
                `https://${endpoint}/cainfo did not answer as a Fabric CA: ${(error as Error).message}`,
              ),
            );
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs}ms`)));
    req.on('error', (error) =>
      reject(
        new FabkitError('CA_UNREACHABLE', `https://${endpoint}/cainfo failed: ${error.message}`, { cause: error }),
      ),
    );
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

export function splitHostPort(endpoint: string): [string, number] {
  const i = endpoint.lastIndexOf(':');
  return [endpoint.slice(0, i).replace(/^\[|\]$/g, ''), Number(endpoint.slice(i + 1))];
}
