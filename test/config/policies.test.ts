import { own, STATEMENTS_REFUSED } from "../support/bad-configs";
import { check, expectAccepted, expectRefused, file, GRANT, READ, statement } from "../support/refusal";

const OPT_IN = "dangerouslyAllowAdministratorAccess: true";

/** Administrator-equivalent grants of any shape need the explicit opt-in. */
describe("the administrator guard rail", () => {
  // [what, workload lines, line, path, fragment]
  it.each<[string, string[], number, string, string]>([
    ["* on * with a condition", statement('- actions: ["*"]', '  resources: ["*"]', "  conditions: [{ test: StringLike, variable: aws:RequestedRegion, values: ['*'] }]"), 9, "policyStatements[0]", 'allows action "*" on resource "*": administrator access (conditions do not make it safe)'],
    ["*:* on *", statement('- actions: ["*:*"]', '  resources: ["*"]'), 9, "policyStatements[0]", "administrator access"],
    ["iam:* on *", statement("- actions: [iam:*]", '  resources: ["*"]'), 9, "policyStatements[0]", "lets the role give itself any permission"],
    ["IAM:Put* on * (action names ignore case)", statement("- actions: [IAM:Put*]", '  resources: ["*"]'), 9, "policyStatements[0]", "iam:Put* (iam:PutRolePolicy)"],
    ["iam:AttachRolePolicy on every role", statement("- actions: [iam:AttachRolePolicy]", '  resources: ["arn:aws:iam::111122223333:role/*"]'), 9, "policyStatements[0]", "lets the role give itself any permission"],
    ["iam:PutRolePolicy on a pattern matching the role itself", statement("- actions: [iam:PutRolePolicy]", '  resources: ["arn:aws:iam::*:role/prod-*"]'), 9, "policyStatements[0]", "arn:aws:iam::*:role/prod-*"],
    ["iam:CreatePolicyVersion on every policy", statement("- actions: [iam:CreatePolicyVersion]", '  resources: ["arn:aws:iam::111122223333:policy/*"]'), 9, "policyStatements[0]", "iam:CreatePolicyVersion"],
    ["AdministratorAccess", ["managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]"], 8, "managedPolicyArns[0]", "is administrator access: AdministratorAccess allows every action on every resource"],
    ["PowerUserAccess with IAMFullAccess", ["managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess, arn:aws:iam::aws:policy/IAMFullAccess]"], 8, "managedPolicyArns[1]", "IAMFullAccess allows iam:* on every resource"],
    ["PowerUserAccess with iam:PassRole on every role", ["managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]", ...statement("- actions: [iam:PassRole]", '  resources: ["*"]')], 8, "managedPolicyArns[0]", "together with iam:PassRole on every role"],
    ["AdministratorAccess-Amplify", ["managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess-Amplify]"], 8, "managedPolicyArns[0]", "iam:PutRolePolicy"],
  ])("refuses %s", (_what, lines, line, path, fragment) => {
    expectRefused(own(...lines), line, `clusters[0].workloads[0].${path}`, fragment);
  });

  // Every privilege-escalation action, spelled out (after Rhino Security Labs' list), on every resource of the kind it acts on.
  it.each<[string, string]>([
    ["iam:PutRolePolicy", "role"],
    ["iam:AttachRolePolicy", "role"],
    ["iam:UpdateAssumeRolePolicy", "role"],
    ["iam:PutRolePermissionsBoundary", "role"],
    ["iam:DeleteRolePermissionsBoundary", "role"],
    ["iam:PutUserPolicy", "user"],
    ["iam:AttachUserPolicy", "user"],
    ["iam:PutUserPermissionsBoundary", "user"],
    ["iam:DeleteUserPermissionsBoundary", "user"],
    ["iam:CreateAccessKey", "user"],
    ["iam:CreateLoginProfile", "user"],
    ["iam:UpdateLoginProfile", "user"],
    ["iam:AddUserToGroup", "group"],
    ["iam:PutGroupPolicy", "group"],
    ["iam:AttachGroupPolicy", "group"],
    ["iam:CreatePolicyVersion", "policy"],
    ["iam:SetDefaultPolicyVersion", "policy"],
  ])("refuses %s on every %s of the account", (action, kind) => {
    // GIVEN the action on every resource of its kind / THEN refused, naming the action, without the opt-in
    const lines = statement(`- actions: [${action}]`, `  resources: ["arn:aws:iam::111122223333:${kind}/*"]`);
    expectRefused(own(...lines), 9, "clusters[0].workloads[0].policyStatements[0]", action);
    // AND the same action on one other resource of that kind is no escalation
    expectAccepted(own(...statement(`- actions: [${action}]`, `  resources: ["arn:aws:iam::111122223333:${kind}/someone-else"]`)));
  });

  it.each<[string, string]>([
    ["IAMFullAccess", "IAMFullAccess allows iam:* on every resource, so the role can attach AdministratorAccess to itself"],
    [
      "AdministratorAccess-AWSElasticBeanstalk",
      "AdministratorAccess-AWSElasticBeanstalk lets the role create roles, attach policies to them and pass them to EC2 (iam:CreateRole, iam:AttachRolePolicy, iam:PassRole)",
    ],
  ])("refuses the managed policy %s, saying why", (policy, why) => {
    expectRefused(own(`managedPolicyArns: [arn:aws:iam::aws:policy/${policy}]`), 8, "clusters[0].workloads[0].managedPolicyArns[0]", `is administrator access: ${why}`);
  });

  it.each<[string, string[]]>([
    ["iam:PutRolePolicy on another role", statement("- actions: [iam:PutRolePolicy]", '  resources: ["arn:aws:iam::111122223333:role/other"]')],
    ["iam:Get* on *", statement("- actions: [iam:Get*]", '  resources: ["*"]')],
    ["PowerUserAccess alone", ["managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]"]],
    ["a Deny of * on *", [GRANT, ...statement("- effect: Deny", '  actions: ["*"]', '  resources: ["*"]')]],
  ])("accepts %s", (_what, lines) => {
    expectAccepted(own(...lines));
  });

  it("accepts administrator access with the opt-in, and warns naming each grant", () => {
    // GIVEN administrator access twice, with the opt-in
    const result = expectAccepted(own(OPT_IN, "managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]", ...statement('- actions: ["*"]', '  resources: ["*"]')));
    // THEN a warning names both grants
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/dangerouslyAllowAdministratorAccess: warning: gives this service account administrator access/);
    expect(result.warnings[0]).toContain("clusters[0].workloads[0].policyStatements[0]");
    expect(result.warnings[0]).toContain("clusters[0].workloads[0].managedPolicyArns[0]");
  });
});

describe("policy statements", () => {
  it.each(STATEMENTS_REFUSED)("refuses %s", (_what, lines, line, path, fragment) => {
    expectRefused(own(...lines), line, `clusters[0].workloads[0].${path}`, fragment);
  });

  it("says NotAction is not supported without also asking for actions", () => {
    const result = check(own(...statement("- notActions: [s3:DeleteObject]", '  resources: ["*"]')));
    expect(result.errors).toHaveLength(1);
  });

  it("accepts service prefixes in any case, and writes them in lower case", () => {
    // GIVEN S3:GetObject / WHEN checked / THEN accepted as s3:GetObject
    const result = expectAccepted(own(...statement("- actions: [S3:GetObject, s3:GetObject, Sqs:SendMessage]", '  resources: ["*"]')));
    expect(result.config.clusters[0].workloads[0].policyStatements[0].actions).toEqual(["s3:GetObject", "sqs:SendMessage"]);
  });

  it("accepts wildcards in a resource's region and account", () => {
    expectAccepted(own(...statement("- actions: [logs:PutLogEvents]", '  resources: ["arn:aws:logs:*:*:log-group:/eks/*"]')));
  });
});

/** Condition values checked against their operator: a value IAM cannot compare never matches. */
describe("condition values", () => {
  const condition = (test: string, value: string) =>
    own(...statement("- actions: [s3:GetObject]", `  ${READ}`, "  conditions:", `    - { test: "${test}", variable: "aws:x", values: [${JSON.stringify(value)}] }`));
  // [operator, value, fragment]
  it.each<[string, string, string]>([
    ["Bool", "yes", 'is not "true" or "false"'],
    ["Bool", "True", 'is not "true" or "false"'],
    ["Null", "1", 'is not "true" or "false"'],
    ["NumericLessThan", "ten", "is not a number"],
    ["DateGreaterThan", "yesterday", "is not a date"],
    ["DateLessThan", "2026-13-01T00:00:00Z", "is not a date"],
    ["IpAddress", "999.1.1.1/99", "is not an IP address or CIDR range"],
    ["NotIpAddress", "10.0.0.0/33", "is not an IP address or CIDR range"],
    ["ArnLike", "not-an-arn", "is not an ARN"],
    ["ForAnyValue:ArnEquals", "arn:aws:s3", "is not an ARN"],
    ["BinaryEquals", "not base64!", "is not base64"],
  ])("refuses %s %s", (test, value, fragment) => {
    expectRefused(condition(test, value), 12, "clusters[0].workloads[0].policyStatements[0].conditions[0].values[0]", fragment);
  });

  it.each<[string, string]>([
    ["Bool", "true"],
    ["BoolIfExists", "false"],
    ["Null", "false"],
    ["NumericLessThanEquals", "3600"],
    ["NumericGreaterThan", "-1.5"],
    ["DateGreaterThan", "2026-01-31T12:00:00Z"],
    ["DateLessThan", "2026-01-31"],
    ["DateEquals", "1769860800"],
    ["IpAddress", "203.0.113.0/24"],
    ["IpAddress", "2001:db8::/32"],
    ["NotIpAddress", "192.0.2.1"],
    ["ArnLike", "arn:aws:iam::*:role/ci-*"],
    ["ArnEquals", "&{aws:PrincipalArn}"],
    ["BinaryEquals", "QmluYXJ5VmFsdWU="],
    ["StringLike", "anything at all *"],
  ])("accepts %s %s", (test, value) => {
    expectAccepted(condition(test, value));
  });

  it("refuses NullIfExists, which IAM does not have", () => {
    expectRefused(condition("NullIfExists", "true"), 12, "clusters[0].workloads[0].policyStatements[0].conditions[0].test", "Null has no IfExists form");
  });
});

/**
 * aws_iam_policy_document merges two conditions with one operator and one
 * key into one key whose values IAM ORs: the config would read as AND.
 */
describe("one operator and key per statement", () => {
  const conditions = (...items: string[]) => own(...statement("- actions: [s3:GetObject]", `  ${READ}`, "  conditions:", ...items.map((c) => `    - ${c}`)));
  // [what, second condition, fragment]
  it.each<[string, string, string]>([
    ["the same operator and key", "{ test: StringEquals, variable: aws:PrincipalTag/team, values: [b] }", "repeats the operator StringEquals on the key aws:PrincipalTag/team"],
    ["the key in another case (IAM reads keys ignoring case)", "{ test: StringEquals, variable: AWS:principaltag/TEAM, values: [b] }", "Terraform merges the two into one condition whose values IAM ORs"],
  ])("refuses %s, locating both conditions", (_what, second, fragment) => {
    // GIVEN two conditions with one operator and one key in one statement
    const yaml = conditions("{ test: StringEquals, variable: aws:PrincipalTag/team, values: [a] }", second);
    // WHEN checked / THEN refused at the second, naming the first with its line, and saying how to write OR and AND
    expectRefused(yaml, 13, "clusters[0].workloads[0].policyStatements[0].conditions[1]", fragment);
    const error = check(yaml).errors.find((e) => e.includes("repeats the operator"));
    expect(error).toContain("(first at t.yaml:12:");
    expect(error).toContain("clusters[0].workloads[0].policyStatements[0].conditions[0])");
    expect(error).toContain("list both values in one condition; if both must hold, write two statements, or use ForAllValues:StringEquals");
  });

  it.each<[string, string]>([
    ["another operator on the key", "{ test: StringLike, variable: aws:PrincipalTag/team, values: [b*] }"],
    ["the operator on another key", "{ test: StringEquals, variable: aws:PrincipalTag/owner, values: [b] }"],
  ])("accepts %s", (_what, second) => {
    expectAccepted(conditions("{ test: StringEquals, variable: aws:PrincipalTag/team, values: [a] }", second));
  });

  it("accepts the same operator and key in two statements", () => {
    const cond = "  conditions: [{ test: StringEquals, variable: aws:PrincipalTag/team, values: [a] }]";
    expectAccepted(own(...statement("- actions: [s3:GetObject]", `  ${READ}`, cond, "- actions: [s3:PutObject]", `  ${READ}`, cond.replace("[a]", "[b]"))));
  });
});

describe("the inline policy's size", () => {
  it("counts every condition of one operator, as the policy is rendered", () => {
    // GIVEN 50 conditions with the same operator on different keys: about 10,900 characters rendered
    const conditions = Array.from({ length: 50 }, (_, i) => `{ test: StringEquals, variable: "aws:PrincipalTag/k${i}", values: ["${"v".repeat(180)}"] }`);
    const yaml = own(...statement("- actions: [s3:GetObject]", `  ${READ}`, `  conditions: [${conditions.join(", ")}]`));
    // WHEN checked / THEN refused (counting the operator once would have found about 300)
    expectRefused(yaml, 9, "clusters[0].workloads[0].policyStatements", "IAM allows 10240 per role");
  });
});

describe("the trust policy's length, as rendered", () => {
  /** A workload renamed `count` times, every rename in transition: its trust names every earlier service account. */
  const renamed = (count: number, extra: string[] = [], finished = false) =>
    file(extra, [
      GRANT,
      `previously: [${Array.from({ length: count }, (_, i) => `{ namespace: team-${String(i).padStart(2, "0")}-earlier-name${finished ? ", finished: true" : ""} }`).join(", ")}]`,
    ]);

  it("refuses a trust longer than IAM's default quota, saying how long and what to do", () => {
    // GIVEN 40 earlier names in transition (each one more subject in the trust) / THEN the rendered length is over 2,048
    const errors = check(renamed(40)).errors.join("\n");
    expect(errors).toMatch(/clusters\[0\]\.workloads\[0\]: renders a trust policy of (\d{4}) characters; the account's quota is 2048 \(IAM's default\).*finish renames in transition.*maxTrustPolicyLength/);
    expect(Number(/of (\d+) characters/.exec(errors)![1])).toBeGreaterThan(2048);
  });

  it.each<[string, string]>([
    ["the account's raised quota", renamed(40, ["maxTrustPolicyLength: 8192"])],
    ["the renames said finished", renamed(40, [], true)],
  ])("accepts the same workload with %s", (_what, yaml) => {
    expectAccepted(yaml);
  });

  it.each<[string, number]>([
    ["above what AWS raises it to", 9000],
    ["zero", 0],
  ])("refuses a quota %s", (_what, value) => {
    expectRefused(file([`maxTrustPolicyLength: ${value}`], [GRANT]), 4, "clusters[0].maxTrustPolicyLength", "must be between 1 and 8192");
  });
});
