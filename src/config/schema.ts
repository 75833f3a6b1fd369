/**
 * The member profile as written in `<home>/fabkit.yaml` (version 1). This is the *written*
 * form: relative paths, endpoints as text, optional sections with defaults. `resolve.ts`
 * turns it into the resolved `Profile` model. Every message produced here names the value
 * and the rule; `formatZodIssues` (resolve.ts) prefixes the field path.
 */
import { z } from 'zod';
import { checkEndpoint } from '../validate/endpoint';
import type { AmbIdKind } from '../validate/ids';
import { validateAmbId } from '../validate/ids';
import type { ValidationIssue } from '../validate/issue';
import { quote } from '../validate/issue';
import { DEFAULT_PATHS } from './home-layout';

export const PROFILE_VERSION = 1;

export const TARGETS = ['amb', 'devnet', 'fabric'] as const;
export type Target = (typeof TARGETS)[number];
export const RUNTIME_KINDS = ['local', 'docker'] as const;
export type RuntimeKind = (typeof RUNTIME_KINDS)[number];
export const TLS_SOURCE_KINDS = ['file', 'https', 's3'] as const;
export type TlsSourceKind = (typeof TLS_SOURCE_KINDS)[number];

export const DEFAULT_ADMIN_USER = 'AdminUser';
export const DEFAULT_RUNTIME = { kind: 'local', containerName: 'cli', containerHome: '/opt/home' } as const;

/** major.minor or major.minor.patch, e.g. 1.2, 1.4, 2.2, 2.5.9. */
export const FABRIC_VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?$/;
const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

// ---------------------------------------------------------------- messages

/** How a value found in the file is described in a message: the value for scalars, its kind otherwise. */
export function describeValue(value: unknown): string {
  if (value === null) return 'an empty value (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${quote(value)}`;
    case 'number':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const NOUNS: Readonly<Record<string, string>> = {
  string: 'text',
  object: 'a mapping',
  array: 'a list',
  number: 'a number',
};

/**
 * The schema-level error map of every field: replaces zod's generic wording with messages
 * that name the value and the rule. Returning undefined keeps a message set by a check.
 */
function tooSmallMessage(iss: { origin: string; minimum: number | bigint }): string | undefined {
  if (iss.origin === 'array')
    return `must list at least ${String(iss.minimum)} item${Number(iss.minimum) === 1 ? '' : 's'}`;
  return iss.origin === 'string' ? 'must not be empty' : undefined;
}

function allowedKeys(inst: unknown): string {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape ?? {};
  return Object.keys(shape).join(', ');
}

const issueMessage: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined
        ? 'is required'
        : `expected ${NOUNS[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
    case 'invalid_value':
      return `${describeValue(iss.input)} is not allowed: use one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key: the keys allowed here are ${allowedKeys(iss.inst)}`;
    case 'too_small':
      return tooSmallMessage(iss);
    default:
      return undefined;
  }
};
const E = { error: issueMessage };

/** Adds one issue carrying every validator reason for one field, with its hint in `params`. */
function addIssues(
  ctx: z.core.$RefinementCtx<string>,
  value: string,
  what: string,
  issues: readonly ValidationIssue[],
): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return;
  ctx.addIssue({
    code: 'custom',
    input: value,
    message: `${quote(value)} is not a valid ${what}: ${errors.map((e) => e.reason).join('; ')}`,
    params: { hint: [...new Set(errors.map((e) => e.hint))].join(' '), rule: errors[0]?.rule, code: errors[0]?.code },
  });
}

// ---------------------------------------------------------------- field schemas

const text = () => z.string(E).min(1, E);

function ambId(kind: AmbIdKind, prefix: string) {
  return z
    .string(E)
    .superRefine((v, ctx) => addIssues(ctx, v, `${kind} ID`, validateAmbId(kind, v)))
    .meta({
      pattern: `^${prefix}[A-Z0-9]{26}$`,
      description: `AMB ${kind} ID: "${prefix}" followed by 26 upper-case letters and digits`,
    });
}

const endpoint = (description: string) =>
  z
    .string(E)
    .superRefine((v, ctx) => addIssues(ctx, v, 'endpoint', checkEndpoint(v).issues))
    .meta({ description: `${description}, as host:port` });

const fabricVersion = z
  .string({
    error: (iss) =>
      iss.code === 'invalid_type' && typeof iss.input === 'number'
        ? `the number ${String(iss.input)} is not text: quote the version so YAML keeps it exactly, e.g. fabricVersion: "${String(iss.input)}"`
        : issueMessage(iss),
  })
  .superRefine((v, ctx) => {
    if (!FABRIC_VERSION_PATTERN.test(v)) {
      ctx.addIssue({
        code: 'custom',
        input: v,
        message: `${quote(v)} is not a Fabric version: it must be major.minor or major.minor.patch, e.g. "2.2" or "2.5.9"`,
        params: { rule: 'format' },
      });
    }
  })
  .meta({
    pattern: FABRIC_VERSION_PATTERN.source,
    description: 'Hyperledger Fabric version of the network, e.g. "1.4", "2.2", "2.5.9"',
    examples: ['1.2', '1.4', '2.2', '2.5.9'],
  });

const userName = text().superRefine((v, ctx) => {
  if (/\s/.test(v))
    ctx.addIssue({
      code: 'custom',
      input: v,
      message: `${quote(v)} is not a valid user name: it must not contain spaces or other whitespace`,
      params: { rule: 'whitespace' },
    });
});

const containerHome = z.string(E).superRefine((v, ctx) => {
  if (!v.startsWith('/') || /\s/.test(v)) {
    ctx.addIssue({
      code: 'custom',
      input: v,
      message: `${quote(v)} is not a valid container path: it must be an absolute path such as "/opt/home", without spaces`,
      params: { rule: 'absolute' },
    });
  }
});

const awsRegion = z
  .string(E)
  .superRefine((v, ctx) => {
    if (!AWS_REGION_PATTERN.test(v))
      ctx.addIssue({
        code: 'custom',
        input: v,
        message: `${quote(v)} is not an AWS region: it must look like "us-east-1"`,
        params: { rule: 'format' },
      });
  })
  .meta({ pattern: AWS_REGION_PATTERN.source });

const httpUrl = z.string(E).superRefine((v, ctx) => {
  if (!/^https?:\/\/[^\s/]+/.test(v))
    ctx.addIssue({
      code: 'custom',
      input: v,
      message: `${quote(v)} is not a valid URL: it must start with "https://" (or "http://")`,
      params: { rule: 'url' },
    });
});

// ---------------------------------------------------------------- sections

/** The orderer's channel participation API (osnadmin): its admin endpoint and the mutual-TLS identity fabkit presents. */
const ordererAdminSchema = z
  .strictObject(
    {
      endpoint: endpoint('Orderer admin endpoint (channel participation API)'),
      tlsCert: text().meta({ description: 'TLS client certificate (PEM) osnadmin presents: a path' }),
      tlsKey: text().meta({ description: 'Its private key (PEM, mode 0600): a path; the key itself is never logged' }),
    },
    E,
  )
  .meta({ description: 'The orderer admin identity for channel participation (osnadmin)' });

const consenterSchema = z.strictObject(
  {
    endpoint: endpoint('Orderer (consenter) endpoint'),
    tlsCert: text().meta({
      description: "The orderer's TLS server certificate (PEM), its etcdraft consenter cert: a path",
    }),
    adminEndpoint: endpoint("This orderer's admin endpoint, when it is not network.ordererAdmin.endpoint").optional(),
  },
  E,
);

/** What a channel's genesis block needs of the ordering service when there is no system channel to copy it from. */
const ordererOrgSchema = z.strictObject(
  {
    mspId: text(),
    mspDir: text().meta({ description: "The orderer org's MSP folder (cacerts, tlscacerts, config.yaml): a path" }),
    consenters: z.array(consenterSchema, E).min(1, E),
  },
  E,
);

/** A Fabric name as MSP IDs and network names are written (Org1MSP, test-network-org1). */
export const FABRIC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Text that looks like an AMB ID of any kind (n-, m-, nd-, p-, in-): checked as one on every target. */
const AMB_ID_LOOK = /^(n|m|nd|p|in)-/i;

/**
 * The network or member ID. On targets "amb" and "devnet" it is an AMB ID. On target "fabric"
 * (any Fabric network, e.g. from a connection profile) it may also be a Fabric name such as
 * Org1MSP; text that looks like an AMB ID is still checked as one. The target is not known
 * here, so the file-level check `checkFabricNames` enforces the AMB rule on amb/devnet.
 */
function memberOrNetworkId(kind: 'network' | 'member', prefix: string) {
  return z
    .string(E)
    .superRefine((v, ctx) => {
      if (AMB_ID_LOOK.test(v) || !FABRIC_NAME_PATTERN.test(v)) addIssues(ctx, v, `${kind} ID`, validateAmbId(kind, v));
    })
    .meta({
      pattern: `^(${prefix}[A-Z0-9]{26}|${FABRIC_NAME_PATTERN.source.slice(1, -1)})$`,
      description: `AMB ${kind} ID ("${prefix}" followed by 26 upper-case letters and digits); on target "fabric" also a Fabric ${kind === 'member' ? 'MSP ID such as Org1MSP' : 'network name'}`,
    });
}

const networkSchema = z.strictObject(
  {
    id: memberOrNetworkId('network', 'n-'),
    name: text().optional(),
    fabricVersion,
    orderingServiceEndpoint: endpoint('Ordering service endpoint'),
    systemChannel: z.boolean(E).optional().meta({
      description:
        'true: channels are created through the system channel (AMB); false: through channel participation (osnadmin), the network has no system channel. Omitted: fabkit asks the orderer.',
    }),
    ordererAdmin: ordererAdminSchema.optional(),
    ordererOrg: ordererOrgSchema.optional(),
  },
  E,
);

const memberSchema = z.strictObject(
  {
    id: memberOrNetworkId('member', 'm-'),
    name: text(),
    caEndpoint: endpoint('Certificate authority endpoint'),
    caName: text().optional().meta({ description: 'Fabric CA name (--caname); omit to use the default CA' }),
    adminUser: userName.default(DEFAULT_ADMIN_USER),
    nodeOUs: z.boolean(E).optional().meta({
      description:
        'The member\'s MSP uses NodeOUs (config.yaml): admins are recognized by the OU "admin" and no admincerts are written. Absent or false: the pre-NodeOU layout with admincerts, as AMB uses',
    }),
  },
  E,
);

const peerSchema = z.strictObject(
  {
    id: ambId('node', 'nd-').optional(),
    endpoint: endpoint('Peer endpoint'),
    eventEndpoint: endpoint('Peer event endpoint (Fabric 1.x)').optional(),
    chaincodeLog: text()
      .optional()
      .meta({ description: "Devnet only: the file with this peer's chaincode build and launch lines" }),
  },
  E,
);

/** Endpoint text of each entry of a (possibly partly invalid) peers list; undefined where there is none. */
function peerEndpoints(value: unknown): (string | undefined)[] {
  if (!Array.isArray(value)) return [];
  return value.map((p: unknown) =>
    typeof p === 'object' && p !== null && typeof (p as { endpoint?: unknown }).endpoint === 'string'
      ? (p as { endpoint: string }).endpoint
      : undefined,
  );
}

const peersSchema = z
  .array(peerSchema, E)
  .min(1, E)
  .superRefine(
    (peers, ctx) => {
      const seen = new Map<string, number>();
      peerEndpoints(peers).forEach((ep, i) => {
        if (ep === undefined) return;
        const first = seen.get(ep);
        if (first === undefined) seen.set(ep, i);
        else
          ctx.addIssue({
            code: 'custom',
            path: [i, 'endpoint'],
            input: ep,
            message: `${quote(ep)} is listed twice: peers[${first}] has the same endpoint`,
            params: { rule: 'duplicate' },
          });
      });
    },
    { when: () => true }, // report duplicates even when another peer field is wrong
  );

const TLS_SOURCE_PREFIX: Readonly<Record<TlsSourceKind, string | undefined>> = {
  file: undefined,
  https: 'https://',
  s3: 's3://',
};

const tlsSourceSchema = z
  .strictObject({ kind: z.enum(TLS_SOURCE_KINDS, E), location: text() }, E)
  .superRefine((source, ctx) => {
    const prefix = TLS_SOURCE_PREFIX[source.kind];
    if (prefix !== undefined && !source.location.startsWith(prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['location'],
        input: source.location,
        message: `${quote(source.location)} is not a valid ${source.kind} location: it must start with "${prefix}"`,
        params: { rule: 'scheme' },
      });
    }
  });

const tlsSchema = z.strictObject(
  {
    chainFile: text().meta({
      description: 'TLS CA chain (PEM) of the network: a path relative to the home directory, or absolute',
    }),
    source: tlsSourceSchema
      .optional()
      .meta({ description: 'Where the chain file was obtained, so it can be fetched again' }),
  },
  E,
);

const pathsSchema = z
  .strictObject(
    {
      mspDir: text().default(DEFAULT_PATHS.mspDir),
      membersDir: text().default(DEFAULT_PATHS.membersDir),
      artifactsDir: text().default(DEFAULT_PATHS.artifactsDir),
    },
    E,
  )
  .prefault({})
  .meta({ description: 'Directories, relative to the home directory or absolute' });

const runtimeSchema = z
  .strictObject(
    {
      kind: z.enum(RUNTIME_KINDS, E).default(DEFAULT_RUNTIME.kind),
      binDir: text().optional().meta({ description: 'Directory holding the Fabric binaries (local runtime)' }),
      containerName: text().default(DEFAULT_RUNTIME.containerName),
      image: text()
        .optional()
        .meta({ description: 'fabric-tools image used to create the container (docker runtime)' }),
      containerHome: containerHome.default(DEFAULT_RUNTIME.containerHome),
      mountDockerSocket: z.boolean(E).optional().meta({
        description:
          "docker runtime: also mount the host's /var/run (its Docker socket) into the container, as the tutorial did for Fabric 1.2's chaincode builds",
      }),
    },
    E,
  )
  .prefault({});

const awsSchema = z.strictObject({ region: awsRegion.optional(), endpointUrl: httpUrl.optional() }, E);

/** On targets "amb" and "devnet" (the default "fabric" excepted) network.id and member.id must be AMB IDs. */
function checkAmbIdsOnAmbTargets(file: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (typeof file !== 'object' || file === null) return;
  const target = (file as { target?: unknown }).target;
  if (target !== 'amb' && target !== 'devnet') return;
  for (const kind of ['network', 'member'] as const) {
    const id: unknown = (file as Record<string, { id?: unknown } | undefined>)[kind]?.id;
    if (typeof id === 'string') checkAmbIdOnAmbTarget(kind, id, String(target), ctx);
  }
}

function checkAmbIdOnAmbTarget(
  kind: 'network' | 'member',
  id: string,
  target: string,
  ctx: z.core.$RefinementCtx<unknown>,
): void {
  if (AMB_ID_LOOK.test(id) || !FABRIC_NAME_PATTERN.test(id)) return; // the field's own check reported it
  const errors = validateAmbId(kind, id).filter((i) => i.severity === 'error');
  if (errors.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: [kind, 'id'],
      input: id,
      message: `${quote(id)} is not a valid ${kind} ID: ${errors.map((e) => e.reason).join('; ')} (target ${quote(target)} needs AMB IDs; Fabric names are allowed on target "fabric")`,
      params: { hint: [...new Set(errors.map((e) => e.hint))].join(' '), rule: errors[0]?.rule, code: errors[0]?.code },
    });
}

export const profileFileSchema = z
  .strictObject(
    {
      version: z.literal(PROFILE_VERSION, {
        error: (iss) =>
          iss.input === undefined
            ? `is required: add "version: ${PROFILE_VERSION}" at the top of the file`
            : `${describeValue(iss.input)} is not supported: this fabkit reads profile version ${PROFILE_VERSION}`,
      }),
      target: z.enum(TARGETS, E).default('fabric'),
      network: networkSchema,
      member: memberSchema,
      peers: peersSchema,
      tls: tlsSchema,
      paths: pathsSchema,
      runtime: runtimeSchema,
      aws: awsSchema.optional(),
    },
    E,
  )
  .superRefine(checkAmbIdsOnAmbTargets, { when: () => true })
  .superRefine(
    (file, ctx) => {
      if (typeof file !== 'object' || file === null || (file as { target?: unknown }).target !== 'amb') return;
      const peers: unknown = (file as { peers?: unknown }).peers;
      if (!Array.isArray(peers)) return;
      peers.forEach((peer: unknown, i) => {
        if (typeof peer === 'object' && peer !== null && (peer as { id?: unknown }).id === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['peers', i, 'id'],
            input: undefined,
            message:
              'is required when target is "amb": copy the node ID ("nd-…") from `aws managedblockchain list-nodes`',
            params: { rule: 'amb-node-id' },
          });
        }
      });
    },
    { when: () => true }, // the value may be partly invalid here: the check reads it defensively
  )
  .meta({
    title: 'fabkit member profile (fabkit.yaml)',
    description: 'Everything fabkit needs to act as one member of a Hyperledger Fabric network',
  });

/** The profile as read from fabkit.yaml after validation (defaults filled in). */
export type ProfileFile = z.output<typeof profileFileSchema>;
/** What may be written by hand: sections and fields with defaults can be left out. */
export type ProfileFileInput = z.input<typeof profileFileSchema>;
export type PeerEntry = ProfileFile['peers'][number];
export type TlsSource = NonNullable<ProfileFile['tls']['source']>;

/** JSON Schema (draft 2020-12) of what may be written in fabkit.yaml, for editors and docs. */
export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(profileFileSchema, { io: 'input' }) as Record<string, unknown>;
}
