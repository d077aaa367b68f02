/**
 * The shape of the config file: names and types only.
 *
 * Formats, limits and cross-field rules live in the validator's modules,
 * where each has a message that says how to fix it. Objects are strict: an
 * unknown key is an error, because a typo such as `serviceAcount` must
 * never pass silently.
 *
 * Lists and mappings of user data are only checked for being a list or a
 * mapping here; their items are read one by one by the validator (see
 * collector.ts), so that one bad item does not hide the others, and keys
 * such as `__proto__` are seen rather than dropped.
 */
import { z } from "zod";

/** A list whose items the validator reads one by one. */
const list = z.array(z.unknown());
/**
 * A mapping of user keys (tags, labels, annotations) whose entries the
 * validator reads one by one. Not `z.record`: its copy drops the key
 * `__proto__`, which must be reported, not lost.
 */
const mapping = z.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), { params: { expected: "mapping" } });

export const conditionSchema = z.strictObject({
  test: z.string(),
  variable: z.string(),
  values: list,
});
export type RawCondition = z.infer<typeof conditionSchema>;

export const statementSchema = z.strictObject({
  sid: z.string().optional(),
  effect: z.enum(["Allow", "Deny"]).optional(),
  actions: list,
  resources: list,
  conditions: list.optional(),
});
export type RawStatement = z.infer<typeof statementSchema>;

export const BACKEND_TYPES = ["local", "s3", "cloud"] as const;
export const localBackendSchema = z.strictObject({ type: z.literal("local"), path: z.string().optional() });
export const s3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  bucket: z.string(),
  key: z.string().optional(),
  region: z.string().optional(),
  encrypt: z.boolean().optional(),
  kmsKeyId: z.string().optional(),
  useLockfile: z.boolean().optional(),
  dynamodbTable: z.string().optional(),
  profile: z.string().optional(),
  roleArn: z.string().optional(),
});
export const cloudBackendSchema = z.strictObject({
  type: z.literal("cloud"),
  organization: z.string(),
  hostname: z.string().optional(),
  workspace: z.string().optional(),
  workspaceTags: list.optional(),
  project: z.string().optional(),
});

/** Settings that a workload may set and that `defaults:` and a cluster may default. */
const workloadSettings = {
  /** irsa, pod-identity, or both while moving from one to the other. */
  identity: z.enum(["irsa", "pod-identity", "both"]).optional(),
  rolePath: z.string().optional(),
  permissionsBoundaryArn: z.string().optional(),
  maxSessionDuration: z.number().int().optional(),
  tags: mapping.optional(),
  createNamespace: z.boolean().optional(),
  createServiceAccount: z.boolean().optional(),
  protect: z.boolean().optional(),
  /** Drift lock: the role's managed and inline policies are exactly the config's. */
  exclusivePolicies: z.boolean().optional(),
  /** Retiring: `keep` lets go of what Terraform manages without destroying it; `destroy` destroys it. */
  retire: z.enum(["keep", "destroy"]).optional(),
};

/**
 * The cluster's OIDC provider: `create` (the default), `lookup` (find the
 * one registered for the issuer at plan time), `adopt` (import the one that
 * exists: its ARN is computed from accountId and oidcIssuerUrl), or a
 * mapping naming an existing provider by ARN (`arn:`) or the one to adopt
 * (`adopt:`).
 */
export const oidcProviderSchema = z.union([
  z.enum(["create", "lookup", "adopt"]),
  z.strictObject({ arn: z.string() }),
  z.strictObject({ adopt: z.string() }),
]);

/** Version constraints of the providers in `required_providers`. */
const providerVersionsSchema = z.strictObject({ aws: z.string().optional(), kubernetes: z.string().optional(), tls: z.string().optional() });

/** Settings that `defaults:` may set and a cluster may override. */
const clusterSettings = {
  oidcProvider: oidcProviderSchema.optional(),
  /** Installs the eks-pod-identity-agent EKS add-on. */
  podIdentityAgent: z.boolean().optional(),
  providerVersions: providerVersionsSchema.optional(),
  oidcThumbprint: z.boolean().optional(),
  kubernetesAuth: z.enum(["token", "exec"]).optional(),
  /** Read by backend.ts, whose messages know the backend types. */
  backend: z.unknown().optional(),
  maxManagedPoliciesPerRole: z.number().int().optional(),
  /** Accepts a region newer than irsa-gen's list of regions, with a warning. */
  allowUnknownRegion: z.boolean().optional(),
};

const previousNameSchema = z.strictObject({
  namespace: z.string().optional(),
  serviceAccount: z.string().optional(),
  terraformName: z.string().optional(),
  /** The rename is done: pods no longer run under the old name, so its service account and association go, and the trust stops naming it. */
  finished: z.boolean().optional(),
});

export const workloadSchema = z.strictObject({
  namespace: z.string().optional(),
  serviceAccount: z.string().optional(),
  /** One-line form: the preset's parameters stand beside it (split off before this schema runs). */
  preset: z.string().optional(),
  /** Names, or mappings of name and parameters; each is checked against its preset's parameters. */
  presets: list.optional(),
  roleName: z.string().optional(),
  /** The label of the workload's Terraform blocks, instead of `<namespace>_<serviceAccount>`. */
  terraformName: z.string().optional(),
  description: z.string().optional(),
  serviceAccountLabels: mapping.optional(),
  serviceAccountAnnotations: mapping.optional(),
  managedPolicyArns: list.optional(),
  policyStatements: list.optional(),
  /**
   * What already exists and is imported instead of created: `true` for
   * everything the workload has, or a mapping. `role` names the existing
   * role (it keeps its name); `inlinePolicy` the existing inline policy;
   * `podIdentityAssociation` the id (`a-…`) of the existing EKS Pod
   * Identity association of the service account.
   */
  adopt: z
    .union([
      z.literal(true),
      z.strictObject({
        role: z.union([z.string(), z.boolean()]).optional(),
        inlinePolicy: z.union([z.string(), z.boolean()]).optional(),
        attachments: z.boolean().optional(),
        serviceAccount: z.boolean().optional(),
        podIdentityAssociation: z.string().optional(),
      }),
    ])
    .optional(),
  /** Earlier names of this workload, oldest first: its blocks are moved, not destroyed and recreated. */
  previously: z
    .union([previousNameSchema, z.array(previousNameSchema)])
    .optional(),
  /** EKS Pod Identity settings, for identity: pod-identity or both. */
  podIdentity: z
    .strictObject({
      targetRoleArn: z.string().optional(),
      disableSessionTags: z.boolean().optional(),
      /** Required with disableSessionTags: the trust then admits any association of the account. */
      unpinnedTrust: z.boolean().optional(),
    })
    .optional(),
  /** The name says what it does: an administrator role is a decision, never an accident. */
  dangerouslyAllowAdministratorAccess: z.boolean().optional(),
  ...workloadSettings,
});
export type RawWorkload = z.infer<typeof workloadSchema>;

export const clusterSchema = z.strictObject({
  name: z.string(),
  region: z.string(),
  accountId: z.string().optional(),
  oidcIssuerUrl: z.string().optional(),
  existingOidcProviderArn: z.string().optional(),
  workloads: list,
  ...clusterSettings,
  ...workloadSettings,
});
export type RawCluster = z.infer<typeof clusterSchema>;

export const defaultsSchema = z.strictObject({ ...clusterSettings, ...workloadSettings });
export type RawDefaults = z.infer<typeof defaultsSchema>;

export const fileSchema = z.strictObject({
  defaults: z.unknown().optional(),
  clusters: list,
});

/** Every key a workload may have, for "did you mean" hints. */
export const WORKLOAD_KEYS: readonly string[] = Object.keys(workloadSchema.shape);
