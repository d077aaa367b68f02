/**
 * The Kubernetes side of a workload: namespace and service account names,
 * labels and annotations, and namespaces irsa-gen must never own.
 */
import { ROLE_ARN_ANNOTATION } from "../aws/eks";
import type { ProblemCollector } from "./collector";
import type { Setting } from "./inherit";
import { formatPath, type ConfigPath } from "./problems";
import * as rules from "../model/rules";

/**
 * Namespaces every cluster has. Creating one with `createNamespace` makes
 * Terraform own it: the apply fails because it exists, and should it ever
 * be imported, a later destroy would delete it with everything in it.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** Kubernetes' limit on all annotations of an object together, keys and values. https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/ */
export const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export function checkNamespace(namespace: string, at: ConfigPath, out: ProblemCollector): void {
  if (namespace.includes("*") || namespace.includes("?")) {
    out.error(at, "must name one namespace exactly: wildcards are never accepted here", "Write the namespace's exact name; the trust policy pins it with StringEquals", namespace);
  } else if (!rules.DNS_1123_LABEL.test(namespace) || namespace.length > rules.DNS_1123_LABEL_MAX) {
    out.error(at, "is not a valid Kubernetes namespace (a DNS-1123 label)", "Use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit", namespace);
  }
}

export function checkServiceAccount(name: string, at: ConfigPath, out: ProblemCollector): void {
  if (name.includes("*") || name.includes("?")) {
    out.error(at, "must name one service account exactly: wildcards are never accepted here", "Write the service account's exact name; the trust policy pins it with StringEquals", name);
  } else if (!rules.DNS_1123_SUBDOMAIN.test(name) || name.length > rules.DNS_1123_SUBDOMAIN_MAX) {
    out.error(at, "is not a valid Kubernetes service account name (a DNS-1123 subdomain)", "Use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters", name);
  } else if (name === "default") {
    out.error(
      at,
      "is the namespace's default service account: every pod of the namespace without a serviceAccountName runs as it, so every such pod would get this role",
      "Create a service account of its own for the workload and set serviceAccountName on the pods that need the role",
      name,
    );
  }
}

/** `createNamespace` on a namespace every cluster already has. */
export function checkCreatedNamespace(namespace: string, namespaceAt: ConfigPath, createNamespace: Setting<boolean> | undefined, out: ProblemCollector): void {
  if (createNamespace?.value !== true || !SYSTEM_NAMESPACES.includes(namespace)) return;
  const workloadPath = namespaceAt.slice(0, -1);
  const own = createNamespace.path.length === workloadPath.length + 1 && workloadPath.every((part, i) => createNamespace.path[i] === part);
  out.error(
    own ? createNamespace.path : namespaceAt,
    `would create the namespace ${namespace}${own ? "" : ` (createNamespace: true at ${formatPath(createNamespace.path)})`}, which every cluster already has: the apply would fail, and a later destroy would delete it with everything in it`,
    "Set createNamespace: false on this workload",
    own ? true : namespace,
  );
}

/** Labels and annotations: keys, values, the generator's annotation, and Kubernetes' size limit. */
export function checkServiceAccountMetadata(
  labels: readonly (readonly [string, string])[],
  annotations: readonly (readonly [string, string])[],
  at: { readonly labels: ConfigPath; readonly annotations: ConfigPath },
  roleArnLength: number,
  out: ProblemCollector,
): void {
  for (const [key, value] of labels) {
    if (!rules.isQualifiedKey(key)) {
      out.error([...at.labels, key], "is not a valid Kubernetes label key", "Use [prefix/]name: a DNS subdomain prefix and a name of at most 63 letters, digits, '-', '_' and '.'", key, true);
    }
    if (!rules.LABEL_VALUE.test(value)) {
      out.error([...at.labels, key], "is not a valid Kubernetes label value", "Use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit", value);
    }
  }
  let bytes = Buffer.byteLength(ROLE_ARN_ANNOTATION) + roleArnLength;
  for (const [key, value] of annotations) {
    if (!rules.isQualifiedKey(key)) {
      out.error([...at.annotations, key], "is not a valid Kubernetes annotation key", "Use [prefix/]name: a DNS subdomain prefix and a name of at most 63 letters, digits, '-', '_' and '.'", key, true);
    }
    if (key === ROLE_ARN_ANNOTATION) {
      out.error([...at.annotations, key], "is set by the generator", "Remove it: the annotation always names this workload's own role", value, true);
    }
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    out.error(at.annotations, `adds up to ${bytes} bytes with the role annotation; Kubernetes allows ${ANNOTATIONS_MAX_BYTES} (256 KiB) for all annotations of a service account`, "Move large data out of annotations (a ConfigMap, for instance)", bytes);
  }
}
