/**
 * The names of the roles eksctl made, from eksctl itself:
 * `eksctl get iamserviceaccount --cluster <name> --region <region> -o yaml`
 * (or `-o json`) prints each iamserviceaccount with `status.roleARN` (the
 * role CloudFormation created) and `status.stackName`
 * (pkg/cfn/manager/iam.go, GetIAMServiceAccounts).
 *
 * CloudFormation generates a role's name unless `roleName` was set, so
 * without this output the converter cannot know it. Entries are matched by
 * stack name, which holds the cluster's name: one file per cluster, any
 * number of clusters.
 */
import { z } from "zod";
import { ProblemCollector } from "../config/collector";
import { parseConfigText } from "../config/source";
import { format } from "./cluster-config";

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
  /** The service account, as eksctl lists it. */
  readonly namespace?: string;
  readonly serviceAccount?: string;
  /** Where it was read, for the report. */
  readonly file: string;
}

export interface ReadRoles {
  readonly roles: ReadonlyMap<string, KnownRole>;
  readonly errors: readonly string[];
}

export const GET_COMMAND = (cluster: string, region: string) => `eksctl get iamserviceaccount --cluster ${cluster} --region ${region} -o yaml`;

/** Reads one such output. Pure: no file system. */
export function readRoles(file: string, text: string): ReadRoles {
  const source = parseConfigText(file, text);
  if (source.problems.length > 0) return { roles: new Map(), errors: format(source, source.problems) };
  const out = new ProblemCollector();
  const fix = `Give what ${GET_COMMAND("<cluster>", "<region>")} prints`;
  const data = source.data === null || source.data === undefined ? [] : source.data;
  if (!Array.isArray(data)) {
    out.error([], "is not a list of iamserviceaccounts", fix, data);
    return { roles: new Map(), errors: format(source, out.problems) };
  }
  const roles = new Map<string, KnownRole>();
  data.forEach((raw, index) => {
    const entry = out.check(entrySchema, raw, [index]);
    if (!entry) return;
    const arn = entry.status?.roleARN;
    const stack = entry.status?.stackName;
    if (arn === undefined || stack === undefined) {
      out.error([index, "status"], "has no roleARN and stackName", fix, entry.status ?? raw);
      return;
    }
    const role = roleFromArn(arn);
    if (!role) {
      out.error([index, "status", "roleARN"], "is not an IAM role ARN", fix, arn);
      return;
    }
    roles.set(stack, { ...role, arn, namespace: entry.metadata?.namespace, serviceAccount: entry.metadata?.name, file });
  });
  return { roles, errors: format(source, out.problems) };
}

/** `arn:<partition>:iam::<account>:role/<path/>name` → its name and path. */
export function roleFromArn(arn: string): { name: string; path: string } | undefined {
  const m = /^arn:[a-z-]+:iam::\d{12}:role(\/(?:[\x21-\x7e]+\/)?)([\w+=,.@-]{1,64})$/.exec(arn);
  return m ? { path: m[1], name: m[2] } : undefined;
}
