import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BundleContent, MemberBundle } from '../../src/bundle/format';
import { createBundle, serializeBundle } from '../../src/bundle/format';
import { parseProfileText } from '../../src/config/load';
import type { Profile } from '../../src/config/resolve';
import { resolveProfile } from '../../src/config/resolve';
import { planMsp } from '../../src/msp/plan';
import { writeMspAtomic } from '../../src/msp/write';
import type { TestIdentity, TestPki } from './test-pki';

/** Test fixtures of the member-bundle tests: two member homes (org1 imports, org2 exports). */
export const NETWORK_ID = 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ORG1_ID = 'm-AAAAAAAAAAAAAAAAAAAAAAAAA1';
export const ORG2_ID = 'm-BBBBBBBBBBBBBBBBBBBBBBBBB2';
export const TLS_CHAIN = 'managedblockchain-tls-chain.pem';

export function profileYaml(memberId: string, name: string): string {
  return `version: 1
network:
  id: ${NETWORK_ID}
  fabricVersion: "2.2"
  orderingServiceEndpoint: orderer.example.com:30001
member:
  id: ${memberId}
  name: ${name}
  caEndpoint: ca.${name}.example.com:30002
peers:
  - endpoint: peer1.${name}.example.com:30003
  - endpoint: grpcs://peer2.${name}.example.com:30003
tls:
  chainFile: ${TLS_CHAIN}
`;
}

export function makeProfile(home: string, memberId: string, name: string): Profile {
  return resolveProfile(parseProfileText(profileYaml(memberId, name), 'fabkit.yaml'), home);
}

/** The TLS chain of the test network: two root certificates in one file. */
export const tlsChainOf = (pki: TestPki): string => `${pki.otherRootCa.certPem}${pki.intermediateCa.certPem}`;

export interface MemberHome {
  readonly home: string;
  readonly profile: Profile;
}

/** A member home with fabkit.yaml, an enrolled admin MSP (admincerts) and the TLS chain file. */
export async function makeMemberHome(
  dir: string,
  memberId: string,
  name: string,
  pki: TestPki,
  admin: TestIdentity = pki.admin,
): Promise<MemberHome> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'fabkit.yaml'), profileYaml(memberId, name));
  const profile = makeProfile(dir, memberId, name);
  await writeMspAtomic(
    profile.paths.mspDir,
    planMsp({ certPem: admin.certPem, keyPem: admin.keyPem, caCertsPem: [pki.rootCa.certPem], admin: true }),
  );
  fs.writeFileSync(profile.tls.chainFile, tlsChainOf(pki));
  return { home: dir, profile };
}

/** Content of a hand-made bundle of org2 (valid with pki.admin as the signer). */
export function contentOf(pki: TestPki, overrides: Partial<BundleContent> = {}): BundleContent {
  return {
    memberId: ORG2_ID,
    memberName: 'org2',
    fabricVersion: '2.2',
    createdAt: '2025-01-31T12:00:00.000Z',
    peerEndpoints: ['peer1.org2.example.com:30003'],
    adminCerts: [pki.admin.certPem],
    caCerts: [pki.rootCa.certPem],
    tlsRootCerts: [pki.otherRootCa.certPem],
    ...overrides,
  };
}

export function signedBundle(content: BundleContent, keyPem: string): MemberBundle {
  return createBundle(content, { entry: 'adminCerts[0]', key: createPrivateKey(keyPem) });
}

export function writeBundle(dir: string, bundle: MemberBundle, name = 'bundle.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, serializeBundle(bundle));
  return file;
}

/** Every file under dir (relative path → text); {} when dir does not exist. */
export function snapshot(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    out[path.relative(dir, file)] = entry.isFile() ? fs.readFileSync(file, 'utf8') : '(dir)';
  }
  return out;
}

/** The body lines of a PEM private key, none of which may appear anywhere. */
export function keyLines(keyPem: string): string[] {
  return keyPem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
}
