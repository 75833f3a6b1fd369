/**
 * The parts of a Fabric common connection profile (fabric-samples test-network's
 * connection-org1.json, microfab, fablo, the operators) that `fabkit init
 * --from-connection-profile` reads, as a zod schema. Keys fabkit does not read are allowed and kept
 * out of the way (channels, client.connection, entityMatchers, …).
 */
import { z } from 'zod';

/** A PEM given inline (`pem`, one text or a list) or as a file (`path`, relative to the profile's folder). */
const pemSource = z
  .looseObject({
    pem: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    path: z.string().min(1).optional(),
  })
  .refine((v) => v.pem !== undefined || v.path !== undefined, {
    message: 'needs "pem" (the certificate text) or "path" (a file)',
  });

const grpcOptions = z
  .looseObject({
    'ssl-target-name-override': z.string().optional(),
    hostnameOverride: z.string().optional(),
  })
  .optional();

/** A peer or an orderer: `url` is grpcs://host:port. */
const nodeSchema = z.looseObject({
  url: z.string().min(1),
  tlsCACerts: pemSource.optional(),
  grpcOptions,
});

const caSchema = z.looseObject({
  url: z.string().min(1),
  caName: z.string().min(1).optional(),
  tlsCACerts: pemSource.optional(),
  httpOptions: z.looseObject({ verify: z.boolean().optional() }).optional(),
});

const organizationSchema = z.looseObject({
  mspid: z.string().min(1),
  peers: z.array(z.string().min(1)).optional(),
  orderers: z.array(z.string().min(1)).optional(),
  certificateAuthorities: z.array(z.string().min(1)).optional(),
});

export const connectionProfileSchema = z
  .looseObject({
    name: z.string().min(1),
    version: z.string().optional(),
    client: z.looseObject({ organization: z.string().min(1).optional() }).optional(),
    organizations: z.record(z.string(), organizationSchema),
    peers: z.record(z.string(), nodeSchema).optional(),
    orderers: z.record(z.string(), nodeSchema).optional(),
    certificateAuthorities: z.record(z.string(), caSchema).optional(),
  })
  .meta({
    title: 'Fabric connection profile (the parts fabkit reads)',
    description:
      'name, client.organization, organizations.<Org>.{mspid, peers, certificateAuthorities}, peers/orderers.<name>.{url, tlsCACerts, grpcOptions}, certificateAuthorities.<name>.{url, caName, tlsCACerts}',
  });

export type ConnectionProfile = z.output<typeof connectionProfileSchema>;
export type PemSource = NonNullable<z.output<typeof pemSource>>;

/** JSON Schema (draft 2020-12) of the connection profile parts fabkit reads. */
export function connectionProfileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(connectionProfileSchema, { io: 'input' }) as Record<string, unknown>;
}
