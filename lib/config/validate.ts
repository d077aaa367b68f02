/**
 * From parsed YAML to a validated, defaulted, sorted `IrsaConfig`.
 *
 * Pure: no file system, no cdktf. This file walks the file and its
 * clusters; each rule set lives in the module of its job:
 *
 * - inherit.ts: `defaults:` and inheritance
 * - regions.ts: region codes and the partition's regions
 * - issuer.ts: issuer URLs and OIDC provider ARNs
 * - backend.ts: backends and `{cluster}`
 * - tags.ts: IAM tags, reserved keys, the 50-tag limit
 * - addon.ts: one EKS add-on, its role read as a workload's
 * - workload.ts: one workload, with kubernetes.ts (names, labels,
 *   annotations), presets.ts (preset parameters and rendering) and
 *   policies.ts (statements, conditions, guard rails, sizes)
 * - names.ts: names and their uniqueness, Terraform address collisions
 * - text.ts: text that would not reach Terraform as written
 *
 * Every problem in the file is collected, at every level: a broken key
 * is left out and the rest of its mapping is still read, a broken workload
 * does not hide its neighbours, and a broken cluster does not hide its
 * workloads.
 */
import { allocateAddresses, workloadKey } from "../model/addresses";
import { partitionOf } from "../aws/partition";
import { readAccounts, resolveAccountProviders, type AccountTable } from "./accounts";
import { resolveBackend } from "./backend";
import { isMapping, ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import { pick, readDefaults, type Setting } from "./inherit";
import { checkIssuerUrl, checkProviderArn } from "./issuer";
import { resolveOidcProvider } from "./oidc-provider";
import { resolveProviderVersions } from "./provider-versions";
import type { AddonConfig, ClusterConfig, IrsaConfig, OidcProviderConfig, Retirement, RoleAccountConfig, WorkloadConfig } from "../model/model";
import { checkClusterName, checkRoleNamesPerAccount, ClusterNames, reportCollisions, type RoleClaim } from "./names";
import { FleetRegistry } from "./fleet";
import { awsMinimum, checkAwsConstraint } from "./provider-features";
import { formatPath, type ConfigPath, type Problem } from "./problems";
import { checkRegion } from "./regions";
import * as rules from "../model/rules";
import { clusterSchema, fileSchema, type RawDefaults } from "./schema";
import { providerTags, readTags, type TagLayer } from "./tags";
import { checkText } from "./text";
import { SharedRoles } from "./shared-roles";
import { presetContext, validateWorkload } from "./workload";
import { validateAddon } from "./addon";
import { mechanismsOf } from "../model/mechanisms";


export interface ValidationResult {
  /** The validated config; absent when there is any error. */
  readonly config?: IrsaConfig;
  /** Errors and warnings, in order of discovery (the report sorts them by position). */
  readonly problems: readonly Problem[];
}

export function validateConfig(sourceFile: string, data: unknown): ValidationResult {
  const out = new ProblemCollector(data);
  if (data === undefined || data === null) {
    out.error([], "the file is empty", "Add a clusters: list; the README's config reference shows a complete example");
    return { problems: out.problems };
  }
  if (!isMapping(data)) {
    out.error([], "must be a mapping with a clusters: list", "Start the file with clusters:", data);
    return { problems: out.problems };
  }
  checkText(data, out);
  const file = out.shapeLenient(fileSchema, data, []) ?? {};
  const defaults = readDefaults(file.defaults, out);
  const defaultTags = readTags(defaults.tags, ["defaults", "tags"], out);
  const accounts = readAccounts(file.accounts, out);
  const clusters: ClusterConfig[] = [];
  const names = new ClusterNames();
  const claims: RoleClaim[] = [];
  const fleet = new FleetRegistry();
  const shared = new SharedRoles();
  const clusterNames = (file.clusters ?? []).flatMap((c) => (isMapping(c) && typeof c.name === "string" ? [c.name] : []));
  shared.read(file.roles, clusterNames, defaults, out);
  if (file.clusters !== undefined && file.clusters.length === 0) {
    out.error(["clusters"], "is empty", "Add at least one cluster with a name, a region and its workloads");
  }
  (file.clusters ?? []).forEach((raw, index) => {
    const cluster = validateCluster(raw, ["clusters", index], defaults, defaultTags, names, claims, fleet, shared, accounts, out);
    if (cluster) clusters.push(cluster);
  });
  checkRoleNamesPerAccount(claims, out);
  accounts.warnUnused(out);
  if (out.errorCount > 0) return { problems: out.problems };
  // Shared roles last: their trust names workloads of every cluster.
  const linked = shared.link(clusters, out);
  if (out.errorCount > 0) return { problems: out.problems };
  linked.sort((a, b) => compare(a.name, b.name));
  const known = accounts.settings();
  return { config: { sourceFile, clusters: linked, ...(Object.keys(known).length > 0 ? { accounts: known } : {}) }, problems: out.problems };
}

function validateCluster(
  raw: unknown,
  path: ConfigPath,
  defaults: Partial<RawDefaults>,
  defaultTags: TagLayer,
  names: ClusterNames,
  claims: RoleClaim[],
  fleet: FleetRegistry,
  shared: SharedRoles,
  accounts: AccountTable,
  out: ProblemCollector,
): ClusterConfig | undefined {
  if (!isMapping(raw)) {
    out.error(path, "must be a mapping", "Write the cluster as name:, region: and workloads:", raw);
    return undefined;
  }
  const errorsBefore = out.errorCount;
  const cluster = out.shapeLenient(clusterSchema, raw, path) ?? {};

  const name = cluster.name;
  let nameOk = name !== undefined;
  if (name !== undefined) {
    checkClusterName(name, [...path, "name"], out);
    nameOk = names.claim(name, path, out);
  }
  const allowUnknownRegion = pick<boolean>("allowUnknownRegion", cluster, defaults, path);
  const region = cluster.region !== undefined && checkRegion(cluster.region, [...path, "region"], allowUnknownRegion, out) ? cluster.region : undefined;
  const partition = region !== undefined ? partitionOf(region) : undefined;
  let accountId = cluster.accountId;
  if (accountId !== undefined && !rules.ACCOUNT_ID.test(accountId)) {
    out.error([...path, "accountId"], "must be exactly 12 digits", 'Write the AWS account id in quotes, e.g. "111122223333"', accountId);
    accountId = undefined;
  }
  const issuerContext = { region, partition, accountId };
  const issuerHost = checkIssuerUrl(cluster.oidcIssuerUrl, [...path, "oidcIssuerUrl"], issuerContext, out);
  // The provider's mode; an ARN it names (existing or adopted) also gives the issuer's host.
  let providerHost: string | undefined;
  let providerArn: string | undefined;
  let providerAt: ConfigPath | undefined;
  const oidcProvider = resolveOidcProvider(
    {
      cluster,
      defaults,
      path,
      partition,
      issuerHost,
      checkArn: (text, at) => {
        const host = checkProviderArn(text, at, issuerContext, issuerHost, out);
        if (host !== undefined && providerHost === undefined) [providerHost, providerArn, providerAt] = [host, text, at];
        return host !== undefined;
      },
    },
    out,
  );
  const providerVersions = resolveProviderVersions(cluster, defaults, path, out);
  const retiring = pick<Retirement>("retire", cluster, defaults, path);
  if (retiring?.value === "destroy" && (pick<boolean>("protect", cluster, defaults, path)?.value ?? false)) {
    out.error(retiring.path, "destroys a protected cluster", "Set protect: false on it as well: destroying protected roles must be said twice", "destroy");
  }

  const maxManaged = pick<number>("maxManagedPoliciesPerRole", cluster, defaults, path);
  if (maxManaged && (maxManaged.value < 1 || maxManaged.value > rules.MANAGED_POLICIES_HARD_MAX)) {
    out.error(maxManaged.path, `must be between 1 and ${rules.MANAGED_POLICIES_HARD_MAX}`, "Set it to your account's quota for managed policies per role (10 unless raised)", maxManaged.value);
  }
  const maxTrust = pick<number>("maxTrustPolicyLength", cluster, defaults, path);
  if (maxTrust && (maxTrust.value < 1 || maxTrust.value > rules.TRUST_POLICY_HARD_MAX)) {
    out.error(maxTrust.path, `must be between 1 and ${rules.TRUST_POLICY_HARD_MAX}`, `Set it to your account's quota for the role trust policy length (${rules.TRUST_POLICY_MAX} unless raised)`, maxTrust.value);
  }
  const backendSetting = pick<unknown>("backend", cluster, defaults, path);
  const backend = resolveBackend(backendSetting, { name: name ?? "", region }, allowUnknownRegion, out);
  // File and cluster tags are merged key by key: they are the AWS provider's default tags.
  const tags = providerTags([defaultTags, readTags(cluster.tags, [...path, "tags"], out)], name ?? "", out);

  if (cluster.workloads !== undefined && cluster.workloads.length === 0 && (cluster.addons ?? []).length === 0) {
    out.warn([...path, "workloads"], "is empty: the stack only registers the OIDC provider", "Add the workloads that need AWS access, or remove the cluster");
  }
  const context = {
    path,
    raw: cluster,
    defaults,
    name,
    region,
    partition,
    accountId,
    issuerHost: issuerHost ?? providerHost,
    providerArn: oidcProvider.mode === "existing" ? providerArn : undefined,
    maxManagedPolicies: maxManaged?.value ?? rules.MANAGED_POLICIES_DEFAULT,
    maxTrustPolicyLength: maxTrust?.value ?? rules.TRUST_POLICY_MAX,
    providerTags: tags.set,
    sharedRoles: shared,
    clusterRetired: retiring !== undefined,
    accounts,
  };
  const workloads: WorkloadConfig[] = [];
  const byServiceAccount = new Map<string, ConfigPath>();
  const byLabel = new Map<string, ConfigPath>();
  const adoptedAssociations = new Map<string, string>();
  (cluster.workloads ?? []).forEach((rawWorkload, index) => {
    const workloadPath: ConfigPath = [...path, "workloads", index];
    const problemsBefore = out.problems.length;
    const { config: validated, claim } = validateWorkload(rawWorkload, workloadPath, context, out);
    // The workload's own warnings travel with it, for reports.
    const workload: WorkloadConfig | undefined = validated && { ...validated, warnings: out.problems.slice(problemsBefore).filter((p) => p.severity === "warning").map((p) => p.message) };
    const key = workload ? workloadKey(workload) : claim?.workload;
    const first = key === undefined ? undefined : byServiceAccount.get(key);
    if (first) {
      out.error(workloadPath, `defines ${key} again (first at ${formatPath(first)})`, "Merge the two definitions into one: a service account can assume only one role", key);
      return;
    }
    if (key !== undefined) byServiceAccount.set(key, workloadPath);
    const association = workload?.adopt?.podIdentityAssociation;
    if (key !== undefined && association !== undefined) adoptedAssociations.set(key, association);
    if (claim) claims.push(claim);
    if (!workload) return;
    const sameLabel = byLabel.get(workload.id);
    if (sameLabel) {
      out.error(workloadPath, `gets the Terraform name "${workload.id}" that the workload at ${formatPath(sameLabel)} already has`, "Set terraformName on one of the two (on a workload not applied yet: it changes that workload's addresses); '-' and '.' both become '_' in Terraform names", key);
      return;
    }
    byLabel.set(workload.id, workloadPath);
    workloads.push(workload);
  });

  workloads.sort((a, b) => compare(a.id, b.id));
  // The shared roles whose home this is: read in its context, held in its stack.
  const homedRoles = name === undefined || !nameOk ? [] : shared.homedIn(name);
  if (retiring !== undefined) {
    for (const draft of homedRoles) {
      out.error([...draft.path, "home"], `is cluster ${name}, which is retired: its stack would stop holding the role`, "Move the role's home to a cluster that stays (home: <cluster>: its stack imports the role, this one lets go of it), apply both, then retire this cluster", name);
    }
  }
  const sharedRoles = homedRoles.flatMap((draft) => context.sharedRoles.validateRole(draft, { ...context, presetContext: presetContext(context) }, defaults, claims, out) ?? []);
  const podIdentityAgent = pick<boolean>("podIdentityAgent", cluster, defaults, path)?.value ?? false;
  const retiredWorkloads = new Set(workloads.filter((w) => w.retire !== undefined).map(workloadKey));
  const { addons, addonPaths } = validateAddons(cluster.addons, path, context, { byServiceAccount, retiredWorkloads, podIdentityAgent }, claims, out);
  // A workload retired with keep whose role an add-on adopts hands the role over (forgotten at one address,
  // imported at the other, in one apply): one role, not two claiming its name.
  const adoptedByAddons = new Set(addons.filter((a) => a.role.adopt?.role && a.role.retire === undefined).map((a) => a.role.roleName));
  const handedOver = new Set(workloads.filter((w) => w.retire === "keep" && adoptedByAddons.has(w.roleName)).map(workloadKey));
  for (let i = claims.length - 1; i >= 0; i--) if (claims[i].cluster === name && handedOver.has(claims[i].workload)) claims.splice(i, 1);
  // Without a workload or add-on on IRSA, the cluster needs no OIDC provider at all;
  // a workload retired with keep still trusts it, one retired with destroy does not.
  const clusterRetire = retiring?.value;
  const roles = [...workloads, ...addons.map((a) => a.role)];
  // A role in another account trusts the provider registered there instead.
  const needsProvider = roles.some((w) => w.roleAccount === undefined && mechanismsOf(w.identity).irsa && w.retire !== "destroy") || roles.length === 0;
  const roleAccounts = resolveAccountProviders(
    {
      raw: cluster.oidcProviders,
      path,
      accounts,
      used: accountsUsed(workloads),
      clusterAccountId: accountId,
      partition,
      region,
      issuerHost: issuerHost ?? providerHost,
      thumbprint: cluster.oidcThumbprint ?? defaults.oidcThumbprint ?? true,
    },
    out,
  );
  // A retired cluster keeps its provider's mode: the stack then lets go of it (keep) or destroys it (destroy).
  const provider = needsProvider || clusterRetire !== undefined ? oidcProvider : ({ mode: "none" } as const);
  const awsAt: ConfigPath | undefined =
    cluster.providerVersions?.aws !== undefined ? [...path, "providerVersions", "aws"] : defaults.providerVersions?.aws !== undefined ? ["defaults", "providerVersions", "aws"] : undefined;
  if (awsAt !== undefined) checkAwsConstraint(providerVersions.aws, awsAt, awsMinimum(workloads, provider, addons), out);
  const allocation = allocateAddresses({
    name: name ?? "",
    accountId,
    workloads,
    addons,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    oidcProvider: provider,
    podIdentityAgent,
    ...(clusterRetire ? { retire: clusterRetire } : {}),
    sharedRoles,
    roleAccounts,
  });
  const ownPolicyIndex = (workloadPath: ConfigPath, policyArn: string): number => {
    // A workload's or an add-on's entry: the list is named just before its index.
    const entries = workloadPath[workloadPath.length - 2] === "addons" ? cluster.addons : cluster.workloads;
    const rawWorkload = (entries ?? [])[workloadPath[workloadPath.length - 1] as number];
    const list = isMapping(rawWorkload) ? rawWorkload.managedPolicyArns : undefined;
    return Array.isArray(list) ? list.indexOf(policyArn) : -1;
  };
  reportCollisions(allocation.collisions, path, byServiceAccount, ownPolicyIndex, out, { roles: new Map(homedRoles.map((d) => [d.key, [...d.path, "name"]])), addons: addonPaths });
  if (name !== undefined && nameOk) {
    const owner = (at: ConfigPath) => ({ cluster: name, clusterPath: path, path: at });
    fleet.state(backend, partition?.id, owner(stateAt(backendSetting, path)), out);
    // The OIDC provider by ARN (when it is known at synth time), then the issuer: one provider is one issuer, so a
    // clash of providers is reported once, as such.
    const host = issuerHost ?? providerHost;
    const hostAt: ConfigPath = issuerHost !== undefined ? [...path, "oidcIssuerUrl"] : (providerAt ?? path);
    const owned = ownedProvider(provider, { partition: partition?.id, accountId, issuerHost, providerAt, path, own: cluster.oidcProvider !== undefined });
    const providerFree = owned === undefined || fleet.oidcProvider(owned.arn, owned.role, owner(owned.at), out);
    const issuerFree = host !== undefined && providerFree && fleet.issuer(host, owner(hostAt), out);
    // The cluster's provider in each other account: one per account and issuer in the whole file.
    if (issuerFree && partition !== undefined) claimAccountProviders(roleAccounts, { partition: partition.id, host, path, oidcProviders: cluster.oidcProviders }, owner, fleet, out);
    for (const [key, workloadPath] of byServiceAccount) {
      const id = adoptedAssociations.get(key);
      if (id !== undefined) fleet.association(id, key, owner([...workloadPath, "adopt", "podIdentityAssociation"]), out);
    }
  }
  if (out.errorCount > errorsBefore || !nameOk || name === undefined || region === undefined || partition === undefined) return undefined;
  return {
    name,
    region,
    partition,
    accountId,
    oidcIssuerUrl: cluster.oidcIssuerUrl,
    issuerHost: issuerHost ?? providerHost,
    oidcProvider: provider,
    providerVersions,
    podIdentityAgent,
    releasesApplied: releasesApplied(cluster.releasesApplied, [...path, "releasesApplied"], out),
    ...(clusterRetire ? { retire: clusterRetire } : {}),
    kubernetesAuth: pick<"token" | "exec">("kubernetesAuth", cluster, defaults, path)?.value ?? "token",
    tags: tags.tags,
    backend,
    protect: pick<boolean>("protect", cluster, defaults, path)?.value ?? false,
    workloads,
    addons,
    addresses: allocation.addresses,
    ...(sharedRoles.length > 0 ? { sharedRoles } : {}),
    ...(roleAccounts.length > 0 ? { roleAccounts } : {}),
  };
}

/**
 * The cluster's add-ons, each checked alone (addon.ts), then against each
 * other and the workloads: one entry per add-on, and one role per service
 * account (an add-on's service account is not a workload's too).
 */
function validateAddons(
  list: readonly unknown[] | undefined,
  clusterPath: ConfigPath,
  context: Parameters<typeof validateWorkload>[2],
  cluster: { readonly byServiceAccount: ReadonlyMap<string, ConfigPath>; readonly retiredWorkloads: ReadonlySet<string>; readonly podIdentityAgent: boolean },
  claims: RoleClaim[],
  out: ProblemCollector,
): { addons: AddonConfig[]; addonPaths: Map<string, ConfigPath> } {
  const addons: AddonConfig[] = [];
  const addonPaths = new Map<string, ConfigPath>();
  const serviceAccounts = new Map<string, ConfigPath>();
  (list ?? []).forEach((raw, index) => {
    const at: ConfigPath = [...clusterPath, "addons", index];
    const problemsBefore = out.problems.length;
    const result = validateAddon(raw, at, context, out);
    if (result.name !== undefined) {
      const first = addonPaths.get(result.name);
      if (first) {
        out.conflict([...at, "name"], [...first, "name"], `lists the add-on ${result.name} again`, "Merge the two entries: a cluster has one add-on of a name", result.name);
        return;
      }
      addonPaths.set(result.name, at);
    }
    // A workload retired in favour of the add-on (retire: keep, in the same change) hands the service account over.
    if (result.serviceAccount !== undefined && !cluster.retiredWorkloads.has(result.serviceAccount) && result.config?.role.retire === undefined) {
      const workload = cluster.byServiceAccount.get(result.serviceAccount);
      const addon = serviceAccounts.get(result.serviceAccount);
      if (workload ?? addon) {
        out.conflict(
          at,
          (workload ?? addon)!,
          `gives the service account ${result.serviceAccount} a role, which ${workload ? "a workload" : "another add-on"} gives it already`,
          workload
            ? "A service account can assume only one role: to hand it over to the add-on, retire the workload with retire: keep in the same change (its role stays in IAM, unmanaged, until you delete it), or give the add-on's role to another service account with serviceAccount:"
            : "A service account can assume only one role: keep one of the two entries",
          result.serviceAccount,
        );
        return;
      }
      serviceAccounts.set(result.serviceAccount, at);
    }
    if (result.claim) claims.push(result.claim);
    if (!result.config) return;
    const role = result.config.role;
    if (mechanismsOf(role.identity).podIdentity && !cluster.podIdentityAgent && role.retire === undefined) {
      out.warn(
        [...at, "identity"],
        "needs the EKS Pod Identity agent on the cluster: without it the add-on's pods get no credentials",
        `Set podIdentityAgent: true on the cluster, or make sure the eks-pod-identity-agent add-on is installed (aws eks describe-addon --cluster-name ${context.name ?? "<cluster>"} --addon-name eks-pod-identity-agent)`,
        "pod-identity",
      );
    }
    const warnings = out.problems.slice(problemsBefore).filter((p) => p.severity === "warning").map((p) => p.message);
    addons.push({ ...result.config, role: { ...role, warnings } });
  });
  addons.sort((a, b) => compare(a.name, b.name));
  return { addons, addonPaths };
}

/** The accounts of `accounts:` the workloads' roles live in, by name: whether a role there still trusts the cluster's OIDC provider (one retired with destroy does not). */
function accountsUsed(workloads: readonly WorkloadConfig[]): Map<string, boolean> {
  const used = new Map<string, boolean>();
  for (const w of workloads) if (w.roleAccount !== undefined) used.set(w.roleAccount.name, (used.get(w.roleAccount.name) ?? false) || w.retire !== "destroy");
  return used;
}

/** Claims the cluster's OIDC provider in each other account, by ARN (account and issuer), located where its mode is written, else at the issuer. */
function claimAccountProviders(
  roleAccounts: readonly RoleAccountConfig[],
  context: { partition: string; host: string; path: ConfigPath; oidcProviders: unknown },
  owner: (at: ConfigPath) => { cluster: string; clusterPath: ConfigPath; path: ConfigPath },
  fleet: FleetRegistry,
  out: ProblemCollector,
): void {
  for (const account of roleAccounts) {
    const provider = account.oidcProvider;
    if (provider.mode === "none") continue;
    const arn = provider.mode === "create" && provider.importArn !== undefined ? provider.importArn : `arn:${context.partition}:iam::${account.accountId}:oidc-provider/${context.host}`;
    const role = provider.mode === "lookup" ? "trusts" : provider.importArn !== undefined ? "adopts" : "creates";
    const written = isMapping(context.oidcProviders) && Object.hasOwn(context.oidcProviders, account.name);
    fleet.oidcProvider(arn, role, owner(written ? [...context.path, "oidcProviders", account.name] : [...context.path, "oidcIssuerUrl"]), out);
  }
}

/** Where the state location is written: the S3 key, local path or workspace when given, else the backend (or the cluster, for the default). */
function stateAt(setting: Setting<unknown> | undefined, clusterPath: ConfigPath): ConfigPath {
  if (setting === undefined) return [...clusterPath, "name"];
  const raw = setting.value;
  if (!isMapping(raw)) return setting.path;
  const field = raw.type === "s3" ? "key" : raw.type === "local" ? "path" : raw.workspaceTags !== undefined ? "workspaceTags" : "workspace";
  return Object.hasOwn(raw, field) ? [...setting.path, field] : setting.path;
}

/**
 * The OIDC provider the stack creates, adopts or trusts, by ARN, when the
 * ARN is known at synth time (a created one's only with accountId and
 * oidcIssuerUrl), and where it is written.
 */
function ownedProvider(
  provider: OidcProviderConfig,
  context: { partition?: string; accountId?: string; issuerHost?: string; providerAt?: ConfigPath; path: ConfigPath; own: boolean },
): { arn: string; role: "creates" | "adopts" | "trusts"; at: ConfigPath } | undefined {
  const oidcAt: ConfigPath = context.own ? [...context.path, "oidcProvider"] : [...context.path, "name"];
  switch (provider.mode) {
    case "existing":
      return { arn: provider.arn, role: "trusts", at: context.providerAt ?? oidcAt };
    case "create":
      if (provider.importArn !== undefined) return { arn: provider.importArn, role: "adopts", at: context.providerAt ?? oidcAt };
      if (context.partition === undefined || context.accountId === undefined || context.issuerHost === undefined) return undefined;
      return { arn: `arn:${context.partition}:iam::${context.accountId}:oidc-provider/${context.issuerHost}`, role: "creates", at: [...context.path, "oidcIssuerUrl"] };
    default:
      return undefined;
  }
}

/** A Terraform resource address of the kinds a stack lets go of: `type.label`. */
const RESOURCE_ADDRESS = /^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$/;

function releasesApplied(list: readonly unknown[] | undefined, at: ConfigPath, out: ProblemCollector): string[] {
  const seen = new Set<string>();
  (list ?? []).forEach((address, i) => {
    if (typeof address !== "string" || !RESOURCE_ADDRESS.test(address)) {
      out.error([...at, i], "is not a Terraform resource address", "Write it as the removed block names it, e.g. kubernetes_namespace_v1.payments", address);
      return;
    }
    if (seen.has(address)) out.error([...at, i], "is listed twice", "List each address once", address);
    seen.add(address);
  });
  return [...seen].sort(compare);
}

