/**
 * One EKS add-on with a role (`addons:` of a cluster): its name, version,
 * service account and mechanism; its role is read as a workload's (the same
 * permissions, guard rails, names, adoption and lifecycle rules), on the
 * add-on's service account, which EKS creates. Pure: no cdktf.
 */
import { KNOWN_ADDONS, POD_IDENTITY_AGENT_ADDON } from "../aws/eks-addons";
import { fitRoleName, terraformLabel } from "../model/naming";
import { isMapping, type ProblemCollector } from "./collector";
import type { AddonConfig, Identity } from "../model/model";
import type { RoleClaim } from "./names";
import type { ConfigPath } from "./problems";
import { ADDON_ROLE_KEYS, addonSchema } from "./schema";
import { validateWorkload, type WorkloadContext } from "./workload";

/**
 * An add-on's name as EKS lists them (`vpc-cni`, `aws-ebs-csi-driver`,
 * Marketplace add-ons such as `solo-io_istio-distro`). Narrower than the
 * API, which documents no pattern: the name becomes a Terraform label and
 * half of the import id `<cluster>:<name>`, which a `:` would split wrong.
 */
const ADDON_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/**
 * `addon_version` as hashicorp/aws validates it (a `v` and a semantic
 * version, e.g. `v1.45.0-eksbuild.1`), so a typo fails here rather than at plan.
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/eks/addon.go
 */
const ADDON_VERSION =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Workload keys that mean nothing on an add-on, and why. */
const WORKLOAD_ONLY: Readonly<Record<string, string>> = {
  createServiceAccount: "EKS creates the add-on's service account",
  createNamespace: "EKS installs the add-on into its own namespace",
  serviceAccountLabels: "EKS owns the add-on's service account",
  serviceAccountAnnotations: "EKS owns the add-on's service account (with identity: irsa it sets the role annotation itself)",
  previously: "an add-on's blocks are named after the add-on, which cannot be renamed",
  terraformName: "an add-on's blocks are named after the add-on",
  podIdentity: "an add-on's association is the add-on's own (pod_identity_association), without a target role or session tag settings",
};

/** The add-on when it has no problem; its name, service account and role as far as they can be read, for uniqueness. */
export interface AddonResult {
  readonly config?: AddonConfig;
  readonly name?: string;
  /** `namespace/serviceAccount` of the service account the role is for. */
  readonly serviceAccount?: string;
  readonly claim?: RoleClaim;
}

export function validateAddon(raw: unknown, path: ConfigPath, cluster: WorkloadContext, out: ProblemCollector): AddonResult {
  if (!isMapping(raw)) {
    out.error(path, "must be a mapping", "Write the add-on as name: and its permissions, e.g. { name: aws-ebs-csi-driver }", raw);
    return {};
  }
  const errorsBefore = out.errorCount;
  const addon =
    out.shapeLenient(addonSchema, raw, path, {
      unknownKey: (key) =>
        Object.hasOwn(WORKLOAD_ONLY, key)
          ? { message: `is a workload setting, not an add-on's: ${WORKLOAD_ONLY[key]}`, fix: "Remove it; for a service account of your own, write a workload instead" }
          : undefined,
    }) ?? {};

  const name = addon.name;
  const nameOk = name !== undefined && ADDON_NAME.test(name);
  if (name !== undefined && !nameOk) {
    out.error([...path, "name"], "is not an EKS add-on name", "Write the name as aws eks describe-addon-versions lists it: lower-case letters, digits, '-', '_' and '.', e.g. aws-ebs-csi-driver", name);
  }
  if (name === POD_IDENTITY_AGENT_ADDON) {
    out.error([...path, "name"], "is the Pod Identity agent, which needs no role", "Remove the entry and set podIdentityAgent: true on the cluster: that manages the agent's add-on", name);
  }
  if (addon.version !== undefined && !ADDON_VERSION.test(addon.version)) {
    out.error([...path, "version"], "is not an EKS add-on version", `Write it as aws eks describe-addon-versions --addon-name ${nameOk ? name : "<name>"} lists it, e.g. v1.45.0-eksbuild.1`, addon.version);
  }

  // The add-on's service account: from the table, or the entry's own.
  const known = nameOk ? KNOWN_ADDONS[name] : undefined;
  const namespace = addon.namespace ?? known?.namespace;
  const serviceAccount = addon.serviceAccount ?? known?.serviceAccount;
  if (nameOk && name !== POD_IDENTITY_AGENT_ADDON && (namespace === undefined || serviceAccount === undefined)) {
    const missing = namespace === undefined ? "namespace" : "serviceAccount";
    out.error(
      [...path, missing],
      `is required: irsa-gen does not know the service account of the add-on ${name}`,
      `Add namespace: and serviceAccount: of the add-on's service account that needs the role; aws eks describe-addon-configuration --addon-name ${name} --addon-version <version> --query podIdentityConfiguration prints it`,
    );
  }
  const identity: Identity = addon.identity ?? "irsa";

  // Adoption: the add-on itself is the entry's; a role that exists is read as a workload's.
  const adopt = addon.adopt;
  const adoptAddon = adopt === true || (typeof adopt === "object" && adopt.addon === true);
  const roleAdopt = typeof adopt === "object" ? Object.fromEntries(Object.entries(adopt).filter(([key]) => key !== "addon")) : {};

  // The role, read as a workload's on the add-on's service account.
  const role: Record<string, unknown> = {};
  for (const key of ADDON_ROLE_KEYS) if ((addon as Record<string, unknown>)[key] !== undefined) role[key] = (addon as Record<string, unknown>)[key];
  const namesPermissions = ["preset", "presets", "managedPolicyArns", "policyStatements"].some((key) => Object.hasOwn(raw, key));
  if (!namesPermissions && known?.preset !== undefined) role.preset = known.preset;
  if (!namesPermissions && known?.suggestedPreset !== undefined && out.errorCount === errorsBefore) {
    out.error(path, `names no permissions for the add-on ${name}`, `Add presets: [{ name: ${known.suggestedPreset}, … }] with its parameters (npm run --silent presets -- --parameters lists them), or managedPolicyArns / policyStatements`);
  }
  Object.assign(role, { identity, createServiceAccount: false, createNamespace: false });
  if (namespace !== undefined) role.namespace = namespace;
  if (serviceAccount !== undefined) role.serviceAccount = serviceAccount;
  if (Object.keys(roleAdopt).length > 0) role.adopt = roleAdopt;
  if (nameOk) {
    role.terraformName = terraformLabel(name);
    // IAM is global per account: the cluster's name keeps two clusters' add-on roles apart.
    if (addon.roleName === undefined && typeof roleAdopt.role !== "string" && cluster.name !== undefined) role.roleName = fitRoleName(`${cluster.name}-addon-${name}`);
    if (addon.description === undefined && cluster.name !== undefined && namespace !== undefined && serviceAccount !== undefined) {
      role.description = `Role of the EKS add-on ${name} (${namespace}/${serviceAccount}) on EKS cluster ${cluster.name}`;
    }
  }
  // An add-on's role lives in the cluster's account, whatever roleAccount the cluster or defaults: give
  // its workloads: the add-on is the cluster's, and its role is wired to it by the cluster's provider.
  const result = namespace !== undefined && serviceAccount !== undefined ? validateWorkload(role, path, { ...cluster, accounts: undefined }, out) : {};
  // A role name the entry does not write is reported at the entry.
  const claim = result.claim && nameOk ? { ...result.claim, workload: `the add-on ${name}`, path: addon.roleName !== undefined ? [...path, "roleName"] : path } : undefined;
  const key = namespace !== undefined && serviceAccount !== undefined ? `${namespace}/${serviceAccount}` : undefined;
  if (out.errorCount > errorsBefore || !result.config || !nameOk) return { ...(nameOk ? { name } : {}), serviceAccount: key, claim };
  return {
    name,
    serviceAccount: key,
    claim,
    config: { name, ...(addon.version !== undefined ? { version: addon.version } : {}), id: result.config.id, role: result.config, adoptAddon },
  };
}
