/**
 * Tutorial step 5: create a peer node for a member and wait until it is AVAILABLE.
 *
 * Idempotence: with `ensure`, a member that already has an AVAILABLE node gets no new one
 * (outcome `already-exists`), and one whose node is still CREATING waits for that node
 * (outcome `awaited-existing`). Without `ensure` a new node is always created, as
 * `aws managedblockchain create-node` does (members may run several peers).
 */
import type { Node } from '@aws-sdk/client-managedblockchain';
import { FabkitError, usageError } from '../errors';
import { assertMemberId, assertNetworkId } from '../validate/ids';
import type { AmbApi } from './api';
import * as api from './api';
import type { StatusWaitOptions } from './wait';
import { waitForStatus } from './wait';

export const DEFAULT_INSTANCE_TYPE = 'bc.t3.small';
/** AMB takes minutes to create a node; 30 minutes bounds the wait. */
export const NODE_CREATE_TIMEOUT_MS = 30 * 60_000;

export interface CreateNodeOptions extends StatusWaitOptions {
  readonly networkId: string;
  readonly memberId: string;
  /** The region of the API in use; the default availability zone is `<region>a`. */
  readonly region: string;
  /** Default `bc.t3.small`. */
  readonly instanceType?: string | undefined;
  /** Default `<region>a`, e.g. us-east-1a. */
  readonly availabilityZone?: string | undefined;
  /** Report an existing AVAILABLE node (or wait for a CREATING one) instead of creating another. */
  readonly ensure?: boolean | undefined;
  /** Wait until the node is AVAILABLE (default true). */
  readonly wait?: boolean | undefined;
}

export interface AmbNodeInfo {
  readonly id: string;
  readonly status: string;
  readonly instanceType: string | undefined;
  readonly availabilityZone: string | undefined;
  readonly peerEndpoint: string | undefined;
  readonly peerEventEndpoint: string | undefined;
}

export interface CreateNodeResult {
  readonly outcome: 'created' | 'already-exists' | 'awaited-existing';
  readonly networkId: string;
  readonly memberId: string;
  readonly node: AmbNodeInfo;
  /** How long the wait for AVAILABLE took; undefined when nothing was awaited. */
  readonly waitedMs: number | undefined;
}

const INSTANCE_TYPE = /^bc\.[a-z][a-z0-9]*\.[a-z0-9]+$/;
const AVAILABILITY_ZONE = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
const TERMINAL = ['CREATE_FAILED', 'FAILED', 'DELETING', 'DELETED', 'INACCESSIBLE_ENCRYPTION_KEY'];

export function nodeInfoOf(node: Node, fallbackId = ''): AmbNodeInfo {
  return {
    id: node.Id ?? fallbackId,
    status: node.Status ?? 'UNKNOWN',
    instanceType: node.InstanceType,
    availabilityZone: node.AvailabilityZone,
    peerEndpoint: node.FrameworkAttributes?.Fabric?.PeerEndpoint,
    peerEventEndpoint: node.FrameworkAttributes?.Fabric?.PeerEventEndpoint,
  };
}

function checkNodeOptions(o: CreateNodeOptions): { instanceType: string; availabilityZone: string } {
  assertNetworkId(o.networkId);
  assertMemberId(o.memberId);
  const instanceType = o.instanceType ?? DEFAULT_INSTANCE_TYPE;
  const availabilityZone = o.availabilityZone ?? `${o.region}a`;
  if (!INSTANCE_TYPE.test(instanceType)) {
    throw usageError(
      'INVALID_INSTANCE_TYPE',
      `Instance type "${instanceType}" is invalid: AMB peer node types look like "bc.t3.small"`,
      'Use a Managed Blockchain instance type such as bc.t3.small, bc.t3.medium, bc.m5.large or bc.c5.xlarge (STARTER networks allow bc.t3.small and bc.t3.medium).',
    );
  }
  if (!AVAILABILITY_ZONE.test(availabilityZone) || !availabilityZone.startsWith(o.region)) {
    throw usageError(
      'INVALID_AVAILABILITY_ZONE',
      `Availability zone "${availabilityZone}" is invalid: it must be a zone of region ${o.region}, e.g. "${o.region}a"`,
      `Pass --availability-zone ${o.region}a (or b, c, …), or change --region.`,
    );
  }
  return { instanceType, availabilityZone };
}

const FAILURE_HINTS: Readonly<Record<string, string>> = {
  CREATE_FAILED:
    'AMB could not create the node; the GetNode answer carries no reason. Common causes: the instance type or availability zone is not offered for this network edition or region, or an account limit. Delete it (aws managedblockchain delete-node) and create another, e.g. in another availability zone.',
  FAILED:
    'The node failed after creation; AMB gives no reason in GetNode. Check its CloudWatch peer logs if enabled, then delete and recreate it.',
  INACCESSIBLE_ENCRYPTION_KEY:
    "The member's KMS key is disabled or its grant was removed: restore access to the key (AMB recovers the node), or delete the node.",
  DELETING: 'The node is being deleted; create another one.',
  DELETED: 'The node was deleted; create another one.',
};

function nodeFailure(networkId: string, memberId: string) {
  return (node: Node, status: string): FabkitError => {
    const info = nodeInfoOf(node);
    const where = [info.instanceType, info.availabilityZone].filter(Boolean).join(' in ');
    return new FabkitError(
      status === 'CREATE_FAILED' ? 'NODE_CREATE_FAILED' : 'NODE_FAILED',
      `Node ${info.id} of member ${memberId} is ${status}${where ? ` (${where})` : ''}`,
      {
        hint: FAILURE_HINTS[status] ?? 'Check the node in the AMB console.',
        details: {
          networkId,
          memberId,
          nodeId: info.id,
          status,
          instanceType: info.instanceType,
          availabilityZone: info.availabilityZone,
        },
      },
    );
  };
}

/** Polls GetNode (bounded) until the node is AVAILABLE; CREATE_FAILED, FAILED, … end the wait with an error. */
export async function waitForNode(
  client: AmbApi,
  networkId: string,
  memberId: string,
  nodeId: string,
  options: StatusWaitOptions = {},
): Promise<{ node: AmbNodeInfo; elapsedMs: number }> {
  const result = await waitForStatus(
    {
      what: `node ${nodeId}`,
      read: () => api.getNode(client, networkId, memberId, nodeId),
      statusOf: (n) => n.Status,
      target: 'AVAILABLE',
      terminal: TERMINAL,
      failure: nodeFailure(networkId, memberId),
      defaultTimeoutMs: NODE_CREATE_TIMEOUT_MS,
      hint: `AMB may still be creating it: check later with \`aws managedblockchain get-node --network-id ${networkId} --member-id ${memberId} --node-id ${nodeId}\`, or wait longer with --timeout.`,
    },
    options,
  );
  return { node: nodeInfoOf(result.value, nodeId), elapsedMs: result.elapsedMs };
}

async function existingNode(client: AmbApi, o: CreateNodeOptions): Promise<CreateNodeResult | undefined> {
  const nodes = await api.listNodes(client, o.networkId, o.memberId);
  const base = { networkId: o.networkId, memberId: o.memberId };
  const available = nodes.find((n) => n.Status === 'AVAILABLE' && n.Id);
  if (available?.Id) {
    o.onProgress?.(`member ${o.memberId} already has AVAILABLE node ${available.Id}`);
    return {
      ...base,
      outcome: 'already-exists',
      node: nodeInfoOf(await api.getNode(client, o.networkId, o.memberId, available.Id), available.Id),
      waitedMs: undefined,
    };
  }
  const creating = nodes.find((n) => n.Status === 'CREATING' && n.Id);
  if (creating?.Id) {
    o.onProgress?.(
      `member ${o.memberId} already has node ${creating.Id} being created: waiting for it instead of creating another`,
    );
    const waited = await waitForNode(client, o.networkId, o.memberId, creating.Id, o);
    return { ...base, outcome: 'awaited-existing', node: waited.node, waitedMs: waited.elapsedMs };
  }
  return undefined;
}

/** Creates a peer node (tutorial step 5) and, unless `wait: false`, waits until it is AVAILABLE. */
export async function createNode(client: AmbApi, o: CreateNodeOptions): Promise<CreateNodeResult> {
  const { instanceType, availabilityZone } = checkNodeOptions(o);
  if (o.ensure) {
    const existing = await existingNode(client, o);
    if (existing !== undefined) return existing;
  }
  const out = await api.createNode(client, {
    NetworkId: o.networkId,
    MemberId: o.memberId,
    NodeConfiguration: {
      InstanceType: instanceType,
      AvailabilityZone: availabilityZone,
      LogPublishingConfiguration: {
        Fabric: { ChaincodeLogs: { Cloudwatch: { Enabled: false } }, PeerLogs: { Cloudwatch: { Enabled: false } } },
      },
    },
  });
  if (!out.NodeId) {
    throw new FabkitError('AMB_RESPONSE_INVALID', `CreateNode for member ${o.memberId} answered without a node ID`, {
      hint: 'Check the node list with `aws managedblockchain list-nodes` before retrying, so as not to create two nodes.',
    });
  }
  o.onProgress?.(`created node ${out.NodeId} (${instanceType} in ${availabilityZone})`);
  const base = { outcome: 'created' as const, networkId: o.networkId, memberId: o.memberId };
  if (o.wait === false) {
    return {
      ...base,
      node: nodeInfoOf(await api.getNode(client, o.networkId, o.memberId, out.NodeId), out.NodeId),
      waitedMs: undefined,
    };
  }
  const waited = await waitForNode(client, o.networkId, o.memberId, out.NodeId, o);
  return { ...base, node: waited.node, waitedMs: waited.elapsedMs };
}
