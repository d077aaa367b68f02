/**
 * Provider version constraints checked against what the stack uses: a
 * constraint that admits a release older than a resource or argument the
 * stack writes would validate, then fail at `terraform plan` ("unsupported
 * argument", "invalid resource type") on the machine that installs it.
 *
 * The minimums are hashicorp/aws's changelog
 * (https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md):
 * `aws_eks_pod_identity_association` is new in 5.29.0,
 * `aws_iam_role_policies_exclusive` in 5.68.0,
 * `aws_iam_role_policy_attachments_exclusive` in 5.72.0, `thumbprint_list`
 * optional on `aws_iam_openid_connect_provider` from 5.81.0, and
 * `target_role_arn` and `disable_session_tags` on the association are not in
 * 5.100.0 (the last 5.x; its schema lacks them), so 6.0.0;
 * `pod_identity_association` on `aws_eks_addon` is new in 5.75.0. The Kubernetes
 * and TLS providers' constraints are not checked: no minimum per feature is
 * established for them here.
 *
 * Pure: no cdktf.
 */
import type { ProblemCollector } from "./collector";
import type { AddonConfig, OidcProviderConfig, WorkloadConfig } from "../model/model";
import type { ConfigPath } from "./problems";
import { mechanismsOf } from "../model/mechanisms";

/** A release of hashicorp/aws the stack needs, and why. */
export interface AwsMinimum {
  readonly version: string;
  readonly feature: string;
}

const POD_IDENTITY: AwsMinimum = { version: "5.29.0", feature: "aws_eks_pod_identity_association (identity: pod-identity or both)" };
const EXCLUSIVE: AwsMinimum = { version: "5.72.0", feature: "aws_iam_role_policy_attachments_exclusive and aws_iam_role_policies_exclusive (exclusivePolicies, on by default)" };
const NO_THUMBPRINT: AwsMinimum = { version: "5.81.0", feature: "an OIDC provider without thumbprint_list (oidcThumbprint: false)" };
const TARGET_ROLE: AwsMinimum = { version: "6.0.0", feature: "target_role_arn on aws_eks_pod_identity_association (podIdentity.targetRoleArn)" };
const ADDON_POD_IDENTITY: AwsMinimum = { version: "5.75.0", feature: "pod_identity_association on aws_eks_addon (an add-on with identity: pod-identity)" };
const NO_SESSION_TAGS: AwsMinimum = { version: "6.0.0", feature: "disable_session_tags on aws_eks_pod_identity_association (podIdentity.disableSessionTags)" };

/** The newest of the minimums the cluster's stack needs, or undefined when it needs none. */
export function awsMinimum(workloads: readonly WorkloadConfig[], provider: OidcProviderConfig, addons: readonly AddonConfig[] = []): AwsMinimum | undefined {
  const needs: AwsMinimum[] = [];
  for (const { role } of addons) {
    if (role.retire !== undefined) continue;
    if (role.exclusivePolicies) needs.push(EXCLUSIVE);
    if (mechanismsOf(role.identity).podIdentity) needs.push(ADDON_POD_IDENTITY);
  }
  for (const w of workloads) {
    if (w.retire !== undefined) continue;
    if (w.exclusivePolicies) needs.push(EXCLUSIVE);
    if (mechanismsOf(w.identity).podIdentity) needs.push(POD_IDENTITY);
    if (w.podIdentity?.targetRoleArn !== undefined) needs.push(TARGET_ROLE);
    if (w.podIdentity?.disableSessionTags) needs.push(NO_SESSION_TAGS);
  }
  if (provider.mode === "create" && !provider.thumbprint) needs.push(NO_THUMBPRINT);
  return needs.reduce<AwsMinimum | undefined>((best, n) => (best === undefined || compareVersions(n.version, best.version) > 0 ? n : best), undefined);
}

/** Refuses `constraint` (written at `at`) when it admits a release older than `minimum`. */
export function checkAwsConstraint(constraint: string, at: ConfigPath, minimum: AwsMinimum | undefined, out: ProblemCollector): void {
  if (minimum === undefined) return;
  const lowest = lowestAdmitted(constraint);
  if (lowest === undefined || compareVersions(lowest, minimum.version) >= 0) return;
  const [major] = minimum.version.split(".");
  out.error(
    at,
    `admits hashicorp/aws ${lowest}, older than ${minimum.version}, the first release with ${minimum.feature}, which this cluster's stack uses`,
    `Require at least that release, e.g. ">= ${minimum.version}, < ${Number(major) + 1}.0.0"`,
    constraint,
  );
}

/**
 * The lowest version a constraint admits (its strongest lower bound), or
 * undefined when it cannot be read. `< x`, `<= x` and `!= x` set no lower
 * bound, so a constraint with only those admits 0.0.0. `> x` admits
 * releases just above x: x stands for them.
 * https://developer.hashicorp.com/terraform/language/expressions/version-constraints
 */
export function lowestAdmitted(constraint: string): string | undefined {
  let lowest = "0.0.0";
  for (const part of constraint.split(",")) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+(?:\.\d+){0,2})(?:-[0-9A-Za-z.-]+)?\s*$/.exec(part);
    if (!m) return undefined;
    const [, operator = "=", version] = m;
    if (operator === "<" || operator === "<=" || operator === "!=") continue;
    if (compareVersions(version, lowest) > 0) lowest = version;
  }
  return normalize(lowest);
}

/** Numeric comparison of dotted versions; missing parts are 0. */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function normalize(version: string): string {
  const parts = version.split(".");
  while (parts.length < 3) parts.push("0");
  return parts.join(".");
}
