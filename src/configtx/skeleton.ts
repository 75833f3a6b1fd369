/**
 * Pure: parses the configtx skeletons (templates/configtx/*.yaml) with js-yaml and checks their
 * shape, so that the builder fills in data, never text. A broken skeleton is a packaging fault
 * (kind `failure`), not bad user input.
 */
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { FabkitError } from '../errors';
import { PRINCIPAL_ROLES } from '../policy/ast';
import type { ConfigtxSkeletonTexts } from './types';

/** In the organization skeleton a Signature policy's Rule is only the principal role. */
const rolePolicy = z.strictObject({ Type: z.literal('Signature'), Rule: z.enum(PRINCIPAL_ROLES) });
const policy = z.strictObject({ Type: z.enum(['Signature', 'ImplicitMeta']), Rule: z.string().min(1) });
const policies = z.record(z.string(), policy);

const organizationSkeleton = z.looseObject({
  Name: z.null(),
  ID: z.null(),
  MSPDir: z.null(),
  Policies: z.record(z.string(), rolePolicy),
});

const channelProfileSkeleton = z.looseObject({
  Consortium: z.null(),
  Policies: policies,
  Application: z.looseObject({
    Organizations: z.tuple([]),
    Policies: policies,
    Capabilities: z.strictObject({}),
  }),
});

export type OrganizationSkeleton = z.infer<typeof organizationSkeleton>;
export type ChannelProfileSkeleton = z.infer<typeof channelProfileSkeleton>;
export type PolicySkeleton = z.infer<typeof policies>;

export interface ConfigtxSkeletons {
  readonly organization: OrganizationSkeleton;
  readonly channelProfile: ChannelProfileSkeleton;
  readonly lifecyclePolicies: PolicySkeleton;
}

export const SKELETON_FILES: Readonly<Record<keyof ConfigtxSkeletonTexts, string>> = {
  organization: 'organization.yaml',
  channelProfile: 'channel-profile.yaml',
  lifecyclePolicies: 'lifecycle-policies.yaml',
};

function skeletonError(name: keyof ConfigtxSkeletonTexts, problem: string): FabkitError {
  const file = SKELETON_FILES[name];
  return new FabkitError('CONFIGTX_TEMPLATE_INVALID', `The configtx skeleton ${file} is invalid: ${problem}`, {
    hint: `Restore templates/configtx/${file} from the fabkit package; it must keep configtxgen's keys with the values fabkit fills in left empty (~).`,
    details: { file },
  });
}

function parseOne<T>(name: keyof ConfigtxSkeletonTexts, text: string, schema: z.ZodType<T>): T {
  let loaded: unknown;
  try {
    loaded = yaml.load(text);
  } catch (error) {
    throw skeletonError(name, `it is not valid YAML (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  const result = schema.safeParse(loaded);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'the document' : issue.path.join('.');
  throw skeletonError(name, `${where}: ${issue?.message ?? 'unexpected shape'}`);
}

export function parseSkeletons(texts: ConfigtxSkeletonTexts): ConfigtxSkeletons {
  return {
    organization: parseOne('organization', texts.organization, organizationSkeleton),
    channelProfile: parseOne('channelProfile', texts.channelProfile, channelProfileSkeleton),
    lifecyclePolicies: parseOne('lifecyclePolicies', texts.lifecyclePolicies, policies),
  };
}
