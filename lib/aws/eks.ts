/**
 * Facts of EKS's IAM Roles for Service Accounts that the generated
 * Terraform must match exactly.
 * https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 */

/**
 * The audience of the projected service-account token. It is
 * `sts.amazonaws.com` in every partition, China included:
 * `sts.amazonaws.com.cn` fails with "Incorrect token audience"
 * (eksctl #1910, terraform-aws-eks #1704).
 */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** The annotation EKS's pod identity webhook reads on a service account. */
export const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";

/** The `sub` of a service account's projected token. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
