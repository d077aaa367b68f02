/**
 * One workload: its service account, its role's settings, its presets and
 * permissions, and the guard rails, each checked by the module of its job.
 * Every problem is reported; the workload is returned only when it has none.
 */
import type { PartitionInfo } from "../aws/partition";
import { workloadLabel } from "../model/naming";
import type { PresetContext } from "../presets/preset";
import { inTransition } from "../model/addresses";
import { serviceAccountSubject } from "../aws/eks";
import { resolveRoleAccount, type AccountTable } from "./accounts";
import { isMapping, type ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import { pickForWorkload, type Setting } from "./inherit";
import { checkCreatedNamespace, checkNamespace, checkServiceAccount, checkServiceAccountMetadata } from "./kubernetes";
import { resolveIdentity } from "./identity";
import { resolveAdoption } from "./adoption";
import { keptRoleName, resolvePrevious } from "./previous-names";
import type { Identity, Retirement, WorkloadConfig } from "../model/model";
import { checkRoleName, checkTerraformName, type RoleClaim } from "./names";
import { checkAdministratorAccess, checkPolicySizes, warnBroadGrants, type PolicyContext } from "./policies";
import { checkRoleSettings, readPermissions } from "./permissions";
import { splitLinePreset } from "./presets";
import { PATTERN_KEYS, type SharedRoles } from "./shared-roles";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";
import { workloadSchema, type RawCluster, type RawDefaults } from "./schema";
import { readTags, roleTags, type TagSet } from "./tags";
import { SERVICE_ACCOUNT_TAG } from "../model/tags";
import { DEFAULT_IDENTITY, mechanismsOf } from "../model/mechanisms";

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
  /** The account's role trust policy length quota. */
  readonly maxTrustPolicyLength: number;
  /** The AWS provider's default tags, which every role carries too. */
  readonly providerTags: TagSet;
  /** The file's shared roles, for workloads that name one (`role:`). @default none */
  readonly sharedRoles?: SharedRoles;
  /** The cluster is retired. @default false */
  readonly clusterRetired?: boolean;
  /** The accounts of `accounts:`, for `roleAccount`. @default none */
  readonly accounts?: AccountTable;
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
  if (workload.role !== undefined && cluster.sharedRoles !== undefined && cluster.name !== undefined) {
    const member = {
      ...cluster,
      name: cluster.name,
      clusterRetired: cluster.clusterRetired ?? false,
      identity: setting<Identity>("identity"),
      createServiceAccount: setting<boolean>("createServiceAccount")?.value,
      createNamespace: setting<boolean>("createNamespace")?.value,
      protect: setting<boolean>("protect")?.value,
      retire: setting<Retirement>("retire")?.value,
    };
    return { config: cluster.sharedRoles.validateWorkload(workload, raw, path, member, out) };
  }
  for (const key of PATTERN_KEYS) {
    if (Object.hasOwn(raw, key)) {
      out.error([...path, key], "is only for workloads that use a shared role (role:)", "Write the exact names with namespace: and serviceAccount:, or put the pattern on a workload that names a shared role with role:", key, true);
    }
  }

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

  // The account the role lives in: the cluster's, or one of `accounts:`. Its
  // policies, boundary and name are that account's.
  const identitySetting = setting<Identity>("identity");
  const roleAccount = cluster.accounts
    ? resolveRoleAccount(
        setting<string>("roleAccount"),
        {
          accounts: cluster.accounts,
          cluster: cluster.name,
          clusterAccountId: cluster.accountId,
          partition: cluster.partition,
          region: cluster.region,
          identity: identitySetting,
          workload: namespace !== undefined && serviceAccount !== undefined ? `${namespace}/${serviceAccount}` : undefined,
        },
        out,
      )
    : undefined;
  const accountId = roleAccount?.accountId ?? cluster.accountId;

  // The role's settings
  const policyContext: PolicyContext = { partition: cluster.partition, region: cluster.region, accountId };
  const rolePath = setting<string>("rolePath");
  const boundary = setting<string>("permissionsBoundaryArn");
  const maxSession = setting<number>("maxSessionDuration");
  checkRoleSettings({ rolePath, boundary, maxSession, description: workload.description, path }, policyContext, out);
  checkTerraformName(workload.terraformName, [...path, "terraformName"], out);
  checkRoleName(workload.roleName, [...path, "roleName"], out);

  // The service account. A one-line preset uses the add-on's own service
  // account: whoever the add-on's docs say creates it does, unless the
  // workload says otherwise.
  const createServiceAccount =
    workload.createServiceAccount ?? (line.preset?.serviceAccountCreatedBy !== undefined ? false : (setting<boolean>("createServiceAccount")?.value ?? true));

  // Earlier names and adoption decide the role's name: an adopted role keeps
  // its name; a renamed workload keeps the name its role was created with.
  const id = workload.terraformName ?? (namespace !== undefined && serviceAccount !== undefined ? workloadLabel(namespace, serviceAccount) : "");
  const previously =
    namespace !== undefined && serviceAccount !== undefined
      ? resolvePrevious({ workload, path, namespace, serviceAccount, id, checkNamespace: (n, at) => checkNamespace(n, at, out), checkServiceAccount: (n, at) => checkServiceAccount(n, at, out) }, out)
      : [];
  // Whether an adopted inline policy has statements to hold is checked once they are known (below).
  const adoption = resolveAdoption(
    {
      workload,
      path,
      createServiceAccount,
      identity: identitySetting?.value ?? DEFAULT_IDENTITY,
      cluster: cluster.name ?? "",
      namespace: namespace ?? "",
      serviceAccount: serviceAccount ?? "",
    },
    out,
  );
  const roleName =
    adoption.roleName ??
    workload.roleName ??
    (cluster.name !== undefined && namespace !== undefined && serviceAccount !== undefined ? keptRoleName(cluster.name, previously, namespace, serviceAccount) : undefined);
  // IAM cannot move a role to another path (Terraform would replace it): an
  // adopted role keeps IAM's default path unless the workload names its own.
  const finalPath = adoption.adopt?.role ? (workload.rolePath ?? "/") : (rolePath?.value ?? "/");
  const roleArn = `arn:${cluster.partition?.id ?? "aws"}:iam::${accountId ?? "111122223333"}:role${finalPath}${roleName ?? ""}`;
  const retirement = setting<Retirement>("retire");
  const protection = setting<boolean>("protect");
  // Both set on the cluster (or in defaults): reported once, for the cluster.
  const ownSetting = (s: Setting<unknown> | undefined) => (s?.path.includes("workloads") || s?.path.includes("addons")) ?? false;
  if (retirement?.value === "destroy" && protection?.value && (ownSetting(retirement) || ownSetting(protection))) {
    out.error(retirement.path, `destroys a protected ${path.includes("addons") ? "add-on" : "workload"}`, "Set protect: false for it as well: destroying a protected role must be said twice", "destroy");
  }
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
  const { presets, ownManaged, managed, statements } = readPermissions(
    { line, presets: workload.presets, managedPolicyArns: workload.managedPolicyArns, policyStatements: workload.policyStatements },
    path,
    { policy: policyContext, presets: { partition: cluster.partition, context: presetContext(cluster) }, maxManagedPolicies: cluster.maxManagedPolicies },
    out,
  );
  // The mechanism may need statements of its own (assuming a target role).
  const mechanism = resolveIdentity(
    { workload, path, identity: identitySetting, partition: cluster.partition, region: cluster.region, accountId: cluster.accountId },
    out,
  );
  for (const statement of mechanism.statements) statements.push({ statement });
  const policyStatements = statements.map((s) => s.statement);
  // `adopt: true` takes over an inline policy only when there is one; one
  // named under adopt needs statements to hold (a preset or statement already
  // refused leaves the list short: only an empty list with no problem counts).
  let adopt = adoption.adopt;
  if (adopt?.inlinePolicy && policyStatements.length === 0) {
    if (workload.adopt === true) adopt = { ...adopt, inlinePolicy: false };
    else if (out.errorCount === errorsBefore) {
      out.error([...path, "adopt", "inlinePolicy"], "has nothing to be imported into: the workload has no policyStatements", "Write the policy's statements under policyStatements, or leave inlinePolicy out", adoption.inlinePolicyName);
    }
  }

  // Guard rails and quotas
  const grants = {
    statements,
    managedPolicies: [
      ...presets.managedPolicyArns.map((arn) => ({ arn })),
      ...ownManaged.map(({ index, value }) => ({ arn: value, path: [...path, "managedPolicyArns", index] })),
    ],
    roleArn,
    accountKnown: accountId !== undefined,
  };
  if (!checkAdministratorAccess(grants, path, workload.dangerouslyAllowAdministratorAccess, out)) warnBroadGrants(policyStatements, grants, path, out);
  const ns = namespace ?? "";
  const sa = serviceAccount ?? "";
  if (managed.length === 0 && policyStatements.length === 0 && out.errorCount === errorsBefore) {
    out.warn(path, "grants no permissions", "Add presets, managedPolicyArns or policyStatements, or remove the workload", `${ns}/${sa}`);
  }
  const formerSubjects = previously.filter((p) => inTransition(p, { namespace: ns, serviceAccount: sa }));
  // A role in another account trusts the cluster's OIDC provider registered in that account.
  const trustedIn = roleAccount ? { accountId: roleAccount.accountId, providerArn: undefined } : {};
  checkPolicySizes(policyStatements, path, { ...cluster, ...trustedIn, identity: mechanism.identity, pinned: !mechanism.podIdentity?.disableSessionTags, formerSubjects }, ns, sa, out);
  const tags = roleTags(readTags(workload.tags, [...path, "tags"], out), [[SERVICE_ACCOUNT_TAG, `${ns}/${sa}`]], cluster.providerTags, out);

  const claim: RoleClaim | undefined =
    roleName !== undefined && cluster.name !== undefined && cluster.partition !== undefined && namespace !== undefined && serviceAccount !== undefined
      ? { roleName, cluster: cluster.name, accountId, partition: cluster.partition.id, workload: `${ns}/${sa}`, path: workload.roleName !== undefined ? [...path, "roleName"] : path }
      : undefined;
  if (out.errorCount > errorsBefore || roleName === undefined || cluster.name === undefined) return { claim };
  const config: WorkloadConfig = {
    namespace: ns,
    serviceAccount: sa,
    id,
    roleName,
    rolePath: finalPath,
    // `both` keeps the IRSA wording, so the first step of a migration changes only the trust.
    description:
      workload.description ??
      (!mechanismsOf(mechanism.identity).irsa
        ? `EKS Pod Identity role of ${ns}/${sa} on EKS cluster ${cluster.name}`
        : `IRSA role of ${serviceAccountSubject(ns, sa)} on EKS cluster ${cluster.name}`),
    permissionsBoundaryArn: boundary?.value,
    maxSessionDuration: maxSession?.value ?? rules.MAX_SESSION_MIN,
    tags,
    managedPolicyArns: managed,
    policyStatements,
    createNamespace: createNamespace?.value ?? false,
    createServiceAccount,
    serviceAccountLabels: sortedRecord(labels),
    serviceAccountAnnotations: sortedRecord(annotations),
    protect: protection?.value ?? false,
    // On by default for roles irsa-gen creates; an adopted role may hold
    // policies attached by whoever made it, which the lock would remove on
    // the first apply: it is locked once the config says so.
    exclusivePolicies: setting<boolean>("exclusivePolicies")?.value ?? !adoption.adopt?.role,
    presets: presets.names,
    inlinePolicyName: adoption.inlinePolicyName,
    ...(adopt ? { adopt } : {}),
    previously,
    identity: mechanism.identity,
    ...(mechanism.podIdentity ? { podIdentity: mechanism.podIdentity } : {}),
    ...(roleAccount ? { roleAccount } : {}),
    warnings: [],
    ...(retirement ? { retire: retirement.value } : {}),
  };
  return { config, claim };
}

/** What presets need of the cluster, when it can be read. */
export function presetContext(cluster: WorkloadContext): PresetContext | undefined {
  if (cluster.name === undefined || cluster.region === undefined || cluster.partition === undefined) return undefined;
  return { clusterName: cluster.name, region: cluster.region, partition: cluster.partition, accountId: cluster.accountId };
}

function sortedRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compare(a, b)));
}
