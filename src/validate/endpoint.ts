/**
 * Parses and validates gRPC endpoints written as `host:port`, e.g.
 * `nd-….m-….n-….managedblockchain.us-east-1.amazonaws.com:30003`, `127.0.0.1:7051`,
 * `[::1]:7051`. A leading `grpcs://` or `https://` is accepted and stripped. Pure.
 */
import { isIPv6 } from 'node:net'; // a pure string check; no sockets are touched
import type { ValidationIssue } from './issue';
import { assertNoIssues, makeIssue, quote } from './issue';

export interface Endpoint {
  /** Hostname or IP address; IPv6 addresses are returned without brackets. */
  readonly host: string;
  readonly port: number;
}

export type EndpointCheck =
  | { readonly ok: true; readonly endpoint: Endpoint; readonly issues: readonly [] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

const CODE = 'INVALID_ENDPOINT';
const ACCEPTED_SCHEMES = ['grpcs', 'https'];

type IssueFn = (rule: string, reason: string, hint: string) => ValidationIssue;

function exampleFor(host: string): string {
  const shown = host.includes(':') ? `[${host}]` : host || 'localhost';
  return /\.managedblockchain\./i.test(host)
    ? `"${shown}:30003" (AMB peer; the orderer uses 30001 and the CA 30002)`
    : `"${shown}:7051"`;
}

/** Strips an accepted scheme; reports any other. */
function stripScheme(input: string, issue: IssueFn, issues: ValidationIssue[]): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(input);
  if (match === null) return input;
  const scheme = (match[1] ?? '').toLowerCase();
  if (!ACCEPTED_SCHEMES.includes(scheme)) {
    issues.push(
      issue(
        'scheme',
        `scheme "${scheme}://" is not supported`,
        'Use "grpcs://" or "https://" (both mean TLS), or write just host:port.',
      ),
    );
  }
  return input.slice(match[0].length);
}

/** Cuts off a path component, reporting it. */
function stripPath(rest: string, issue: IssueFn, issues: ValidationIssue[]): string {
  const slash = rest.indexOf('/');
  if (slash < 0) return rest;
  const hostPort = rest.slice(0, slash);
  issues.push(
    issue(
      'path',
      `it must not contain a path ("${rest.slice(slash)}")`,
      `Remove everything from the first "/": an endpoint is only host:port, e.g. "${hostPort}".`,
    ),
  );
  return hostPort;
}

interface HostPort {
  readonly host: string;
  readonly port: string | undefined;
  readonly bracketed: boolean;
}

function splitBracketed(rest: string, issue: IssueFn): HostPort | ValidationIssue {
  const close = rest.indexOf(']');
  if (close < 0)
    return issue(
      'host',
      'the IPv6 address is missing its closing "]"',
      'Write IPv6 endpoints as "[address]:port", e.g. "[::1]:7051".',
    );
  const host = rest.slice(1, close);
  const after = rest.slice(close + 1);
  if (after === '') return { host, port: undefined, bracketed: true };
  if (!after.startsWith(':'))
    return issue(
      'host',
      `unexpected "${after}" after "]"`,
      'Write IPv6 endpoints as "[address]:port", e.g. "[::1]:7051".',
    );
  return { host, port: after.slice(1), bracketed: true };
}

function splitHostPort(rest: string, issue: IssueFn): HostPort | ValidationIssue {
  if (rest.startsWith('[')) return splitBracketed(rest, issue);
  const colons = rest.split(':').length - 1;
  if (colons === 0) return { host: rest, port: undefined, bracketed: false };
  if (colons > 1) {
    const last = rest.lastIndexOf(':');
    const example = isIPv6(rest.slice(0, last)) ? `"[${rest.slice(0, last)}]${rest.slice(last)}"` : '"[::1]:7051"';
    return issue(
      'ipv6-brackets',
      'an IPv6 address must be written in square brackets',
      `Put the address in brackets before the port, e.g. ${example}.`,
    );
  }
  const colon = rest.indexOf(':');
  return { host: rest.slice(0, colon), port: rest.slice(colon + 1), bracketed: false };
}

function isValidIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isValidHostname(host: string): boolean {
  if (host.length > 253) return false;
  return host.split('.').every((label) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
}

function hostIssue(hp: HostPort, issue: IssueFn): ValidationIssue | undefined {
  if (hp.host === '')
    return issue(
      'host-empty',
      'the host is empty',
      `Put the host name or IP address before the port, e.g. ${exampleFor('')}.`,
    );
  if (hp.bracketed) {
    return isIPv6(hp.host)
      ? undefined
      : issue(
          'host',
          `"[${hp.host}]" is not a valid IPv6 address`,
          'Only IPv6 addresses go in square brackets; write other hosts as host:port.',
        );
  }
  const valid = /^[\d.]+$/.test(hp.host) ? isValidIPv4(hp.host) : isValidHostname(hp.host);
  return valid
    ? undefined
    : issue(
        'host',
        `host "${hp.host}" is not a valid host name or IP address`,
        'Use a DNS name (letters, digits, "-", "." between labels) or an IPv4 address such as 127.0.0.1.',
      );
}

function portIssue(hp: HostPort, issue: IssueFn): ValidationIssue | undefined {
  if (hp.port === undefined || hp.port === '') {
    return issue(
      'port-missing',
      'it must include a port, as host:port',
      `Append the port, e.g. ${exampleFor(hp.host)}.`,
    );
  }
  if (!/^\d+$/.test(hp.port))
    return issue('port', `port "${hp.port}" is not a number`, `Use a numeric port, e.g. ${exampleFor(hp.host)}.`);
  const port = Number(hp.port);
  if (port < 1 || port > 65535)
    return issue(
      'port-range',
      `port ${hp.port} is out of range (it must be 1 to 65535)`,
      `Use a port from 1 to 65535, e.g. ${exampleFor(hp.host)}.`,
    );
  return undefined;
}

/** Parses and validates, collecting every issue found. */
export function checkEndpoint(input: string): EndpointCheck {
  const subject = `Endpoint ${quote(input)}`;
  const issue: IssueFn = (rule, reason, hint) =>
    makeIssue({ code: CODE, rule, subject, reason, hint, details: { value: input } });
  if (input === '')
    return { ok: false, issues: [issue('empty', 'it must not be empty', `Pass host:port, e.g. ${exampleFor('')}.`)] };
  if (/\s/.test(input)) {
    return {
      ok: false,
      issues: [
        issue(
          'whitespace',
          'it must not contain spaces or other whitespace',
          `Remove the whitespace: "${input.replace(/\s+/g, '')}".`,
        ),
      ],
    };
  }
  const issues: ValidationIssue[] = [];
  const rest = stripPath(stripScheme(input, issue, issues), issue, issues);
  const hp = splitHostPort(rest, issue);
  if ('code' in hp) return { ok: false, issues: [...issues, hp] };
  for (const found of [hostIssue(hp, issue), portIssue(hp, issue)]) if (found !== undefined) issues.push(found);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, endpoint: { host: hp.host, port: Number(hp.port) }, issues: [] };
}

export function validateEndpoint(input: string): ValidationIssue[] {
  return [...checkEndpoint(input).issues];
}

/** Returns `{host, port}` or throws a usage FabkitError (code INVALID_ENDPOINT) naming every problem. */
export function parseEndpoint(input: string): Endpoint {
  const result = checkEndpoint(input);
  if (result.ok) return result.endpoint;
  assertNoIssues(`Endpoint ${quote(input)}`, result.issues);
  throw new Error('unreachable: endpoint check failed without issues');
}

/** `host:port`, bracketing IPv6 addresses. */
export function formatEndpoint(endpoint: Endpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}
