/** Chooses the runtime that runs the Fabric tools for a member profile: its docker `cli` container, or local binaries. */
import type Dockerode from 'dockerode';
import { chaincodeDirOf } from '../config/home-layout';
import type { Profile } from '../config/resolve';
import type { Executor } from '../runtime/command-spec';
import { DockerExecutor } from '../runtime/docker-executor';
import { LocalExecutor } from '../runtime/local-executor';
import { withCommandLog } from '../runtime/logging-executor';

export interface DockerExecutorOfOptions {
  readonly docker?: Dockerode;
  readonly socketPath?: string;
  /** Host directory mounted at /opt/gopath/src/github.com/; default `<home>/chaincode`. Must be under the home. */
  readonly chaincodeDir?: string;
  readonly template?: string;
  /** `uid:gid` the tools run as in the container; default: this process's. */
  readonly user?: string;
}

/**
 * The docker runtime of a profile: container name, image and container home from `runtime`,
 * the image tag from `network.fabricVersion`. The chaincode directory defaults to
 * `<home>/chaincode` (the tutorial's ~/fabric-samples/chaincode, kept inside the home so that
 * the same files are also reachable through the home mount and `profile.containerPath`).
 */
export function dockerExecutorOf(profile: Profile, options: DockerExecutorOfOptions = {}): DockerExecutor {
  const chaincodeDir = chaincodeDirOf(profile.home, options.chaincodeDir);
  profile.containerPath(chaincodeDir);
  return new DockerExecutor({
    docker: options.docker,
    socketPath: options.socketPath,
    template: options.template,
    containerName: profile.runtime.containerName,
    image: profile.runtime.image,
    home: profile.home,
    containerHome: profile.runtime.containerHome,
    chaincodeDir,
    fabricVersion: profile.network.fabricVersion.text,
    user: options.user,
    mountDockerSocket: profile.runtime.mountDockerSocket,
  });
}

export interface ExecutorOfOptions {
  /** When given, every command run is logged here (`--verbose`), never its env. */
  readonly commandLog?: (line: string) => void;
}

/** The runtime that runs the peer CLI for this profile: the fabric-tools `cli` container (DOCKER_HOST is honoured), or local binaries. */
export function executorOf(profile: Profile, options: ExecutorOfOptions = {}): Executor {
  const executor =
    profile.runtime.kind === 'docker'
      ? dockerExecutorOf(profile)
      : new LocalExecutor({ binDir: profile.runtime.binDir });
  return options.commandLog ? withCommandLog(executor, options.commandLog) : executor;
}
