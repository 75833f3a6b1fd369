/** Pure: renders templates/docker-compose-cli.yaml (the tutorial's cli container). */
export interface ComposeParams {
  readonly fabricVersion: string;
  readonly home: string;
  readonly chaincodeDir: string;
  readonly containerName?: string;
}

export const COMPOSE_DEFAULTS: ComposeParams = {
  fabricVersion: '2.2',
  home: '/home/ec2-user',
  chaincodeDir: '/home/ec2-user/fabric-samples/chaincode',
  containerName: 'cli',
};

export function renderComposeCli(template: string, params: ComposeParams): string {
  const values: Record<string, string> = {
    fabricVersion: params.fabricVersion,
    home: params.home,
    chaincodeDir: params.chaincodeDir,
    containerName: params.containerName ?? 'cli',
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
