/**
 * The names of the roles eksctl made, and the ids of the Pod Identity
 * associations, from eksctl itself:
 * - `eksctl get iamserviceaccount --cluster <name> --region <region> -o yaml`
 *   (or `-o json`) prints each iamserviceaccount with `status.roleARN` (the
 *   role CloudFormation created) and `status.stackName`
 *   (pkg/cfn/manager/iam.go, GetIAMServiceAccounts);
 * - `eksctl get podidentityassociation --cluster <name> --region <region> -o yaml`
 *   prints each association as eksctl's Summary, a Go struct without JSON
 *   tags, so its keys are the field names: `AssociationARN` (ending in the
 *   association's id), `Namespace`, `ServiceAccountName`, `RoleARN` and
 *   `OwnerARN` (set, for an association an EKS add-on owns)
 *   (pkg/actions/podidentityassociation/getter.go).
 *
 * CloudFormation generates a role's name unless `roleName` was set, and EKS
 * an association's id, so without this output the converter cannot know
 * them. Roles are matched by stack name, associations by cluster, namespace
 * and service account (the cluster is in the association's ARN): one file
 * per cluster and command, any number of clusters, in any order.
 */
import { z } from "zod";
import { explainArn } from "../aws/arn";
import { ProblemCollector } from "../config/collector";
import type { ConfigPath, Position } from "../config/problems";
import { parseConfigText } from "../config/source";
import { format } from "./cluster-config";

/** Where a listing says something: its file, the entry's path and position, for messages that point at it. */
export interface ListedAt {
  readonly file: string;
  readonly path: ConfigPath;
  readonly position?: Position;
}

const entrySchema = z.looseObject({
  metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional() }).optional(),
  status: z.looseObject({ roleARN: z.string().optional(), stackName: z.string().optional() }).optional(),
});

/** A role eksctl made, by the name of its stack. */
export interface KnownRole {
  readonly name: string;
  /** The role's path, `/` for every role eksctl makes. */
  readonly path: string;
  readonly arn: string;
  /** The account in its ARN: a listing applies only to a ClusterConfig of that account. */
  readonly account: string;
  readonly partition: string;
  /** The service account, as eksctl lists it. */
  readonly namespace?: string;
  readonly serviceAccount?: string;
  /** Where it was read, for the report. */
  readonly file: string;
  /** Where its ARN stands in the listing. */
  readonly at: ListedAt;
}

/** A Pod Identity association that exists, as eksctl lists it. */
export interface KnownAssociation {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** `a-…`, the last part of its ARN. */
  readonly id: string;
  readonly arn: string;
  /** The region and account in its ARN: a listing applies only to the ClusterConfig of that region and account. */
  readonly region: string;
  readonly account: string;
  /** Where its ARN stands in the listing. */
  readonly at: ListedAt;
  /** The role it names. */
  readonly role?: { readonly name: string; readonly path: string; readonly arn: string };
  /** The EKS add-on that owns it, if one does. */
  readonly ownerArn?: string;
  /** Where it was read, for the report. */
  readonly file: string;
}

export interface ReadRoles {
  readonly roles: ReadonlyMap<string, KnownRole>;
  /** By associationKey(cluster, namespace, service account). */
  readonly associations: ReadonlyMap<string, KnownAssociation>;
  readonly errors: readonly string[];
}

export const GET_COMMAND = (cluster: string, region: string) => `eksctl get iamserviceaccount --cluster ${cluster} --region ${region} -o yaml`;
export const GET_ASSOCIATIONS_COMMAND = (cluster: string, region: string) => `eksctl get podidentityassociation --cluster ${cluster} --region ${region} -o yaml`;

export function associationKey(cluster: string, namespace: string, serviceAccount: string): string {
  return `${cluster}/${namespace}/${serviceAccount}`;
}

const associationSchema = z.looseObject({
  AssociationARN: z.string(),
  Namespace: z.string(),
  ServiceAccountName: z.string(),
  RoleARN: z.string().optional(),
  OwnerARN: z.string().optional(),
});

/** `arn:<partition>:eks:<region>:<account>:podidentityassociation/<cluster>/<id>` */
const ASSOCIATION_ARN = /^arn:([a-z-]+):eks:([a-z0-9-]+):(\d{12}):podidentityassociation\/([^/]+)\/(a-[a-z0-9]+)$/;

/** Why a text is not the ARN of an EKS Pod Identity association; undefined when it is one. */
export function whyNotAssociationArn(text: string): string | undefined {
  if (ASSOCIATION_ARN.test(text)) return undefined;
  const read = explainArn(text);
  if ("problem" in read) return read.problem;
  const { service, region, account, resource } = read.arn;
  if (service !== "eks") return `names the service "${service}", where an association's ARN names eks`;
  if (region === "") return "has no region: an association's ARN names the cluster's region";
  if (!/^\d{12}$/.test(account)) return "has no 12-digit account";
  if (!resource.startsWith("podidentityassociation/")) return `names a ${resource.split("/")[0]}, where an association's ARN names podidentityassociation/<cluster>/<id>`;
  return "does not end in /<cluster>/a-<id>, the cluster and the association's id";
}

/** Why a text is not an IAM role's ARN; undefined when it is one. */
export function whyNotRoleArn(text: string): string | undefined {
  if (roleFromArn(text)) return undefined;
  const read = explainArn(text);
  if ("problem" in read) return read.problem;
  const { service, region, account, resource } = read.arn;
  if (service !== "iam") return `names the service "${service}", where a role's ARN names iam`;
  if (region !== "") return `names the region "${region}": IAM is global, a role's ARN has none`;
  if (!/^\d{12}$/.test(account)) return "has no 12-digit account";
  if (!resource.startsWith("role/")) return `names a ${resource.split("/")[0]}, where a role's ARN names role/<path/>name`;
  return "has a role name that is not 1 to 64 letters, digits and +=,.@_-, or a path that is not /…/";
}

/** Reads one such output. Pure: no file system. */
export function readRoles(file: string, text: string): ReadRoles {
  const source = parseConfigText(file, text);
  if (source.problems.length > 0) return { roles: new Map(), associations: new Map(), errors: format(source, source.problems) };
  const out = new ProblemCollector();
  const fix = `Give what ${GET_COMMAND("<cluster>", "<region>")} or ${GET_ASSOCIATIONS_COMMAND("<cluster>", "<region>")} prints`;
  // ARNs are quoted whole: the part that is wrong is often at the end.
  const wrong = (path: ConfigPath, message: string, value: unknown) => out.add({ severity: "error", path, message, fix, value, whole: true });
  const at = (path: ConfigPath): ListedAt => {
    const position = source.locate(path);
    return { file, path, ...(position ? { position } : {}) };
  };
  const data = source.data === null || source.data === undefined ? [] : source.data;
  if (!Array.isArray(data)) {
    out.error([], "is not a list of iamserviceaccounts or podidentityassociations", fix, data);
    return { roles: new Map(), associations: new Map(), errors: format(source, out.problems) };
  }
  const roles = new Map<string, KnownRole>();
  const associations = new Map<string, KnownAssociation>();
  data.forEach((raw, index) => {
    if (raw !== null && typeof raw === "object" && "AssociationARN" in raw) {
      const entry = out.check(associationSchema, raw, [index]);
      if (!entry) return;
      const m = ASSOCIATION_ARN.exec(entry.AssociationARN);
      if (!m) {
        wrong([index, "AssociationARN"], `is not the ARN of an EKS Pod Identity association: it ${whyNotAssociationArn(entry.AssociationARN)}`, entry.AssociationARN);
        return;
      }
      let role: KnownAssociation["role"];
      if (entry.RoleARN !== undefined && entry.RoleARN !== "") {
        const parsed = roleFromArn(entry.RoleARN);
        if (!parsed) {
          wrong([index, "RoleARN"], `is not an IAM role ARN: it ${whyNotRoleArn(entry.RoleARN)}`, entry.RoleARN);
          return;
        }
        role = { ...parsed, arn: entry.RoleARN };
      }
      const [, , region, account, cluster, id] = m;
      associations.set(associationKey(cluster, entry.Namespace, entry.ServiceAccountName), {
        cluster,
        namespace: entry.Namespace,
        serviceAccount: entry.ServiceAccountName,
        id,
        arn: entry.AssociationARN,
        region,
        account,
        at: at([index, "AssociationARN"]),
        ...(role ? { role } : {}),
        ...(entry.OwnerARN ? { ownerArn: entry.OwnerARN } : {}),
        file,
      });
      return;
    }
    const entry = out.check(entrySchema, raw, [index]);
    if (!entry) return;
    const arn = entry.status?.roleARN;
    const stack = entry.status?.stackName;
    if (arn === undefined || stack === undefined) {
      const missing = [arn === undefined ? "roleARN" : "", stack === undefined ? "stackName" : ""].filter(Boolean).join(" and ");
      out.error([index, "status"], `has no ${missing}, which eksctl prints for every role it made`, fix, entry.status ?? raw);
      return;
    }
    const role = roleFromArn(arn);
    if (!role) {
      wrong([index, "status", "roleARN"], `is not an IAM role ARN: it ${whyNotRoleArn(arn)}`, arn);
      return;
    }
    const [, partition, , , account] = arn.split(":");
    roles.set(stack, { ...role, arn, account, partition, namespace: entry.metadata?.namespace, serviceAccount: entry.metadata?.name, file, at: at([index, "status", "roleARN"]) });
  });
  return { roles, associations, errors: format(source, out.problems) };
}

/** `arn:<partition>:iam::<account>:role/<path/>name` → its name and path. */
export function roleFromArn(arn: string): { name: string; path: string } | undefined {
  const m = /^arn:[a-z-]+:iam::\d{12}:role(\/(?:[\x21-\x7e]+\/)?)([\w+=,.@-]{1,64})$/.exec(arn);
  return m ? { path: m[1], name: m[2] } : undefined;
}
