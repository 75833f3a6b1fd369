/**
 * Issue 10 §7: `fabkit init` with a bad --tls-chain (empty, not PEM, a key, truncated, missing)
 * left an empty home directory behind. The chain is now checked completely before anything is
 * created: on failure nothing is written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProfileFlags } from '../../src/config/from-flags';
import { initProfile } from '../../src/workflows/init';
import { tlsChainOf } from '../helpers/bundle-fixture';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';
import { rejected } from '../helpers/thrown';

let pki: TestPki;
let work: string;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-init-chain-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const flags = (tlsChain: string): ProfileFlags => ({
  networkId: 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  memberId: 'm-AAAAAAAAAAAAAAAAAAAAAAAAA1',
  memberName: 'org1',
  caEndpoint: 'ca.org1.example.com:30002',
  ordererEndpoint: 'orderer.example.com:30001',
  peerEndpoints: ['peer1.org1.example.com:30003'],
  tlsChain,
  fabricVersion: '2.2',
});

/** A chain file with `text` outside the home; `undefined` leaves it missing. */
function chainFile(text: string | undefined): string {
  const file = path.join(work, 'given-chain.pem');
  if (text !== undefined) fs.writeFileSync(file, text);
  return file;
}

describe('init --tls-chain', () => {
  it('a valid chain creates the home and the profile (the baseline)', async () => {
    const home = path.join(work, 'home');
    const result = await initProfile(home, { kind: 'flags', flags: flags(chainFile(tlsChainOf(pki))) });
    expect(result.outcome).toBe('created');
    expect(fs.readdirSync(home)).toEqual(['fabkit.yaml']);
  });

  const chain = (): string => tlsChainOf(pki);
  it.each<[string, () => string | undefined, string]>([
    ['empty', () => '', 'PEM_NO_CERTIFICATE'],
    ['not PEM', () => 'this is not a certificate\n', 'PEM'],
    ['a private key', () => pki.admin.keyPem, 'PEM_NOT_CERTIFICATE'],
    ['truncated', () => chain().slice(0, Math.floor(chain().length / 2)), 'PEM'],
    ['missing', () => undefined, 'TLS_CHAIN_NOT_FOUND'],
  ])('%s: a usage error, and no home folder is created', async (_name, text, code) => {
    const home = path.join(work, 'home');
    const error = await rejected(initProfile(home, { kind: 'flags', flags: flags(chainFile(text())) }));
    expect(error.code).toContain(code);
    expect(error.kind).toBe('usage');
    expect(fs.existsSync(home)).toBe(false);
  });
});
