/**
 * Settles the module format: fabkit is CommonJS, so every required library must load
 * under jest's CJS runtime on Node 20. execa is pinned to 5.x because 6+ is ESM-only and
 * jest 29 cannot require() ESM on Node 20.
 */
import execa from 'execa';
import Docker from 'dockerode';
import FabricCAServices from 'fabric-ca-client';
import * as yaml from 'js-yaml';
import forge from 'node-forge';

describe('module format (CommonJS under jest)', () => {
  it('loads execa and runs a real process', async () => {
    const result = await execa('node', ['-e', 'process.stdout.write("ok")']);
    expect(result.stdout).toBe('ok');
    expect(result.exitCode).toBe(0);
  });

  it('loads dockerode and builds a client for a unix socket without connecting', () => {
    const docker = new Docker({ socketPath: '/nonexistent/docker.sock' });
    expect(typeof docker.createContainer).toBe('function');
  });

  it('loads fabric-ca-client and constructs a client', () => {
    const ca = new FabricCAServices('https://127.0.0.1:1', { trustedRoots: [], verify: true }, 'ca');
    expect(ca.getCaName()).toBe('ca');
  });

  it('loads js-yaml and node-forge', () => {
    expect(yaml.load('a: 1')).toEqual({ a: 1 });
    expect(forge.asn1.Type.OID).toBe(6);
  });
});
