/**
 * The eksctl ClusterConfig (eksctl.io/v1alpha5) fields the converter reads,
 * as eksctl's own types spell them (pkg/apis/eksctl.io/v1alpha5/iam.go,
 * well_known_iam_policy.go).
 *
 * Objects are loose: eksctl has far more fields than irsa-gen converts, and
 * each field the converter does not read is reported by `convert.ts`, never
 * an error here. Only a field it reads with the wrong type, or a missing
 * field it needs, makes a file unreadable.
 */
import { z } from "zod";
import { isMapping, ProblemCollector } from "../config/collector";
import { formatProblem, type Problem } from "../config/problems";
import { parseConfigText, type ConfigSource } from "../config/source";

export const API_VERSION = "eksctl.io/v1alpha5";
export const KIND = "ClusterConfig";

/**
 * eksctl reads YAML with go-yaml v2 (through sigs.k8s.io/yaml), where
 * `yes`, `on`, `y` and their opposites are booleans (YAML 1.1); irsa-gen's
 * parser reads YAML 1.2, where they are strings.
 */
const YAML_11_BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"].map((w) => [w, true] as const),
  ...["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"].map((w) => [w, false] as const),
]);
const bool = z.preprocess((v) => (typeof v === "string" && Object.hasOwn(YAML_11_BOOLEANS, v) ? YAML_11_BOOLEANS[v] : v), z.boolean());
const stringMap = z.record(z.string(), z.string());

const serviceAccountMetaSchema = z.looseObject({
  name: z.string(),
  /** eksctl's default is `default`. */
  namespace: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/** `iam.serviceAccounts[]`: ClusterIAMServiceAccount. */
export const serviceAccountSchema = z.looseObject({
  metadata: serviceAccountMetaSchema,
  attachPolicyARNs: z.array(z.string()).optional(),
  /** An IAM policy document, passed by eksctl to CloudFormation as it is. */
  attachPolicy: z.record(z.string(), z.unknown()).optional(),
  /** Keys are checked by the converter, so that an unknown one is reported where it is. */
  wellKnownPolicies: z.record(z.string(), bool).optional(),
  attachRoleARN: z.string().optional(),
  permissionsBoundary: z.string().optional(),
  roleName: z.string().optional(),
  roleOnly: bool.optional(),
  tags: stringMap.optional(),
  subjectPattern: z.string().optional(),
  /** What `eksctl get iamserviceaccount -o yaml` prints: the role eksctl made, and its stack. */
  status: z.looseObject({ roleARN: z.string().optional(), stackName: z.string().optional() }).optional(),
});
export type EksctlServiceAccount = z.infer<typeof serviceAccountSchema>;

/**
 * `iam.podIdentityAssociations[]`: PodIdentityAssociation (iam.go). eksctl
 * requires namespace and serviceAccountName; with roleARN it makes no role
 * and refuses the permission fields, which are otherwise the role's.
 */
export const podIdentityAssociationSchema = z.looseObject({
  namespace: z.string().optional(),
  serviceAccountName: z.string().optional(),
  roleARN: z.string().optional(),
  /** eksctl's default is false: the service account is someone else's. */
  createServiceAccount: bool.optional(),
  roleName: z.string().optional(),
  permissionsBoundaryARN: z.string().optional(),
  permissionPolicyARNs: z.array(z.string()).optional(),
  /** The name of the inline policy of permissionPolicy, after the stack's name (default `Policy1`). */
  permissionPolicyName: z.string().optional(),
  /** An IAM policy document, passed by eksctl to CloudFormation as it is. */
  permissionPolicy: z.record(z.string(), z.unknown()).optional(),
  /** Keys are checked by the converter, so that an unknown one is reported where it is. */
  wellKnownPolicies: z.record(z.string(), bool).optional(),
  tags: stringMap.optional(),
  targetRoleARN: z.string().optional(),
  disableSessionTags: bool.optional(),
  /** A session policy: limits what the role grants to this association's pods. */
  policy: z.string().optional(),
});
export type EksctlPodIdentityAssociation = z.infer<typeof podIdentityAssociationSchema>;

const iamSchema = z.looseObject({
  withOIDC: bool.optional(),
  serviceAccounts: z.array(serviceAccountSchema).optional(),
  podIdentityAssociations: z.array(podIdentityAssociationSchema).optional(),
  serviceRoleARN: z.string().optional(),
  serviceRolePermissionsBoundary: z.string().optional(),
  fargatePodExecutionRoleARN: z.string().optional(),
  fargatePodExecutionRolePermissionsBoundary: z.string().optional(),
  vpcResourceControllerPolicy: bool.optional(),
});

export const clusterConfigSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    region: z.string(),
    tags: stringMap.optional(),
  }),
  iam: iamSchema.optional(),
  // Read loosely, only to report the IAM roles eksctl makes outside iam.serviceAccounts.
  addons: z.array(z.unknown()).optional(),
  addonsConfig: z.looseObject({ disableDefaultAddons: bool.optional(), autoApplyPodIdentityAssociations: bool.optional() }).optional(),
  karpenter: z.unknown().optional(),
});
export type EksctlClusterConfig = z.infer<typeof clusterConfigSchema>;

/** The keys each object has in eksctl that the converter reads (the rest is reported). */
export const READ_KEYS = {
  top: ["apiVersion", "kind", "metadata", "iam"],
  metadata: ["name", "region", "tags"],
  iam: Object.keys(iamSchema.shape),
  serviceAccount: Object.keys(serviceAccountSchema.shape),
  serviceAccountMetadata: Object.keys(serviceAccountMetaSchema.shape),
  podIdentityAssociation: Object.keys(podIdentityAssociationSchema.shape),
} as const;

/** A ClusterConfig file, read: the parsed config, or the problems that stop it. */
export interface ReadClusterConfig {
  readonly source: ConfigSource;
  /** The raw data, for keys the schema does not name. */
  readonly data?: Record<string, unknown>;
  readonly config?: EksctlClusterConfig;
  /** Located, formatted: `<file>:<line>:<col> <path>: <what> (got "…"). <fix>.` */
  readonly errors: readonly string[];
}

/** Parses one ClusterConfig file's text. Pure: no file system. */
export function readClusterConfig(file: string, text: string): ReadClusterConfig {
  const source = parseConfigText(file, text);
  const fail = (problems: readonly Problem[]): ReadClusterConfig => ({ source, errors: format(source, problems) });
  if (source.problems.length > 0) return fail(source.problems);
  const out = new ProblemCollector();
  const data = withoutNulls(source.data);
  if (!isMapping(data)) {
    out.error([], "is not an eksctl ClusterConfig", `Give a ClusterConfig file (apiVersion: ${API_VERSION}, kind: ${KIND})`, data ?? "an empty file");
    return fail(out.problems);
  }
  if (data.kind !== undefined && data.kind !== KIND) {
    out.error(["kind"], `is not ${KIND}`, `Give an eksctl ClusterConfig file (kind: ${KIND})`, data.kind);
  }
  if (data.apiVersion !== undefined && data.apiVersion !== API_VERSION) {
    out.error(["apiVersion"], `is not ${API_VERSION}, the only ClusterConfig version eksctl reads`, `Give a ClusterConfig of apiVersion ${API_VERSION}`, data.apiVersion);
  }
  if (out.errorCount > 0) return fail(out.problems);
  const config = out.check(clusterConfigSchema, data, []);
  if (out.errorCount > 0 || !config) return fail(out.problems);
  return { source, data, config, errors: [] };
}

export function format(source: ConfigSource, problems: readonly Problem[]): string[] {
  return problems.map((p) => formatProblem(source.file, p.position ?? source.locate(p.path, p.atKey), p));
}

/** Go's JSON decoding leaves a field at its zero value for `null`: so does the converter, by dropping it. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isMapping(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

export { isMapping };

/** The keys of `raw` that are not in `known`, in file order. */
export function unreadKeys(raw: unknown, known: readonly string[]): string[] {
  return isMapping(raw) ? Object.keys(raw).filter((k) => !known.includes(k)) : [];
}
