/**
 * The shape of the config file: names and types only.
 *
 * Formats, limits and cross-field rules live in `validate.ts`, where each has
 * a message that says how to fix it. Objects are strict: an unknown key is
 * an error, because a typo such as `serviceAcount` must never pass silently.
 */
import { z } from "zod";

const stringMap = z.record(z.string(), z.string());

export const conditionSchema = z.strictObject({
  test: z.string(),
  variable: z.string(),
  values: z.array(z.string()),
});

export const statementSchema = z.strictObject({
  sid: z.string().optional(),
  effect: z.enum(["Allow", "Deny"]).optional(),
  actions: z.array(z.string()),
  resources: z.array(z.string()),
  conditions: z.array(conditionSchema).optional(),
});

const localBackend = z.strictObject({ type: z.literal("local"), path: z.string().optional() });
const s3Backend = z.strictObject({
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
const cloudBackend = z.strictObject({
  type: z.literal("cloud"),
  organization: z.string(),
  hostname: z.string().optional(),
  workspace: z.string().optional(),
  workspaceTags: z.array(z.string()).optional(),
  project: z.string().optional(),
});
export const backendSchema = z.discriminatedUnion("type", [localBackend, s3Backend, cloudBackend]);
export type RawBackend = z.infer<typeof backendSchema>;

/** Settings that a workload may set and that `defaults:` and a cluster may default. */
const workloadSettings = {
  /** irsa, pod-identity, or both while moving from one to the other. */
  identity: z.enum(["irsa", "pod-identity", "both"]).optional(),
  rolePath: z.string().optional(),
  permissionsBoundaryArn: z.string().optional(),
  maxSessionDuration: z.number().int().optional(),
  tags: stringMap.optional(),
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
  backend: backendSchema.optional(),
  maxManagedPoliciesPerRole: z.number().int().optional(),
};

const previousNameSchema = z.strictObject({
  namespace: z.string().optional(),
  serviceAccount: z.string().optional(),
  terraformName: z.string().optional(),
});

export const workloadSchema = z.strictObject({
  namespace: z.string().optional(),
  serviceAccount: z.string().optional(),
  /** One-line form: the preset's parameters stand beside it (split off before this schema runs). */
  preset: z.string().optional(),
  /** Names, or mappings of name and parameters; each is checked against its preset's parameters. */
  presets: z.array(z.unknown()).optional(),
  roleName: z.string().optional(),
  /** The label of the workload's Terraform blocks, instead of `<namespace>_<serviceAccount>`. */
  terraformName: z.string().optional(),
  description: z.string().optional(),
  serviceAccountLabels: stringMap.optional(),
  serviceAccountAnnotations: stringMap.optional(),
  managedPolicyArns: z.array(z.string()).optional(),
  policyStatements: z.array(statementSchema).optional(),
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
  workloads: z.array(z.unknown()),
  ...clusterSettings,
  ...workloadSettings,
});
export type RawCluster = z.infer<typeof clusterSchema>;

export const defaultsSchema = z.strictObject({ ...clusterSettings, ...workloadSettings });
export type RawDefaults = z.infer<typeof defaultsSchema>;

export const fileSchema = z.strictObject({
  defaults: defaultsSchema.optional(),
  clusters: z.array(z.unknown()),
});

/** Every key a workload may have, for "did you mean" hints. */
export const WORKLOAD_KEYS: readonly string[] = Object.keys(workloadSchema.shape);
