/**
 * NodeOU MSPs: the config.yaml that makes an MSP classify identities by the OU in their
 * certificate (client, peer, admin, orderer), built and read. Pure.
 */
import * as yaml from 'js-yaml';

/** The four roles of NodeOUs, as named in config.yaml. */
export const NODE_OU_ROLES = ['Client', 'Peer', 'Admin', 'Orderer'] as const;
export type NodeOuRole = (typeof NODE_OU_ROLES)[number];

/** The OU each role carries in Fabric's (and fabric-ca's) defaults. */
export const DEFAULT_NODE_OUS: Readonly<Record<NodeOuRole, string>> = {
  Client: 'client',
  Peer: 'peer',
  Admin: 'admin',
  Orderer: 'orderer',
};

export interface OuIdentifier {
  /** Path relative to the MSP folder of the CA certificate the OU is bound to; absent: any CA of the MSP. */
  readonly certificate: string | undefined;
  readonly ou: string;
}

export interface NodeOusConfig {
  readonly enabled: boolean;
  /** Identifiers present in config.yaml, by role. */
  readonly identifiers: Readonly<Partial<Record<NodeOuRole, OuIdentifier>>>;
}

/** A problem found while reading config.yaml, with the field it concerns. */
export interface NodeOusProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * The config.yaml of a NodeOU MSP, as fabric-samples' test-network writes it: every role bound
 * to `caCertFile` (a path relative to the MSP folder, e.g. `cacerts/ca-0.pem`).
 */
export function nodeOusConfigYaml(caCertFile: string): string {
  const doc = {
    NodeOUs: {
      Enable: true,
      ...Object.fromEntries(
        NODE_OU_ROLES.map((role) => [
          `${role}OUIdentifier`,
          { Certificate: caCertFile, OrganizationalUnitIdentifier: DEFAULT_NODE_OUS[role] },
        ]),
      ),
    },
  };
  return yaml.dump(doc, { lineWidth: -1 });
}

function identifierOf(raw: unknown, field: string, problems: NodeOusProblem[]): OuIdentifier | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ field, message: `${field} must be a mapping with Certificate and OrganizationalUnitIdentifier` });
    return undefined;
  }
  const { Certificate: certificate, OrganizationalUnitIdentifier: ou } = raw as Record<string, unknown>;
  if (typeof ou !== 'string' || ou === '') {
    problems.push({
      field: `${field}.OrganizationalUnitIdentifier`,
      message: `${field}.OrganizationalUnitIdentifier is missing or empty`,
    });
    return undefined;
  }
  if (certificate !== undefined && certificate !== null && typeof certificate !== 'string') {
    problems.push({
      field: `${field}.Certificate`,
      message: `${field}.Certificate must be a path such as cacerts/ca.pem`,
    });
    return undefined;
  }
  return { certificate: typeof certificate === 'string' && certificate !== '' ? certificate : undefined, ou };
}

/** Reads config.yaml; `problems` lists what is malformed (YAML errors included), each naming its field. */
export function parseNodeOusConfig(text: string): { config: NodeOusConfig; problems: NodeOusProblem[] } {
  const problems: NodeOusProblem[] = [];
  let doc: unknown;
  try {
    doc = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const reason = error instanceof yaml.YAMLException ? error.reason : 'it cannot be parsed';
    return {
      config: { enabled: false, identifiers: {} },
      problems: [{ field: 'config.yaml', message: `config.yaml is not valid YAML: ${reason}` }],
    };
  }
  const nodeOus = (doc as { NodeOUs?: unknown } | null)?.NodeOUs;
  if (typeof nodeOus !== 'object' || nodeOus === null) return { config: { enabled: false, identifiers: {} }, problems };
  const section = nodeOus as Record<string, unknown>;
  const enabled = section['Enable'] === true;
  const identifiers: Partial<Record<NodeOuRole, OuIdentifier>> = {};
  for (const role of NODE_OU_ROLES) {
    const field = `NodeOUs.${role}OUIdentifier`;
    const id = identifierOf(section[`${role}OUIdentifier`], field, problems);
    if (id !== undefined) identifiers[role] = id;
  }
  return { config: { enabled, identifiers }, problems };
}

/** True when config.yaml's text enables NodeOUs (malformed text: false). */
export function enablesNodeOus(text: string | undefined): boolean {
  return text !== undefined && parseNodeOusConfig(text).config.enabled;
}
