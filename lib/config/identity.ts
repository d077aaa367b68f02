/**
 * How a workload's pods get credentials: IRSA, EKS Pod Identity, or both
 * while moving from one to the other. Pure: no cdktf.
 */
import { explainArn } from "../aws/arn";
import type { PartitionInfo } from "../aws/partition";
import type { ProblemCollector } from "./collector";
import type { Identity, PodIdentitySettings, PolicyStatement } from "../model/model";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";
import type { RawWorkload } from "./schema";
import { DEFAULT_IDENTITY, mechanismsOf } from "../model/mechanisms";

export interface IdentityInput {
  readonly workload: RawWorkload;
  readonly path: ConfigPath;
  /** The inherited setting and where it was written. */
  readonly identity?: { readonly value: Identity; readonly path: ConfigPath };
  /** Absent when the region is not one (already reported). */
  readonly partition?: PartitionInfo;
  readonly region?: string;
  readonly accountId?: string;
}

export interface ResolvedIdentity {
  readonly identity: Identity;
  readonly podIdentity?: PodIdentitySettings;
  /** Statements the role needs for its mechanism (assuming a target role). */
  readonly statements: readonly PolicyStatement[];
}

export function resolveIdentity(input: IdentityInput, out: ProblemCollector): ResolvedIdentity {
  const identity = input.identity?.value ?? DEFAULT_IDENTITY;
  const { podIdentity } = mechanismsOf(identity);
  const raw = input.workload.podIdentity;
  const at = [...input.path, "podIdentity"];
  if (podIdentity && input.partition?.id === "aws-cn") {
    // https://docs.amazonaws.cn/en_us/eks/latest/userguide/pod-identities.html
    out.error(input.identity!.path, `is not available in ${input.region}: EKS Pod Identity does not run in the China regions`, "Use identity: irsa for clusters in China", identity);
  }
  if (!podIdentity) {
    if (raw !== undefined) out.error(at, "applies only to workloads with identity: pod-identity or both", "Set identity: pod-identity (or both), or remove podIdentity", raw);
    return { identity, statements: [] };
  }
  const disableSessionTags = raw?.disableSessionTags ?? false;
  if (disableSessionTags && raw?.unpinnedTrust !== true) {
    out.error(
      [...at, "disableSessionTags"],
      "makes it impossible to pin the role's trust to this service account on this cluster: without session tags, a trust that requires them admits nobody",
      "Keep the session tags; or set unpinnedTrust: true as well, accepting that any Pod Identity association of the account may use this role",
      true,
    );
  }
  if (raw?.unpinnedTrust === true && !disableSessionTags) {
    out.error([...at, "unpinnedTrust"], "is only for associations without session tags", "Remove it: with session tags, the trust is pinned to this service account on this cluster", true);
  }
  const statements: PolicyStatement[] = [];
  const target = raw?.targetRoleArn;
  if (target !== undefined) {
    const targetAt = [...at, "targetRoleArn"];
    const shape = `arn:${input.partition?.id ?? "aws"}:iam::<account>:role/<name>`;
    const read = explainArn(target);
    const arn = "arn" in read ? read.arn : undefined;
    if (/[*?]|[$&%]\{/.test(target)) {
      // The ARN becomes the Resource of an sts:AssumeRole grant, where * and ?
      // are wildcards and &{…} a policy variable: the role could then assume
      // every role the pattern matches, not the one the association names.
      out.error(targetAt, "must name one role: wildcards (* and ?) and policy variables are never accepted here", `Write the target role's full ARN, ${shape}`, target);
    } else if (!arn) {
      out.error(targetAt, (read as { problem: string }).problem, `Write it as ${shape}`, target);
    } else if (arn.service !== "iam" || arn.region !== "" || !rules.ACCOUNT_ID.test(arn.account) || !rules.ROLE_ARN_RESOURCE.test(arn.resource)) {
      out.error(targetAt, "is not an IAM role ARN", `Write it as ${shape}`, target);
    } else if (input.partition && arn.partition !== input.partition.id) {
      out.error(targetAt, `is in partition ${arn.partition}, but ${input.region} is in ${input.partition.id}`, "Role chaining stays within a partition: use a role of the cluster's partition", target);
    } else {
      if (input.accountId !== undefined && arn.account === input.accountId) {
        out.warn(targetAt, "is in the cluster's own account", "A target role is for another account; in the same account, grant the permissions to this role instead");
      }
      // EKS Pod Identity assumes this role, then the target role with its
      // credentials: this role must be allowed to (and to pass the tags on).
      // https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
      statements.push({ sid: "AssumeTargetRole", effect: "Allow", actions: ["sts:AssumeRole", "sts:TagSession"], resources: [target] });
    }
  }
  return { identity, podIdentity: { disableSessionTags, ...(target !== undefined ? { targetRoleArn: target } : {}) }, statements };
}
