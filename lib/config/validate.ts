/**
 * From parsed YAML to a validated, defaulted, sorted `IrsaConfig`.
 *
 * Pure: no file system, no cdktf. Every problem in the file is collected,
 * so one run tells the user everything that is wrong. Clusters and
 * workloads are checked one by one, so a broken workload does not hide the
 * problems of its neighbours.
 */
import { allocateAddresses, policyLabel, workloadKey, type Owner } from "../addresses";
import { parseArn, isManagedPolicyArn, type Arn } from "../aws/arn";
import { partitionOf, type PartitionInfo } from "../aws/partition";
import { ROLE_ARN_ANNOTATION, serviceAccountSubject, STS_AUDIENCE } from "../eks";
import { workloadLabel } from "../naming";
import { findPreset, PRESETS } from "../presets/registry";
import type { Preset, PresetContext, PresetParams } from "../presets/preset";
import { ProblemCollector } from "./collector";
import { resolveIdentity } from "./identity";
import { keptRoleName, resolveAdoption, resolveOidcProvider, resolvePrevious, resolveProviderVersions } from "./lifecycle";
import type { BackendConfig, ClusterConfig, Identity, IrsaConfig, PolicyCondition, PolicyStatement, Retirement, WorkloadConfig } from "./model";
import type { Collision } from "../addresses";
import { closest, formatPath, type ConfigPath, type Problem } from "./problems";
import * as rules from "./rules";
import {
  clusterSchema,
  fileSchema,
  workloadSchema,
  WORKLOAD_KEYS,
  type RawBackend,
  type RawCluster,
  type RawDefaults,
  type RawWorkload,
} from "./schema";

export interface ValidationResult {
  /** The validated config; absent when there is any error. */
  readonly config?: IrsaConfig;
  /** Errors and warnings, in file order of discovery. */
  readonly problems: readonly Problem[];
}

/** Tags every resource carries, so that anyone can tell who owns it. */
export const MANAGED_BY_TAG = "managed-by";
export const MANAGED_BY_VALUE = "irsa-gen";
export const CLUSTER_TAG = "irsa-gen/cluster";
export const SERVICE_ACCOUNT_TAG = "irsa-gen/service-account";

const DEFAULT_LOCAL_STATE = "terraform.{cluster}.tfstate";
const DEFAULT_S3_KEY = "irsa-gen/{cluster}.tfstate";
const DEFAULT_CLOUD_WORKSPACE = "irsa-{cluster}";

export function validateConfig(sourceFile: string, data: unknown): ValidationResult {
  const out = new ProblemCollector();
  if (data === undefined || data === null) {
    out.error([], "the file is empty", "Add a clusters: list; the README's config reference shows a complete example");
    return { problems: out.problems };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    out.error([], "must be a mapping with a clusters: list", "Start the file with clusters:", data);
    return { problems: out.problems };
  }
  checkText(data, [], out);
  const file = out.shape(fileSchema, data, []);
  if (!file) return { problems: out.problems };
  if (file.clusters.length === 0) {
    out.error(["clusters"], "is empty", "Add at least one cluster with a name, a region and its workloads");
  }
  const defaults: RawDefaults = file.defaults ?? {};
  const clusters: ClusterConfig[] = [];
  const clusterPaths = new Map<string, ConfigPath>();
  file.clusters.forEach((raw, index) => {
    const path: ConfigPath = ["clusters", index];
    const cluster = validateCluster(raw, path, defaults, out);
    if (!cluster) return;
    const first = clusterPaths.get(cluster.name);
    if (first) {
      out.error([...path, "name"], `duplicates the cluster at ${formatPath(first)}`, "Cluster names must be unique in the file; each becomes its own stack", cluster.name);
      return;
    }
    clusterPaths.set(cluster.name, path);
    clusters.push(cluster);
  });
  checkRoleNamesPerAccount(clusters, clusterPaths, out);
  if (out.errorCount > 0) return { problems: out.problems };
  clusters.sort((a, b) => compare(a.name, b.name));
  return { config: { sourceFile, clusters }, problems: out.problems };
}

// ---------------------------------------------------------------------------
// Clusters

/** Where a merged setting was written: the cluster, else `defaults:`. */
interface Setting<T> {
  readonly value: T;
  readonly path: ConfigPath;
}

interface ClusterContext {
  readonly path: ConfigPath;
  readonly raw: RawCluster;
  readonly defaults: RawDefaults;
  readonly partition: PartitionInfo;
  readonly presetContext: PresetContext;
  readonly maxManagedPolicies: number;
}

function validateCluster(raw: unknown, path: ConfigPath, defaults: RawDefaults, out: ProblemCollector): ClusterConfig | undefined {
  if (!isMapping(raw)) {
    out.error(path, "must be a mapping", "Write the cluster as name:, region: and workloads:", raw);
    return undefined;
  }
  const errorsBefore = out.errorCount;
  const cluster = out.shapeLenient(clusterSchema, raw, path);
  if (!cluster) return undefined;

  if (!rules.CLUSTER_NAME.test(cluster.name)) {
    out.error([...path, "name"], "is not a valid EKS cluster name", "Use 1 to 100 letters, digits, '-' and '_', starting with a letter or digit", cluster.name);
  }
  const regionOk = rules.REGION.test(cluster.region);
  if (!regionOk) {
    out.error([...path, "region"], "is not an AWS region code", 'Use a region code such as "eu-west-1"', cluster.region);
  }
  const partition = partitionOf(cluster.region);
  if (cluster.accountId !== undefined && !rules.ACCOUNT_ID.test(cluster.accountId)) {
    out.error([...path, "accountId"], "must be exactly 12 digits", 'Write the AWS account id in quotes, e.g. "111122223333"', cluster.accountId);
  }
  const issuerHost = checkIssuer(cluster, path, out);
  const oidcProvider = resolveOidcProvider(
    { cluster, defaults, path, partition, issuerHost, checkArn: (text, at) => checkProviderArn(text, at, cluster, partition, issuerHost, out) },
    out,
  );
  const providerVersions = resolveProviderVersions(cluster, defaults, path, out);

  const maxManaged = pick<number>("maxManagedPoliciesPerRole", cluster, defaults, path);
  const maxManagedPolicies = maxManaged?.value ?? rules.MANAGED_POLICIES_DEFAULT;
  if (maxManaged && (maxManaged.value < 1 || maxManaged.value > rules.MANAGED_POLICIES_HARD_MAX)) {
    out.error(maxManaged.path, `must be between 1 and ${rules.MANAGED_POLICIES_HARD_MAX}`, "Set it to your account's quota for managed policies per role (10 unless raised)", maxManaged.value);
  }

  const context: ClusterContext = {
    path,
    raw: cluster,
    defaults,
    partition,
    maxManagedPolicies,
    presetContext: { clusterName: cluster.name, region: cluster.region, partition, accountId: cluster.accountId },
  };

  const backend = resolveBackend(pick<RawBackend>("backend", cluster, defaults, path), cluster, out);
  const tags = mergeTags([defaults.tags, cluster.tags], [["defaults", "tags"], [...path, "tags"]], out);

  if (cluster.workloads.length === 0) {
    out.warn([...path, "workloads"], "is empty: the stack only registers the OIDC provider", "Add the workloads that need AWS access, or remove the cluster");
  }
  const retiring = pick<Retirement>("retire", cluster, defaults, path);
  if (retiring?.value === "destroy" && (pick<boolean>("protect", cluster, defaults, path)?.value ?? false)) {
    out.error(retiring.path, "destroys a protected cluster", "Set protect: false on it as well: destroying protected roles must be said twice", "destroy");
  }
  const workloads: WorkloadConfig[] = [];
  const byServiceAccount = new Map<string, ConfigPath>();
  const byLabel = new Map<string, ConfigPath>();
  cluster.workloads.forEach((rawWorkload, index) => {
    const workloadPath: ConfigPath = [...path, "workloads", index];
    const problemsBefore = out.problems.length;
    const validated = regionOk ? validateWorkload(rawWorkload, workloadPath, context, out) : undefined;
    if (!validated) return;
    // The workload's own warnings travel with it, for reports.
    const warnings = out.problems.slice(problemsBefore).filter((p) => p.severity === "warning").map((p) => p.message);
    const workload: WorkloadConfig = { ...validated, warnings };
    const key = workloadKey(workload);
    const first = byServiceAccount.get(key);
    if (first) {
      out.error(workloadPath, `defines ${key} again (first at ${formatPath(first)})`, "Merge the two definitions into one: a service account can assume only one role", key);
      return;
    }
    const sameLabel = byLabel.get(workload.id);
    if (sameLabel) {
      out.error(workloadPath, `gets the Terraform name "${workload.id}" that the workload at ${formatPath(sameLabel)} already has`, "Set terraformName on one of the two (on a workload not applied yet: it changes that workload's addresses); '-' and '.' both become '_' in Terraform names", key);
      return;
    }
    byServiceAccount.set(key, workloadPath);
    byLabel.set(workload.id, workloadPath);
    workloads.push(workload);
  });

  if (out.errorCount > errorsBefore) return undefined;
  workloads.sort((a, b) => compare(a.id, b.id));
  // Without a workload on IRSA, the cluster needs no OIDC provider at all;
  // a workload retired with keep still trusts it, one retired with destroy does not.
  const clusterRetire = retiring?.value;
  const needsProvider = workloads.some((w) => w.identity !== "pod-identity" && w.retire !== "destroy") || workloads.length === 0;
  // A retired cluster keeps its provider's mode: the stack then lets go of it (keep) or destroys it (destroy).
  const provider = needsProvider || clusterRetire !== undefined ? oidcProvider : ({ mode: "none" } as const);

  const podIdentityAgent = pick<boolean>("podIdentityAgent", cluster, defaults, path)?.value ?? false;
  const allocation = allocateAddresses({
    name: cluster.name,
    accountId: cluster.accountId,
    workloads,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    oidcProvider: provider,
    podIdentityAgent,
    ...(clusterRetire ? { retire: clusterRetire } : {}),
  });
  reportCollisions(allocation.collisions, path, cluster, byServiceAccount, out);
  if (out.errorCount > errorsBefore) return undefined;
  return {
    name: cluster.name,
    region: cluster.region,
    partition,
    accountId: cluster.accountId,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    oidcProvider: provider,
    providerVersions,
    podIdentityAgent,
    ...(clusterRetire ? { retire: clusterRetire } : {}),
    kubernetesAuth: pick<"token" | "exec">("kubernetesAuth", cluster, defaults, path)?.value ?? "token",
    tags: sortKeys({ ...tags, [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [CLUSTER_TAG]: cluster.name }),
    backend,
    protect: pick<boolean>("protect", cluster, defaults, path)?.value ?? false,
    workloads,
    addresses: allocation.addresses,
  };
}

/**
 * Two blocks that would get one Terraform address: Terraform would see one
 * block, and one workload would silently lose a policy, its service account
 * or its namespace. Reported once per pair of owners, at the second one.
 */
function reportCollisions(collisions: readonly Collision[], clusterPath: ConfigPath, cluster: RawCluster, workloadPaths: ReadonlyMap<string, ConfigPath>, out: ProblemCollector): void {
  const where = (owner: Owner): ConfigPath => {
    if (owner.kind === "cluster") return clusterPath;
    if (owner.kind === "namespace") {
      const first = [...workloadPaths].find(([key]) => key.startsWith(`${owner.namespace}/`));
      return first ? [...first[1], "namespace"] : clusterPath;
    }
    const path = workloadPaths.get(owner.workload) ?? clusterPath;
    if (owner.policyArn === undefined) return path;
    const raw = cluster.workloads[path[path.length - 1] as number] as { managedPolicyArns?: unknown } | undefined;
    const index = Array.isArray(raw?.managedPolicyArns) ? raw.managedPolicyArns.indexOf(owner.policyArn) : -1;
    return index >= 0 ? [...path, "managedPolicyArns", index] : path;
  };
  const describe = (owner: Owner): string =>
    owner.kind === "cluster"
      ? "the cluster's own blocks"
      : owner.kind === "namespace"
        ? `the namespace ${owner.namespace}`
        : owner.previous !== undefined
          ? `the earlier name ${owner.previous} of ${owner.workload}`
          : owner.policyArn !== undefined
            ? `the attachment of ${owner.policyArn} to ${owner.workload}`
            : `the workload ${owner.workload}`;
  const fix = (first: Owner, second: Owner): string => {
    if (first.kind === "workload" && second.kind === "workload" && first.workload === second.workload) {
      return "Attach one of the two through a policy of another name: an attachment's Terraform name comes from the policy's name";
    }
    if ((second.kind === "workload" && second.previous !== undefined) || (first.kind === "workload" && first.previous !== undefined)) {
      return "An earlier name moves its blocks to the current one: it must not be the name of a workload that exists now, nor another workload's earlier name";
    }
    if (second.kind === "namespace") return "Create one of the two namespaces outside irsa-gen (createNamespace: false on its workloads); '-' and '.' both become '_' in Terraform names";
    return "Set terraformName on one of the two workloads to give its blocks other Terraform names (on a workload not applied yet: it changes that workload's addresses); '-' and '.' both become '_' in Terraform names";
  };
  const reported = new Set<string>();
  for (const { address, first, second } of collisions) {
    const pair = `${JSON.stringify(first)} ${JSON.stringify(second)}`;
    if (reported.has(pair)) continue;
    reported.add(pair);
    // At the more precise of the two places (a workload's own policy rather than its preset's).
    const [at, other] = [where(second), where(first)];
    out.error(other.length > at.length ? other : at, `gives ${describe(second)} the Terraform address ${address}, which ${describe(first)} has already`, fix(first, second), address);
  }
}

/** Returns the issuer's host and path (the condition key prefix) when known. */
function checkIssuer(cluster: RawCluster, path: ConfigPath, out: ProblemCollector): string | undefined {
  const url = cluster.oidcIssuerUrl;
  if (url === undefined) return undefined;
  const at = [...path, "oidcIssuerUrl"];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    out.error(at, "is not a URL", "Copy the issuer from `aws eks describe-cluster --query cluster.identity.oidc.issuer`", url);
    return undefined;
  }
  if (parsed.protocol !== "https:") {
    out.error(at, "must use https", "IAM only accepts https issuers; copy the issuer from `aws eks describe-cluster`", url);
  } else if (parsed.search || parsed.hash || url.includes("?") || url.includes("#")) {
    out.error(at, "must not have a query or fragment", "Remove everything from '?' or '#' on", url);
  } else if (url.endsWith("/")) {
    // The condition key is the issuer without https://; a trailing slash
    // would make it `.../id/X/:sub`, which no token ever matches.
    out.error(at, "must not end with '/'", "Remove the trailing slash", url);
  } else if (parsed.username || parsed.password || parsed.port) {
    out.error(at, "must not carry credentials or a port", "Use the issuer exactly as EKS reports it", url);
  } else {
    const eks = rules.EKS_ISSUER_HOST.exec(parsed.hostname);
    if (eks && rules.REGION.test(cluster.region) && eks[1] !== cluster.region) {
      out.error(at, `is the issuer of a cluster in ${eks[1]}, not in ${cluster.region}`, "Copy the issuer of this very cluster, or fix the region", url);
    }
    return url.slice("https://".length);
  }
  return undefined;
}

/** An OIDC provider ARN for this cluster; false when a problem was reported. */
function checkProviderArn(text: string, at: ConfigPath, cluster: RawCluster, partition: PartitionInfo, issuerHost: string | undefined, out: ProblemCollector): boolean {
  const errorsBefore = out.errorCount;
  const arn = parseArn(text);
  if (!arn || arn.service !== "iam" || !rules.ACCOUNT_ID.test(arn.account) || !arn.resource.startsWith("oidc-provider/")) {
    out.error(at, "is not an IAM OIDC provider ARN", `Write it as arn:${partition.id}:iam::<account>:oidc-provider/<issuer without https://>`, text);
    return false;
  }
  checkPartition(arn, text, at, partition, cluster.region, out);
  if (cluster.accountId && arn.account !== cluster.accountId) {
    out.error(at, `is in account ${arn.account}, not in the cluster's account ${cluster.accountId}`, "Use the provider of the cluster's own account", text);
  }
  const host = arn.resource.slice("oidc-provider/".length);
  if (issuerHost !== undefined && host !== issuerHost) {
    out.error(at, `is the provider of issuer ${host}, not of ${issuerHost}`, "Trust the provider registered for this cluster's issuer", text);
  }
  return out.errorCount === errorsBefore;
}

// ---------------------------------------------------------------------------
// Workloads

function validateWorkload(raw: unknown, path: ConfigPath, cluster: ClusterContext, out: ProblemCollector): WorkloadConfig | undefined {
  if (!isMapping(raw)) {
    out.error(path, "must be a mapping", "Write the workload as namespace:, serviceAccount: and its permissions, or as preset: <name>", raw);
    return undefined;
  }
  const errorsBefore = out.errorCount;

  // One-line form: `- preset: external-dns` with the preset's parameters beside it.
  let linePreset: Preset | undefined;
  const lineParams: Record<string, unknown> = {};
  const rest: Record<string, unknown> = { ...raw };
  if (typeof raw.preset === "string") {
    linePreset = lookupPreset(raw.preset, [...path, "preset"], out);
    for (const key of Object.keys(raw)) {
      if (WORKLOAD_KEYS.includes(key)) continue;
      if (linePreset && !(key in linePreset.parameters)) continue; // reported below as unknown
      lineParams[key] = raw[key];
      delete rest[key];
    }
    if (linePreset) {
      for (const key of Object.keys(rest)) {
        if (!WORKLOAD_KEYS.includes(key)) {
          const suggestion = closest(key, [...WORKLOAD_KEYS, ...Object.keys(linePreset.parameters)]);
          out.error([...path, key], "unknown key", suggestion ? `Did you mean "${suggestion}"?` : `Remove it; ${linePreset.name} takes ${describeParams(linePreset)}`, key, true);
          delete rest[key];
        }
      }
    }
  }
  const workload = out.shapeLenient(workloadSchema, rest, path);
  if (!workload) return undefined;

  const namespace = workload.namespace ?? linePreset?.defaultNamespace;
  const serviceAccount = workload.serviceAccount ?? linePreset?.defaultServiceAccount;
  if (namespace === undefined) out.error([...path, "namespace"], "is required", "Add namespace: <the service account's namespace>, or use preset: <name>");
  else checkNamespace(namespace, [...path, workload.namespace === undefined ? "preset" : "namespace"], out);
  if (serviceAccount === undefined) out.error([...path, "serviceAccount"], "is required", "Add serviceAccount: <the service account's name>, or use preset: <name>");
  else checkServiceAccount(serviceAccount, [...path, workload.serviceAccount === undefined ? "preset" : "serviceAccount"], out);

  const { raw: rawCluster, defaults, partition } = cluster;
  const setting = <T>(key: keyof RawWorkload & keyof RawDefaults): Setting<T> | undefined =>
    key in workload && workload[key] !== undefined
      ? { value: workload[key] as T, path: [...path, key] }
      : pick<T>(key, rawCluster, defaults, cluster.path);

  const rolePath = setting<string>("rolePath");
  if (rolePath && (!rules.ROLE_PATH.test(rolePath.value) || rolePath.value.length > rules.ROLE_PATH_MAX)) {
    out.error(rolePath.path, "is not a valid IAM role path", "Start and end it with '/', e.g. /irsa/, at most 512 characters", rolePath.value);
  }
  const boundary = setting<string>("permissionsBoundaryArn");
  if (boundary) checkPolicyArn(boundary.value, boundary.path, partition, rawCluster.region, out);
  const maxSession = setting<number>("maxSessionDuration");
  if (maxSession && (maxSession.value < rules.MAX_SESSION_MIN || maxSession.value > rules.MAX_SESSION_MAX)) {
    out.error(maxSession.path, "must be between 3600 and 43200 seconds", "IAM allows one to twelve hours", maxSession.value);
  }
  if (workload.description !== undefined && (!rules.ROLE_DESCRIPTION.test(workload.description) || workload.description.length > rules.ROLE_DESCRIPTION_MAX)) {
    out.error([...path, "description"], "is not a valid IAM role description", "Use at most 1000 printable Latin-1 characters", workload.description);
  }
  if (workload.terraformName !== undefined && !rules.TERRAFORM_NAME.test(workload.terraformName)) {
    out.error([...path, "terraformName"], "is not a Terraform name", "Use at most 128 letters, digits, '_' and '-', starting with a letter or '_'", workload.terraformName);
  }
  if (workload.roleName !== undefined && !rules.ROLE_NAME.test(workload.roleName)) {
    out.error([...path, "roleName"], "is not a valid IAM role name", "Use 1 to 64 letters, digits and +=,.@_-", workload.roleName);
  }
  checkKubernetesMap(workload.serviceAccountLabels, [...path, "serviceAccountLabels"], true, out);
  checkKubernetesMap(workload.serviceAccountAnnotations, [...path, "serviceAccountAnnotations"], false, out);
  if (workload.serviceAccountAnnotations && ROLE_ARN_ANNOTATION in workload.serviceAccountAnnotations) {
    out.error([...path, "serviceAccountAnnotations", ROLE_ARN_ANNOTATION], "is set by the generator", "Remove it: the annotation always names this workload's own role", workload.serviceAccountAnnotations[ROLE_ARN_ANNOTATION], true);
  }

  // Presets first: they may bring managed policies as well as statements.
  const statements: PolicyStatement[] = [];
  const presetManaged: string[] = [];
  const presetNames: string[] = [];
  const applyPreset = (preset: Preset, params: Record<string, unknown>, at: ConfigPath): void => {
    if (presetNames.includes(preset.name)) {
      out.error(at, "is applied twice to this workload", "Apply each preset once, with all its parameters", preset.name);
      return;
    }
    presetNames.push(preset.name);
    const rendered = renderPreset(preset, params, at, cluster, out);
    statements.push(...rendered.statements);
    presetManaged.push(...rendered.managedPolicyArns);
  };
  if (linePreset) applyPreset(linePreset, lineParams, path);
  (workload.presets ?? []).forEach((ref, index) => {
    const at = [...path, "presets", index];
    if (typeof ref === "string") {
      const preset = lookupPreset(ref, at, out);
      if (preset) applyPreset(preset, {}, at);
    } else if (isMapping(ref) && typeof ref.name === "string") {
      const { name, ...params } = ref;
      const preset = lookupPreset(name, [...at, "name"], out);
      if (preset) applyPreset(preset, params, at);
    } else {
      out.error(at, "must be a preset name, or a mapping with name: and the preset's parameters", "Write it as - ebs-csi, or as - { name: external-dns, hostedZoneArns: [...] }", ref);
    }
  });

  // Managed policies
  const managed = [...new Set([...presetManaged, ...(workload.managedPolicyArns ?? [])])].sort(compare);
  const byName = new Map<string, string>();
  (workload.managedPolicyArns ?? []).forEach((text, index) => {
    const at = [...path, "managedPolicyArns", index];
    const arn = checkPolicyArn(text, at, partition, rawCluster.region, out);
    if (!arn) return;
    const label = policyLabel(text);
    const other = byName.get(label);
    if (other !== undefined && other !== text) {
      out.error(at, `has the same policy name as ${other}`, "Attach one of them through a policy of another name; the attachment's Terraform name is derived from the policy name", text);
    }
    byName.set(label, text);
  });
  const seen = new Set<string>();
  (workload.managedPolicyArns ?? []).forEach((text, index) => {
    if (seen.has(text)) out.error([...path, "managedPolicyArns", index], "is listed twice", "Remove the second entry", text);
    seen.add(text);
  });
  if (managed.length > cluster.maxManagedPolicies) {
    out.error([...path, "managedPolicyArns"], `attaches ${managed.length} managed policies; the quota is ${cluster.maxManagedPolicies} per role`, "Merge policies, move statements inline, or set maxManagedPoliciesPerRole if your account's quota was raised", managed.length);
  }

  // The workload's own statements after those of presets.
  const sids = new Set(statements.flatMap((s) => (s.sid === undefined ? [] : [s.sid])));
  (workload.policyStatements ?? []).forEach((statement, index) => {
    const at = [...path, "policyStatements", index];
    const normalized = checkStatement(statement, at, partition, rawCluster.region, out);
    if (!normalized) return;
    if (normalized.sid !== undefined && sids.has(normalized.sid)) {
      out.error([...at, "sid"], "is used by another statement of this role", "Give each statement its own sid; the policy document refuses duplicates", normalized.sid);
    }
    if (normalized.sid !== undefined) sids.add(normalized.sid);
    statements.push(normalized);
  });

  const ns = namespace ?? "";
  const sa = serviceAccount ?? "";
  const mechanism = resolveIdentity(
    { workload, path, identity: setting<Identity>("identity"), partition, region: rawCluster.region, accountId: rawCluster.accountId },
    out,
  );
  statements.push(...mechanism.statements.map(normalizeStatement));
  checkGuardRails(statements, workload, path, out);
  if (managed.length === 0 && statements.length === 0) {
    out.warn(path, "grants no permissions", "Add presets, managedPolicyArns or policyStatements, or remove the workload", `${ns}/${sa}`);
  }
  checkPolicySizes(statements, path, cluster, ns, sa, out);

  const retirement = setting<Retirement>("retire");
  const protection = setting<boolean>("protect");
  // Both set on the cluster (or in defaults): reported once, for the cluster.
  const ownSetting = (s: Setting<unknown> | undefined) => s?.path.includes("workloads") ?? false;
  if (retirement?.value === "destroy" && protection?.value && (ownSetting(retirement) || ownSetting(protection))) {
    out.error(retirement.path, "destroys a protected workload", "Set protect: false for it as well: destroying a protected role must be said twice", "destroy");
  }
  // A one-line preset uses the add-on's own service account: whoever the
  // add-on's docs say creates it does, unless the workload says otherwise.
  const createServiceAccount =
    workload.createServiceAccount ?? (linePreset?.serviceAccountCreatedBy !== undefined ? false : (setting<boolean>("createServiceAccount")?.value ?? true));
  const id = workload.terraformName ?? workloadLabel(ns, sa);
  const previously = resolvePrevious({ workload, path, namespace: ns, serviceAccount: sa, id, checkNamespace: (n, at) => checkNamespace(n, at, out), checkServiceAccount: (n, at) => checkServiceAccount(n, at, out) }, out);
  // A preset or statement already refused leaves `statements` short: the inline policy is then not known to be empty.
  const hasInlinePolicy = statements.length > 0 || out.errorCount > errorsBefore;
  const adoption = resolveAdoption({ workload, path, hasInlinePolicy, createServiceAccount, identity: mechanism.identity, cluster: rawCluster.name, namespace: ns, serviceAccount: sa }, out);
  // An adopted role keeps its name; a renamed workload keeps the name its role was created with.
  const roleName = adoption.roleName ?? workload.roleName ?? keptRoleName(rawCluster.name, previously, ns, sa);
  // File and cluster tags reach the role through the AWS provider's default_tags.
  const tags = mergeTags([workload.tags], [[...path, "tags"]], out);
  if (out.errorCount > errorsBefore) return undefined;
  return {
    namespace: ns,
    serviceAccount: sa,
    id,
    roleName,
    // IAM cannot move a role to another path (Terraform would replace it): an
    // adopted role keeps IAM's default path unless the workload names its own.
    rolePath: (adoption.adopt?.role ? (workload.rolePath ?? "/") : rolePath?.value) ?? "/",
    description: workload.description ?? `IRSA role of ${serviceAccountSubject(ns, sa)} on EKS cluster ${rawCluster.name}`,
    permissionsBoundaryArn: boundary?.value,
    maxSessionDuration: maxSession?.value ?? rules.MAX_SESSION_MIN,
    tags: sortKeys({ ...tags, [SERVICE_ACCOUNT_TAG]: `${ns}/${sa}` }),
    managedPolicyArns: managed,
    policyStatements: statements,
    createNamespace: setting<boolean>("createNamespace")?.value ?? false,
    createServiceAccount,
    serviceAccountLabels: sortKeys(workload.serviceAccountLabels ?? {}),
    serviceAccountAnnotations: sortKeys(workload.serviceAccountAnnotations ?? {}),
    protect: setting<boolean>("protect")?.value ?? false,
    // On by default for roles irsa-gen creates; an adopted role may hold
    // policies attached by whoever made it, which the lock would remove on
    // the first apply: it is locked once the config says so.
    exclusivePolicies: setting<boolean>("exclusivePolicies")?.value ?? !adoption.adopt?.role,
    presets: presetNames,
    inlinePolicyName: adoption.inlinePolicyName,
    ...(adoption.adopt ? { adopt: adoption.adopt } : {}),
    previously,
    identity: mechanism.identity,
    ...(mechanism.podIdentity ? { podIdentity: mechanism.podIdentity } : {}),
    warnings: [],
    ...(retirement ? { retire: retirement.value } : {}),
  };
}

function checkNamespace(namespace: string, at: ConfigPath, out: ProblemCollector): void {
  if (namespace.includes("*") || namespace.includes("?")) {
    out.error(at, "must name one namespace exactly: wildcards are never accepted here", "Write the namespace's exact name; the trust policy pins it with StringEquals", namespace);
  } else if (!rules.DNS_1123_LABEL.test(namespace) || namespace.length > rules.DNS_1123_LABEL_MAX) {
    out.error(at, "is not a valid Kubernetes namespace (a DNS-1123 label)", "Use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit", namespace);
  }
}

function checkServiceAccount(name: string, at: ConfigPath, out: ProblemCollector): void {
  if (name.includes("*") || name.includes("?")) {
    out.error(at, "must name one service account exactly: wildcards are never accepted here", "Write the service account's exact name; the trust policy pins it with StringEquals", name);
  } else if (!rules.DNS_1123_SUBDOMAIN.test(name) || name.length > rules.DNS_1123_SUBDOMAIN_MAX) {
    out.error(at, "is not a valid Kubernetes service account name (a DNS-1123 subdomain)", "Use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters", name);
  }
}

function checkKubernetesMap(map: Readonly<Record<string, string>> | undefined, at: ConfigPath, labels: boolean, out: ProblemCollector): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!rules.isQualifiedKey(key)) {
      out.error([...at, key], `is not a valid Kubernetes ${labels ? "label" : "annotation"} key`, "Use [prefix/]name: a DNS subdomain prefix and a name of at most 63 letters, digits, '-', '_' and '.'", key, true);
    }
    if (labels && !rules.LABEL_VALUE.test(value)) {
      out.error([...at, key], "is not a valid Kubernetes label value", "Use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit", value);
    }
  }
}

function checkPolicyArn(text: string, at: ConfigPath, partition: PartitionInfo, region: string, out: ProblemCollector): Arn | undefined {
  const arn = parseArn(text);
  if (!arn || !isManagedPolicyArn(arn)) {
    out.error(at, "is not an IAM managed policy ARN", `Write it as arn:${partition.id}:iam::aws:policy/<name> or arn:${partition.id}:iam::<account>:policy/<name>`, text);
    return undefined;
  }
  return checkPartition(arn, text, at, partition, region, out) ? arn : undefined;
}

function checkPartition(arn: Arn, text: string, at: ConfigPath, partition: PartitionInfo, region: string, out: ProblemCollector): boolean {
  if (arn.partition === partition.id) return true;
  out.error(at, `is in partition ${arn.partition}, but ${region} is in ${partition.id}`, `Write it as arn:${partition.id}:${text.split(":").slice(2).join(":")}`, text);
  return false;
}

// ---------------------------------------------------------------------------
// Statements

type RawStatement = NonNullable<RawWorkload["policyStatements"]>[number];

function checkStatement(statement: RawStatement, at: ConfigPath, partition: PartitionInfo, region: string, out: ProblemCollector): PolicyStatement | undefined {
  const errorsBefore = out.errorCount;
  if (statement.sid !== undefined && !rules.STATEMENT_SID.test(statement.sid)) {
    out.error([...at, "sid"], "is not a valid statement id", "Use letters and digits only", statement.sid);
  }
  if (statement.actions.length === 0) out.error([...at, "actions"], "is empty", "List the actions the workload needs, e.g. [s3:GetObject]");
  statement.actions.forEach((action, index) => {
    if (!rules.IAM_ACTION.test(action)) {
      out.error([...at, "actions", index], "is not an IAM action", 'Write it as service:Action, e.g. "s3:GetObject" (wildcards * and ? allowed)', action);
    }
  });
  if (statement.resources.length === 0) out.error([...at, "resources"], "is empty", 'List the resource ARNs, or "*" for actions that take no resource');
  statement.resources.forEach((resource, index) => {
    if (resource === "*") return;
    const arn = parseArn(resource);
    if (!arn) {
      out.error([...at, "resources", index], "is not an ARN", `Write it as arn:${partition.id}:<service>:<region>:<account>:<resource>, or "*"`, resource);
      return;
    }
    checkPartition(arn, resource, [...at, "resources", index], partition, region, out);
  });
  const conditions: PolicyCondition[] = [];
  (statement.conditions ?? []).forEach((condition, index) => {
    const cat = [...at, "conditions", index];
    if (!rules.isConditionOperator(condition.test)) {
      const suggestion = closest(condition.test, rules.CONDITION_OPERATORS);
      out.error([...cat, "test"], "is not an IAM condition operator", suggestion ? `Did you mean "${suggestion}"?` : "Use an operator such as StringEquals, StringLike or ArnLike", condition.test);
    }
    if (condition.variable.trim() === "") out.error([...cat, "variable"], "is empty", "Name the condition key, e.g. aws:ResourceTag/team");
    if (condition.values.length === 0) out.error([...cat, "values"], "is empty", "List at least one value; an empty list matches nothing");
    conditions.push({ test: condition.test, variable: condition.variable, values: [...new Set(condition.values)].sort(compare) });
  });
  if (out.errorCount > errorsBefore) return undefined;
  return normalizeStatement({
    sid: statement.sid,
    effect: statement.effect ?? "Allow",
    actions: statement.actions,
    resources: statement.resources,
    conditions,
  });
}

/**
 * Sorted, duplicate-free actions and resources: IAM treats them as sets, and
 * a stable order keeps plans free of noise.
 */
export function normalizeStatement(statement: PolicyStatement): PolicyStatement {
  const conditions = [...(statement.conditions ?? [])]
    .map((c) => ({ test: c.test, variable: c.variable, values: [...new Set(c.values)].sort(compare) }))
    .sort((a, b) => compare(`${a.test} ${a.variable}`, `${b.test} ${b.variable}`));
  return {
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    effect: statement.effect,
    actions: [...new Set(statement.actions)].sort(compare),
    resources: [...new Set(statement.resources)].sort(compare),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

const ADMIN_ACTIONS = new Set(["*", "*:*"]);

function checkGuardRails(statements: readonly PolicyStatement[], workload: RawWorkload, path: ConfigPath, out: ProblemCollector): void {
  const allowsOnAny = (predicate: (action: string) => boolean) =>
    statements.some((s) => s.effect === "Allow" && s.resources.includes("*") && (s.conditions ?? []).length === 0 && s.actions.some(predicate));
  if (allowsOnAny((a) => ADMIN_ACTIONS.has(a))) {
    if (workload.dangerouslyAllowAdministratorAccess !== true) {
      out.error([...path, "policyStatements"], 'allows action "*" on resource "*": administrator access', "Grant only the actions and resources the workload needs; if it truly needs full access, set dangerouslyAllowAdministratorAccess: true on this workload", "*");
    } else {
      out.warn([...path, "dangerouslyAllowAdministratorAccess"], "gives this service account administrator access to the account", "Make sure that is intended and reviewed");
    }
  }
  if (allowsOnAny((a) => a === "iam:PassRole" || a === "iam:*" || a === "iam:Pass*")) {
    out.warn([...path, "policyStatements"], "allows iam:PassRole on every role, which lets the pod hand any role to an AWS service", "Scope the resources to the roles it must pass", "iam:PassRole");
  }
  if (allowsOnAny((a) => a === "sts:AssumeRole" || a === "sts:*")) {
    out.warn([...path, "policyStatements"], "allows sts:AssumeRole on every role", "Scope the resources to the roles it must assume", "sts:AssumeRole");
  }
}

function checkPolicySizes(statements: readonly PolicyStatement[], path: ConfigPath, cluster: ClusterContext, ns: string, sa: string, out: ProblemCollector): void {
  const inline = statements.length === 0 ? 0 : renderedPolicyLength(statements);
  if (inline > rules.INLINE_POLICIES_MAX) {
    out.error([...path, "policyStatements"], `renders an inline policy of about ${inline} characters; IAM allows ${rules.INLINE_POLICIES_MAX} per role`, "Merge statements, use wildcards in actions, or move permissions into a managed policy", inline);
  }
  const trust = trustPolicyLength(cluster, ns, sa);
  if (trust > rules.TRUST_POLICY_MAX) {
    out.error(path, `renders a trust policy of about ${trust} characters; IAM allows ${rules.TRUST_POLICY_MAX} by default`, "Use shorter names, or ask AWS to raise the role trust policy length quota", trust);
  }
}

/** The policy's length as IAM counts it: JSON without white space. */
export function renderedPolicyLength(statements: readonly PolicyStatement[]): number {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect,
      Action: s.actions.length === 1 ? s.actions[0] : s.actions,
      Resource: s.resources.length === 1 ? s.resources[0] : s.resources,
      ...(s.conditions?.length ? { Condition: Object.fromEntries(s.conditions.map((c) => [c.test, { [c.variable]: c.values }])) } : {}),
    })),
  }).length;
}

/** An EKS issuer's id is 32 hex characters; used when the issuer is read at plan time. */
const EKS_ISSUER_ID_LENGTH = 32;

function trustPolicyLength(cluster: ClusterContext, ns: string, sa: string): number {
  const { raw, partition } = cluster;
  const host =
    raw.oidcIssuerUrl?.replace(/^https:\/\//, "") ??
    `oidc.eks.${raw.region}.${partition.dnsSuffix}/id/${"X".repeat(EKS_ISSUER_ID_LENGTH)}`;
  return renderedPolicyLength([
    {
      effect: "Allow",
      actions: ["sts:AssumeRoleWithWebIdentity"],
      resources: [`arn:${partition.id}:iam::111122223333:oidc-provider/${host}`],
      conditions: [
        { test: "StringEquals", variable: `${host}:aud`, values: [STS_AUDIENCE] },
        { test: "StringEquals", variable: `${host}:sub`, values: [serviceAccountSubject(ns, sa)] },
      ],
    },
  ]);
}

// ---------------------------------------------------------------------------
// Presets

function lookupPreset(name: string, at: ConfigPath, out: ProblemCollector): Preset | undefined {
  const preset = findPreset(name);
  if (!preset) {
    const suggestion = closest(name, PRESETS.keys());
    out.error(at, "is not a known preset", suggestion ? `Did you mean "${suggestion}"?` : `Use one of ${[...PRESETS.keys()].join(", ")}`, name);
  }
  return preset;
}

function describeParams(preset: Preset): string {
  const names = Object.keys(preset.parameters);
  return names.length === 0 ? "no parameters" : `the parameters ${names.join(", ")}`;
}

interface RenderedPreset {
  readonly statements: PolicyStatement[];
  readonly managedPolicyArns: string[];
}

function renderPreset(preset: Preset, given: Record<string, unknown>, at: ConfigPath, cluster: ClusterContext, out: ProblemCollector): RenderedPreset {
  const none: RenderedPreset = { statements: [], managedPolicyArns: [] };
  const errorsBefore = out.errorCount;
  const params: Record<string, string | boolean | readonly string[] | undefined> = {};
  for (const key of Object.keys(given)) {
    if (!(key in preset.parameters)) {
      const suggestion = closest(key, Object.keys(preset.parameters));
      out.error([...at, key], `is not a parameter of preset ${preset.name}`, suggestion ? `Did you mean "${suggestion}"?` : `Remove it; ${preset.name} takes ${describeParams(preset)}`, key, true);
    }
  }
  const { partition } = cluster;
  for (const [key, spec] of Object.entries(preset.parameters)) {
    const value = given[key];
    const pat = [...at, key];
    switch (spec.kind) {
      case "arns": {
        if (value === undefined || (Array.isArray(value) && value.length === 0)) {
          if (spec.required) {
            out.error(pat, `is required by preset ${preset.name}`, `List the ARNs it may use, e.g. ${key}: ["${spec.example.replace(/^arn:aws:/, `arn:${partition.id}:`)}"]; the preset never falls back to "*"`);
          }
          break;
        }
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
          out.error(pat, "must be a list of ARNs", `Write ${key}: ["${spec.example}"]`, value);
          break;
        }
        value.forEach((text: string, index) => {
          const arn = parseArn(text);
          if (!arn || arn.service !== spec.service || (spec.resource !== undefined && !spec.resource.pattern.test(arn.resource))) {
            out.error([...pat, index], spec.resource ? `is not the ARN of ${article(spec.resource.name)} ${spec.resource.name} (service ${spec.service})` : `is not an ARN of service ${spec.service}`, `Write it like ${spec.example.replace(/^arn:aws:/, `arn:${partition.id}:`)}`, text);
            return;
          }
          checkPartition(arn, text, [...pat, index], partition, cluster.raw.region, out);
          const account = cluster.presetContext.accountId;
          if (spec.sameAccount && account !== undefined && arn.account !== account) {
            out.error([...pat, index], `is in account ${arn.account}, not in the cluster's account ${account}`, `Use a ${spec.resource?.name ?? "resource"} of account ${account}`, text);
          }
        });
        params[key] = [...new Set(value as string[])].sort(compare);
        break;
      }
      case "enum":
        if (value === undefined) params[key] = spec.default;
        else if (typeof value !== "string" || !spec.values.includes(value)) {
          out.error(pat, `must be one of ${spec.values.join(", ")}`, `Use one of ${spec.values.join(", ")} (default ${spec.default})`, value);
        } else params[key] = value;
        break;
      case "string":
        if (value === undefined) break;
        if (typeof value !== "string" || (spec.pattern && !spec.pattern.test(value))) {
          out.error(pat, `is not valid for preset ${preset.name}`, spec.description, value);
        } else params[key] = value;
        break;
      case "boolean":
        if (value === undefined) params[key] = spec.default;
        else if (typeof value !== "boolean") out.error(pat, "must be true or false", `Write ${key}: true or ${key}: false`, value);
        else params[key] = value;
        break;
    }
  }
  if (out.errorCount > errorsBefore) return none;
  const frozen: PresetParams = params;
  for (const problem of preset.check?.(frozen) ?? []) {
    const where = given[problem.parameter] === undefined ? at : [...at, problem.parameter, ...(problem.index === undefined ? [] : [problem.index])];
    out.error(where, problem.message, problem.fix, problem.value);
  }
  if (out.errorCount > errorsBefore) return none;
  return {
    statements: preset.statements(frozen, cluster.presetContext).map(normalizeStatement),
    managedPolicyArns: preset.managedPolicyArns?.(cluster.presetContext) ?? [],
  };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

// ---------------------------------------------------------------------------
// Backends

function resolveBackend(setting: Setting<RawBackend> | undefined, cluster: RawCluster, out: ProblemCollector): BackendConfig {
  const raw = setting?.value ?? { type: "local" as const };
  const at = setting?.path ?? [];
  const fill = (key: string, template: string): string => {
    const unknown = template.match(/\{[^}]*\}/g)?.filter((p) => p !== rules.CLUSTER_PLACEHOLDER);
    if (unknown?.length) {
      out.error([...at, key], `has the unknown placeholder ${unknown[0]}`, `The only placeholder is ${rules.CLUSTER_PLACEHOLDER}`, template);
    }
    return template.split(rules.CLUSTER_PLACEHOLDER).join(cluster.name);
  };
  switch (raw.type) {
    case "local": {
      const path = fill("path", raw.path ?? DEFAULT_LOCAL_STATE);
      if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("~")) {
        out.error([...at, "path"], "must be a relative path", "Write it relative to the project folder, so that no machine's paths end up in the output", raw.path);
      }
      return { type: "local", path };
    }
    case "s3": {
      if (!rules.S3_BUCKET.test(raw.bucket)) {
        out.error([...at, "bucket"], "is not a valid S3 bucket name", "Use 3 to 63 lowercase letters, digits, '.' and '-'", raw.bucket);
      }
      const region = raw.region ?? cluster.region;
      if (!rules.REGION.test(region)) out.error([...at, "region"], "is not an AWS region code", 'Use the bucket\'s region, e.g. "eu-west-1"', region);
      for (const key of ["kmsKeyId", "roleArn"] as const) {
        const value = raw[key];
        if (value !== undefined && !parseArn(value)) out.error([...at, key], "is not an ARN", "Write the full ARN", value);
      }
      return {
        type: "s3",
        bucket: raw.bucket,
        key: fill("key", raw.key ?? DEFAULT_S3_KEY),
        region,
        encrypt: raw.encrypt ?? true,
        useLockfile: raw.useLockfile ?? raw.dynamodbTable === undefined,
        ...(raw.kmsKeyId !== undefined ? { kmsKeyId: raw.kmsKeyId } : {}),
        ...(raw.dynamodbTable !== undefined ? { dynamodbTable: raw.dynamodbTable } : {}),
        ...(raw.profile !== undefined ? { profile: raw.profile } : {}),
        ...(raw.roleArn !== undefined ? { roleArn: raw.roleArn } : {}),
      };
    }
    case "cloud": {
      if (raw.organization.trim() === "") out.error([...at, "organization"], "is empty", "Name your Terraform Cloud organization");
      if (raw.workspace !== undefined && raw.workspaceTags !== undefined) {
        out.error([...at, "workspaceTags"], "cannot be combined with workspace", "Choose one workspace by name, or all workspaces with these tags", raw.workspaceTags);
      }
      if (raw.workspaceTags !== undefined && raw.workspaceTags.length === 0) {
        out.error([...at, "workspaceTags"], "is empty", "List at least one tag, or use workspace: <name>");
      }
      const workspace =
        raw.workspaceTags !== undefined
          ? { tags: raw.workspaceTags.map((t, i) => fill(`workspaceTags[${i}]`, t)) }
          : { name: fill("workspace", raw.workspace ?? DEFAULT_CLOUD_WORKSPACE) };
      return {
        type: "cloud",
        organization: raw.organization,
        workspace,
        ...(raw.hostname !== undefined ? { hostname: raw.hostname } : {}),
        ...(raw.project !== undefined ? { project: fill("project", raw.project) } : {}),
      };
    }
  }
}

// ---------------------------------------------------------------------------
// Across clusters

/** IAM is global per account: the same role name in one account is one role. */
function checkRoleNamesPerAccount(clusters: readonly ClusterConfig[], paths: ReadonlyMap<string, ConfigPath>, out: ProblemCollector): void {
  const byName = new Map<string, { cluster: ClusterConfig; workload: WorkloadConfig }[]>();
  for (const cluster of clusters) {
    for (const workload of cluster.workloads) {
      const list = byName.get(workload.roleName) ?? [];
      list.push({ cluster, workload });
      byName.set(workload.roleName, list);
    }
  }
  for (const [name, owners] of byName) {
    if (owners.length < 2) continue;
    for (let i = 1; i < owners.length; i++) {
      const first = owners[0];
      const other = owners[i];
      const sameAccount = first.cluster.accountId === undefined || other.cluster.accountId === undefined || first.cluster.accountId === other.cluster.accountId;
      if (!sameAccount || (first.cluster.partition.id !== other.cluster.partition.id)) continue;
      out.error(
        [...(paths.get(other.cluster.name) ?? []), "workloads"],
        `gives ${other.workload.namespace}/${other.workload.serviceAccount} the role name "${name}", which ${first.workload.namespace}/${first.workload.serviceAccount} of cluster ${first.cluster.name} has too`,
        "IAM role names are unique per account: set a distinct roleName, or accountId on both clusters if they are in different accounts",
        name,
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Helpers

function pick<T>(key: keyof RawCluster & keyof RawDefaults, cluster: RawCluster, defaults: RawDefaults, clusterPath: ConfigPath): Setting<T> | undefined {
  if (cluster[key] !== undefined) return { value: cluster[key] as T, path: [...clusterPath, key] };
  if (defaults[key] !== undefined) return { value: defaults[key] as T, path: ["defaults", key] };
  return undefined;
}

function mergeTags(layers: (Readonly<Record<string, string>> | undefined)[], paths: ConfigPath[], out: ProblemCollector): Record<string, string> {
  const merged: Record<string, string> = {};
  layers.forEach((layer, index) => {
    for (const [key, value] of Object.entries(layer ?? {})) {
      const at = [...paths[index], key];
      if (!rules.TAG_KEY.test(key) || key.toLowerCase().startsWith("aws:")) {
        out.error(at, "is not a valid IAM tag key", "Use 1 to 128 letters, digits, spaces and _.:/=+-@, not starting with aws:", key, true);
      }
      if (!rules.TAG_VALUE.test(value)) {
        out.error(at, "is not a valid IAM tag value", "Use at most 256 letters, digits, spaces and _.:/=+-@", value);
      }
      merged[key] = value;
    }
  });
  if (Object.keys(merged).length > rules.TAGS_MAX - 3) {
    out.error(paths[paths.length - 1], `sets ${Object.keys(merged).length} tags; IAM allows 50 and the generator adds 3`, "Remove tags", Object.keys(merged).length);
  }
  return sortKeys(merged);
}

/**
 * Text that would not reach Terraform as written, wherever it stands (a
 * value or a key): a template sequence, a cdktf token marker, text that
 * HCL's parser would normalize, or text that is not Unicode at all.
 */
function checkText(value: unknown, path: ConfigPath, out: ProblemCollector): void {
  if (typeof value === "string") {
    textProblem(value, path, false, out);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkText(item, [...path, index], out));
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      textProblem(key, [...path, key], true, out);
      checkText(item, [...path, key], out);
    }
  }
}

function textProblem(text: string, at: ConfigPath, isKey: boolean, out: ProblemCollector): void {
  if (rules.TERRAFORM_TEMPLATE.test(text)) {
    out.error(at, "contains ${ or %{, which Terraform would read as a template", isKey ? "Remove it from the key" : "Write IAM policy variables as &{aws:username}, and avoid ${ and %{ elsewhere", text, isKey);
  } else if (rules.CDKTF_TOKEN.test(text)) {
    out.error(at, "contains {TfToken[, which cdktf would read as one of its own placeholders", "Remove it", text, isKey);
  } else if (rules.LONE_SURROGATE.test(text)) {
    out.error(at, "is not valid Unicode (a lone surrogate)", "Write the character itself, or remove the escape", text, isKey);
  } else if (text.normalize("NFC") !== text) {
    // https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals
    out.error(at, "is not in Unicode normalization form C, and Terraform's HCL parser would normalize it", "Write each accented letter as one character (NFC), e.g. é rather than e and a combining accent", text, isKey);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sortKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

/** Code-point order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
