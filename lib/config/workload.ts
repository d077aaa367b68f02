/**
 * One workload: its service account, its role's settings, its presets and
 * permissions, and the guard rails, each checked by the module of its job.
 * Every problem is reported; the workload is returned only when it has none.
 */
import type { PartitionInfo } from "../aws/partition";
import { defaultRoleName, workloadLabel } from "../naming";
import type { PresetContext } from "../presets/preset";
import { policyLabel } from "../addresses";
import { serviceAccountSubject } from "../eks";
import { isMapping, type ProblemCollector } from "./collector";
import { compare } from "./compare";
import { pickForWorkload, type Setting } from "./inherit";
import { checkCreatedNamespace, checkNamespace, checkServiceAccount, checkServiceAccountMetadata } from "./kubernetes";
import type { PolicyStatement, WorkloadConfig } from "./model";
import { checkRoleName, type RoleClaim } from "./names";
import { checkAdministratorAccess, checkPolicyArn, checkPolicySizes, checkStatement, warnBroadGrants, type PolicyContext } from "./policies";
import { applyPresets, splitLinePreset } from "./presets";
import type { ConfigPath } from "./problems";
import * as rules from "./rules";
import { workloadSchema, type RawCluster, type RawDefaults } from "./schema";
import { readTags, roleTags, SERVICE_ACCOUNT_TAG, type TagSet } from "./tags";

/** What a workload needs of its cluster. */
export interface WorkloadContext {
  readonly path: ConfigPath;
  readonly raw: Partial<RawCluster>;
  readonly defaults: Partial<RawDefaults>;
  /** The cluster's name, when it has one. */
  readonly name?: string;
  /** The region, when it is a region code; the partition with it. */
  readonly region?: string;
  readonly partition?: PartitionInfo;
  /** The account, when `accountId` is given and valid. */
  readonly accountId?: string;
  readonly issuerHost?: string;
  readonly providerArn?: string;
  readonly maxManagedPolicies: number;
  /** The AWS provider's default tags, which every role carries too. */
  readonly providerTags: TagSet;
}

/** The workload when it has no problem, and the role it would create when its names can be read (for uniqueness across clusters). */
export interface WorkloadResult {
  readonly config?: WorkloadConfig;
  readonly claim?: RoleClaim;
}

export function validateWorkload(raw: unknown, path: ConfigPath, cluster: WorkloadContext, out: ProblemCollector): WorkloadResult {
  if (!isMapping(raw)) {
    out.error(path, "must be a mapping", "Write the workload as namespace:, serviceAccount: and its permissions, or as preset: <name>", raw);
    return {};
  }
  const errorsBefore = out.errorCount;
  const line = splitLinePreset(raw, path, out);
  const workload = out.shapeLenient(workloadSchema, line.rest, path) ?? {};
  const setting = <T>(key: Parameters<typeof pickForWorkload>[0]): Setting<T> | undefined => pickForWorkload<T>(key, workload, path, cluster.raw, cluster.defaults, cluster.path);

  // Names
  const namespace = workload.namespace ?? line.preset?.defaultNamespace;
  const serviceAccount = workload.serviceAccount ?? line.preset?.defaultServiceAccount;
  const namespaceAt = [...path, workload.namespace === undefined && line.preset ? "preset" : "namespace"];
  const serviceAccountAt = [...path, workload.serviceAccount === undefined && line.preset ? "preset" : "serviceAccount"];
  if (namespace === undefined) {
    if (!Object.hasOwn(raw, "namespace")) out.error([...path, "namespace"], "is required", "Add namespace: <the service account's namespace>, or use preset: <name>");
  } else checkNamespace(namespace, namespaceAt, out);
  if (serviceAccount === undefined) {
    if (!Object.hasOwn(raw, "serviceAccount")) out.error([...path, "serviceAccount"], "is required", "Add serviceAccount: <the service account's name>, or use preset: <name>");
  } else checkServiceAccount(serviceAccount, serviceAccountAt, out);

  // The role's settings
  const policyContext: PolicyContext = { partition: cluster.partition, region: cluster.region, accountId: cluster.accountId };
  const rolePath = setting<string>("rolePath");
  if (rolePath && (!rules.ROLE_PATH.test(rolePath.value) || rolePath.value.length > rules.ROLE_PATH_MAX)) {
    out.error(rolePath.path, "is not a valid IAM role path", "Start and end it with '/', e.g. /irsa/, at most 512 characters", rolePath.value);
  }
  const boundary = setting<string>("permissionsBoundaryArn");
  if (boundary) checkPolicyArn(boundary.value, boundary.path, policyContext, out);
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
  checkRoleName(workload.roleName, [...path, "roleName"], out);
  const roleName = workload.roleName ?? (cluster.name !== undefined && namespace !== undefined && serviceAccount !== undefined ? defaultRoleName(cluster.name, namespace, serviceAccount) : undefined);
  const roleArn = `arn:${cluster.partition?.id ?? "aws"}:iam::${cluster.accountId ?? "111122223333"}:role${rolePath?.value ?? "/"}${roleName ?? ""}`;

  // The service account
  const createServiceAccount = setting<boolean>("createServiceAccount")?.value ?? true;
  const createNamespace = setting<boolean>("createNamespace");
  if (namespace !== undefined) checkCreatedNamespace(namespace, namespaceAt, createNamespace, out);
  const labelsAt = [...path, "serviceAccountLabels"];
  const annotationsAt = [...path, "serviceAccountAnnotations"];
  const labels = workload.serviceAccountLabels === undefined ? [] : out.stringMap(workload.serviceAccountLabels, labelsAt);
  const annotations = workload.serviceAccountAnnotations === undefined ? [] : out.stringMap(workload.serviceAccountAnnotations, annotationsAt);
  checkServiceAccountMetadata(labels, annotations, { labels: labelsAt, annotations: annotationsAt }, roleArn.length, out);
  if (!createServiceAccount && workload.serviceAccountLabels !== undefined) {
    out.error(
      labelsAt,
      "cannot be applied: with createServiceAccount: false the chart creates the service account, and irsa-gen never touches it",
      "Set the labels in the chart's values (e.g. serviceAccount.labels), or let irsa-gen create the service account",
      labels.map(([k]) => k).join(", "),
    );
  }

  // Permissions: presets first, they may bring managed policies as well as statements.
  const presets = applyPresets(line, workload.presets, path, { partition: cluster.partition, context: presetContext(cluster) }, out);
  const ownManaged = workload.managedPolicyArns === undefined ? [] : out.strings(workload.managedPolicyArns, [...path, "managedPolicyArns"]);
  const byLabel = new Map<string, string>();
  const seen = new Set<string>();
  for (const { index, value } of ownManaged) {
    const at = [...path, "managedPolicyArns", index];
    if (seen.has(value)) {
      out.error(at, "is listed twice", "Remove the second entry", value);
      continue;
    }
    seen.add(value);
    if (!checkPolicyArn(value, at, policyContext, out)) continue;
    const label = policyLabel(value);
    const other = byLabel.get(label);
    if (other !== undefined && other !== value) {
      out.error(at, `has the same policy name as ${other}`, "Attach one of them through a policy of another name; the attachment's Terraform name is derived from the policy name", value);
    }
    byLabel.set(label, value);
  }
  const managed = [...new Set([...presets.managedPolicyArns, ...ownManaged.map((m) => m.value)])].sort(compare);
  if (managed.length > cluster.maxManagedPolicies) {
    out.error([...path, "managedPolicyArns"], `attaches ${managed.length} managed policies; the quota is ${cluster.maxManagedPolicies} per role`, "Merge policies, move statements inline, or set maxManagedPoliciesPerRole if your account's quota was raised", managed.length);
  }

  // The workload's own statements after those of presets.
  const statements: { statement: PolicyStatement; path?: ConfigPath }[] = presets.statements.map((statement) => ({ statement }));
  const sids = new Set(presets.statements.flatMap((s) => (s.sid === undefined ? [] : [s.sid])));
  if (workload.policyStatements !== undefined) {
    workload.policyStatements.forEach((item, index) => {
      const at = [...path, "policyStatements", index];
      const statement = checkStatement(item, at, policyContext, out);
      if (!statement) return;
      if (statement.sid !== undefined && sids.has(statement.sid)) {
        out.error([...at, "sid"], "is used by another statement of this role", "Give each statement its own sid; the policy document refuses duplicates", statement.sid);
      }
      if (statement.sid !== undefined) sids.add(statement.sid);
      statements.push({ statement, path: at });
    });
  }
  const policyStatements = statements.map((s) => s.statement);

  // Guard rails and quotas
  const grants = {
    statements,
    managedPolicies: [
      ...presets.managedPolicyArns.map((arn) => ({ arn })),
      ...ownManaged.map(({ index, value }) => ({ arn: value, path: [...path, "managedPolicyArns", index] })),
    ],
    roleArn,
    accountKnown: cluster.accountId !== undefined,
  };
  if (!checkAdministratorAccess(grants, path, workload.dangerouslyAllowAdministratorAccess, out)) warnBroadGrants(policyStatements, grants, path, out);
  const ns = namespace ?? "";
  const sa = serviceAccount ?? "";
  if (managed.length === 0 && policyStatements.length === 0 && out.errorCount === errorsBefore) {
    out.warn(path, "grants no permissions", "Add presets, managedPolicyArns or policyStatements, or remove the workload", `${ns}/${sa}`);
  }
  checkPolicySizes(policyStatements, path, cluster, ns, sa, out);
  const tags = roleTags(readTags(workload.tags, [...path, "tags"], out), [[SERVICE_ACCOUNT_TAG, `${ns}/${sa}`]], cluster.providerTags, out);

  const claim: RoleClaim | undefined =
    roleName !== undefined && cluster.name !== undefined && cluster.partition !== undefined && namespace !== undefined && serviceAccount !== undefined
      ? { roleName, cluster: cluster.name, accountId: cluster.accountId, partition: cluster.partition.id, workload: `${ns}/${sa}`, path: workload.roleName !== undefined ? [...path, "roleName"] : path }
      : undefined;
  if (out.errorCount > errorsBefore || roleName === undefined || cluster.name === undefined) return { claim };
  const config: WorkloadConfig = {
    namespace: ns,
    serviceAccount: sa,
    id: workload.terraformName ?? workloadLabel(ns, sa),
    roleName,
    rolePath: rolePath?.value ?? "/",
    description: workload.description ?? `IRSA role of ${serviceAccountSubject(ns, sa)} on EKS cluster ${cluster.name}`,
    permissionsBoundaryArn: boundary?.value,
    maxSessionDuration: maxSession?.value ?? rules.MAX_SESSION_MIN,
    tags,
    managedPolicyArns: managed,
    policyStatements,
    createNamespace: createNamespace?.value ?? false,
    createServiceAccount,
    serviceAccountLabels: sortedRecord(labels),
    serviceAccountAnnotations: sortedRecord(annotations),
    protect: setting<boolean>("protect")?.value ?? false,
    presets: presets.names,
  };
  return { config, claim };
}

function presetContext(cluster: WorkloadContext): PresetContext | undefined {
  if (cluster.name === undefined || cluster.region === undefined || cluster.partition === undefined) return undefined;
  return { clusterName: cluster.name, region: cluster.region, partition: cluster.partition, accountId: cluster.accountId };
}

function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compare(a, b)));
}
