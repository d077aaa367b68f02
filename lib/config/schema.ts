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
 *
 * Each key carries its meaning (markdown) and its default in words: the
 * JSON Schema for editors (json-schema.ts) and the README's config tables
 * are both generated from them, so they cannot drift apart.
 */
import { z } from "zod";

/** A key's meaning (markdown) and, for the README's tables, its default in words. */
export type KeyDoc = { readonly description: string; readonly defaultText?: string };

function doc(description: string, defaultText?: string): KeyDoc {
  return defaultText === undefined ? { description } : { description, defaultText };
}

/**
 * The schema of a list's items, for the JSON Schema only: the validator
 * reads such lists as lists of anything and checks each item itself (see
 * above), so that one bad item does not hide the others.
 */
const ITEM_SCHEMAS = new WeakMap<object, z.ZodType>();

/** The items' shape registered for a list or mapping (`.meta()` and `.optional()` keep the definition it is keyed by). */
export function itemSchemaOf(schema: z.core.$ZodType): z.ZodType | undefined {
  return ITEM_SCHEMAS.get(schema._zod.def);
}

/** A list whose items the validator reads one by one; `item` is their shape, for editors. */
function listOf(item: z.ZodType): z.ZodArray<z.ZodUnknown> {
  const list = z.array(z.unknown());
  ITEM_SCHEMAS.set(list._zod.def, item);
  return list;
}
/**
 * A mapping of user keys (tags, labels, annotations) whose entries the
 * validator reads one by one. Not `z.record`: its copy drops the key
 * `__proto__`, which must be reported, not lost.
 */
const mapping = () =>
  z.custom<Record<string, unknown>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), { params: { expected: "mapping" } });
/** A mapping of strings to strings, as editors see it. */
const STRING_MAPPING = z.record(z.string(), z.string());
const stringMapping = () => {
  const m = mapping();
  ITEM_SCHEMAS.set(m._zod.def, STRING_MAPPING);
  return m;
};
const strings = () => listOf(z.string());

export const conditionSchema = z.strictObject({
  test: z.string().meta(doc("the condition operator, e.g. `StringEquals`, `ArnLike`, `Bool`")),
  variable: z.string().meta(doc("the condition key, e.g. `aws:ResourceTag/team`")),
  values: strings().meta(doc("the values; several values are ORed")),
});
export type RawCondition = z.infer<typeof conditionSchema>;

export const statementSchema = z.strictObject({
  sid: z.string().optional().meta(doc("the statement's id: letters and digits only")),
  effect: z.enum(["Allow", "Deny"]).optional().meta(doc("`Allow` or `Deny`", "`Allow`")),
  actions: strings().meta(doc("actions such as `s3:GetObject`; IAM reads them ignoring case, the service prefix is written in lower case")),
  resources: strings().meta(doc("resource ARNs, or `*`")),
  conditions: listOf(conditionSchema).optional().meta(doc("conditions: `test`, `variable`, `values`; separate conditions are ANDed")),
});
export type RawStatement = z.infer<typeof statementSchema>;

export const BACKEND_TYPES = ["local", "s3", "cloud"] as const;
const backendType = (type: string, what: string) => z.literal(type).meta(doc(`\`${type}\`: ${what}`));
export const localBackendSchema = z.strictObject({
  type: backendType("local", "state in a file"),
  path: z.string().optional().meta(doc("the state file, relative to the project folder; `{cluster}` becomes the cluster's name", "`terraform.{cluster}.tfstate`")),
});
export const s3BackendSchema = z.strictObject({
  type: backendType("s3", "state in an S3 bucket"),
  bucket: z.string().meta(doc("the bucket")),
  key: z.string().optional().meta(doc("the state's key; `{cluster}` becomes the cluster's name", "`irsa-gen/{cluster}.tfstate`")),
  region: z.string().optional().meta(doc("the bucket's region", "the cluster's region")),
  encrypt: z.boolean().optional().meta(doc("server-side encryption of the state", "`true`")),
  kmsKeyId: z.string().optional().meta(doc("the KMS key that encrypts the state")),
  useLockfile: z.boolean().optional().meta(doc("S3-native locking (Terraform ≥ 1.10)", "`true` unless `dynamodbTable` is set")),
  dynamodbTable: z.string().optional().meta(doc("the older DynamoDB locking: the table")),
  profile: z.string().optional().meta(doc("the AWS CLI profile Terraform reads the state with")),
  roleArn: z.string().optional().meta(doc("a role Terraform assumes to read the state (`assume_role { role_arn }`)")),
});
export const cloudBackendSchema = z.strictObject({
  type: backendType("cloud", "Terraform Cloud, HCP Terraform or Terraform Enterprise"),
  organization: z.string().meta(doc("the organization")),
  hostname: z.string().optional().meta(doc("the host, for Terraform Enterprise", "`app.terraform.io`")),
  workspace: z.string().optional().meta(doc("the workspace's name; `{cluster}` becomes the cluster's name", "`irsa-{cluster}`")),
  workspaceTags: strings().optional().meta(doc("instead of `workspace`: every workspace with all these tags")),
  project: z.string().optional().meta(doc("the project of the workspace")),
});
/** Every backend shape, one per type: what editors check `backend:` against. */
export const BACKEND_SCHEMAS = [localBackendSchema, s3BackendSchema, cloudBackendSchema] as const;

/** Settings that a workload may set and that `defaults:` and a cluster may default. */
const workloadSettings = {
  identity: z
    .enum(["irsa", "pod-identity", "both"])
    .optional()
    .meta(doc("how the pods get credentials: `irsa`, `pod-identity` (EKS Pod Identity) or `both` (while migrating); see [EKS Pod Identity](#eks-pod-identity)", "`irsa`")),
  rolePath: z.string().optional().meta(doc("the role's path", "`/`")),
  permissionsBoundaryArn: z.string().optional().meta(doc("a permissions boundary", "none")),
  maxSessionDuration: z.number().int().optional().meta(doc("seconds, 3600–43200", "`3600`")),
  tags: stringMapping()
    .optional()
    .meta(doc("the role's own tags, beside the provider's default tags (file and cluster tags reach the role through them); at most 50 tags in all, counting the default tags", "none")),
  createNamespace: z
    .boolean()
    .optional()
    .meta(doc("create the namespace (`kubernetes_namespace_v1`, once per namespace); refused for `default`, `kube-system`, `kube-public` and `kube-node-lease`", "`false`")),
  createServiceAccount: z
    .boolean()
    .optional()
    .meta(
      doc(
        "`false` for Helm charts that create their own: the role is created and the annotation is an output",
        "`true`; for a one-line `preset:` whose chart or add-on creates its service account (the presets table says who), `false`",
      ),
    ),
  protect: z.boolean().optional().meta(doc("`prevent_destroy` on the role", "cluster's `protect`")),
  exclusivePolicies: z
    .boolean()
    .optional()
    .meta(
      doc(
        "drift lock: the role's whole sets of managed and inline policies are the config's (`aws_iam_role_policy_attachments_exclusive`, `aws_iam_role_policies_exclusive`), so a policy attached outside Terraform shows in the next plan and the next apply removes it",
        "`true`; `false` for an adopted role until set",
      ),
    ),
  roleAccount: z
    .string()
    .optional()
    .meta(
      doc(
        "the account of `accounts:` the role lives in (IRSA only): the stack reaches it through that account's AWS provider and registers the cluster's OIDC provider there; see [Cross-account roles](#cross-account-roles)",
        "the cluster's account",
      ),
    ),
  retire: z
    .enum(["keep", "destroy"])
    .optional()
    .meta(
      doc(
        "let irsa-gen stop managing the workload: `keep` (its role and everything else stay in AWS; `removed` blocks make Terraform forget them) or `destroy` (the next apply destroys them; with `protect: true` it needs `protect: false` too); see [Protection](#protection)",
        "none",
      ),
    ),
};
/**
 * The keys a workload inherits from its cluster and `defaults:`. Not `tags`:
 * the file's and the cluster's tags reach the role as the provider's
 * default tags, beside the role's own.
 */
export const INHERITED_KEYS: readonly string[] = Object.keys(workloadSettings).filter((k) => k !== "tags");

/**
 * The cluster's OIDC provider: `create` (the default), `lookup` (find the
 * one registered for the issuer at plan time), `adopt` (import the one that
 * exists: its ARN is computed from accountId and oidcIssuerUrl), or a
 * mapping naming an existing provider by ARN (`arn:`) or the one to adopt
 * (`adopt:`).
 */
export const oidcProviderSchema = z.union([
  z.enum(["create", "lookup", "adopt"]),
  z.strictObject({ arn: z.string().meta(doc("the ARN of a provider registered elsewhere, trusted by ARN")) }),
  z.strictObject({ adopt: z.string().meta(doc("the ARN of the provider this stack takes over (imported, then managed)")) }),
]);

/** A cluster's OIDC provider in another account: as `oidcProvider`, without `{ arn }` (a provider trusted by ARN belongs to the home account's setting). */
export const accountOidcProviderSchema = z.union([z.enum(["create", "lookup", "adopt"]), z.strictObject({ adopt: z.string().meta(doc("the ARN of the provider this stack takes over in that account")) })]);

/** `oidcProviders:` by account name, read one by one by accounts.ts. */
const oidcProvidersMapping = () => {
  const m = mapping();
  ITEM_SCHEMAS.set(m._zod.def, z.record(z.string(), accountOidcProviderSchema));
  return m;
};

/** Version constraints of the providers in `required_providers`. */
const providerVersionsSchema = z.strictObject({
  aws: z.string().optional().meta(doc("the `hashicorp/aws` constraint", '`"~> 6.25"`')),
  kubernetes: z.string().optional().meta(doc("the `hashicorp/kubernetes` constraint", '`"~> 2.38"`')),
  tls: z.string().optional().meta(doc("the `hashicorp/tls` constraint", '`"~> 4.1"`')),
});

/** Settings that `defaults:` may set and a cluster may override. */
const clusterSettings = {
  oidcProvider: oidcProviderSchema
    .optional()
    .meta(
      doc(
        "where the IAM OIDC provider comes from: `create` (register it, the recipe); `lookup` (it exists: found at plan time by the issuer URL, `data.aws_iam_openid_connect_provider`); `{ arn: <ARN> }` (it exists: trusted by ARN); `adopt` or `{ adopt: <ARN> }` (it exists and this stack takes it over: imported, then managed; `adopt` computes the ARN from `accountId` and `oidcIssuerUrl`)",
        "`create`",
      ),
    ),
  podIdentityAgent: z.boolean().optional().meta(doc("install the `eks-pod-identity-agent` EKS add-on (`aws_eks_addon`), which EKS Pod Identity needs on the cluster", "`false`")),
  providerVersions: providerVersionsSchema
    .optional()
    .meta(doc("version constraints of the `aws`, `kubernetes` and `tls` providers in `required_providers`", '`aws: "~> 6.25"`, `kubernetes: "~> 2.38"`, `tls: "~> 4.1"`')),
  oidcThumbprint: z
    .boolean()
    .optional()
    .meta(
      doc(
        "set `thumbprint_list` from `data.tls_certificate` (the root CA of the issuer's chain); `false` omits it, and IAM fetches it itself (AWS provider ≥ 5.81), for runners that cannot reach the issuer",
        "`true`",
      ),
    ),
  kubernetesAuth: z
    .enum(["token", "exec"])
    .optional()
    .meta(doc("`token`: a token from `data.aws_eks_cluster_auth` (works on runners without the aws CLI); `exec`: `aws eks get-token` on every call", "`token`")),
  /** Read by backend.ts, whose messages know the backend types; editors get one shape per type (BACKEND_SCHEMAS). */
  backend: z.unknown().optional().meta(doc("where the stack's state lives, see [Backends](#backends-and-terraform-cloud)", "`local`")),
  maxManagedPoliciesPerRole: z.number().int().optional().meta(doc("your account's quota of managed policies per role (1–25)", "`10`")),
  maxTrustPolicyLength: z
    .number()
    .int()
    .optional()
    .meta(doc("your account's quota of characters in a role's trust policy (up to 8,192 when raised), which the validator holds each rendered trust policy to; renames in transition and Pod Identity make it longer", "`2048`")),
  allowUnknownRegion: z.boolean().optional().meta(doc("accept a `region` newer than irsa-gen's list of regions, with a warning", "`false`")),
};

const previousNameSchema = z.strictObject({
  namespace: z.string().optional().meta(doc("the earlier namespace", "the current one")),
  serviceAccount: z.string().optional().meta(doc("the earlier service account", "the current one")),
  terraformName: z.string().optional().meta(doc("the earlier label of the workload's blocks", "the current one")),
  finished: z
    .boolean()
    .optional()
    .meta(doc("the rename is done: no pod runs under the earlier name any more, so its service account and association go and the trust stops naming it", "`false`: both names work")),
});

/** A preset in `presets:`: its name, or a mapping of its name and parameters (json-schema.ts gives one shape per preset). */
const presetReference = z.union([z.string(), z.looseObject({ name: z.string() })]);

export const workloadSchema = z.strictObject({
  namespace: z.string().optional().meta(doc("the service account's namespace, a DNS-1123 label; never a wildcard", "required, or the preset's")),
  serviceAccount: z
    .string()
    .optional()
    .meta(doc("the service account's name, a DNS-1123 subdomain; never a wildcard, never `default` (every pod without a `serviceAccountName` runs as it)", "required, or the preset's")),
  /** One-line form: the preset's parameters stand beside it (split off before this schema runs). */
  preset: z.string().optional().meta(doc("one well-known add-on, its parameters beside it, see [Presets](#presets)", "none")),
  /** Names, or mappings of name and parameters; each is checked against its preset's parameters. */
  presets: listOf(presetReference).optional().meta(doc("well-known add-on permissions: names, or `{ name, <parameters> }`, see [Presets](#presets)", "none")),
  managedPolicyArns: strings()
    .optional()
    .meta(doc("managed policies to attach, each in the cluster's partition; AWS managed (`iam::aws:`) or of the cluster's `accountId`", "none")),
  policyStatements: listOf(statementSchema)
    .optional()
    .meta(
      doc(
        "the inline policy: `sid`, `effect` (`Allow`/`Deny`), `actions` (IAM reads them ignoring case; the service prefix is written in lower case), `resources`, `conditions` (`test`, `variable`, `values`, each value checked against its operator). No `notActions`, `notResources` or `principals`",
        "none",
      ),
    ),
  terraformName: z
    .string()
    .optional()
    .meta(doc("the label of the workload's Terraform blocks (letters, digits, `_`, `-`); only to resolve a collision, on a workload not applied yet", "`<namespace>_<serviceAccount>` in lower snake case")),
  roleName: z
    .string()
    .optional()
    .meta(doc("the role's name (≤ 64 of `[\\w+=,.@-]`)", "`<cluster>-<namespace>-<serviceAccount>`, cut to 64 characters with a hash of the full name when longer")),
  podIdentity: z
    .strictObject({
      targetRoleArn: z.string().optional().meta(doc("a role in another account the association chains into")),
      disableSessionTags: z.boolean().optional().meta(doc("the association sets no session tags (only together with `unpinnedTrust: true`)", "`false`")),
      unpinnedTrust: z.boolean().optional().meta(doc("required with `disableSessionTags`: the trust then admits any association of the account", "`false`")),
    })
    .optional()
    .meta(doc("with `pod-identity` or `both`: `targetRoleArn` (a role in another account the association chains into), `disableSessionTags` (only together with `unpinnedTrust: true`)", "none")),
  description: z
    .string()
    .optional()
    .meta(
      doc(
        "the role's description",
        "`IRSA role of system:serviceaccount:<ns>:<sa> on EKS cluster <cluster>` (with `pod-identity`: `EKS Pod Identity role of <ns>/<sa> on EKS cluster <cluster>`)",
      ),
    ),
  serviceAccountLabels: stringMapping()
    .optional()
    .meta(doc("labels of the service account; only when irsa-gen creates it (with `createServiceAccount: false`, set them in the chart's values)", "none")),
  serviceAccountAnnotations: stringMapping()
    .optional()
    .meta(doc("extra annotations, e.g. `eks.amazonaws.com/sts-regional-endpoints: \"true\"`; the role ARN annotation is always set by irsa-gen; at most 256 KiB in all", "none")),
  adopt: z
    .union([
      z.literal(true),
      z.strictObject({
        role: z.union([z.string(), z.boolean()]).optional().meta(doc("the existing role's name (it keeps its name), or `true` for the workload's `roleName`")),
        inlinePolicy: z.union([z.string(), z.boolean()]).optional().meta(doc("the existing inline policy's name, or `true` for `permissions`")),
        attachments: z.boolean().optional().meta(doc("the managed-policy attachments exist")),
        serviceAccount: z.boolean().optional().meta(doc("the service account exists")),
        podIdentityAssociation: z.string().optional().meta(doc("the id (`a-…`) of the service account's existing EKS Pod Identity association")),
      }),
    ])
    .optional()
    .meta(
      doc(
        "what already exists and is imported (Terraform `import` blocks) instead of created: `true` for all of it but a Pod Identity association, or `{ role: <existing role name>, inlinePolicy: <its name>, attachments: true, serviceAccount: true, podIdentityAssociation: <its id, a-…> }` (the association only with `pod-identity` or `both`); see [Bringing existing clusters](#bringing-existing-clusters)",
        "nothing",
      ),
    ),
  previously: z
    .union([previousNameSchema, z.array(previousNameSchema)])
    .optional()
    .meta(
      doc(
        "the workload's earlier name(s), oldest first: `{ namespace, serviceAccount, terraformName, finished }` (a missing part is the current one); its blocks are moved (`moved` blocks), not destroyed and recreated, and the role keeps the name it was created with; until `finished: true`, the role trusts the earlier name too and its service account and association stay (see [Protection](#protection))",
        "none",
      ),
    ),
  dangerouslyAllowAdministratorAccess: z
    .boolean()
    .optional()
    .meta(doc("allow administrator-equivalent grants for this workload (refused otherwise; see [Validation](#validation))", "`false`")),
  role: z
    .string()
    .optional()
    .meta(
      doc(
        "use the shared role of `roles:` with this `name` instead of a role of its own: the workload then writes no permissions or role settings, and the role trusts its service account; see [Shared roles](#shared-roles-bluegreen-clusters-and-several-service-accounts)",
        "none: the workload has its own role",
      ),
    ),
  serviceAccountPattern: z
    .string()
    .optional()
    .meta(
      doc(
        "only with `role:`, instead of `serviceAccount`: every service account of `namespace` whose name matches this pattern (`*`, `?`; IRSA `StringLike`), for tooling that creates service accounts per job; no service account or association is created, and the report marks it wide",
        "none",
      ),
    ),
  namespacePattern: z
    .string()
    .optional()
    .meta(
      doc(
        "only with `role:` and `serviceAccountPattern` or `serviceAccount`, instead of `namespace`: every namespace matching this pattern; refused unless `dangerouslyAllowNamespacePattern: true`",
        "none",
      ),
    ),
  dangerouslyAllowNamespacePattern: z
    .boolean()
    .optional()
    .meta(doc("allow `namespacePattern`: the role then trusts service accounts in namespaces no one has created yet", "`false`")),
  ...workloadSettings,
});
export type RawWorkload = z.infer<typeof workloadSchema>;

/** A role several workloads share (top-level `roles:`): its name, its home, and a workload's permission keys. */
export const sharedRoleSchema = z.strictObject({
  name: z.string().meta(doc("the role's key, which workloads name with `role:` and its Terraform addresses derive from; also the IAM role's name unless `roleName` is set", "required")),
  home: z.string().meta(doc("the cluster whose stack holds the role; changing it hands the role over (`import` in the new home, `removed` in the old one)", "required")),
  roleName: workloadSchema.shape.roleName.meta(doc("the IAM role's name (≤ 64 of `[\\w+=,.@-]`)", "the role's `name`")),
  description: z.string().optional().meta(doc("the role's description", "`Role <name> shared by workloads of EKS clusters (irsa-gen roles:)`")),
  presets: workloadSchema.shape.presets,
  managedPolicyArns: workloadSchema.shape.managedPolicyArns,
  policyStatements: workloadSchema.shape.policyStatements,
  dangerouslyAllowAdministratorAccess: workloadSchema.shape.dangerouslyAllowAdministratorAccess,
  rolePath: workloadSettings.rolePath,
  permissionsBoundaryArn: workloadSettings.permissionsBoundaryArn,
  maxSessionDuration: workloadSettings.maxSessionDuration,
  tags: workloadSettings.tags,
  protect: workloadSettings.protect,
  exclusivePolicies: workloadSettings.exclusivePolicies,
  retire: z
    .enum(["keep", "destroy"])
    .optional()
    .meta(doc("let irsa-gen stop managing the role once no workload names it: `keep` (it stays in AWS) or `destroy`", "none")),
});
export type RawSharedRole = z.infer<typeof sharedRoleSchema>;

/**
 * An EKS add-on that takes its role through `aws_eks_addon` (see
 * lib/aws/eks-addons.ts). Its role's keys mean what a workload's mean; the keys
 * of a workload's service account are not here: EKS creates and owns the
 * add-on's service account.
 */
export const addonSchema = z.strictObject({
  name: z
    .string()
    .meta(doc("the EKS add-on's name as `aws eks describe-addon-versions` lists it (lower-case letters, digits, `-`, `_`, `.`); unique in the cluster; the label of its Terraform blocks", "required")),
  version: z.string().optional().meta(doc("`addon_version`, e.g. `v1.45.0-eksbuild.1`", "EKS's default version at creation; Terraform then keeps what runs")),
  namespace: z.string().optional().meta(doc("the namespace of the add-on's service account", "the add-on's, for the add-ons in the table below; required for others")),
  serviceAccount: z.string().optional().meta(doc("the add-on's service account that gets the role", "the add-on's, for the add-ons in the table below; required for others")),
  identity: z
    .enum(["irsa", "pod-identity"])
    .optional()
    .meta(
      doc(
        "how the add-on gets its role: `irsa` (`service_account_role_arn`; EKS annotates its service account) or `pod-identity` (`pod_identity_association`; needs the Pod Identity agent, see `podIdentityAgent`). Not inherited from the cluster or `defaults:`",
        "`irsa`",
      ),
    ),
  preset: z.string().optional().meta(doc("a preset's name (its parameters go in `presets:`), see [Presets](#presets)", "the add-on's preset from the table below, when the entry names no permissions")),
  presets: workloadSchema.shape.presets,
  managedPolicyArns: workloadSchema.shape.managedPolicyArns,
  policyStatements: workloadSchema.shape.policyStatements,
  dangerouslyAllowAdministratorAccess: workloadSchema.shape.dangerouslyAllowAdministratorAccess,
  roleName: z.string().optional().meta(doc("the role's name (≤ 64 of `[\\w+=,.@-]`)", "`<cluster>-addon-<name>`, cut to 64 characters with a hash of the full name when longer")),
  description: z.string().optional().meta(doc("the role's description", "`Role of the EKS add-on <name> (<namespace>/<serviceAccount>) on EKS cluster <cluster>`")),
  adopt: z
    .union([
      z.literal(true),
      z.strictObject({
        addon: z.boolean().optional().meta(doc("the add-on is installed: imported as `<cluster>:<name>`")),
        role: z.union([z.string(), z.boolean()]).optional().meta(doc("the existing role's name (it keeps its name), or `true` for the entry's `roleName`")),
        inlinePolicy: z.union([z.string(), z.boolean()]).optional().meta(doc("the existing inline policy's name, or `true` for `permissions`")),
        attachments: z.boolean().optional().meta(doc("the managed-policy attachments exist")),
      }),
    ])
    .optional()
    .meta(
      doc(
        "what already exists and is imported instead of created: `true` for the add-on alone (the role it names today is left as it is, and the add-on is pointed at irsa-gen's role in place), or `{ addon: true, role: <existing role name>, inlinePolicy: <its name>, attachments: true }`",
        "nothing",
      ),
    ),
  rolePath: workloadSchema.shape.rolePath,
  permissionsBoundaryArn: workloadSchema.shape.permissionsBoundaryArn,
  maxSessionDuration: workloadSchema.shape.maxSessionDuration,
  tags: workloadSchema.shape.tags,
  protect: z.boolean().optional().meta(doc("`prevent_destroy` on the add-on and its role", "cluster's `protect`")),
  exclusivePolicies: workloadSchema.shape.exclusivePolicies,
  retire: z
    .enum(["keep", "destroy"])
    .optional()
    .meta(
      doc(
        "`keep`: irsa-gen lets go of the add-on and its role (`removed` blocks; both stay as they are); `destroy`: the next apply deletes the add-on (its driver leaves the cluster) and its role; with `protect: true` it needs `protect: false` too. An add-on removed from the config without `retire` is let go of, never destroyed",
        "none",
      ),
    ),
});
export type RawAddon = z.infer<typeof addonSchema>;

/** The keys of an add-on entry that are its role's, read as a workload's (lib/config/addon.ts). */
export const ADDON_ROLE_KEYS: readonly string[] = Object.keys(addonSchema.shape).filter((k) => !["name", "version", "adopt", "identity", "namespace", "serviceAccount"].includes(k));

export const clusterSchema = z.strictObject({
  name: z.string().meta(doc("the EKS cluster's name (1–100 letters, digits, `-`, `_`); also the stack's name", "required")),
  region: z
    .string()
    .meta(
      doc(
        "the cluster's region, one of the partition's regions (`lib/aws/partition.ts`); decides the partition of every ARN (`aws`, `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`)",
        "required",
      ),
    ),
  allowUnknownRegion: clusterSettings.allowUnknownRegion,
  accountId: z
    .string()
    .optional()
    .meta(doc("12 digits, quoted; pins the AWS provider with `allowed_account_ids`; customer managed policies and an existing OIDC provider must then be in this account", "none")),
  oidcIssuerUrl: z
    .string()
    .optional()
    .meta(
      doc(
        "the cluster's issuer, exactly as `aws eks describe-cluster` prints it (lower-case `https://`, no port, no trailing slash or dot; an EKS issuer of the cluster's own region and partition, ending in `/id/<ID>`); when given, the trust policies' condition keys are literals in the plan",
        "read from `data.aws_eks_cluster` at plan time",
      ),
    ),
  oidcProvider: clusterSettings.oidcProvider,
  oidcProviders: oidcProvidersMapping()
    .optional()
    .meta(
      doc(
        "by account of `accounts:` that a workload's `roleAccount` names: where the cluster's OIDC provider in that account comes from: `create` (register it there), `lookup` (it exists: found at plan time by the issuer URL), `adopt` or `{ adopt: <ARN> }` (it exists: imported, then managed; `adopt` computes the ARN from the account's `accountId` and `oidcIssuerUrl`)",
        "`create` for each account the cluster's roles use",
      ),
    ),
  existingOidcProviderArn: z
    .string()
    .optional()
    .meta(
      doc(
        "the older spelling of `oidcProvider: { arn: <ARN> }`: trust an OIDC provider registered elsewhere; it must be in the cluster's partition, account (when `accountId` is set) and region, and of its issuer (when `oidcIssuerUrl` is set)",
        "none",
      ),
    ),
  providerVersions: clusterSettings.providerVersions,
  oidcThumbprint: clusterSettings.oidcThumbprint,
  kubernetesAuth: clusterSettings.kubernetesAuth,
  backend: clusterSettings.backend,
  tags: stringMapping()
    .optional()
    .meta(
      doc(
        "default tags of the AWS provider: every resource gets them. Merged key by key with `defaults.tags` (the cluster's value wins for a key both set); `managed-by` and `irsa-gen/*` are reserved",
        "none",
      ),
    ),
  protect: z.boolean().optional().meta(doc("`prevent_destroy` on the OIDC provider and (inherited) on every role", "`false`")),
  retire: z
    .enum(["keep", "destroy"])
    .optional()
    .meta(doc("retire the whole cluster (every workload, the OIDC provider): `keep` or `destroy`, as for a workload; a cluster must be retired and applied before it may leave the config", "none")),
  podIdentityAgent: clusterSettings.podIdentityAgent,
  releasesApplied: strings()
    .optional()
    .meta(
      doc(
        "addresses the stack let go of (`removed` blocks) or took back (`import` blocks, see [Protection](#protection)) that every state has applied: irsa-gen stops writing those blocks. Name each address, and take it out again once applied (the ledger then remembers it under `forgotten`): an entry left there would drop a later import of the same address, so managing it again is refused while it is named",
        "none: every let-go-of address keeps its `removed` block",
      ),
    ),
  maxManagedPoliciesPerRole: clusterSettings.maxManagedPoliciesPerRole,
  maxTrustPolicyLength: clusterSettings.maxTrustPolicyLength,
  workloads: listOf(workloadSchema).meta(doc("the workloads", "required (may be empty)")),
  addons: listOf(addonSchema)
    .optional()
    .meta(doc("EKS add-ons whose pods need a role, each rendered as `aws_eks_addon` with its role, see [EKS add-ons](#eks-add-ons)", "none")),
  // The workload settings a cluster passes on (the three above have a meaning of their own here).
  identity: workloadSettings.identity,
  rolePath: workloadSettings.rolePath,
  permissionsBoundaryArn: workloadSettings.permissionsBoundaryArn,
  maxSessionDuration: workloadSettings.maxSessionDuration,
  createNamespace: workloadSettings.createNamespace,
  createServiceAccount: workloadSettings.createServiceAccount,
  exclusivePolicies: workloadSettings.exclusivePolicies,
  roleAccount: workloadSettings.roleAccount,
});
export type RawCluster = z.infer<typeof clusterSchema>;

/** The cluster keys that are the cluster's own (the README's Cluster table); the rest are passed on to workloads. */
export const CLUSTER_OWN_KEYS: readonly string[] = Object.keys(clusterSchema.shape).filter((k) => !INHERITED_KEYS.includes(k) || ["tags", "protect", "retire"].includes(k));

export const defaultsSchema = z.strictObject({ ...clusterSettings, ...workloadSettings });
export type RawDefaults = z.infer<typeof defaultsSchema>;

/**
 * An account that roles may live in, other than the cluster's own: how the
 * stack reaches it (an aliased AWS provider that assumes `assumeRoleArn`).
 */
export const accountSchema = z.strictObject({
  accountId: z.string().meta(doc("the account's id, 12 digits, quoted")),
  assumeRoleArn: z.string().meta(doc("the role Terraform assumes to act in the account (`assume_role { role_arn }` of the account's AWS provider), in that account and in the cluster's partition")),
  externalId: z.string().optional().meta(doc("the external id the role's trust requires (`assume_role { external_id }`)", "none")),
  sessionName: z.string().optional().meta(doc("the session name CloudTrail shows (`assume_role { session_name }`)", "chosen by the AWS provider")),
});
export type RawAccount = z.infer<typeof accountSchema>;

/** `accounts:`: named accounts, read one by one by accounts.ts. */
const accountsMapping = () => {
  const m = mapping();
  ITEM_SCHEMAS.set(m._zod.def, z.record(z.string(), accountSchema));
  return m;
};

export const fileSchema = z.strictObject({
  accounts: accountsMapping()
    .optional()
    .meta(
      doc(
        "named AWS accounts that roles may live in (`roleAccount:`), other than their cluster's: `<name>: { accountId, assumeRoleArn, externalId, sessionName }`; see [Cross-account roles](#cross-account-roles)",
        "none",
      ),
    ),
  defaults: z
    .unknown()
    .optional()
    .meta(
      doc(
        "any cluster setting and any workload setting marked *inherited* below; a cluster's own value wins, then the workload's. `tags` are merged key by key instead (see the cluster's `tags`)",
      ),
    ),
  clusters: listOf(clusterSchema).meta(doc("the clusters, each one stack (required, not empty)")),
  roles: listOf(sharedRoleSchema)
    .optional()
    .meta(doc("roles several workloads share, in one or several clusters (blue/green upgrades, a controller and its webhook); see [Shared roles](#shared-roles-bluegreen-clusters-and-several-service-accounts)")),
});

/** Every key a workload may have, for "did you mean" hints. */
export const WORKLOAD_KEYS: readonly string[] = Object.keys(workloadSchema.shape);
