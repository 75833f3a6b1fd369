/**
 * Pure: a TLS handshake to a Fabric endpoint made by a Fabric tool, so that it can run where the
 * tools run (inside the cli container, which has no openssl), and what its output means.
 *
 * `osnadmin channel list` speaks HTTPS to whatever address it is given, verifying the server's
 * certificate with --ca-file. Against an orderer's or a peer's gRPC port the handshake completes and
 * the HTTP/1.1 request then meets an HTTP/2 server, which osnadmin reports as a malformed response:
 * that answer proves TCP reachability and a certificate the chain verifies. osnadmin insists on a
 * client certificate; any pair does (Fabric's gRPC servers request one but do not verify it unless
 * they require client authentication), so the caller passes a throwaway one.
 */
import type { CommandSpec } from '../runtime/command-spec';

export interface TlsProbeFiles {
  /** The TLS chain, as the tool sees the path. */
  readonly caFile: string;
  /** A throwaway client certificate and its key, as the tool sees the paths. */
  readonly clientCert: string;
  readonly clientKey: string;
}

export function tlsProbeSpec(endpoint: string, files: TlsProbeFiles): CommandSpec {
  return {
    tool: 'osnadmin',
    args: [
      'channel',
      'list',
      '-o',
      endpoint,
      '--ca-file',
      files.caFile,
      '--client-cert',
      files.clientCert,
      '--client-key',
      files.clientKey,
    ],
    env: {},
  };
}

export type TlsProbeOutcome =
  /** The handshake completed and the chain verified the server's certificate. */
  | 'verified'
  /** Nothing answered at that address (refused, no route, no such host, timed out). */
  | 'unreachable'
  /** Something answered, but its certificate does not verify with the chain (or the name does not match). */
  | 'untrusted'
  /** The tool is not in the image (fabric-tools before 2.3 has no osnadmin). */
  | 'no-tool'
  | 'error';

const VERIFIED =
  /malformed HTTP response|HTTP\/1\.x transport connection broken|server gave HTTP response|remote error: tls: (bad certificate|certificate required)|Status: \d{3}/;
const UNREACHABLE =
  /connection refused|no route to host|network is unreachable|no such host|i\/o timeout|deadline exceeded|connection reset|server misbehaving|Temporary failure in name resolution|timed out after/i;
const UNTRUSTED =
  /x509:|certificate signed by unknown authority|certificate is valid for|failed to verify certificate/i;
const NO_TOOL = /executable file not found|no such file or directory: unknown/;

/** What a tlsProbeSpec run says about the endpoint; `detail` is the tool's last line. */
export function interpretTlsProbe(
  exitCode: number,
  stdout: string,
  stderr: string,
): { outcome: TlsProbeOutcome; detail: string } {
  const text = `${stdout}\n${stderr}`;
  const detail =
    text
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? '';
  if (exitCode === 126 || exitCode === 127 || NO_TOOL.test(text)) return { outcome: 'no-tool', detail };
  if (exitCode === 0 || VERIFIED.test(text)) return { outcome: 'verified', detail };
  if (UNTRUSTED.test(text)) return { outcome: 'untrusted', detail };
  if (UNREACHABLE.test(text)) return { outcome: 'unreachable', detail };
  return { outcome: 'error', detail };
}
