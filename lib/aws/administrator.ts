/**
 * What counts as administrator access: grants that either are it, or let
 * the holder give itself anything (privilege escalation). A workload with
 * any of them needs `dangerouslyAllowAdministratorAccess: true`.
 *
 * The rule is deliberately simple, so that a reviewer can predict it:
 * conditions never make such a grant safe (a condition on a request
 * attribute the caller controls, or one that `*` matches, restricts
 * nothing), so they are not looked at.
 */

/** AWS managed policies (account `aws`) that are administrator access on their own, and why. */
export const ADMINISTRATOR_POLICIES: ReadonlyArray<{ readonly name: string; readonly why: string }> = [
  { name: "AdministratorAccess", why: "allows every action on every resource" },
  { name: "IAMFullAccess", why: "allows iam:* on every resource, so the role can attach AdministratorAccess to itself" },
  {
    name: "AdministratorAccess-Amplify",
    why: "lets the role create roles, write their policies and pass them to Lambda and CloudFormation (iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy, iam:PassRole)",
  },
  {
    name: "AdministratorAccess-AWSElasticBeanstalk",
    why: "lets the role create roles, attach policies to them and pass them to EC2 (iam:CreateRole, iam:AttachRolePolicy, iam:PassRole)",
  },
];

/**
 * AWS managed policies that are administrator access together with a grant
 * to pass any role: PowerUserAccess allows every service but IAM, so with
 * iam:PassRole on every role it can start an instance, a function or a
 * task as any role of the account, administrators included.
 */
export const ADMINISTRATOR_WITH_PASS_ROLE: readonly string[] = ["PowerUserAccess"];

/**
 * IAM actions that let the holder raise its own permissions when allowed on
 * the resources they act on: write or attach a policy, change a policy's
 * default version, drop a permissions boundary, or obtain another
 * principal's credentials. After Rhino Security Labs' list of IAM privilege
 * escalation methods.
 * https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
 */
export const ESCALATION_ACTIONS: ReadonlyArray<{ readonly action: string; readonly on: "role" | "user" | "group" | "policy" }> = [
  { action: "iam:PutRolePolicy", on: "role" },
  { action: "iam:AttachRolePolicy", on: "role" },
  { action: "iam:UpdateAssumeRolePolicy", on: "role" },
  { action: "iam:PutRolePermissionsBoundary", on: "role" },
  { action: "iam:DeleteRolePermissionsBoundary", on: "role" },
  { action: "iam:PutUserPolicy", on: "user" },
  { action: "iam:AttachUserPolicy", on: "user" },
  { action: "iam:PutUserPermissionsBoundary", on: "user" },
  { action: "iam:DeleteUserPermissionsBoundary", on: "user" },
  { action: "iam:CreateAccessKey", on: "user" },
  { action: "iam:CreateLoginProfile", on: "user" },
  { action: "iam:UpdateLoginProfile", on: "user" },
  { action: "iam:AddUserToGroup", on: "group" },
  { action: "iam:PutGroupPolicy", on: "group" },
  { action: "iam:AttachGroupPolicy", on: "group" },
  { action: "iam:CreatePolicyVersion", on: "policy" },
  { action: "iam:SetDefaultPolicyVersion", on: "policy" },
];
