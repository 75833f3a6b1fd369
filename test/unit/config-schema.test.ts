import * as path from 'node:path';
import {
  formatIssuePath,
  formatZodIssues,
  parseFabricVersion,
  resolveProfile,
  toContainerPath,
} from '../../src/config/resolve';
import type { ProfileFileInput } from '../../src/config/schema';
import { profileFileSchema, profileJsonSchema } from '../../src/config/schema';
import { FabkitError } from '../../src/errors';

const NETWORK_ID = 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MEMBER_ID = 'm-J46DNSFRTVCCLONS3E5NRPXHGE';
const NODE_ID = 'nd-6EAJ5VPL3FFMHFY3GAGWXJYOA4';

function minimal(): ProfileFileInput {
  return {
    version: 1,
    network: { id: NETWORK_ID, fabricVersion: '2.2', orderingServiceEndpoint: 'orderer.example.com:30001' },
    member: { id: MEMBER_ID, name: 'org1', caEndpoint: 'ca.example.com:30002' },
    peers: [{ endpoint: 'peer.example.com:30003' }],
    tls: { chainFile: 'managedblockchain-tls-chain.pem' },
  };
}

/** A deep copy of the minimal profile with `mutate` applied. */
function variant(mutate: (p: any) => void): unknown {
  const p = JSON.parse(JSON.stringify(minimal()));
  mutate(p);
  return p;
}

function issuesOf(input: unknown): string[] {
  const result = profileFileSchema.safeParse(input);
  if (result.success) return [];
  return formatZodIssues(result.error);
}

describe('profile schema: valid profiles', () => {
  it('fills in the defaults', () => {
    const file = profileFileSchema.parse(minimal());
    expect(file.target).toBe('fabric');
    expect(file.member.adminUser).toBe('AdminUser');
    expect(file.paths).toEqual({ mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'channel-artifacts' });
    expect(file.runtime).toEqual({ kind: 'local', containerName: 'cli', containerHome: '/opt/home' });
    expect(file.aws).toBeUndefined();
  });

  it.each([
    [
      'fabric version 1.2',
      (p: any) => {
        p.network.fabricVersion = '1.2';
      },
    ],
    [
      'fabric version 2.5.9',
      (p: any) => {
        p.network.fabricVersion = '2.5.9';
      },
    ],
    [
      'an AMB profile with node IDs',
      (p: any) => {
        p.target = 'amb';
        p.peers[0].id = NODE_ID;
        p.aws = { region: 'us-east-1' };
      },
    ],
    [
      'grpcs:// endpoints and IPv6',
      (p: any) => {
        p.network.orderingServiceEndpoint = 'grpcs://127.0.0.1:7050';
        p.peers.push({ endpoint: '[::1]:7051', eventEndpoint: '[::1]:7053' });
      },
    ],
    [
      'a docker runtime',
      (p: any) => {
        p.runtime = { kind: 'docker', image: 'hyperledger/fabric-tools:2.2', containerHome: '/home/fabric' };
      },
    ],
    [
      'a tls source',
      (p: any) => {
        p.tls.source = { kind: 's3', location: 's3://us-east-1.managedblockchain/etc/managedblockchain-tls-chain.pem' };
      },
    ],
    [
      'partial paths',
      (p: any) => {
        p.paths = { mspDir: '/abs/msp' };
      },
    ],
  ])('accepts %s', (_name, mutate) => {
    expect(issuesOf(variant(mutate))).toEqual([]);
  });
});

describe('profile schema: invalid profiles name the path, the value and the rule', () => {
  it.each([
    [
      'short member ID',
      (p: any) => {
        p.member.id = 'm-abc';
      },
      [
        'member.id: "m-abc" is not a valid member ID: it must have exactly 26 uppercase letters or digits after "m-" (it has 3 characters there)',
      ],
    ],
    [
      'node ID as network ID',
      (p: any) => {
        p.network.id = NODE_ID;
      },
      [`network.id: "${NODE_ID}" is not a valid network ID: it must start with "n-"`],
    ],
    [
      'peer endpoint without port',
      (p: any) => {
        p.peers[0].endpoint = 'peer.example.com';
      },
      ['peers[0].endpoint: "peer.example.com" is not a valid endpoint: it must include a port, as host:port'],
    ],
    [
      'orderer port out of range',
      (p: any) => {
        p.network.orderingServiceEndpoint = 'o.example.com:70000';
      },
      [
        'network.orderingServiceEndpoint: "o.example.com:70000" is not a valid endpoint: port 70000 is out of range (it must be 1 to 65535)',
      ],
    ],
    [
      'unquoted fabric version (a YAML number)',
      (p: any) => {
        p.network.fabricVersion = 2.2;
      },
      [
        'network.fabricVersion: the number 2.2 is not text: quote the version so YAML keeps it exactly, e.g. fabricVersion: "2.2"',
      ],
    ],
    [
      'fabric version without minor',
      (p: any) => {
        p.network.fabricVersion = '2';
      },
      [
        'network.fabricVersion: "2" is not a Fabric version: it must be major.minor or major.minor.patch, e.g. "2.2" or "2.5.9"',
      ],
    ],
    [
      'unknown key',
      (p: any) => {
        p.member.mspId = 'Org1MSP';
      },
      ['member.mspId: unknown key: the keys allowed here are id, name, caEndpoint, caName, adminUser, nodeOUs'],
    ],
    [
      'unknown top-level key',
      (p: any) => {
        p.channels = [];
      },
      [
        'channels: unknown key: the keys allowed here are version, target, network, member, peers, tls, paths, runtime, aws',
      ],
    ],
    [
      'missing member name',
      (p: any) => {
        delete p.member.name;
      },
      ['member.name: is required'],
    ],
    [
      'empty member name',
      (p: any) => {
        p.member.name = '';
      },
      ['member.name: must not be empty'],
    ],
    [
      'no peers',
      (p: any) => {
        p.peers = [];
      },
      ['peers: must list at least 1 item'],
    ],
    [
      'peers not a list',
      (p: any) => {
        p.peers = 'peer:1';
      },
      ['peers: expected a list, got the text "peer:1"'],
    ],
    [
      'wrong version',
      (p: any) => {
        p.version = 2;
      },
      ['version: the number 2 is not supported: this fabkit reads profile version 1'],
    ],
    [
      'missing version',
      (p: any) => {
        delete p.version;
      },
      ['version: is required: add "version: 1" at the top of the file'],
    ],
    [
      'bad runtime kind',
      (p: any) => {
        p.runtime = { kind: 'podman' };
      },
      ['runtime.kind: the text "podman" is not allowed: use one of "local", "docker"'],
    ],
    [
      'relative container home',
      (p: any) => {
        p.runtime = { containerHome: 'opt/home' };
      },
      [
        'runtime.containerHome: "opt/home" is not a valid container path: it must be an absolute path such as "/opt/home", without spaces',
      ],
    ],
    [
      'tls source of the wrong scheme',
      (p: any) => {
        p.tls.source = { kind: 's3', location: 'https://x/y.pem' };
      },
      ['tls.source.location: "https://x/y.pem" is not a valid s3 location: it must start with "s3://"'],
    ],
    [
      'bad region',
      (p: any) => {
        p.aws = { region: 'US East' };
      },
      ['aws.region: "US East" is not an AWS region: it must look like "us-east-1"'],
    ],
    [
      'duplicate peer',
      (p: any) => {
        p.peers.push({ endpoint: 'peer.example.com:30003' });
      },
      ['peers[1].endpoint: "peer.example.com:30003" is listed twice: peers[0] has the same endpoint'],
    ],
    [
      'amb peer without node ID',
      (p: any) => {
        p.target = 'amb';
      },
      [
        'peers[0].id: is required when target is "amb": copy the node ID ("nd-…") from `aws managedblockchain list-nodes`',
      ],
    ],
    [
      'not a mapping',
      (p: any) => {
        p.network = 'n-1';
      },
      ['network: expected a mapping, got the text "n-1"'],
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(issuesOf(variant(mutate))).toEqual(expected);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(
      variant((p) => {
        p.member.id = 'm-abc';
        p.peers[0].endpoint = 'nope';
        p.network.extra = 1;
        p.target = 'amb';
      }),
    );
    expect(issues.map((i) => i.split(':')[0])).toEqual([
      'network.extra',
      'member.id',
      'peers[0].endpoint',
      'peers[0].id',
    ]);
  });

  it('reports a document that is not a mapping at the top level', () => {
    expect(issuesOf(null)).toEqual(['(top level): expected a mapping, got an empty value (null)']);
  });

  it('formats paths', () => {
    expect(formatIssuePath([])).toBe('(top level)');
    expect(formatIssuePath(['peers', 2, 'endpoint'])).toBe('peers[2].endpoint');
    expect(formatIssuePath(['paths', 'odd key'])).toBe('paths["odd key"]');
  });
});

describe('profile JSON Schema', () => {
  const schema = profileJsonSchema() as any;

  it('is a closed draft 2020-12 object schema of the written form', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'network', 'member', 'peers', 'tls']);
    expect(schema.properties.version).toEqual({ type: 'number', const: 1 });
  });

  it('carries the ID patterns, enums and defaults', () => {
    expect(schema.properties.member.properties.id.pattern).toBe('^(m-[A-Z0-9]{26}|[A-Za-z0-9][A-Za-z0-9._-]*)$');
    expect(schema.properties.network.properties.id.pattern).toBe('^(n-[A-Z0-9]{26}|[A-Za-z0-9][A-Za-z0-9._-]*)$');
    expect(schema.properties.peers.items.properties.id.pattern).toBe('^nd-[A-Z0-9]{26}$');
    expect(schema.properties.peers.minItems).toBe(1);
    expect(schema.properties.target.enum).toEqual(['amb', 'devnet', 'fabric']);
    expect(schema.properties.target.default).toBe('fabric');
    expect(schema.properties.runtime.properties.containerHome.default).toBe('/opt/home');
    expect(schema.properties.member.properties.adminUser.default).toBe('AdminUser');
    expect(schema.properties.member.required).toEqual(['id', 'name', 'caEndpoint']);
    expect(new RegExp(schema.properties.network.properties.fabricVersion.pattern).test('2.5.9')).toBe(true);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

describe('resolveProfile', () => {
  const home = '/home/ec2-user';

  it('makes paths absolute against the home and parses endpoints and the version', () => {
    const file = profileFileSchema.parse(
      variant((p) => {
        p.network.orderingServiceEndpoint = 'grpcs://orderer.example.com:30001';
        p.paths = { membersDir: '/srv/members' };
        p.runtime = { binDir: 'fabric/bin' };
      }),
    );
    const profile = resolveProfile(file, home);
    expect(profile.profilePath).toBe('/home/ec2-user/fabkit.yaml');
    expect(profile.tls.chainFile).toBe('/home/ec2-user/managedblockchain-tls-chain.pem');
    expect(profile.paths).toEqual({
      mspDir: '/home/ec2-user/admin-msp',
      membersDir: '/srv/members',
      artifactsDir: '/home/ec2-user/channel-artifacts',
    });
    expect(profile.runtime.binDir).toBe('/home/ec2-user/fabric/bin');
    expect(profile.network.orderer).toEqual({
      host: 'orderer.example.com',
      port: 30001,
      address: 'orderer.example.com:30001',
    });
    expect(profile.network.fabricVersion).toEqual({ text: '2.2', major: 2, minor: 2, patch: undefined });
    expect(profile.member.mspId).toBe(MEMBER_ID);
    expect(profile.peers).toEqual([
      {
        id: undefined,
        endpoint: { host: 'peer.example.com', port: 30003, address: 'peer.example.com:30003' },
        eventEndpoint: undefined,
      },
    ]);
  });

  it('refuses a relative home', () => {
    expect(() => resolveProfile(profileFileSchema.parse(minimal()), 'relative/home')).toThrow(
      /must be an absolute path/,
    );
  });

  it('maps host paths under the home into the container', () => {
    const profile = resolveProfile(
      profileFileSchema.parse(
        variant((p) => {
          p.runtime = { kind: 'docker' };
        }),
      ),
      home,
    );
    expect(profile.containerPath('/home/ec2-user/admin-msp')).toBe('/opt/home/admin-msp');
    expect(profile.containerPath(profile.tls.chainFile)).toBe('/opt/home/managedblockchain-tls-chain.pem');
    expect(profile.containerPath('channel-artifacts/mychannel.pb')).toBe('/opt/home/channel-artifacts/mychannel.pb');
    expect(profile.containerPath('/home/ec2-user')).toBe('/opt/home');
    expect(profile.containerPath('/home/ec2-user/../ec2-user/x')).toBe('/opt/home/x');
    expect(profile.toolPath('admin-msp')).toBe('/opt/home/admin-msp');
  });

  it('uses host paths for the local runtime', () => {
    const profile = resolveProfile(profileFileSchema.parse(minimal()), home);
    expect(profile.toolPath('admin-msp')).toBe('/home/ec2-user/admin-msp');
  });

  it.each(['/tmp/tls.pem', '/home/ec2-user-other/x', '/home', '../x'])(
    'refuses %s, which is outside the home',
    (outside) => {
      let caught: unknown;
      try {
        toContainerPath(home, '/opt/home', outside);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(FabkitError);
      const error = caught as FabkitError;
      expect(error.code).toBe('PATH_OUTSIDE_HOME');
      expect(error.kind).toBe('usage');
      expect(error.message).toBe(
        `Path "${path.resolve(home, outside)}" is outside the home directory "/home/ec2-user": the container mounts only the home (as /opt/home), so it cannot see this path`,
      );
      expect(error.hint).toContain('runtime.kind: local');
    },
  );

  it('parses Fabric versions', () => {
    expect(parseFabricVersion('2.5.9')).toEqual({ text: '2.5.9', major: 2, minor: 5, patch: 9 });
    expect(() => parseFabricVersion('v2')).toThrow(FabkitError);
  });
});

describe('profile schema: Fabric names as IDs (target fabric)', () => {
  it('accepts an MSP ID and a network name on target fabric, and member.nodeOUs', () => {
    const file = profileFileSchema.parse(
      variant((p) => {
        p.network.id = 'test-network-org1';
        p.member.id = 'Org1MSP';
        p.member.nodeOUs = true;
      }),
    );
    expect(resolveProfile(file, '/h').member).toMatchObject({ id: 'Org1MSP', mspId: 'Org1MSP', nodeOUs: true });
    expect(resolveProfile(profileFileSchema.parse(minimal()), '/h').member.nodeOUs).toBe(false);
  });

  it('still needs AMB IDs on targets amb and devnet, and checks AMB-looking text as an AMB ID', () => {
    expect(
      issuesOf(
        variant((p) => {
          p.target = 'devnet';
          p.member.id = 'Org1MSP';
        }),
      ),
    ).toEqual([
      'member.id: "Org1MSP" is not a valid member ID: it must start with "m-" (target "devnet" needs AMB IDs; Fabric names are allowed on target "fabric")',
    ]);
    expect(issuesOf(variant((p) => (p.member.id = 'Org 1')))).toHaveLength(1);
  });
});
