import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { cliContainerCreateOptions } from '../../src/runtime/cli-container';
import { bindsOfContainer, conflictOf, homeConflictOf, staleFieldsOf } from '../../src/runtime/cli-container-fit';
import { engineMessage } from '../../src/runtime/docker-engine-error';
import { LOCAL_TOOLS_IMAGE, pullFailure } from '../../src/runtime/image-pull';

const template = fs.readFileSync(path.resolve(__dirname, '..', '..', 'templates', 'docker-compose-cli.yaml'), 'utf8');
const params = {
  fabricVersion: '2.5.9',
  home: '/srv/h',
  chaincodeDir: '/srv/h/chaincode',
  containerName: 'cli',
  containerHome: '/opt/home',
  user: '1000:1000',
};
const expected = cliContainerCreateOptions(template, params);
const target = {
  containerName: 'cli',
  image: 'hyperledger/fabric-tools:2.5.9',
  home: '/srv/h',
  containerHome: '/opt/home',
};

type Info = Pick<Dockerode.ContainerInspectInfo, 'Id' | 'Config' | 'HostConfig' | 'Mounts'>;

/** An inspect answer as the engine gives it for a container created from `options` (mounts in no set order). */
function inspected(options: Dockerode.ContainerCreateOptions, image = target.image): Info {
  const binds = [...(options.HostConfig?.Binds ?? [])].reverse();
  return {
    Id: 'c0ffee',
    Config: { Image: image, User: options.User ?? '', StopSignal: options.StopSignal } as unknown as Info['Config'],
    HostConfig: { NetworkMode: options.HostConfig?.NetworkMode ?? 'default', Init: options.HostConfig?.Init ?? null },
    Mounts: binds.map((b) => {
      const [source = '', destination = ''] = b.split(':');
      return { Type: 'bind', Source: source, Destination: destination, Mode: '', RW: true, Propagation: 'rprivate' };
    }),
  } as Info;
}

describe('an existing cli container against the one fabkit would create', () => {
  it('fits when created from the same options, whatever the order of its mounts', () => {
    expect(staleFieldsOf(inspected(expected), expected)).toEqual([]);
    expect(conflictOf(inspected(expected), target)).toBeUndefined();
    expect(bindsOfContainer(inspected(expected))).toEqual([
      '/srv/h -> /opt/home',
      '/srv/h/chaincode -> /opt/gopath/src/github.com',
    ]);
  });

  it("is stale when created as the tutorial's file (or an older fabkit) did: default network, no init, root, /var/run", () => {
    const old = {
      ...expected,
      User: undefined,
      StopSignal: undefined,
      HostConfig: { Binds: ['/var/run:/host/var/run/', ...(expected.HostConfig?.Binds ?? [])] },
    };
    expect(staleFieldsOf(inspected(old), expected)).toEqual([
      'network mode default, not host',
      'no init process',
      'user (none), not 1000:1000',
      'stop signal SIGTERM, not SIGHUP',
      'mounts /var/run -> /host/var/run too',
    ]);
  });

  it('is stale when the profile now asks for the Docker socket and the container lacks it', () => {
    const withSocket = cliContainerCreateOptions(template, { ...params, mountDockerSocket: true });
    expect(staleFieldsOf(inspected(expected), withSocket)).toEqual(['does not mount /var/run -> /host/var/run']);
  });

  it('conflicts (fabkit leaves it alone) when it has another image or mounts another home there', () => {
    expect(conflictOf(inspected(expected, 'other/tools:1'), target)?.message).toBe(
      'A container named cli exists with image other/tools:1, not hyperledger/fabric-tools:2.5.9; fabkit does not replace it',
    );
    const otherHome = homeConflictOf(inspected(expected), { ...target, home: '/srv/other' });
    expect(otherHome?.code).toBe('CLI_CONTAINER_CONFLICT');
    expect(otherHome?.message).toBe(
      'The container cli does not mount /srv/other at /opt/home (it mounts /srv/h there); Fabric tools in it would not see this home',
    );
  });
});

describe('a failed pull', () => {
  /** What docker-modem rejects with when the engine answers a pull with HTTP 500 (no JSON body is read for a stream). */
  const modemError = (text: string): Error =>
    Object.assign(new Error(`(HTTP code 500) server error - ${text}`), { statusCode: 500, json: null });
  const offline =
    'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host';

  it("drops docker-modem's prefix from the engine's message", () => {
    expect(engineMessage(modemError(offline))).toBe(offline);
  });

  it('says in its own words that no registry answers, keeps the engine text, and names `fabkit cli image build`', () => {
    const error = pullFailure(LOCAL_TOOLS_IMAGE, modemError(offline));
    expect(error.code).toBe('IMAGE_PULL_FAILED');
    expect(error.message).toBe(
      `Cannot pull ${LOCAL_TOOLS_IMAGE}: no registry answers the Docker engine (it says: ${offline})`,
    );
    expect(error.message).not.toContain('HTTP code');
    expect(error.hint).toBe(
      "The engine has no access to a registry. Build the image here from fabkit's own Fabric binaries with `fabkit cli image build`, then run `fabkit cli up` again.",
    );
    expect((error.cause as Error).message).toContain('(HTTP code 500)');
    expect(error.details).toMatchObject({ engineMessage: offline, registryUnreachable: true });
  });

  it('for another tag, the hint also says to point runtime.image at the image fabkit builds', () => {
    expect(pullFailure('hyperledger/fabric-tools:2.2', modemError(offline)).hint).toContain(
      `set runtime.image: ${LOCAL_TOOLS_IMAGE} in fabkit.yaml`,
    );
  });

  it('a registry that answers but refuses the image is a plain failure with the name to check', () => {
    const error = pullFailure(
      'hyperledger/fabric-tools:9.9',
      modemError('manifest for hyperledger/fabric-tools:9.9 not found: manifest unknown: manifest unknown'),
    );
    expect(error.message).toBe(
      'Pulling hyperledger/fabric-tools:9.9 failed: manifest for hyperledger/fabric-tools:9.9 not found: manifest unknown: manifest unknown',
    );
    expect(error.hint).toContain('Check the image name');
    expect(error.details).toMatchObject({ registryUnreachable: false });
  });
});
