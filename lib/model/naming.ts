/**
 * Names derived from natural keys (cluster, namespace, service account).
 *
 * These names become Terraform addresses and IAM role names. A changed
 * address makes Terraform destroy and recreate the role, and the pods lose
 * AWS access until the new one exists, so nothing here may depend on the
 * position of anything in the config file.
 */
import { createHash } from "node:crypto";

/** IAM role names: at most 64 characters of `[\w+=,.@-]`. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const ROLE_NAME_MAX = 64;
const HASH_CHARS = 8;

/**
 * The default role name: `<cluster>-<namespace>-<serviceAccount>`.
 *
 * IAM is global per account, so the cluster is part of the name: two
 * clusters sharing an account never collide. Longer names are cut and get a
 * hash of the full name, so distinct long names stay distinct and the same
 * workload always gets the same name.
 */
export function defaultRoleName(cluster: string, namespace: string, serviceAccount: string): string {
  return fitRoleName(`${cluster}-${namespace}-${serviceAccount}`);
}

export function fitRoleName(full: string): string {
  if (full.length <= ROLE_NAME_MAX) return full;
  const hash = shortHash(full);
  const head = full.slice(0, ROLE_NAME_MAX - HASH_CHARS - 1).replace(/[-_.]+$/, "");
  return `${head}-${hash}`;
}

export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_CHARS);
}

/**
 * A Terraform block label from free text: lower snake case, never starting
 * with a digit (Terraform identifiers may not).
 * https://developer.hashicorp.com/terraform/language/syntax/configuration#identifiers
 */
export function terraformLabel(...parts: string[]): string {
  const label = parts
    .join("_")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  return /^[0-9]/.test(label) ? `n${label}` : label;
}

/** The label of a workload's blocks, e.g. `payments_s3_backup`. */
export function workloadLabel(namespace: string, serviceAccount: string): string {
  return terraformLabel(namespace, serviceAccount);
}
