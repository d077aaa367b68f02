/**
 * Names and their uniqueness: clusters (one stack folder each), IAM roles
 * (one namespace per account, compared ignoring case), Terraform labels
 * and addresses within a stack.
 */
import type { Collision, Owner } from "../model/addresses";
import type { ProblemCollector } from "./collector";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";

export function checkClusterName(name: string, at: ConfigPath, out: ProblemCollector): void {
  if (!rules.CLUSTER_NAME.test(name)) {
    out.error(at, "is not a valid EKS cluster name", "Use 1 to 100 letters, digits, '-' and '_', starting with a letter or digit", name);
  }
}

/**
 * Cluster names are unique in the file, ignoring case: each is a stack
 * folder, and on case-insensitive file systems (macOS, Windows) `Prod` and
 * `prod` are one folder. Returns whether `name` is new.
 */
export class ClusterNames {
  private readonly seen = new Map<string, { readonly name: string; readonly path: ConfigPath }>();

  claim(name: string, path: ConfigPath, out: ProblemCollector): boolean {
    const first = this.seen.get(name.toLowerCase());
    if (!first) {
      this.seen.set(name.toLowerCase(), { name, path });
      return true;
    }
    if (first.name === name) {
      out.conflict([...path, "name"], [...first.path, "name"], "duplicates the name of another cluster", "Cluster names must be unique in the file; each becomes its own stack", name);
    } else {
      out.conflict(
        [...path, "name"],
        [...first.path, "name"],
        `differs from the cluster ${first.name} only in case: each cluster is a stack folder, and on case-insensitive file systems (macOS, Windows) the two are one folder`,
        "Rename one of the two",
        name,
      );
    }
    return false;
  }
}

/** A workload's `terraformName`, here or among its earlier names. */
export function checkTerraformName(name: string | undefined, at: ConfigPath, out: ProblemCollector): void {
  if (name !== undefined && !rules.TERRAFORM_NAME.test(name)) {
    out.error(at, "is not a Terraform name", "Use at most 128 letters, digits, '_' and '-', starting with a letter or '_'", name);
  } else if (name === "__proto__") {
    // A block label is a key of the stack's JSON, and the JavaScript that writes it (cdktf among it) drops this one.
    out.error(at, "cannot be a Terraform name here: the JavaScript libraries that write the Terraform would silently drop a block labelled __proto__", "Choose another name", name);
  }
}

export function checkRoleName(roleName: string | undefined, at: ConfigPath, out: ProblemCollector): void {
  if (roleName !== undefined && !rules.ROLE_NAME.test(roleName)) {
    out.error(at, "is not a valid IAM role name", "Use 1 to 64 letters, digits and +=,.@_-", roleName);
  }
}

/** A role a workload would create. */
export interface RoleClaim {
  readonly roleName: string;
  readonly cluster: string;
  readonly accountId?: string;
  readonly partition: string;
  /** `namespace/serviceAccount` */
  readonly workload: string;
  readonly path: ConfigPath;
}

/**
 * IAM is global per account, and role names are unique ignoring case:
 * `Shared-Role` and `shared-role` in one account are one role, and the
 * second create fails at apply. Clusters without `accountId` may share an
 * account with any other, so they are compared with every cluster.
 */
export function checkRoleNamesPerAccount(claims: readonly RoleClaim[], out: ProblemCollector): void {
  const byName = new Map<string, RoleClaim[]>();
  for (const claim of claims) {
    const key = `${claim.partition} ${claim.roleName.toLowerCase()}`;
    const list = byName.get(key);
    if (list) list.push(claim);
    else byName.set(key, [claim]);
  }
  for (const owners of byName.values()) {
    if (owners.length < 2) continue;
    // The first owner each later one meets: the earliest of the same account or of an unknown one (linear, not pairwise).
    const firstByAccount = new Map<string, number>();
    let firstUnknown: number | undefined;
    owners.forEach((other, i) => {
      const candidates = other.accountId === undefined ? (i > 0 ? [0] : []) : [firstByAccount.get(other.accountId), firstUnknown].filter((n): n is number => n !== undefined);
      if (other.accountId === undefined) firstUnknown ??= i;
      else if (!firstByAccount.has(other.accountId)) firstByAccount.set(other.accountId, i);
      if (candidates.length === 0) return;
      const first = owners[Math.min(...candidates)];
      if (first === other) return;
      const sameCase = first.roleName === other.roleName;
      out.conflict(
        other.path,
        first.path,
        `gives ${other.workload} the role name "${other.roleName}", which ${first.workload} of cluster ${first.cluster} has ${sameCase ? "too" : `as "${first.roleName}" (IAM role names ignore case)`}`,
        "IAM role names are unique per account: set a distinct roleName, or accountId on both clusters if they are in different accounts",
        other.roleName,
      );
    });
  }
}

/**
 * Two blocks that would get one Terraform address: Terraform would see one
 * block, and one workload would silently lose a policy, its service account
 * or its namespace. Reported once per pair of owners, at the second one.
 */
export function reportCollisions(
  collisions: readonly Collision[],
  clusterPath: ConfigPath,
  workloadPaths: ReadonlyMap<string, ConfigPath>,
  ownPolicyIndex: (workloadPath: ConfigPath, policyArn: string) => number,
  out: ProblemCollector,
  paths: { readonly roles?: ReadonlyMap<string, ConfigPath>; readonly addons?: ReadonlyMap<string, ConfigPath> } = {},
): void {
  if (collisions.length === 0) return;
  const firstByNamespace = new Map<string, ConfigPath>();
  for (const [key, path] of workloadPaths) {
    const namespace = key.slice(0, key.indexOf("/"));
    if (!firstByNamespace.has(namespace)) firstByNamespace.set(namespace, path);
  }
  const where = (owner: Owner): ConfigPath => {
    if (owner.kind === "cluster") return clusterPath;
    if (owner.kind === "namespace") {
      const first = firstByNamespace.get(owner.namespace);
      return first ? [...first, "namespace"] : clusterPath;
    }
    if (owner.kind === "role") return paths.roles?.get(owner.role) ?? clusterPath;
    const path = (owner.kind === "addon" ? paths.addons?.get(owner.addon) : workloadPaths.get(owner.workload)) ?? clusterPath;
    if (owner.policyArn === undefined) return path;
    const index = ownPolicyIndex(path, owner.policyArn);
    return index >= 0 ? [...path, "managedPolicyArns", index] : path;
  };
  const describe = (owner: Owner): string =>
    owner.kind === "cluster"
      ? "the cluster's own blocks"
      : owner.kind === "namespace"
        ? `the namespace ${owner.namespace}`
        : owner.kind === "role"
          ? `the shared role ${owner.role}`
          : owner.kind === "addon"
            ? owner.policyArn !== undefined
              ? `the attachment of ${owner.policyArn} to the add-on ${owner.addon}`
              : `the add-on ${owner.addon}`
            : owner.previous !== undefined
              ? `the earlier name ${owner.previous} of ${owner.workload}`
              : owner.policyArn !== undefined
                ? `the attachment of ${owner.policyArn} to ${owner.workload}`
                : `the workload ${owner.workload}`;
  const fix = (first: Owner, second: Owner): string => {
    if (first.kind === "addon" && second.kind === "addon" && first.addon === second.addon) {
      return "Attach one of the two through a policy of another name: an attachment's Terraform name comes from the policy's name";
    }
    if (first.kind === "addon" && second.kind === "addon") return "Two add-on names give one Terraform name ('-', '.' and '_' all become '_'): list only the add-on EKS has";
    if (first.kind === "addon" || second.kind === "addon") {
      return "An add-on's blocks are named after the add-on: set terraformName on the workload (on a workload not applied yet: it changes that workload's addresses); '-' and '.' both become '_' in Terraform names";
    }
    if ((second.kind === "workload" && second.previous !== undefined) || (first.kind === "workload" && first.previous !== undefined)) {
      return "An earlier name moves its blocks to the current one: it must not be the name of a workload that exists now, nor another workload's earlier name";
    }
    if (first.kind === "workload" && second.kind === "workload" && first.workload === second.workload) {
      return "Attach one of the two through a policy of another name: an attachment's Terraform name comes from the policy's name";
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
