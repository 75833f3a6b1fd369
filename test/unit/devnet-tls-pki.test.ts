/** The devnet's TLS PKI: a root and an intermediate apart from any member CA, endpoint certificates that chain through both. */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import { issueEndpointCert, newTlsPki, tlsChainPem } from '../../src/devnet/tls-pki';

describe('devnet TLS PKI', () => {
  const pki = newTlsPki();
  const leaf = issueEndpointCert(pki, 'peer0.org1', ['127.0.0.1', 'localhost']);
  const root = new X509Certificate(pki.root.certPem);
  const intermediate = new X509Certificate(pki.intermediate.certPem);
  const endpoint = new X509Certificate(leaf.certPem);

  it('chains endpoint -> intermediate -> root, and the chain file holds root then intermediate', () => {
    expect(root.ca).toBe(true);
    expect(intermediate.ca).toBe(true);
    expect(endpoint.ca).toBe(false);
    expect(endpoint.checkIssued(intermediate) && endpoint.verify(intermediate.publicKey)).toBe(true);
    expect(intermediate.checkIssued(root) && intermediate.verify(root.publicKey)).toBe(true);
    expect(endpoint.checkIssued(root)).toBe(false);
    const chain = tlsChainPem(pki);
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(chain.indexOf(pki.root.certPem.trim())).toBe(0);
    expect(endpoint.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(endpoint.subjectAltName).toContain('DNS:localhost');
    expect(endpoint.checkPrivateKey(createPrivateKey(leaf.keyPem))).toBe(true);
  });

  it('verifies with openssl only when the whole chain file is trusted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-tlspki-'));
    try {
      fs.writeFileSync(path.join(dir, 'chain.pem'), tlsChainPem(pki));
      fs.writeFileSync(path.join(dir, 'root.pem'), pki.root.certPem);
      fs.writeFileSync(path.join(dir, 'leaf.pem'), leaf.certPem);
      const ok = await execa('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', 'chain.pem', 'leaf.pem'], {
        cwd: dir,
        reject: false,
      });
      expect(ok.stdout).toContain('leaf.pem: OK');
      const rootOnly = await execa('openssl', ['verify', '-CAfile', 'root.pem', 'leaf.pem'], {
        cwd: dir,
        reject: false,
      });
      expect(rootOnly.exitCode).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
