/**
 * Shared roles (top-level `roles:`): one IAM role for several service
 * accounts, in one cluster or several (a controller and its webhook, an
 * application during a blue/green cluster upgrade, CI runners by pattern).
 *
 * A shared role lives in exactly one stack, its `home` cluster's: its
 * blocks are labelled from its key, never from a workload, so moving its
 * home is a handover of the same addresses (see ledger.ts), and every
 * other cluster's stack names it by ARN. Its settings come from the role
 * and `defaults:` only, never from its home cluster: moving the home must
 * not change the role.
 *
 * What the home stack's trust names of another cluster must be literal
 * (one stack cannot refer to another's blocks): that cluster's account
 * (`accountId`) and, for IRSA, its issuer (`oidcIssuerUrl` or the
 * provider's ARN). A role trusts clusters of its own account only (IRSA
 * across accounts and Pod Identity's target roles are other features).
 *
 * Pure: no cdktf.
 */
import type { PartitionInfo } from "../aws/partition";
import { wildcardMatches } from "../aws/arn";
import { serviceAccountSubject } from "../aws/eks";
import { policySize } from "../model/iam-policy";
import { clusterTrust, sharedTrustDocument } from "../model/trust-statements";
import { terraformLabel, workloadLabel, shortHash } from "../model/naming";
import { isMapping, type ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import { checkNamespace, checkServiceAccount, SYSTEM_NAMESPACES } from "./kubernetes";
import type { Setting } from "./inherit";
import type { ClusterConfig, Identity, Retirement, SharedRoleConfig, SharedRoleMember, WorkloadConfig } from "../model/model";
import { checkRoleName, checkTerraformName, type RoleClaim } from "./names";
import { checkRoleSettings, readPermissions } from "./permissions";
import { checkAdministratorAccess, checkPolicySizes, warnBroadGrants } from "./policies";
import { closest, formatPath, type ConfigPath } from "./problems";
import * as rules from "../model/rules";
import { sharedRoleSchema, type RawDefaults, type RawSharedRole, type RawWorkload } from "./schema";
import { readTags, roleTags, type TagSet } from "./tags";
import { mechanismsOf } from "../model/mechanisms";

/** The tag a shared role carries instead of a workload's `irsa-gen/service-account`. */
export const SHARED_ROLE_TAG = "irsa-gen/role";

/** A role of `roles:` as far as it could be read, before its home cluster's context is known. */
export interface SharedRoleDraft {
  readonly key: string;
  readonly home: string;
  readonly id: string;
  readonly path: ConfigPath;
  readonly raw: Partial<RawSharedRole>;
}

/** A workload naming a shared role, with what its cluster's trust needs. */
interface MemberClaim {
  readonly key: string;
  readonly cluster: string;
  readonly path: ConfigPath;
  readonly workload: WorkloadConfig;
  readonly accountId?: string;
  readonly partition?: PartitionInfo;
  readonly region?: string;
  readonly issuerHost?: string;
  /** Retired (the workload or its cluster): trusted no more. */
  readonly retired: boolean;
}

/** The shared roles of a file: read first, their permissions checked with their home cluster, their members linked last. */
export class SharedRoles {
  readonly drafts = new Map<string, SharedRoleDraft>();
  private readonly members: MemberClaim[] = [];
  private readonly homed = new Map<string, { config: SharedRoleConfig; maxTrust: number }>();

  /** Reads `roles:`: names, labels and homes. */
  read(raw: unknown, clusterNames: readonly string[], defaults: Partial<RawDefaults>, out: ProblemCollector): void {
    if (raw === undefined) return;
    const byLower = new Map<string, ConfigPath>();
    const byLabel = new Map<string, { key: string; path: ConfigPath }>();
    (Array.isArray(raw) ? raw : []).forEach((item, index) => {
      const path: ConfigPath = ["roles", index];
      if (!isMapping(item)) {
        out.error(path, "must be a mapping", "Write the role as name:, home: and its permissions", item);
        return;
      }
      const role = out.shapeLenient(sharedRoleSchema, item, path) ?? {};
      const key = role.name;
      if (key === undefined) return;
      if (!rules.ROLE_NAME.test(key)) {
        out.error([...path, "name"], "is not a valid shared role name", "Use 1 to 64 letters, digits and +=,.@_- (it is the IAM role's name unless roleName is set)", key);
        return;
      }
      // IAM compares role names ignoring case, and the Terraform label folds '-' and '.' into '_'.
      const first = byLower.get(key.toLowerCase());
      if (first) {
        out.conflict([...path, "name"], [...first, "name"], "names a shared role again", "Give each shared role its own name", key);
        return;
      }
      byLower.set(key.toLowerCase(), path);
      const id = terraformLabel("shared", key);
      const sameLabel = byLabel.get(id);
      if (sameLabel) {
        out.conflict([...path, "name"], [...sameLabel.path, "name"], `gets the Terraform name "${id}" that the shared role ${sameLabel.key} already has`, "Rename one of the two before it is applied; '-', '.' and '_' all become '_' in Terraform names", key);
        return;
      }
      byLabel.set(id, { key, path });
      const home = role.home;
      if (home === undefined) return;
      if (!clusterNames.includes(home)) {
        const suggestion = closest(home, clusterNames);
        out.error([...path, "home"], "names no cluster of the file", suggestion ? `Did you mean "${suggestion}"?` : "Name the cluster whose stack holds the role", home);
        return;
      }
      this.drafts.set(key, { key, home, id, path, raw: role });
    });
    void defaults;
  }

  /** The drafts homed in a cluster, sorted by key. */
  homedIn(cluster: string): SharedRoleDraft[] {
    return [...this.drafts.values()].filter((d) => d.home === cluster).sort((a, b) => compare(a.key, b.key));
  }

  /**
   * A shared role's own settings and permissions, read in its home
   * cluster's context (partition, account, presets' cluster, quotas, the
   * provider's default tags); settings come from the role, else from
   * `defaults:`, never from the cluster.
   */
  validateRole(draft: SharedRoleDraft, home: HomeContext, defaults: Partial<RawDefaults>, claims: RoleClaim[], out: ProblemCollector): SharedRoleConfig | undefined {
    const errorsBefore = out.errorCount;
    const { raw, path } = draft;
    const setting = <T>(key: keyof RawSharedRole & keyof RawDefaults): Setting<T> | undefined =>
      raw[key] !== undefined ? { value: raw[key] as T, path: [...path, key] } : defaults[key] !== undefined ? { value: defaults[key] as T, path: ["defaults", key] } : undefined;
    checkRoleName(raw.roleName, [...path, "roleName"], out);
    const roleName = raw.roleName ?? draft.key;
    const policyContext = { partition: home.partition, region: home.region, accountId: home.accountId };
    const rolePath = setting<string>("rolePath");
    const boundary = setting<string>("permissionsBoundaryArn");
    const maxSession = setting<number>("maxSessionDuration");
    checkRoleSettings({ rolePath, boundary, maxSession, description: raw.description, path }, policyContext, out);
    const { presets, ownManaged, managed, statements } = readPermissions(
      { line: { params: {} }, presets: raw.presets, managedPolicyArns: raw.managedPolicyArns, policyStatements: raw.policyStatements },
      path,
      { policy: policyContext, presets: { partition: home.partition, context: home.presetContext }, maxManagedPolicies: home.maxManagedPolicies },
      out,
    );
    const finalPath = rolePath?.value ?? "/";
    const roleArn = `arn:${home.partition?.id ?? "aws"}:iam::${home.accountId ?? "111122223333"}:role${finalPath}${roleName}`;
    const policyStatements = statements.map((s) => s.statement);
    const grants = {
      statements,
      managedPolicies: [...presets.managedPolicyArns.map((arn) => ({ arn })), ...ownManaged.map(({ index, value }) => ({ arn: value, path: [...path, "managedPolicyArns", index] }))],
      roleArn,
      accountKnown: home.accountId !== undefined,
    };
    const problemsBefore = out.problems.length;
    if (!checkAdministratorAccess(grants, path, raw.dangerouslyAllowAdministratorAccess, out)) warnBroadGrants(policyStatements, grants, path, out);
    if (managed.length === 0 && policyStatements.length === 0 && out.errorCount === errorsBefore) {
      out.warn(path, "grants no permissions", "Add presets, managedPolicyArns or policyStatements, or remove the role", draft.key);
    }
    // The inline policy here; the trust once every workload naming the role is known (see `link`).
    checkPolicySizes(policyStatements, path, {}, "", "", out);
    const tags = roleTags(readTags(raw.tags, [...path, "tags"], out), [[SHARED_ROLE_TAG, draft.key]], home.providerTags, out);
    const protect = setting<boolean>("protect");
    const retire = raw.retire;
    if (retire === "destroy" && protect?.value) {
      out.error([...path, "retire"], "destroys a protected role", "Set protect: false on it as well: destroying a protected role must be said twice", retire);
    }
    if (home.partition !== undefined) {
      claims.push({ roleName, cluster: draft.home, accountId: home.accountId, partition: home.partition.id, workload: `shared role ${draft.key}`, path: raw.roleName !== undefined ? [...path, "roleName"] : [...path, "name"] });
    }
    if (out.errorCount > errorsBefore) return undefined;
    const config: SharedRoleConfig = {
      key: draft.key,
      home: draft.home,
      id: draft.id,
      roleName,
      rolePath: finalPath,
      description: raw.description ?? `Role ${draft.key} shared by workloads of EKS clusters (irsa-gen roles:)`,
      ...(boundary ? { permissionsBoundaryArn: boundary.value } : {}),
      maxSessionDuration: maxSession?.value ?? rules.MAX_SESSION_MIN,
      tags,
      managedPolicyArns: managed,
      policyStatements,
      inlinePolicyName: "permissions",
      protect: protect?.value ?? false,
      exclusivePolicies: setting<boolean>("exclusivePolicies")?.value ?? true,
      presets: presets.names,
      members: [],
      warnings: out.problems.slice(problemsBefore).filter((p) => p.severity === "warning").map((p) => p.message),
      ...(retire ? { retire: retire as Retirement } : {}),
    };
    this.homed.set(draft.key, { config, maxTrust: home.maxTrustPolicyLength });
    return config;
  }

  /**
   * A workload that names a shared role (`role:`): its names, exact or by
   * pattern, and what a workload with a role of its own would set that is
   * the shared role's to set. The role's name and ARN are filled in by
   * `link`, once the role is read.
   */
  validateWorkload(workload: Partial<RawWorkload>, raw: Record<string, unknown>, path: ConfigPath, cluster: MemberContext, out: ProblemCollector): WorkloadConfig | undefined {
    const errorsBefore = out.errorCount;
    const key = workload.role!;
    const draft = this.drafts.get(key);
    if (!draft) {
      const suggestion = closest(key, this.drafts.keys());
      out.error([...path, "role"], "names no role of roles:", suggestion ? `Did you mean "${suggestion}"?` : "Add the role to roles: (name, home and its permissions), or give the workload permissions of its own instead", key);
    }
    for (const own of ROLE_KEYS) {
      if (Object.hasOwn(raw, own)) {
        out.error([...path, own], `is a setting of the role, and this workload uses the shared role ${key}`, `Write it on the role in roles:${draft ? ` (${formatPath(draft.path)})` : ""}, or remove role: to give the workload a role of its own`, own, true);
      }
    }
    const identity = workload.identity ?? (cluster.identity?.value as Identity | undefined) ?? "irsa";
    const names = readSubject(workload, path, identity, out);
    const createServiceAccount = names.pattern !== undefined ? false : (workload.createServiceAccount ?? cluster.createServiceAccount ?? true);
    if (names.pattern !== undefined && workload.createServiceAccount === true) {
      out.error([...path, "createServiceAccount"], "cannot create service accounts named by a pattern", "Let the tooling that creates them set the annotation (see the output of the role's ARN), or name one service account with serviceAccount:", true);
    }
    if (names.pattern === "namespace" && workload.createNamespace === true) {
      out.error([...path, "createNamespace"], "cannot create namespaces named by a pattern", "Remove createNamespace", true);
    }
    checkTerraformName(workload.terraformName, [...path, "terraformName"], out);
    if (names.pattern !== undefined && out.errorCount === errorsBefore) {
      const at = [...path, names.pattern === "namespace" ? "namespacePattern" : "serviceAccountPattern"];
      out.warn(at, `trusts every service account matching system:serviceaccount:${names.namespace}:${names.serviceAccount} (StringLike): whoever may create such a service account may assume ${key}; the report marks it wide`, "Keep the pattern as narrow as the tooling allows", names.pattern === "namespace" ? names.namespace : names.serviceAccount);
    }
    if (out.errorCount > errorsBefore || names.namespace === undefined || names.serviceAccount === undefined) return undefined;
    const { namespace, serviceAccount, pattern } = names;
    // A pattern has no blocks; its label only keeps it apart from the cluster's other workloads.
    const id = workload.terraformName ?? (pattern === undefined ? workloadLabel(namespace, serviceAccount) : terraformLabel("pattern", namespace, serviceAccount, shortHash(`${namespace}/${serviceAccount}`)));
    const config: WorkloadConfig = {
      namespace,
      serviceAccount,
      id,
      roleName: "",
      rolePath: "/",
      description: "",
      maxSessionDuration: rules.MAX_SESSION_MIN,
      tags: {},
      managedPolicyArns: [],
      policyStatements: [],
      createNamespace: pattern === "namespace" ? false : (workload.createNamespace ?? cluster.createNamespace ?? false),
      createServiceAccount,
      serviceAccountLabels: sortedEntries(workload.serviceAccountLabels === undefined ? [] : out.stringMap(workload.serviceAccountLabels, [...path, "serviceAccountLabels"])),
      serviceAccountAnnotations: sortedEntries(workload.serviceAccountAnnotations === undefined ? [] : out.stringMap(workload.serviceAccountAnnotations, [...path, "serviceAccountAnnotations"])),
      protect: workload.protect ?? cluster.protect ?? false,
      exclusivePolicies: false,
      presets: [],
      inlinePolicyName: "permissions",
      previously: [],
      identity,
      warnings: [],
      ...(workload.retire ?? cluster.retire ? { retire: (workload.retire ?? cluster.retire) as Retirement } : {}),
      sharedRole: { key, ...(pattern ? { pattern } : {}) },
    };
    this.members.push({ key, cluster: cluster.name, path, workload: config, accountId: cluster.accountId, partition: cluster.partition, region: cluster.region, issuerHost: cluster.issuerHost, retired: config.retire !== undefined || cluster.clusterRetired });
    return config;
  }

  /**
   * Once every cluster is read: each role's members (the active workloads
   * naming it) with what their clusters' trusts name, the trust's rendered
   * size against the home account's quota, and the role's name and ARN on
   * each workload naming it. Returns the clusters with these filled in.
   */
  link(clusters: readonly ClusterConfig[], out: ProblemCollector): ClusterConfig[] {
    const byName = new Map(clusters.map((c) => [c.name, c]));
    const members = new Map<string, SharedRoleMember[]>();
    const sizeMembers = new Map<string, SharedRoleMember[]>();
    for (const claim of this.members) {
      const role = this.homed.get(claim.key)?.config;
      const home = role ? byName.get(role.home) : undefined;
      const cluster = byName.get(claim.cluster);
      if (!role || !home || !cluster) continue;
      if (claim.retired) continue;
      if (role.retire !== undefined) {
        out.error([...claim.path, "role"], `names the shared role ${role.key}, which is retired (retire: ${role.retire})`, "Give the workload a role of its own, name another shared role, or retire the workload too", role.key);
        continue;
      }
      const atHome = claim.cluster === role.home;
      const facts = atHome ? clusterTrust(home) : {};
      if (!atHome) {
        const fix = `Set accountId on both clusters: a shared role trusts clusters of its home's account only`;
        if (home.accountId === undefined) {
          out.error([...claim.path, "role"], `names the shared role ${role.key} from cluster ${claim.cluster}, but its home cluster ${role.home} has no accountId: the role's ARN and the trust of this cluster cannot be written in the home's stack`, `Set accountId on cluster ${role.home}`, role.key);
          continue;
        }
        if (claim.accountId !== home.accountId || claim.partition?.id !== home.partition.id) {
          out.error(
            [...claim.path, "role"],
            `names the shared role ${role.key}, whose home cluster ${role.home} is in account ${home.accountId} (${home.partition.id}), from cluster ${claim.cluster} in ${claim.accountId === undefined ? "an account not given" : `account ${claim.accountId}`}`,
            claim.accountId === undefined ? fix : "Use a role of this account: a shared role trusts clusters of its own account only",
            role.key,
          );
          continue;
        }
        if (mechanismsOf(claim.workload.identity).irsa && claim.issuerHost === undefined) {
          out.error(
            [...claim.path, "role"],
            `names the shared role ${role.key} with IRSA from cluster ${claim.cluster}, whose issuer is read at plan time: the home cluster ${role.home}'s stack must name this cluster's OIDC provider and issuer as literals`,
            `Set oidcIssuerUrl on cluster ${claim.cluster} (aws eks describe-cluster --name ${claim.cluster} --query cluster.identity.oidc.issuer)`,
            role.key,
          );
          continue;
        }
      }
      const member: SharedRoleMember = {
        cluster: claim.cluster,
        identity: claim.workload.identity,
        namespace: claim.workload.namespace,
        serviceAccount: claim.workload.serviceAccount,
        ...(claim.workload.sharedRole?.pattern ? { pattern: claim.workload.sharedRole.pattern } : {}),
        ...(mechanismsOf(claim.workload.identity).irsa ? { irsa: atHome ? facts.irsa : literalIrsa(cluster) } : {}),
        ...(mechanismsOf(claim.workload.identity).podIdentity ? { podIdentity: atHome ? facts.podIdentity : literalPodIdentity(cluster) } : {}),
      };
      members.set(role.key, [...(members.get(role.key) ?? []), member]);
      sizeMembers.set(role.key, [...(sizeMembers.get(role.key) ?? []), { ...member, ...sizingFacts(cluster, member) }]);
    }
    const linked = new Map<string, SharedRoleConfig>();
    for (const [key, { config, maxTrust }] of this.homed) {
      const own = sortMembers(members.get(key) ?? []);
      const draft = this.drafts.get(key)!;
      if (config.retire === undefined && own.length === 0) {
        out.error(draft.path, "is named by no workload: its trust would admit nobody", "Name it with role: on the workloads that use it, or retire it (retire: keep lets go of it, retire: destroy destroys it), apply, then remove it", key);
      }
      // Counted on the rendered document, with literals of a real length where the stack reads values at plan time.
      const size = own.length === 0 ? 0 : policySize(sharedTrustDocument(sortMembers(sizeMembers.get(key) ?? [])));
      if (size > maxTrust) {
        out.error(
          draft.path,
          `renders a trust policy of ${size} characters for ${own.length} service accounts in ${new Set(own.map((m) => m.cluster)).size} clusters; the account's quota is ${maxTrust}${maxTrust === rules.TRUST_POLICY_MAX ? " (IAM's default)" : ""}`,
          "Split the workloads over two shared roles, use shorter names, or ask AWS to raise the role trust policy length quota and set maxTrustPolicyLength on the home cluster",
          size,
        );
      }
      linked.set(key, { ...config, members: own });
    }
    return clusters.map((cluster) => {
      const homed = [...linked.values()].filter((r) => r.home === cluster.name).sort((a, b) => compare(a.key, b.key));
      const workloads = cluster.workloads.map((w) => {
        if (w.sharedRole === undefined) return w;
        const role = linked.get(w.sharedRole.key);
        if (!role) return w;
        const home = byName.get(role.home);
        const arn = role.home === cluster.name || !home?.accountId ? undefined : `arn:${home.partition.id}:iam::${home.accountId}:role${role.rolePath}${role.roleName}`;
        return { ...w, roleName: role.roleName, rolePath: role.rolePath, sharedRole: { ...w.sharedRole, ...(arn ? { arn } : {}) } };
      });
      return { ...cluster, workloads, ...(homed.length > 0 ? { sharedRoles: homed } : {}) };
    });
  }
}

/** What a shared role's permissions need of its home cluster. */
export interface HomeContext {
  readonly partition?: PartitionInfo;
  readonly region?: string;
  readonly accountId?: string;
  readonly presetContext?: import("../presets/preset").PresetContext;
  readonly maxManagedPolicies: number;
  readonly maxTrustPolicyLength: number;
  readonly providerTags: TagSet;
}

/** What a workload naming a shared role needs of its cluster. */
export interface MemberContext {
  readonly name: string;
  readonly accountId?: string;
  readonly partition?: PartitionInfo;
  readonly region?: string;
  readonly issuerHost?: string;
  readonly clusterRetired: boolean;
  /** The cluster's (or the file's) settings a workload inherits. */
  readonly identity?: Setting<unknown>;
  readonly createServiceAccount?: boolean;
  readonly createNamespace?: boolean;
  readonly protect?: boolean;
  readonly retire?: Retirement;
}

/** The keys that set a role: a workload using a shared role leaves them to the role. */
export const ROLE_KEYS = [
  "preset",
  "presets",
  "managedPolicyArns",
  "policyStatements",
  "roleName",
  "description",
  "rolePath",
  "permissionsBoundaryArn",
  "maxSessionDuration",
  "tags",
  "exclusivePolicies",
  "adopt",
  "previously",
  "podIdentity",
  "dangerouslyAllowAdministratorAccess",
] as const;

/** The keys of subject patterns, refused on a workload with a role of its own. */
export const PATTERN_KEYS = ["serviceAccountPattern", "namespacePattern", "dangerouslyAllowNamespacePattern"] as const;

/**
 * The workload's subject: exact names (checked as every workload's are:
 * never a wildcard), or a pattern, only through the keys that say so. A
 * pattern over one namespace needs `serviceAccountPattern`; over several,
 * `namespacePattern` and `dangerouslyAllowNamespacePattern: true` too.
 */
function readSubject(
  workload: Partial<RawWorkload>,
  path: ConfigPath,
  identity: Identity,
  out: ProblemCollector,
): { namespace?: string; serviceAccount?: string; pattern?: "service-account" | "namespace" } {
  let namespace: string | undefined;
  let serviceAccount: string | undefined;
  let pattern: "service-account" | "namespace" | undefined;
  if (workload.namespace !== undefined && workload.namespacePattern !== undefined) {
    out.error([...path, "namespacePattern"], "stands beside namespace", "Write one of the two: namespace for one namespace, namespacePattern for several", workload.namespacePattern);
  } else if (workload.namespacePattern !== undefined) {
    if (workload.dangerouslyAllowNamespacePattern !== true) {
      out.error(
        [...path, "namespacePattern"],
        "trusts service accounts in every namespace the pattern matches, including namespaces nobody has created yet: whoever may create a namespace may then assume the role",
        "Name the namespace with namespace: and use serviceAccountPattern; if several namespaces are really meant, add dangerouslyAllowNamespacePattern: true",
        workload.namespacePattern,
      );
    } else if (checkPattern(workload.namespacePattern, [...path, "namespacePattern"], "namespace", out)) {
      namespace = workload.namespacePattern;
      pattern = "namespace";
    }
  } else if (workload.namespace !== undefined) {
    checkNamespace(workload.namespace, [...path, "namespace"], out);
    namespace = workload.namespace;
    if (workload.dangerouslyAllowNamespacePattern !== undefined) {
      out.error([...path, "dangerouslyAllowNamespacePattern"], "allows nothing without namespacePattern", "Remove it", workload.dangerouslyAllowNamespacePattern);
    }
  } else {
    out.error([...path, "namespace"], "is required", "Add namespace: <the service account's namespace>");
  }
  if (workload.serviceAccount !== undefined && workload.serviceAccountPattern !== undefined) {
    out.error([...path, "serviceAccountPattern"], "stands beside serviceAccount", "Write one of the two: serviceAccount for one service account, serviceAccountPattern for those a pattern matches", workload.serviceAccountPattern);
  } else if (workload.serviceAccountPattern !== undefined) {
    if (checkPattern(workload.serviceAccountPattern, [...path, "serviceAccountPattern"], "service-account", out)) {
      serviceAccount = workload.serviceAccountPattern;
      pattern ??= "service-account";
    }
  } else if (workload.serviceAccount !== undefined) {
    checkServiceAccount(workload.serviceAccount, [...path, "serviceAccount"], out);
    serviceAccount = workload.serviceAccount;
  } else {
    out.error([...path, "serviceAccount"], "is required", "Add serviceAccount: <the service account's name>, or serviceAccountPattern: <a pattern> for service accounts made per job");
  }
  if (pattern !== undefined && mechanismsOf(identity).podIdentity) {
    out.error(
      [...path, "identity"],
      "cannot be EKS Pod Identity for service accounts named by a pattern: an association names one service account",
      "Use identity: irsa for the pattern, and a workload of its own for each service account that needs Pod Identity",
      identity,
    );
  }
  return { namespace, serviceAccount, pattern };
}

/**
 * A pattern of `StringLike` (`*` any run of characters, `?` one): the
 * characters of the names it stands for, and at least one wildcard (else
 * it is a name). A pattern that matches the namespace's `default` service
 * account (every pod without a serviceAccountName runs as it), or a
 * namespace every cluster has (kube-system and the like), is refused.
 */
function checkPattern(text: string, at: ConfigPath, kind: "namespace" | "service-account", out: ProblemCollector): boolean {
  const chars = kind === "namespace" ? /^[a-z0-9*?-]+$/ : /^[a-z0-9.*?-]+$/;
  const max = kind === "namespace" ? rules.DNS_1123_LABEL_MAX : rules.DNS_1123_SUBDOMAIN_MAX;
  if (!chars.test(text) || text.length > max) {
    out.error(at, `is not a pattern of ${kind === "namespace" ? "namespaces" : "service account names"}`, `Use ${kind === "namespace" ? "lowercase letters, digits and '-'" : "lowercase letters, digits, '-' and '.'"}, with '*' (any characters) and '?' (one character), at most ${max} characters`, text);
    return false;
  }
  if (!/[*?]/.test(text)) {
    out.error(at, "has no wildcard", `Write it as ${kind === "namespace" ? "namespace" : "serviceAccount"}: ${text}`, text);
    return false;
  }
  const forbidden = kind === "namespace" ? SYSTEM_NAMESPACES.find((n) => wildcardMatches(text, n)) : wildcardMatches(text, "default") ? "default" : undefined;
  if (forbidden !== undefined) {
    out.error(
      at,
      kind === "namespace"
        ? `matches the namespace ${forbidden}, which every cluster has: the role would trust its service accounts`
        : "matches the default service account, which every pod of the namespace without a serviceAccountName runs as",
      kind === "namespace" ? "Start the pattern with a prefix of your own, e.g. ci-*" : "Start the pattern with a prefix of your own, e.g. runner-*",
      text,
    );
    return false;
  }
  return true;
}

/** Another cluster's IRSA facts, literal (checked before: its account and issuer are known). */
function literalIrsa(cluster: ClusterConfig): SharedRoleMember["irsa"] {
  const provider = cluster.oidcProvider;
  return {
    oidcProviderArn: provider.mode === "existing" ? provider.arn : `arn:${cluster.partition.id}:iam::${cluster.accountId}:oidc-provider/${cluster.issuerHost}`,
    issuerHost: cluster.issuerHost!,
  };
}

/** Another cluster's Pod Identity facts, literal. */
function literalPodIdentity(cluster: ClusterConfig): SharedRoleMember["podIdentity"] {
  return { accountId: cluster.accountId!, clusterArn: `arn:${cluster.partition.id}:eks:${cluster.region}:${cluster.accountId}:cluster/${cluster.name}` };
}

/** An EKS issuer's id is 32 hex characters: what a trust read at plan time will hold. */
const EKS_ISSUER_ID = "X".repeat(32);

/** The facts as the applied policy holds them, for its size: the home's values read at plan time given a real length. */
function sizingFacts(cluster: ClusterConfig, member: SharedRoleMember): Partial<SharedRoleMember> {
  const account = cluster.accountId ?? "111122223333";
  const host = cluster.issuerHost ?? `oidc.eks.${cluster.region}.${cluster.partition.dnsSuffix}/id/${EKS_ISSUER_ID}`;
  const provider = cluster.oidcProvider;
  return {
    ...(member.irsa ? { irsa: { oidcProviderArn: provider.mode === "existing" ? provider.arn : `arn:${cluster.partition.id}:iam::${account}:oidc-provider/${host}`, issuerHost: host } } : {}),
    ...(member.podIdentity ? { podIdentity: { accountId: account, clusterArn: `arn:${cluster.partition.id}:eks:${cluster.region}:${account}:cluster/${cluster.name}` } } : {}),
  };
}

function sortMembers(members: readonly SharedRoleMember[]): SharedRoleMember[] {
  return [...members].sort((a, b) => compare(a.cluster, b.cluster) || compare(a.namespace, b.namespace) || compare(a.serviceAccount, b.serviceAccount));
}

function sortedEntries(entries: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries([...entries].sort(([a], [b]) => compare(a, b)));
}

/** `system:serviceaccount:<ns>:<sa>` of a member, a pattern included: for messages and the report. */
export function memberSubject(member: SharedRoleMember): string {
  return serviceAccountSubject(member.namespace, member.serviceAccount);
}
