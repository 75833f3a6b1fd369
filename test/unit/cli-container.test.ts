import * as fs from 'node:fs';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import { resolveProfile } from '../../src/config/resolve';
import { profileFileSchema } from '../../src/config/schema';
import {
  bindMountsOf,
  cliContainerCreateOptions,
  fabricToolsImage,
  parseVolume,
} from '../../src/runtime/cli-container';
import { engineAddress } from '../../src/runtime/docker-engine-error';
import { dockerExecutorOf } from '../../src/workflows/executor-of';
import { thrown } from '../helpers/thrown';

const root = path.resolve(__dirname, '..', '..');
const template = fs.readFileSync(path.join(root, 'templates', 'docker-compose-cli.yaml'), 'utf8');
const TUTORIAL = {
  fabricVersion: '2.2',
  home: '/home/ec2-user',
  chaincodeDir: '/home/ec2-user/fabric-samples/chaincode',
  containerName: 'cli',
  containerHome: '/opt/home',
  user: '1000:1000',
};

describe('cliContainerCreateOptions (compose template → POST /containers/create)', () => {
  it("maps the tutorial's cli service exactly: host network, init with SIGHUP, the caller's user, no /var/run", () => {
    expect(cliContainerCreateOptions(template, TUTORIAL)).toEqual({
      name: 'cli',
      Image: 'hyperledger/fabric-tools:2.2',
      Tty: true,
      User: '1000:1000',
      Env: ['GOPATH=/opt/gopath', 'FABRIC_LOGGING_SPEC=info', 'CORE_PEER_ID=cli', 'CORE_CHAINCODE_KEEPALIVE=10'],
      WorkingDir: '/opt/gopath/src/github.com/hyperledger/fabric/peer',
      Cmd: ['/bin/bash'],
      StopSignal: 'SIGHUP',
      HostConfig: {
        Binds: ['/home/ec2-user/fabric-samples/chaincode:/opt/gopath/src/github.com', '/home/ec2-user:/opt/home'],
        NetworkMode: 'host',
        Init: true,
      },
    });
  });

  it("runs as this process's uid:gid when no user is given", () => {
    expect(cliContainerCreateOptions(template, { ...TUTORIAL, user: undefined }).User).toBe(
      `${process.getuid?.()}:${process.getgid?.()}`,
    );
  });

  it("mountDockerSocket adds the tutorial's /var/run bind and CORE_VM_ENDPOINT back", () => {
    const options = cliContainerCreateOptions(template, { ...TUTORIAL, mountDockerSocket: true });
    expect(options.HostConfig?.Binds).toEqual([
      '/home/ec2-user/fabric-samples/chaincode:/opt/gopath/src/github.com',
      '/home/ec2-user:/opt/home',
      '/var/run:/host/var/run',
    ]);
    expect(options.Env).toContain('CORE_VM_ENDPOINT=unix:///host/var/run/docker.sock');
  });

  it("mounts the home at the profile's containerHome, and honours an image override, a container name and trailing slashes", () => {
    const options = cliContainerCreateOptions(template, {
      fabricVersion: '2.5.9',
      home: '/srv/member/',
      chaincodeDir: '/srv/member/chaincode/',
      containerName: 'fabkit-cli',
      containerHome: '/work/home',
      image: 'registry.local/fabric-tools:2.5.9-custom',
    });
    expect(options.name).toBe('fabkit-cli');
    expect(options.Image).toBe('registry.local/fabric-tools:2.5.9-custom');
    expect(options.HostConfig?.Binds).toEqual([
      '/srv/member/chaincode:/opt/gopath/src/github.com',
      '/srv/member:/work/home',
    ]);
    expect(bindMountsOf(options)).toEqual([
      { source: '/srv/member/chaincode', target: '/opt/gopath/src/github.com' },
      { source: '/srv/member', target: '/work/home' },
    ]);
  });

  it('takes every field from the template (the single source of truth): a changed template changes the container', () => {
    const changed = template
      .replace('- CORE_PEER_ID=cli', '- CORE_PEER_ID=cli\n      - EXTRA=1')
      .replace('command: /bin/bash', 'command: [sleep, infinity]')
      .replace('network_mode: host', 'network_mode: none')
      .replace('    init: true\n', '')
      .replace('    stop_signal: SIGHUP\n', '');
    const options = cliContainerCreateOptions(changed, TUTORIAL);
    expect(options.Env).toContain('EXTRA=1');
    expect(options.Cmd).toEqual(['sleep', 'infinity']);
    expect(options.HostConfig).toEqual({ Binds: expect.any(Array), NetworkMode: 'none' });
    expect(options.StopSignal).toBeUndefined();
    expect(
      thrown(() => cliContainerCreateOptions(template.replace('init: true', 'init: yes please'), TUTORIAL)).message,
    ).toBe('templates/docker-compose-cli.yaml: services.cli.init must be true or false');
  });

  it('reads an environment written as a map', () => {
    const mapped = template.replace(
      /environment:\n(\s+- .*\n)+/,
      'environment:\n      GOPATH: /opt/gopath\n      EMPTY:\n',
    );
    expect(cliContainerCreateOptions(mapped, TUTORIAL).Env).toEqual(['GOPATH=/opt/gopath', 'EMPTY=']);
  });

  it('refuses mount paths Docker cannot bind', () => {
    const relative = thrown(() => cliContainerCreateOptions(template, { ...TUTORIAL, home: 'home/ec2-user' }));
    expect(relative.code).toBe('INVALID_MOUNT_PATH');
    expect(relative.kind).toBe('usage');
    expect(relative.message).toBe(
      'home "home/ec2-user" must be an absolute path without ":" to be mounted into the cli container',
    );
    expect(thrown(() => cliContainerCreateOptions(template, { ...TUTORIAL, chaincodeDir: '/a:b' })).code).toBe(
      'INVALID_MOUNT_PATH',
    );
  });

  it('reports a damaged template with a stable code', () => {
    const error = thrown(() => cliContainerCreateOptions('services:\n  other: {}\n', TUTORIAL));
    expect(error.code).toBe('COMPOSE_TEMPLATE_INVALID');
    expect(error.message).toBe('templates/docker-compose-cli.yaml: services.cli is missing');
    expect(
      thrown(() =>
        cliContainerCreateOptions(template.replace("'{{home}}:/opt/home'", 'named_volume:/opt/home'), TUTORIAL),
      ).code,
    ).toBe('COMPOSE_TEMPLATE_INVALID');
  });

  it('parses compose volumes', () => {
    expect(parseVolume('/var/run:/host/var/run/')).toEqual({
      source: '/var/run',
      target: '/host/var/run',
      mode: undefined,
    });
    expect(parseVolume('/a/:/b:ro')).toEqual({ source: '/a', target: '/b', mode: 'ro' });
  });
});

describe('dockerExecutorOf (profile → DockerExecutor)', () => {
  const file = profileFileSchema.parse({
    version: 1,
    network: {
      id: 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      fabricVersion: '2.5.9',
      orderingServiceEndpoint: 'orderer.example.com:30001',
    },
    member: { id: 'm-J46DNSFRTVCCLONS3E5NRPXHGE', name: 'org1', caEndpoint: 'ca.example.com:30002' },
    peers: [{ endpoint: 'peer.example.com:30003' }],
    tls: { chainFile: 'managedblockchain-tls-chain.pem' },
    runtime: { kind: 'docker', containerName: 'org1-cli', containerHome: '/opt/member' },
  });
  const profile = resolveProfile(file, '/home/u');

  it('takes name, image tag and container home from the profile; chaincode defaults to <home>/chaincode', () => {
    const executor = dockerExecutorOf(profile, { template, socketPath: '/tmp/none/docker.sock' });
    expect(executor.kind).toBe('docker');
    expect(executor.containerName).toBe('org1-cli');
    expect(executor.image).toBe('hyperledger/fabric-tools:2.5.9');
    expect(executor.address).toBe('unix:///tmp/none/docker.sock');
    expect(executor.createOptions().HostConfig?.Binds).toEqual([
      '/home/u/chaincode:/opt/gopath/src/github.com',
      '/home/u:/opt/member',
    ]);
  });

  it('runtime.mountDockerSocket in the profile mounts /var/run; a user option sets the container user', () => {
    const withSocket = resolveProfile({ ...file, runtime: { ...file.runtime, mountDockerSocket: true } }, '/home/u');
    const options = dockerExecutorOf(withSocket, { template, user: '4242:4242' }).createOptions();
    expect(options.HostConfig?.Binds).toContain('/var/run:/host/var/run');
    expect(options.User).toBe('4242:4242');
    expect(dockerExecutorOf(profile, { template }).createOptions().HostConfig?.Binds).not.toContain(
      '/var/run:/host/var/run',
    );
  });

  it('uses runtime.image when set, and a chaincode directory relative to the home', () => {
    const custom = resolveProfile({ ...file, runtime: { ...file.runtime, image: 'my/tools:1' } }, '/home/u');
    const executor = dockerExecutorOf(custom, { template, chaincodeDir: 'cc' });
    expect(executor.image).toBe('my/tools:1');
    expect(executor.createOptions().HostConfig?.Binds?.[0]).toBe('/home/u/cc:/opt/gopath/src/github.com');
  });

  it('refuses a chaincode directory outside the home', () => {
    const error = thrown(() => dockerExecutorOf(profile, { chaincodeDir: '/srv/chaincode' }));
    expect(error.code).toBe('PATH_OUTSIDE_HOME');
  });

  it('names the engine address for messages', () => {
    expect(engineAddress(new Dockerode({ socketPath: '/run/user/1000/docker.sock' }))).toBe(
      'unix:///run/user/1000/docker.sock',
    );
    expect(engineAddress(new Dockerode({ host: '10.0.0.5', port: 2375, protocol: 'http' }))).toBe(
      'http://10.0.0.5:2375',
    );
  });
});

describe('fabricToolsImage', () => {
  it.each([
    ['1.2', 'hyperledger/fabric-tools:1.2.0'],
    ['1.2.1', 'hyperledger/fabric-tools:1.2.1'],
    ['1.4', 'hyperledger/fabric-tools:1.4'],
    ['2.2', 'hyperledger/fabric-tools:2.2'],
    ['2.5.9', 'hyperledger/fabric-tools:2.5.9'],
  ])('Fabric %s → %s (AMB reports 1.2; the tutorial pulls the 1.2.0 image)', (version, image) => {
    expect(fabricToolsImage(version)).toBe(image);
  });
});
