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
export const backendSchema = z.discriminatedUnion("type", [localBackendSchema, s3BackendSchema, cloudBackendSchema]);

/** Settings that a workload may set and that `defaults:` and a cluster may default. */
const workloadSettings = {
  rolePath: z.string().optional(),
  permissionsBoundaryArn: z.string().optional(),
  maxSessionDuration: z.number().int().optional(),
  tags: mapping.optional(),
  createNamespace: z.boolean().optional(),
  createServiceAccount: z.boolean().optional(),
  protect: z.boolean().optional(),
};

/** Settings that `defaults:` may set and a cluster may override. */
const clusterSettings = {
  oidcThumbprint: z.boolean().optional(),
  kubernetesAuth: z.enum(["token", "exec"]).optional(),
  /** Read by backend.ts, whose messages know the backend types. */
  backend: z.unknown().optional(),
  maxManagedPoliciesPerRole: z.number().int().optional(),
  /** Accepts a region newer than irsa-gen's list of regions, with a warning. */
  allowUnknownRegion: z.boolean().optional(),
};

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
