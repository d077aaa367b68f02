/**
 * What already exists and what was called something else: the cluster's
 * OIDC provider mode, workloads adopted from existing roles and service
 * accounts (imported, not created), and earlier names of workloads (moved,
 * not destroyed). Pure: no cdktf.
 */
import type { PartitionInfo } from "../aws/partition";
import { defaultRoleName, workloadLabel } from "../model/naming";
import type { ProblemCollector } from "./collector";
import { checkTerraformName } from "./names";
import type { Identity, OidcProviderConfig, PreviousName, ProviderVersions, WorkloadAdoption } from "../model/model";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";
import type { RawCluster, RawDefaults, RawWorkload } from "./schema";
import { mechanismsOf } from "../model/mechanisms";

// ---------------------------------------------------------------------------
// The OIDC provider

export interface OidcProviderInput {
  readonly cluster: Partial<RawCluster>;
  readonly defaults: Partial<RawDefaults>;
  readonly path: ConfigPath;
  /** Absent when the region is not one (already reported). */
  readonly partition?: PartitionInfo;
  /** The issuer without https://, when the config gives it. */
  readonly issuerHost?: string;
  /** Checks an OIDC provider ARN (partition, account, issuer); false when it reported a problem. */
  readonly checkArn: (text: string, at: ConfigPath) => boolean;
}

/**
 * The provider's mode: `create` (the default), `existing` by ARN
 * (`oidcProvider: { arn }`, or the older `existingOidcProviderArn`),
 * `lookup` by the issuer at plan time, or `create` with an import of the
 * provider that exists (`adopt`).
 */
export function resolveOidcProvider(input: OidcProviderInput, out: ProblemCollector): OidcProviderConfig {
  const { cluster, defaults, path, partition } = input;
  const thumbprint = cluster.oidcThumbprint ?? defaults.oidcThumbprint ?? true;
  const own = cluster.oidcProvider;
  const setting = own ?? defaults.oidcProvider;
  const at: ConfigPath = own !== undefined ? [...path, "oidcProvider"] : ["defaults", "oidcProvider"];

  if (cluster.existingOidcProviderArn !== undefined) {
    const legacyAt = [...path, "existingOidcProviderArn"];
    if (own !== undefined) {
      out.error(legacyAt, "cannot be combined with oidcProvider", "Write oidcProvider: { arn: <ARN> } alone", cluster.existingOidcProviderArn);
    }
    input.checkArn(cluster.existingOidcProviderArn, legacyAt);
    return { mode: "existing", arn: cluster.existingOidcProviderArn };
  }
  if (setting === undefined || setting === "create") return { mode: "create", thumbprint };
  if (setting === "lookup") return { mode: "lookup" };
  if (typeof setting === "object" && "arn" in setting) {
    if (own === undefined) {
      out.error(at, "names one provider for every cluster", "An existing provider belongs to one cluster: set oidcProvider: { arn: … } on each cluster, or use oidcProvider: lookup in defaults", setting.arn);
    }
    input.checkArn(setting.arn, [...at, "arn"]);
    return { mode: "existing", arn: setting.arn };
  }
  if (typeof setting === "object" && "adopt" in setting) {
    if (own === undefined) {
      out.error(at, "names one provider for every cluster", "Set oidcProvider: { adopt: … } on each cluster, or oidcProvider: adopt in defaults (the ARN is then computed per cluster)", setting.adopt);
    }
    input.checkArn(setting.adopt, [...at, "adopt"]);
    return { mode: "create", thumbprint, importArn: setting.adopt };
  }
  // `adopt`: the ARN of the provider that exists, from the account and the issuer.
  if (partition === undefined) return { mode: "create", thumbprint };
  if (cluster.accountId === undefined || input.issuerHost === undefined) {
    out.error(at, "needs the cluster's accountId and oidcIssuerUrl to name the provider to import", "Set accountId and oidcIssuerUrl on the cluster, or write oidcProvider: { adopt: <the provider's ARN> }", setting);
    return { mode: "create", thumbprint };
  }
  return { mode: "create", thumbprint, importArn: `arn:${partition.id}:iam::${cluster.accountId}:oidc-provider/${input.issuerHost}` };
}

// ---------------------------------------------------------------------------
// Provider versions

/**
 * The defaults allow every later minor release of the major version the
 * prebuilt bindings were generated from (@cdktf/provider-aws 21.22.1 =
 * hashicorp/aws 6.25.0, provider-kubernetes 12.1.1 = 2.38.0, provider-tls
 * 11.0.1 = 4.1.0): an organisation that pins another release in that range
 * does not have to override anything.
 */
export const DEFAULT_PROVIDER_VERSIONS: ProviderVersions = { aws: "~> 6.25", kubernetes: "~> 2.38", tls: "~> 4.1" };

export function resolveProviderVersions(cluster: Partial<RawCluster>, defaults: Partial<RawDefaults>, path: ConfigPath, out: ProblemCollector): ProviderVersions {
  const versions = { ...DEFAULT_PROVIDER_VERSIONS };
  for (const [layer, at] of [
    [defaults.providerVersions, ["defaults", "providerVersions"]],
    [cluster.providerVersions, [...path, "providerVersions"]],
  ] as const) {
    for (const name of ["aws", "kubernetes", "tls"] as const) {
      const value = layer?.[name];
      if (value === undefined) continue;
      if (!rules.VERSION_CONSTRAINT.test(value)) {
        out.error([...at, name], "is not a Terraform version constraint", 'Write it as Terraform does, e.g. "~> 6.25" or ">= 6.25, < 7.0"', value);
      }
      versions[name] = value;
    }
  }
  return versions;
}

// ---------------------------------------------------------------------------
// Adoption

export interface AdoptionInput {
  readonly workload: RawWorkload;
  readonly path: ConfigPath;
  readonly createServiceAccount: boolean;
  /** The workload's mechanism, inherited or its own: only Pod Identity has an association to adopt. */
  readonly identity: Identity;
  /** The cluster and service account, for the command that finds an association's id. */
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface ResolvedAdoption {
  readonly adopt?: WorkloadAdoption;
  /** The existing role's name, when the config names it under adopt. */
  readonly roleName?: string;
  readonly inlinePolicyName: string;
}

/** The name irsa-gen gives the inline policy it creates. */
export const INLINE_POLICY_NAME = "permissions";

/**
 * An EKS Pod Identity association's id: `a-` and lowercase letters and
 * digits (`a-9njjin9gfghecgocd` in the AWS CLI reference; every id seen has
 * 17 after `a-`, which AWS does not document, so any length passes).
 */
const ASSOCIATION_ID = /^a-[a-z0-9]+$/;
/** An association's ARN, whose last part is the id: `arn:aws:eks:<region>:<account>:podidentityassociation/<cluster>/<id>`. */
const ASSOCIATION_ARN = /^arn:[a-z-]+:eks:[a-z0-9-]*:\d*:podidentityassociation\/[^/]+\/(a-[a-z0-9]+)$/;

export function resolveAdoption(input: AdoptionInput, out: ProblemCollector): ResolvedAdoption {
  const raw = input.workload.adopt;
  if (raw === undefined) return { inlinePolicyName: INLINE_POLICY_NAME };
  const at = [...input.path, "adopt"];
  if (raw === true) {
    if (mechanismsOf(input.identity).podIdentity) {
      out.warn(
        at,
        "does not adopt the workload's EKS Pod Identity association: importing it needs its id",
        `If the association exists (EKS allows one per service account, and refuses a second), write adopt: { role: true, podIdentityAssociation: <its id> } with what else exists; its id: ${listAssociationsCommand(input)}`,
      );
    }
    return {
      adopt: { role: true, inlinePolicy: true, attachments: true, serviceAccount: input.createServiceAccount },
      inlinePolicyName: INLINE_POLICY_NAME,
    };
  }
  const role = raw.role !== undefined && raw.role !== false;
  const roleName = typeof raw.role === "string" ? raw.role : undefined;
  if (roleName !== undefined) {
    if (!rules.ROLE_NAME.test(roleName)) out.error([...at, "role"], "is not a valid IAM role name", "Name the existing role exactly as IAM shows it", roleName);
    if (input.workload.roleName !== undefined && input.workload.roleName !== roleName) {
      out.error([...at, "role"], `names another role than roleName (${input.workload.roleName})`, "Keep one of the two: an adopted role keeps its name", roleName);
    }
  }
  const inlinePolicy = raw.inlinePolicy !== undefined && raw.inlinePolicy !== false;
  const inlinePolicyName = typeof raw.inlinePolicy === "string" ? raw.inlinePolicy : INLINE_POLICY_NAME;
  if (inlinePolicy) {
    if (!role) out.error([...at, "inlinePolicy"], "belongs to a role that is not adopted", "Adopt the role too (role: <its name>), or leave the inline policy out", raw.inlinePolicy);
    if (!rules.INLINE_POLICY_NAME.test(inlinePolicyName)) out.error([...at, "inlinePolicy"], "is not a valid IAM policy name", "Name the existing inline policy exactly as IAM shows it", inlinePolicyName);
  }
  const attachments = raw.attachments ?? role;
  if (attachments && !role) out.error([...at, "attachments"], "belong to a role that is not adopted", "Adopt the role too (role: <its name>), or set attachments: false", true);
  const serviceAccount = raw.serviceAccount ?? false;
  if (serviceAccount && !input.createServiceAccount) {
    out.error([...at, "serviceAccount"], "cannot be imported: the workload does not manage its service account (createServiceAccount: false)", "Set createServiceAccount: true to take the service account over, or leave serviceAccount out", true);
  }
  const podIdentityAssociation = raw.podIdentityAssociation;
  if (podIdentityAssociation !== undefined) {
    const associationAt = [...at, "podIdentityAssociation"];
    const fromArn = ASSOCIATION_ARN.exec(podIdentityAssociation)?.[1];
    if (!mechanismsOf(input.identity).podIdentity) {
      out.error(associationAt, "applies only to workloads with identity: pod-identity or both: an IRSA workload has no association", "Set identity: pod-identity (or both), or leave podIdentityAssociation out", podIdentityAssociation);
    } else if (fromArn !== undefined) {
      out.error(associationAt, "is the association's ARN, not its id", `Write its last part, the id: ${fromArn}`, podIdentityAssociation);
    } else if (!ASSOCIATION_ID.test(podIdentityAssociation)) {
      out.error(associationAt, "is not an EKS Pod Identity association id (a- and lowercase letters and digits)", `Give the id EKS gave the association: ${listAssociationsCommand(input)}`, podIdentityAssociation);
    }
  }
  return {
    adopt: { role, inlinePolicy, attachments, serviceAccount, ...(podIdentityAssociation !== undefined ? { podIdentityAssociation } : {}) },
    ...(roleName !== undefined ? { roleName } : {}),
    inlinePolicyName,
  };
}

/** The AWS CLI command that prints the id of the service account's association. */
function listAssociationsCommand(input: AdoptionInput): string {
  return `aws eks list-pod-identity-associations --cluster-name ${input.cluster} --namespace ${input.namespace} --service-account ${input.serviceAccount} --query "associations[].associationId" --output text`;
}

// ---------------------------------------------------------------------------
// Earlier names

export interface PreviousInput {
  readonly workload: RawWorkload;
  readonly path: ConfigPath;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly id: string;
  readonly checkNamespace: (namespace: string, at: ConfigPath) => void;
  readonly checkServiceAccount: (name: string, at: ConfigPath) => void;
}

/** Earlier names, oldest first; each missing part is the current one. */
export function resolvePrevious(input: PreviousInput, out: ProblemCollector): PreviousName[] {
  const raw = input.workload.previously;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const at = [...input.path, "previously"];
  const seen = new Set<string>([input.id]);
  const names: PreviousName[] = [];
  list.forEach((entry, index) => {
    const where = Array.isArray(raw) ? [...at, index] : at;
    if (entry.namespace === undefined && entry.serviceAccount === undefined && entry.terraformName === undefined) {
      out.error(where, "names nothing", "Give the namespace, serviceAccount or terraformName the workload had before");
      return;
    }
    const namespace = entry.namespace ?? input.namespace;
    const serviceAccount = entry.serviceAccount ?? input.serviceAccount;
    if (entry.namespace !== undefined) input.checkNamespace(entry.namespace, [...where, "namespace"]);
    if (entry.serviceAccount !== undefined) input.checkServiceAccount(entry.serviceAccount, [...where, "serviceAccount"]);
    checkTerraformName(entry.terraformName, [...where, "terraformName"], out);
    const id = entry.terraformName ?? workloadLabel(namespace, serviceAccount);
    if (seen.has(id)) {
      out.error(where, id === input.id ? "gives the workload's current Terraform name" : "repeats an earlier name", "List each earlier name once, oldest first, and never the current one", id);
      return;
    }
    seen.add(id);
    names.push({ namespace, serviceAccount, id, finished: entry.finished ?? false });
  });
  return names;
}

/**
 * The role's name when none is set: the default name of the oldest name
 * the workload had, so that a renamed workload keeps its role (IAM cannot
 * rename a role: a new name would replace it).
 */
export function keptRoleName(cluster: string, previous: readonly PreviousName[], namespace: string, serviceAccount: string): string {
  const first = previous[0];
  return first ? defaultRoleName(cluster, first.namespace, first.serviceAccount) : defaultRoleName(cluster, namespace, serviceAccount);
}
