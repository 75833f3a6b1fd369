import type {
  CreateNodeCommandOutput,
  GetNodeCommandOutput,
  ListNodesCommandOutput,
  Node,
  NodeStatus,
} from '@aws-sdk/client-managedblockchain';
import { createNode } from '../../src/amb/nodes';
import {
  accessDenied,
  AmbApiTestDouble,
  connectionRefused,
  FAST,
  IDS,
  META,
  notFound,
} from '../doubles/amb-api-double';
import { rejected } from '../helpers/thrown';

const REGION = 'us-east-1';
const PEER = `${IDS.node.toLowerCase()}.${IDS.member.toLowerCase()}.${IDS.network.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com`;

/** A GetNode answer shaped as the SDK returns it (fields as real AMB fills them). */
function getNode(status: NodeStatus, id: string = IDS.node): GetNodeCommandOutput {
  const node: Node = {
    NetworkId: IDS.network,
    MemberId: IDS.member,
    Id: id,
    InstanceType: 'bc.t3.small',
    AvailabilityZone: 'us-east-1a',
    FrameworkAttributes: { Fabric: { PeerEndpoint: `${PEER}:30003`, PeerEventEndpoint: `${PEER}:30004` } },
    LogPublishingConfiguration: {
      Fabric: { ChaincodeLogs: { Cloudwatch: { Enabled: false } }, PeerLogs: { Cloudwatch: { Enabled: false } } },
    },
    StateDB: 'CouchDB',
    Status: status,
    CreationDate: new Date('2026-01-05T10:00:00Z'),
    Arn: `arn:aws:managedblockchain:us-east-1:123456789012:nodes/${id}`,
  };
  return { Node: node, $metadata: META };
}

const created: CreateNodeCommandOutput = { NodeId: IDS.node, $metadata: META };

function listNodes(...nodes: [string, NodeStatus][]): ListNodesCommandOutput {
  return {
    Nodes: nodes.map(([Id, Status]) => ({
      Id,
      Status,
      AvailabilityZone: 'us-east-1a',
      InstanceType: 'bc.t3.small',
      CreationDate: new Date('2026-01-05T10:00:00Z'),
    })),
    $metadata: META,
  };
}

const base = { networkId: IDS.network, memberId: IDS.member, region: REGION, ...FAST };

describe('createNode', () => {
  it('creates a bc.t3.small node in <region>a and polls CREATING until AVAILABLE, reporting progress', async () => {
    const api = new AmbApiTestDouble()
      .on('CreateNodeCommand', created)
      .on('GetNodeCommand', getNode('CREATING'), getNode('CREATING'), getNode('AVAILABLE'));
    const progress: string[] = [];
    const result = await createNode(api, { ...base, onProgress: (l) => progress.push(l) });
    expect(api.names()).toEqual(['CreateNodeCommand', 'GetNodeCommand', 'GetNodeCommand', 'GetNodeCommand']);
    expect(api.calls[0]?.input).toEqual({
      NetworkId: IDS.network,
      MemberId: IDS.member,
      NodeConfiguration: {
        InstanceType: 'bc.t3.small',
        AvailabilityZone: 'us-east-1a',
        LogPublishingConfiguration: {
          Fabric: { ChaincodeLogs: { Cloudwatch: { Enabled: false } }, PeerLogs: { Cloudwatch: { Enabled: false } } },
        },
      },
    });
    expect(result.outcome).toBe('created');
    expect(result.node).toEqual({
      id: IDS.node,
      status: 'AVAILABLE',
      instanceType: 'bc.t3.small',
      availabilityZone: 'us-east-1a',
      peerEndpoint: `${PEER}:30003`,
      peerEventEndpoint: `${PEER}:30004`,
    });
    expect(result.waitedMs).toBeGreaterThanOrEqual(0);
    expect(progress[0]).toBe(`created node ${IDS.node} (bc.t3.small in us-east-1a)`);
    expect(progress.slice(1).map((l) => l.replace(/ after .*/, ''))).toEqual([
      `waiting for node ${IDS.node}: CREATING`,
      `waiting for node ${IDS.node}: CREATING`,
      `node ${IDS.node}: AVAILABLE`,
    ]);
  });

  it('ends the wait at once on CREATE_FAILED with NODE_CREATE_FAILED, naming type and zone', async () => {
    const api = new AmbApiTestDouble()
      .on('CreateNodeCommand', created)
      .on('GetNodeCommand', getNode('CREATING'), getNode('CREATE_FAILED'), getNode('AVAILABLE'));
    const e = await rejected(createNode(api, base));
    expect(e.code).toBe('NODE_CREATE_FAILED');
    expect(e.message).toBe(`Node ${IDS.node} of member ${IDS.member} is CREATE_FAILED (bc.t3.small in us-east-1a)`);
    expect(e.hint).toMatch(/no reason/);
    expect(e.details).toMatchObject({ nodeId: IDS.node, status: 'CREATE_FAILED' });
    expect(api.names().filter((n) => n === 'GetNodeCommand')).toHaveLength(2);
  });

  it('reports FAILED as NODE_FAILED', async () => {
    const api = new AmbApiTestDouble().on('CreateNodeCommand', created).on('GetNodeCommand', getNode('FAILED'));
    const e = await rejected(createNode(api, base));
    expect(e.code).toBe('NODE_FAILED');
    expect(e.message).toContain('is FAILED');
  });

  it("maps an access-denied CreateNode to AMB_ACCESS_DENIED with the API's reason", async () => {
    const api = new AmbApiTestDouble().on('CreateNodeCommand', accessDenied());
    const e = await rejected(createNode(api, base));
    expect(e.code).toBe('AMB_ACCESS_DENIED');
    expect(e.message).toContain('not authorized to perform: managedblockchain:CreateNode');
  });

  it('fails fast (no retry to the timeout) when the node is not found while waiting', async () => {
    const api = new AmbApiTestDouble()
      .on('CreateNodeCommand', created)
      .on('GetNodeCommand', notFound(`Node ${IDS.node} not found.`));
    const e = await rejected(createNode(api, { ...base, timeoutMs: 60_000 }));
    expect(e.code).toBe('AMB_NOT_FOUND');
    expect(api.names()).toEqual(['CreateNodeCommand', 'GetNodeCommand']);
  });

  it('retries a poll that could not reach the API, and says so', async () => {
    const api = new AmbApiTestDouble()
      .on('CreateNodeCommand', created)
      .on('GetNodeCommand', connectionRefused(), getNode('AVAILABLE'));
    const progress: string[] = [];
    const result = await createNode(api, { ...base, onProgress: (l) => progress.push(l) });
    expect(result.node.status).toBe('AVAILABLE');
    expect(progress.some((l) => l.includes('ECONNREFUSED') && l.includes('retrying'))).toBe(true);
  });

  it('gives up with TIMEOUT after the bound', async () => {
    const api = new AmbApiTestDouble().on('CreateNodeCommand', created).on('GetNodeCommand', getNode('CREATING'));
    const e = await rejected(createNode(api, { ...base, timeoutMs: 30 }));
    expect(e.code).toBe('TIMEOUT');
    expect(e.hint).toContain(`--node-id ${IDS.node}`);
  });

  it('with ensure, reports an AVAILABLE node as already existing and creates nothing', async () => {
    const api = new AmbApiTestDouble()
      .on('ListNodesCommand', listNodes([IDS.node2, 'DELETED'], [IDS.node, 'AVAILABLE']))
      .on('GetNodeCommand', getNode('AVAILABLE'));
    const result = await createNode(api, { ...base, ensure: true });
    expect(result.outcome).toBe('already-exists');
    expect(result.node.id).toBe(IDS.node);
    expect(api.names()).toEqual(['ListNodesCommand', 'GetNodeCommand']);
  });

  it('with ensure, waits for a CREATING node instead of creating a second one', async () => {
    const api = new AmbApiTestDouble()
      .on('ListNodesCommand', listNodes([IDS.node, 'CREATING']))
      .on('GetNodeCommand', getNode('CREATING'), getNode('AVAILABLE'));
    const result = await createNode(api, { ...base, ensure: true });
    expect(result.outcome).toBe('awaited-existing');
    expect(api.names()).not.toContain('CreateNodeCommand');
  });

  it('with ensure and no usable node, creates one', async () => {
    const api = new AmbApiTestDouble()
      .on('ListNodesCommand', listNodes([IDS.node2, 'CREATE_FAILED']))
      .on('CreateNodeCommand', created)
      .on('GetNodeCommand', getNode('AVAILABLE'));
    expect((await createNode(api, { ...base, ensure: true })).outcome).toBe('created');
  });

  it('with wait: false, returns after one GetNode', async () => {
    const api = new AmbApiTestDouble().on('CreateNodeCommand', created).on('GetNodeCommand', getNode('CREATING'));
    const result = await createNode(api, { ...base, wait: false });
    expect(result.node.status).toBe('CREATING');
    expect(result.waitedMs).toBeUndefined();
  });

  it.each([
    ['a bad member ID', { memberId: 'm-short' }, 'INVALID_MEMBER_ID'],
    ['a node ID given as the member ID', { memberId: IDS.node }, 'INVALID_MEMBER_ID'],
    ['a bad network ID', { networkId: 'network-1' }, 'INVALID_NETWORK_ID'],
    ['a bad instance type', { instanceType: 't3.small' }, 'INVALID_INSTANCE_TYPE'],
    ['a zone of another region', { availabilityZone: 'eu-west-1a' }, 'INVALID_AVAILABILITY_ZONE'],
  ])('refuses %s before any API call', async (_what, override, code) => {
    const api = new AmbApiTestDouble();
    const e = await rejected(createNode(api, { ...base, ...override }));
    expect(e.code).toBe(code);
    expect(e.kind).toBe('usage');
    expect(api.calls).toHaveLength(0);
  });
});
