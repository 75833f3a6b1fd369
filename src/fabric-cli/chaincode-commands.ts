/**
 * Pure builders of the peer chaincode invocations behind tutorial step 7 (and 8.10–8.12), for
 * both lifecycles, plus parsers of their output. Paths are as the tool sees them.
 */
import type { CommandSpec } from '../runtime/command-spec';
import type { CliTarget } from './channel-commands';
import { peerEnv } from './peer-env';

/** A peer that must endorse, with the TLS root its certificate chains to. */
export interface EndorsingPeer {
  readonly address: string;
  readonly tlsRootCert: string;
}

export interface ChaincodeRef {
  readonly channelId: string;
  readonly name: string;
}

export interface DefinitionV2 extends ChaincodeRef {
  readonly version: string;
  readonly sequence: number;
  readonly initRequired: boolean;
  /** Signature policy text, e.g. AND('m-A.member','m-B.member'); omitted → the channel's default Endorsement policy. */
  readonly policy?: string;
}

const ordererFlags = (t: CliTarget): string[] => ['-o', t.orderer, '--tls', '--cafile', t.ordererTlsCa];
const peerSpec = (t: CliTarget, args: string[], extraEnv: Record<string, string> = {}): CommandSpec => ({
  tool: 'peer',
  args,
  env: { ...peerEnv(t.identity, t.peer), ...extraEnv },
});
const peerFlags = (peers: readonly EndorsingPeer[]): string[] =>
  peers.flatMap((p) => ['--peerAddresses', p.address, '--tlsRootCertFiles', p.tlsRootCert]);
/** The invoke and lifecycle commands print the transaction ID and its validation code only at INFO. */
const INFO = { FABRIC_LOGGING_SPEC: 'info' };

// ---------------------------------------------------------------- 1.x lifecycle

/** `peer chaincode install <file>`: a package written beforehand (name and version come from it). */
export function installV1PackageSpec(t: CliTarget, packageFile: string): CommandSpec {
  return peerSpec(t, ['chaincode', 'install', packageFile]);
}

export function instantiateSpec(
  t: CliTarget,
  ref: ChaincodeRef,
  version: string,
  ctor: string,
  policy: string | undefined,
  upgrade = false,
): CommandSpec {
  return peerSpec(t, [
    'chaincode',
    upgrade ? 'upgrade' : 'instantiate',
    ...ordererFlags(t),
    '-C',
    ref.channelId,
    '-n',
    ref.name,
    '-v',
    version,
    '-c',
    ctor,
    ...(policy === undefined ? [] : ['-P', policy]),
  ]);
}

export function listInstalledV1Spec(t: CliTarget): CommandSpec {
  return peerSpec(t, ['chaincode', 'list', '--installed']);
}

export function listInstantiatedSpec(t: CliTarget, channelId: string): CommandSpec {
  return peerSpec(t, ['chaincode', 'list', '--instantiated', '-C', channelId]);
}

export interface ChaincodeV1Info {
  readonly name: string;
  readonly version: string;
}

/** `Name: mycc, Version: v0, Path: …, Id: …` lines of `peer chaincode list`. */
export function parseChaincodeListV1(stdout: string): ChaincodeV1Info[] {
  return [...stdout.matchAll(/Name: ([^,\s]+), Version: ([^,\s]+)/g)].map((m) => ({
    name: m[1] ?? '',
    version: m[2] ?? '',
  }));
}

// ---------------------------------------------------------------- 2.x lifecycle

export function packageSpec(
  t: CliTarget,
  outFile: string,
  sourcePath: string,
  label: string,
  lang = 'node',
): CommandSpec {
  return peerSpec(t, [
    'lifecycle',
    'chaincode',
    'package',
    outFile,
    '--path',
    sourcePath,
    '--lang',
    lang,
    '--label',
    label,
  ]);
}

export function installV2Spec(t: CliTarget, packageFile: string): CommandSpec {
  return peerSpec(t, ['lifecycle', 'chaincode', 'install', packageFile]);
}

export function queryInstalledSpec(t: CliTarget): CommandSpec {
  return peerSpec(t, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json']);
}

function definitionFlags(d: DefinitionV2): string[] {
  return [
    '-C',
    d.channelId,
    '-n',
    d.name,
    '-v',
    d.version,
    '--sequence',
    String(d.sequence),
    ...(d.initRequired ? ['--init-required'] : []),
    ...(d.policy === undefined ? [] : ['--signature-policy', d.policy]),
  ];
}

export function approveSpec(t: CliTarget, d: DefinitionV2, packageId: string): CommandSpec {
  return peerSpec(
    t,
    [
      'lifecycle',
      'chaincode',
      'approveformyorg',
      ...ordererFlags(t),
      ...definitionFlags(d),
      '--package-id',
      packageId,
      '--waitForEvent',
    ],
    INFO,
  );
}

/** `peer lifecycle chaincode queryapproved`: this member's approval of a sequence (non-zero exit when it has none). */
export function queryApprovedSpec(t: CliTarget, channelId: string, name: string, sequence: number): CommandSpec {
  return peerSpec(t, [
    'lifecycle',
    'chaincode',
    'queryapproved',
    '-C',
    channelId,
    '-n',
    name,
    '--sequence',
    String(sequence),
    '--output',
    'json',
  ]);
}

export function checkCommitReadinessSpec(t: CliTarget, d: DefinitionV2): CommandSpec {
  return peerSpec(t, ['lifecycle', 'chaincode', 'checkcommitreadiness', ...definitionFlags(d), '--output', 'json']);
}

export function commitSpec(t: CliTarget, d: DefinitionV2, peers: readonly EndorsingPeer[]): CommandSpec {
  return peerSpec(
    t,
    [
      'lifecycle',
      'chaincode',
      'commit',
      ...ordererFlags(t),
      ...definitionFlags(d),
      ...peerFlags(peers),
      '--waitForEvent',
    ],
    INFO,
  );
}

export function queryCommittedSpec(t: CliTarget, ref: ChaincodeRef): CommandSpec {
  return peerSpec(t, [
    'lifecycle',
    'chaincode',
    'querycommitted',
    '-C',
    ref.channelId,
    '-n',
    ref.name,
    '--output',
    'json',
  ]);
}

/** Every chaincode committed on the channel (the peer CLI's querycommitted without -n). */
export function queryAllCommittedSpec(t: CliTarget, channelId: string): CommandSpec {
  return peerSpec(t, ['lifecycle', 'chaincode', 'querycommitted', '-C', channelId, '--output', 'json']);
}

export interface InstalledPackage {
  readonly packageId: string;
  readonly label: string;
}

export function parseQueryInstalled(stdout: string): InstalledPackage[] {
  const json = JSON.parse(stdout || '{}') as { installed_chaincodes?: { package_id: string; label: string }[] };
  return (json.installed_chaincodes ?? []).map((c) => ({ packageId: c.package_id, label: c.label }));
}

export interface CommittedDefinition {
  readonly sequence: number;
  readonly version: string;
  readonly initRequired: boolean;
  readonly approvals: Record<string, boolean>;
}

export function parseQueryCommitted(stdout: string): CommittedDefinition {
  const json = JSON.parse(stdout) as {
    sequence: number;
    version: string;
    init_required?: boolean;
    approvals?: Record<string, boolean>;
  };
  return {
    sequence: Number(json.sequence),
    version: json.version,
    initRequired: Boolean(json.init_required),
    approvals: json.approvals ?? {},
  };
}

export interface CommittedChaincode {
  readonly name: string;
  readonly sequence: number;
  readonly version: string;
  readonly initRequired: boolean;
}

/** Parses querycommitted's JSON without -n: {"chaincode_definitions":[…]} (empty or {} when none). */
export function parseQueryAllCommitted(stdout: string): CommittedChaincode[] {
  const json = JSON.parse(stdout.trim() || '{}') as {
    chaincode_definitions?: { name: string; sequence?: number; version?: string; init_required?: boolean }[];
  };
  return (json.chaincode_definitions ?? []).map((d) => ({
    name: d.name,
    sequence: Number(d.sequence ?? 0),
    version: d.version ?? '',
    initRequired: Boolean(d.init_required),
  }));
}

export function parseCommitReadiness(stdout: string): Record<string, boolean> {
  return (JSON.parse(stdout) as { approvals?: Record<string, boolean> }).approvals ?? {};
}

// ---------------------------------------------------------------- query and invoke (both lifecycles)

export function querySpec(t: CliTarget, ref: ChaincodeRef, ctor: string): CommandSpec {
  return peerSpec(t, ['chaincode', 'query', '-C', ref.channelId, '-n', ref.name, '-c', ctor]);
}

export function invokeSpec(
  t: CliTarget,
  ref: ChaincodeRef,
  ctor: string,
  peers: readonly EndorsingPeer[],
  isInit = false,
): CommandSpec {
  return peerSpec(
    t,
    [
      'chaincode',
      'invoke',
      ...ordererFlags(t),
      '-C',
      ref.channelId,
      '-n',
      ref.name,
      ...(isInit ? ['--isInit'] : []),
      '-c',
      ctor,
      ...peerFlags(peers),
      '--waitForEvent',
    ],
    INFO,
  );
}

export interface InvokeOutcome {
  readonly txId: string | undefined;
  /** VALID, ENDORSEMENT_POLICY_FAILURE, MVCC_READ_CONFLICT, …; undefined when the CLI did not say. */
  readonly validationCode: string | undefined;
  readonly payload: string | undefined;
  readonly endorsementStatus: number | undefined;
}

/** What `peer chaincode invoke --waitForEvent` (at INFO) reports, from stderr. */
export function parseInvokeOutput(stderr: string): InvokeOutcome {
  const committed = /txid \[([0-9a-f]+)\] committed with status \((\w+)\)/.exec(stderr);
  const invalidated = /transaction invalidated with status \((\w+)\)/.exec(stderr);
  const result = /Chaincode invoke successful\. result: status:(\d+)(?: payload:"((?:[^"\\]|\\.)*)")?/.exec(stderr);
  return {
    txId: committed?.[1] ?? /txid \[([0-9a-f]+)\]/.exec(stderr)?.[1],
    validationCode: committed?.[2] ?? invalidated?.[1],
    payload: result?.[2] === undefined ? undefined : unescapeGo(result[2]),
    endorsementStatus: result?.[1] === undefined ? undefined : Number(result[1]),
  };
}

function unescapeGo(text: string): string {
  return text.replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
}
