/** Pure: renders templates/docker-compose-cli.yaml (the tutorial's cli container). */
export interface ComposeParams {
  readonly fabricVersion: string;
  readonly home: string;
  readonly chaincodeDir: string;
  readonly containerName?: string;
  /** `uid:gid` the tools run as in the container (the user who runs fabkit). */
  readonly user: string;
}

/** The tutorial's values: its ec2-user (uid and gid 1000 on Amazon Linux) and home. */
export const COMPOSE_DEFAULTS: ComposeParams = {
  fabricVersion: '2.2',
  home: '/home/ec2-user',
  chaincodeDir: '/home/ec2-user/fabric-samples/chaincode',
  containerName: 'cli',
  user: '1000:1000',
};

/** `uid:gid` of this process, for the container's user; root's `0:0` where the platform has no uids (Windows). */
export function processUser(): string {
  return process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : '0:0';
}

export function renderComposeCli(template: string, params: ComposeParams): string {
  const values: Record<string, string> = {
    fabricVersion: params.fabricVersion,
    home: params.home,
    chaincodeDir: params.chaincodeDir,
    containerName: params.containerName ?? 'cli',
    user: params.user,
  };
  for (const [key, value] of Object.entries(values)) {
    if (/['\n]/.test(value)) throw new Error(`${key} must not contain quotes or newlines`);
  }
  return template.replace(/\{\{(\w+)\}\}/g, (match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`unknown template parameter ${match}`);
    return value;
  });
}
