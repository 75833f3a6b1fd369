/**
 * The layout of a member's home directory: every path inside a home is computed here, as
 * devnet/layout.ts does for the devnet. Pure, except `ChannelFiles.scratch`, which makes a folder.
 *
 *   <home>/fabkit.yaml                               the profile
 *   <home>/<mspDir>/                                 the admin MSP (default admin-msp)
 *   <home>/<membersDir>/<memberId>/                  an imported member: member.json, tls-root.pem, msp/
 *   <home>/<artifactsDir>/<channel>/                 configtx.yaml, <channel>.tx, <channel>.block, records, packages
 *   <home>/users/<name>/msp/                         identities made with `fabkit register`
 *   <home>/logs/fabric-sdk.log                       fabric-common's own log
 *   <home>/member-bundle-<memberId>.json             the member bundle `fabkit member export` writes
 *   <home>/chaincode/                                the chaincode folder the docker runtime mounts
 *   <home>/orderer-admin/                            the orderer admin's TLS client identity (client.crt, client.key 0600)
 *   <home>/orderer-org/                              the orderer org's MSP and consenter TLS certs (channel participation)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createStagingDirSync } from '../staging';

export const PROFILE_FILE_NAME = 'fabkit.yaml';

/** The folders fabkit.yaml's `paths:` may move, relative to the home, and their defaults. */
export interface HomeFolders {
  readonly mspDir: string;
  readonly membersDir: string;
  readonly artifactsDir: string;
}

export const DEFAULT_PATHS = { mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'channel-artifacts' } as const;

/** What the layout needs of a resolved profile: its absolute home and folders (a `Profile` is one). */
export interface MemberHome {
  readonly home: string;
  /** Absolute host paths. */
  readonly paths: HomeFolders;
}

/** The absolute folders of a home: each folder of `paths:` resolved against the home. */
export function homeFoldersOf(home: string, folders: HomeFolders): HomeFolders {
  return {
    mspDir: path.resolve(home, folders.mspDir),
    membersDir: path.resolve(home, folders.membersDir),
    artifactsDir: path.resolve(home, folders.artifactsDir),
  };
}

/** `<home>/fabkit.yaml`. */
export function profilePathOf(home: string): string {
  return path.join(home, PROFILE_FILE_NAME);
}

/** The temporary file a profile is written to before it takes its place (`unique` keeps writers apart). */
export function profileTempPathOf(home: string, unique: string): string {
  return path.join(home, `.${PROFILE_FILE_NAME}.${unique}.tmp`);
}

/** `<home>/logs`: logs of the libraries fabkit drives. */
export function logsDirOf(home: string): string {
  return path.join(home, 'logs');
}

/** Where fabric-common (the SDK path) logs its warnings and errors, unless HFC_LOGGING says otherwise. */
export function sdkLogFileOf(home: string): string {
  return path.join(logsDirOf(home), 'fabric-sdk.log');
}

/** The file `fabkit member export` writes unless told otherwise. */
export function defaultBundleFileOf(home: string, memberId: string): string {
  return path.join(home, `member-bundle-${memberId}.json`);
}

/** The MSP of an identity made with `fabkit register`, unless told otherwise. */
export function userMspDirOf(home: string, name: string): string {
  return path.join(home, 'users', name, 'msp');
}

/** The chaincode folder the docker runtime mounts (the tutorial's ~/fabric-samples/chaincode), unless told otherwise. */
export function chaincodeDirOf(home: string, dir = 'chaincode'): string {
  return path.resolve(home, dir);
}

/** Where `init` puts the orderer admin's mutual-TLS client identity (osnadmin's --client-cert/--client-key). */
export function ordererAdminDirOf(home: string): string {
  return path.join(home, 'orderer-admin');
}

/** Where `init` puts the orderer org: msp/ (configtx.yaml's MSPDir) and consenters/<n>.crt. */
export function ordererOrgDirOf(home: string): string {
  return path.join(home, 'orderer-org');
}

// ---------------------------------------------------------------- imported members

/** Names inside `<membersDir>/<memberId>/` (relative to that folder). */
export const MEMBER_FILE = 'member.json';
export const MEMBER_MSP_DIR = 'msp';
export const TLS_ROOT_FILE = 'tls-root.pem';

/** The files of one imported member, absolute. */
export interface ImportedMemberFiles {
  readonly dir: string;
  /** member.json: what the bundle said. */
  readonly memberFile: string;
  /** msp/: a verifying MSP (admincerts, cacerts, tlscacerts), usable as MSPDir in configtx.yaml. */
  readonly mspDir: string;
  /** tls-root.pem: the member's TLS chain. */
  readonly tlsRootFile: string;
}

export function memberDirOf(home: MemberHome, memberId: string): string {
  return path.join(home.paths.membersDir, memberId);
}

export function importedMemberFiles(home: MemberHome, memberId: string): ImportedMemberFiles {
  return memberFilesIn(memberDirOf(home, memberId));
}

/** The files of an imported member's folder wherever that folder is (e.g. a backup beside it). */
export function memberFilesIn(dir: string): ImportedMemberFiles {
  return {
    dir,
    memberFile: path.join(dir, MEMBER_FILE),
    mspDir: path.join(dir, MEMBER_MSP_DIR),
    tlsRootFile: path.join(dir, TLS_ROOT_FILE),
  };
}

// ---------------------------------------------------------------- channel artifacts

/** The default file of `fabkit chaincode package`: `<artifactsDir>/<label>.tgz`. */
export function packageFileOf(home: MemberHome, label: string): string {
  return path.join(home.paths.artifactsDir, `${label}.tgz`);
}

/** Host paths of one channel's files under <artifactsDir>/<channelId>/. */
export interface ChannelFiles {
  readonly dir: string;
  readonly configtx: string;
  readonly tx: string;
  readonly genesisBlock: string;
  /** Where block 0 is fetched to before it is renamed to `genesisBlock`. */
  readonly genesisPartial: string;
  /** Where `peer channel create` writes the block it gets back (removed right after). */
  readonly createdBlock: string;
  /** `<channel>_<which>.block`: the default file of `fabkit channel fetch`. */
  fetchedBlock(which: string): string;
  /** `chaincode-<name>.json`: what fabkit deployed on this channel (the policy, version, sequence). */
  deployRecord(chaincode: string): string;
  /** `<label>.tgz`: a 2.x chaincode package made for an install on this channel. */
  chaincodePackage(label: string): string;
  /** `<name>_<version>.cds`: a 1.x chaincode package (ChaincodeDeploymentSpec) made for an install on this channel. */
  chaincodeDeploymentSpec(name: string, version: string): string;
  /** `member-<id>-tls-root.pem`: a channel member's TLS roots, from the channel config (for members not imported). */
  memberTlsRoot(memberId: string): string;
  /** A fresh private scratch directory under the home, named as a staging folder (the cli container sees only the home); the caller removes it. */
  scratch(prefix: string): string;
}

export function channelFiles(home: MemberHome, channelId: string): ChannelFiles {
  const dir = path.join(home.paths.artifactsDir, channelId);
  const genesisBlock = path.join(dir, `${channelId}.block`);
  return {
    dir,
    configtx: path.join(dir, 'configtx.yaml'),
    tx: path.join(dir, `${channelId}.tx`),
    genesisBlock,
    genesisPartial: `${genesisBlock}.partial`,
    createdBlock: `${genesisBlock}.created`,
    fetchedBlock: (which) => path.join(dir, `${channelId}_${which}.block`),
    deployRecord: (chaincode) => path.join(dir, `chaincode-${chaincode}.json`),
    chaincodePackage: (label) => path.join(dir, `${label}.tgz`),
    chaincodeDeploymentSpec: (name, version) => path.join(dir, `${name}_${version}.cds`),
    memberTlsRoot: (memberId) => path.join(dir, `member-${memberId}-tls-root.pem`),
    scratch(prefix) {
      fs.mkdirSync(dir, { recursive: true });
      return createStagingDirSync(path.join(dir, `.${prefix}`));
    },
  };
}
