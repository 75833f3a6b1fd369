/**
 * The data model of a generated configtx.yaml (configtxgen's own key names) and of the input
 * that builds it. Types only.
 */
import type { Endpoint } from '../validate/endpoint';

/**
 * The application capability: V2_0 for the 2.x chaincode lifecycle; for the 1.x lifecycle
 * V1_4_2, or V1_2 on networks of Fabric 1.2/1.3 (AMB's 1.2 networks), whose peers know no later one.
 */
export type AppCapability = 'V1_2' | 'V1_4_2' | 'V2_0';
export const APP_CAPABILITIES: readonly AppCapability[] = ['V1_2', 'V1_4_2', 'V2_0'];

/**
 * `minimal`: the tutorial's Fabric 1.x file, with no Policies sections at all (Fabric 1.x
 * configtxgen fills in defaults). `full`: Readers/Writers/Admins/Endorsement per org and
 * ImplicitMeta channel and application policies, which Fabric 2.x configtxgen requires.
 */
export type PolicyForm = 'minimal' | 'full';
export const POLICY_FORMS: readonly PolicyForm[] = ['minimal', 'full'];

/** The consortium every AMB network's system channel defines. */
export const AMB_CONSORTIUM = 'AWSSystemConsortium';

export interface ConfigtxOrgInput {
  /** The AMB member ID; it is also the org's Name, ID (MSP ID) and the MSP ID in every principal. */
  readonly memberId: string;
  /** Absolute path of the org's MSP folder as configtxgen sees it (host path, or /opt/home/… in the cli container). */
  readonly mspDir: string;
  /** Written as AnchorPeers when given and non-empty; the key is omitted otherwise. */
  readonly anchorPeers?: readonly Endpoint[];
}

export interface ConfigtxInput {
  readonly orgs: readonly ConfigtxOrgInput[];
  /** Default: `defaultProfileName(orgs.length)`. */
  readonly profileName?: string;
  /** Default: AWSSystemConsortium. */
  readonly consortium?: string;
  readonly capability: AppCapability;
  readonly policies: PolicyForm;
}

export interface ConfigtxPolicy {
  readonly Type: 'Signature' | 'ImplicitMeta';
  readonly Rule: string;
}
export type ConfigtxPolicies = Readonly<Record<string, ConfigtxPolicy>>;

export interface ConfigtxAnchorPeer {
  readonly Host: string;
  readonly Port: number;
}

export interface ConfigtxOrganization {
  readonly Name: string;
  readonly ID: string;
  readonly MSPDir: string;
  readonly Policies?: ConfigtxPolicies;
  readonly AnchorPeers?: readonly ConfigtxAnchorPeer[];
  /** Any other key from the organization skeleton, passed through. */
  readonly [key: string]: unknown;
}

export interface ConfigtxApplication {
  readonly Organizations: readonly ConfigtxOrganization[];
  readonly Policies?: ConfigtxPolicies;
  readonly Capabilities: Readonly<Record<string, boolean>>;
  readonly [key: string]: unknown;
}

export interface ConfigtxProfile {
  readonly Consortium: string;
  readonly Policies?: ConfigtxPolicies;
  readonly Application: ConfigtxApplication;
  readonly [key: string]: unknown;
}

/**
 * A whole configtx.yaml. `Organizations` (top level) is what `configtxgen -printOrg <memberId>`
 * reads; `Profiles` is what `-profile <name>` reads.
 */
export interface ConfigtxDoc {
  readonly Organizations: readonly ConfigtxOrganization[];
  readonly Profiles: Readonly<Record<string, ConfigtxProfile>>;
}

/** The skeleton files' text (templates/configtx/*.yaml), as `loadConfigtxSkeletons` reads them. */
export interface ConfigtxSkeletonTexts {
  readonly organization: string;
  readonly channelProfile: string;
  readonly lifecyclePolicies: string;
}
