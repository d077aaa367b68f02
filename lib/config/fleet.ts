/**
 * The fleet registry: what must be unique across the whole config, beside
 * each stack's address registry (addresses.ts), which makes every address
 * unique inside one stack. Each thing is claimed by the first cluster or
 * workload that has it; a second claim is refused at its own place, naming
 * the first with its line.
 *
 * - State locations, after templating and normalization: two stacks on one
 *   state would each plan to destroy what the other created.
 * - Issuers: two clusters with one issuer would trust each other's service
 *   accounts (the trust policy's condition keys name the issuer only).
 * - OIDC providers by ARN: one provider created, adopted or trusted by two
 *   clusters is replaced or destroyed by one of them.
 * - Adopted Pod Identity associations by id: two workloads importing one
 *   association would set it back and forth on every apply.
 *
 * Role names per account (and with them adopted roles and their inline
 * policies, whose import ids are `role` and `role:policy`) are names.ts's
 * `checkRoleNamesPerAccount`; adopted service accounts (`namespace/name`)
 * are unique in a cluster, as every service account is.
 *
 * Pure: no file system, no cdktf.
 */
import { posix } from "node:path";
import type { ProblemCollector } from "./collector";
import type { BackendConfig } from "../model/model";
import type { ConfigPath } from "./problems";

/** Terraform Cloud's host when the `cloud` block names none. */
const DEFAULT_CLOUD_HOST = "app.terraform.io";

/** Who claims something, and where. */
export interface FleetOwner {
  readonly cluster: string;
  /** The cluster's own path, to locate it when two claims share one place (a setting of `defaults:`). */
  readonly clusterPath: ConfigPath;
  /** Where the claimed value is written. */
  readonly path: ConfigPath;
}

interface Claim extends FleetOwner {
  /** What the owner does with it, for messages: "creates", "adopts", "trusts"; a workload's name. */
  readonly role: string;
}

export class FleetRegistry {
  private readonly claims = new Map<string, Claim>();

  /**
   * The stack's state location. Keys: an S3 object is its partition's
   * bucket (bucket names are global in a partition, whatever the region)
   * and key; a local file its path normalized (`./a` and `a/../a` are `a`)
   * and compared ignoring case, as case-insensitive file systems (macOS,
   * Windows) do; a Terraform Cloud workspace its host (lower case, as DNS),
   * organization and name, or its set of tags.
   */
  state(backend: BackendConfig, partition: string | undefined, owner: FleetOwner, out: ProblemCollector): void {
    const { key, shown } = stateLocation(backend, partition);
    const first = this.claim(`state\u0000${key}`, { ...owner, role: "" });
    if (!first) return;
    out.conflict(
      owner.path,
      placeOf(first, owner),
      `puts the state of cluster ${owner.cluster} in ${shown}, where cluster ${first.cluster} keeps its state: applying either stack would destroy the other's roles`,
      "Give each cluster its own state: put {cluster} in the S3 key, the local path or the workspace name (in defaults: too)",
      shown,
    );
  }

  /** The cluster's issuer, its host and path as the condition keys name it. False when another cluster has it (reported). */
  issuer(host: string, owner: FleetOwner, out: ProblemCollector): boolean {
    const first = this.claim(`issuer\u0000${host}`, { ...owner, role: "" });
    if (!first) return true;
    out.conflict(
      owner.path,
      placeOf(first, owner),
      `is the issuer of cluster ${first.cluster} too: the roles of each cluster would trust the service accounts of the other`,
      "Copy each cluster's own issuer: aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer",
      `https://${host}`,
    );
    return false;
  }

  /** An OIDC provider the cluster creates, adopts or trusts, by ARN. False when another cluster has it (reported). */
  oidcProvider(arn: string, role: "creates" | "adopts" | "trusts", owner: FleetOwner, out: ProblemCollector): boolean {
    const first = this.claim(`provider\u0000${arn}`, { ...owner, role });
    if (!first) return true;
    out.conflict(
      owner.path,
      placeOf(first, owner),
      `${role === "creates" ? "would create" : role === "adopts" ? "adopts" : "trusts"} the OIDC provider ${arn}, which cluster ${first.cluster} ${first.role} too: ${
        role === "trusts" && first.role === "trusts" ? "one provider is one issuer, so each cluster's roles would trust the other's service accounts" : "one of the two stacks would replace or destroy it"
      }`,
      "An OIDC provider belongs to one cluster: name each cluster's own provider (aws iam list-open-id-connect-providers), and let one stack only create or adopt it",
      arn,
    );
    return false;
  }

  /** An adopted EKS Pod Identity association, by id (ids are unique across clusters and accounts). */
  association(id: string, workload: string, owner: FleetOwner, out: ProblemCollector): void {
    const first = this.claim(`association\u0000${id}`, { ...owner, role: workload });
    if (!first) return;
    out.conflict(
      owner.path,
      placeOf(first, owner),
      `adopts the EKS Pod Identity association ${id}, which ${first.role} of cluster ${first.cluster} adopts too: the two would import one association and set it back and forth on every apply`,
      "An association belongs to one service account: give each workload the id of its own (aws eks list-pod-identity-associations --cluster-name <cluster> --namespace <ns> --service-account <sa>)",
      id,
    );
  }

  /** The first claim of `key`, or records this one and returns undefined. */
  private claim(key: string, claim: Claim): Claim | undefined {
    const first = this.claims.get(key);
    if (first) return first;
    this.claims.set(key, claim);
    return undefined;
  }
}

/** Where to point at the first owner: its place, or its cluster when both claims share one place (`defaults:`). */
function placeOf(first: Claim, second: FleetOwner): ConfigPath {
  return samePath(first.path, second.path) ? [...first.clusterPath, "name"] : first.path;
}

function samePath(a: ConfigPath, b: ConfigPath): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The state's identity (`key`) and how messages show it. */
export function stateLocation(backend: BackendConfig, partition: string | undefined): { readonly key: string; readonly shown: string } {
  switch (backend.type) {
    case "s3":
      return { key: `s3\u0000${partition ?? "aws"}\u0000${backend.bucket}\u0000${backend.key}`, shown: `s3://${backend.bucket}/${backend.key}` };
    case "local": {
      const path = normalizeLocalPath(backend.path);
      return { key: `local\u0000${path.toLowerCase()}`, shown: `the local file ${path}` };
    }
    case "cloud": {
      const host = (backend.hostname ?? DEFAULT_CLOUD_HOST).toLowerCase();
      const workspace = "name" in backend.workspace ? `workspace ${backend.workspace.name}` : `the workspaces tagged ${[...new Set(backend.workspace.tags)].sort().join(", ")}`;
      return { key: `cloud\u0000${host}\u0000${backend.organization}\u0000${workspace}`, shown: `${workspace} of organization ${backend.organization} on ${host}` };
    }
  }
}

/** A relative state path as the file system resolves it: `\` as `/` (Windows), `.` and `..` segments resolved. */
export function normalizeLocalPath(path: string): string {
  return posix.normalize(path.replace(/\\/g, "/"));
}
