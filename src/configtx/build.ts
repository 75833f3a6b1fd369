/**
 * Pure: builds a configtx.yaml for an application channel of AMB members as plain data, from
 * the skeletons in templates/configtx/ (passed in as text), and dumps it with js-yaml. No file
 * system, no process state, no clock: `templates.ts` reads the skeletons.
 */
import * as yaml from 'js-yaml';
import { usageError } from '../errors';
import { or, principal } from '../policy/ast';
import { formatPolicy } from '../policy/format';
import type { ConfigtxSkeletons, OrganizationSkeleton, PolicySkeleton } from './skeleton';
import { parseSkeletons } from './skeleton';
import type {
  ConfigtxApplication,
  ConfigtxDoc,
  ConfigtxInput,
  ConfigtxOrganization,
  ConfigtxOrgInput,
  ConfigtxPolicies,
  ConfigtxProfile,
  ConfigtxSkeletonTexts,
  PolicyForm,
} from './types';
import { AMB_CONSORTIUM } from './types';
import { assertConfigtxInput } from './validate';

/** The tutorial's profile names for one and two members (steps 6.1 and 8.6); MultiOrgChannel for three or more. */
export const PROFILE_NAMES = { one: 'OneOrgChannel', two: 'TwoOrgChannel', many: 'MultiOrgChannel' } as const;

export function defaultProfileName(orgCount: number): string {
  if (orgCount <= 1) return PROFILE_NAMES.one;
  return orgCount === 2 ? PROFILE_NAMES.two : PROFILE_NAMES.many;
}

/**
 * The policy form a configtxgen of this Fabric major version accepts: `minimal` for 1.x (the
 * tutorial's file), `full` for 2.x and later, whose configtxgen rejects a profile without
 * channel, application and org policies ("no policies defined").
 */
export function policiesFor(toolVersion: { readonly major: number }): PolicyForm {
  const { major } = toolVersion;
  if (!Number.isInteger(major) || major < 1) {
    throw usageError(
      'INVALID_FABRIC_VERSION',
      `Fabric major version ${JSON.stringify(major)} is invalid: it must be a whole number, 1 or more`,
      'Pass the major version of the configtxgen that will read the file, e.g. {major: 2} for Fabric 2.5.',
      { rule: 'major' },
    );
  }
  return major >= 2 ? 'full' : 'minimal';
}

function omitKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as Omit<T, K>;
}

/** Signature policies whose principals all name the member: OR('<memberId>.<role>'). */
function orgPolicies(skeleton: OrganizationSkeleton['Policies'], memberId: string): ConfigtxPolicies {
  return Object.fromEntries(
    Object.entries(skeleton).map(([name, p]) => [
      name,
      { Type: 'Signature' as const, Rule: formatPolicy(or(principal(memberId, p.Rule))) },
    ]),
  );
}

function copyPolicies(skeleton: PolicySkeleton): ConfigtxPolicies {
  return Object.fromEntries(Object.entries(skeleton).map(([name, p]) => [name, { Type: p.Type, Rule: p.Rule }]));
}

function organization(skeleton: OrganizationSkeleton, org: ConfigtxOrgInput, form: PolicyForm): ConfigtxOrganization {
  const filled = {
    ...skeleton,
    Name: org.memberId,
    ID: org.memberId,
    MSPDir: org.mspDir,
    Policies: orgPolicies(skeleton.Policies, org.memberId),
  };
  const withForm = form === 'full' ? filled : omitKey(filled, 'Policies');
  const anchors = org.anchorPeers ?? [];
  return anchors.length === 0
    ? withForm
    : { ...withForm, AnchorPeers: anchors.map((p) => ({ Host: p.host, Port: p.port })) };
}

function application(skeletons: ConfigtxSkeletons, input: ConfigtxInput): ConfigtxApplication {
  const skeleton = skeletons.channelProfile.Application;
  const lifecycle = input.capability === 'V2_0' ? copyPolicies(skeletons.lifecyclePolicies) : {};
  const filled = {
    ...skeleton,
    Organizations: input.orgs.map((o) => organization(skeletons.organization, o, input.policies)),
    Policies: { ...copyPolicies(skeleton.Policies), ...lifecycle },
    Capabilities: { [input.capability]: true },
  };
  return input.policies === 'full' ? filled : omitKey(filled, 'Policies');
}

function profile(skeletons: ConfigtxSkeletons, input: ConfigtxInput): ConfigtxProfile {
  const filled = {
    ...skeletons.channelProfile,
    Consortium: input.consortium ?? AMB_CONSORTIUM,
    Policies: copyPolicies(skeletons.channelProfile.Policies),
    Application: application(skeletons, input),
  };
  return input.policies === 'full' ? filled : omitKey(filled, 'Policies');
}

/**
 * The configtx.yaml for a channel of `input.orgs`, as data: a top-level Organizations list
 * (for `configtxgen -printOrg`) and one profile (for `-profile`). Every object in the result is
 * distinct (no shared references). Throws a usage FabkitError for invalid input.
 */
export function buildConfigtx(input: ConfigtxInput, skeletonTexts: ConfigtxSkeletonTexts): ConfigtxDoc {
  assertConfigtxInput(input);
  const skeletons = parseSkeletons(skeletonTexts);
  const profileName = input.profileName ?? defaultProfileName(input.orgs.length);
  return {
    Organizations: input.orgs.map((o) => organization(skeletons.organization, o, input.policies)),
    Profiles: { [profileName]: profile(skeletons, input) },
  };
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/**
 * YAML text for configtxgen: a header comment naming fabkit, the members and the profile,
 * then the document. `noRefs`: every organization is written out in full under Organizations
 * and again in the profile, with no YAML anchors/aliases (js-yaml can only name them
 * `&ref_0`, which would mean nothing to a reader); `lineWidth: -1` never folds long paths.
 */
export function dumpConfigtx(doc: ConfigtxDoc): string {
  const members = doc.Organizations.map((o) => oneLine(String(o.ID))).join(', ');
  const profiles = Object.keys(doc.Profiles).map(oneLine).join(', ');
  const header = `# Generated by fabkit for member${doc.Organizations.length === 1 ? '' : 's'} ${members} (profile ${profiles}).\n`;
  return header + yaml.dump(doc, { noRefs: true, lineWidth: -1 });
}
