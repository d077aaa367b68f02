/**
 * The permission checks of lib/config/policies.ts, message by message:
 * each problem is a contract (`<file>:<line>:<col> <path>: <what> (got
 * "<value>"). <fix>.`), reported once, without problems that only follow
 * from it; the guard rails' verdicts on every shape of grant; the policy
 * sizes at their limits, counted on the documents IAM receives.
 */
import { own } from "../support/bad-configs";
import { check, expectAccepted, file, GRANT, READ, statement } from "../support/refusal";

const W = "clusters[0].workloads[0]";
/** A cluster in China (partition aws-cn), its account pinned. */
const china = (...lines: string[]) => own(...lines).replace("eu-west-1", "cn-north-1");
/** A cluster whose account is not pinned: any account in a pattern may be the role's own. */
const unpinned = (...lines: string[]) => file([], lines);
const cond = (condition: string) => own(...statement("- actions: [s3:GetObject]", `  ${READ}`, "  conditions:", `    - ${condition}`));
const grant = (actions: string, resources: string, ...more: string[]) => statement(`- actions: [${actions}]`, `  resources: [${resources}]`, ...more);
const ADMIN_FIX = "Grant only the actions and resources the workload needs; if it truly needs administrator access, set dangerouslyAllowAdministratorAccess: true on this workload.";

/** The file is refused with exactly these problems: no second problem that only follows from the first. */
function expectOnly(yaml: string, ...errors: string[]): void {
  const result = check(yaml);
  expect(result.errors).toEqual(errors);
  expect(result.config).toBeUndefined();
}

describe("a statement's problems, each stated once", () => {
  // [what, file, the one message]
  it.each<[string, string, string]>([
    ["a statement that is not a mapping", own("policyStatements: [s3:GetObject]"), `t.yaml:8:28 ${W}.policyStatements[0]: must be a mapping (got "s3:GetObject"). Write a mapping here.`],
    ["a statement without actions", own(...statement('- resources: ["*"]')), `t.yaml:9:13 ${W}.policyStatements[0].actions: is required. Add "actions:" here.`],
    ["a statement without resources", own(...statement("- actions: [s3:GetObject]")), `t.yaml:9:13 ${W}.policyStatements[0].resources: is required. Add "resources:" here.`],
    ["a sid with a dash", own(...statement("- sid: my-sid", "  actions: [s3:GetObject]", `  ${READ}`)), `t.yaml:9:18 ${W}.policyStatements[0].sid: is not a valid statement id (got "my-sid"). Use letters and digits only.`],
    [
      "a sid with a dash on a grant of administrator access (the sid is reported, the grant once the statement is valid)",
      own(...statement("- sid: all-of-it", '  actions: ["*"]', '  resources: ["*"]')),
      `t.yaml:9:18 ${W}.policyStatements[0].sid: is not a valid statement id (got "all-of-it"). Use letters and digits only.`,
    ],
    ["no actions", own(...statement("- actions: []", `  ${READ}`)), `t.yaml:9:22 ${W}.policyStatements[0].actions: is empty. List the actions the workload needs, e.g. [s3:GetObject].`],
    ["actions that are not a list", own(...statement("- actions: s3:GetObject", `  ${READ}`)), `t.yaml:9:22 ${W}.policyStatements[0].actions: must be a list (got "s3:GetObject"). Write a list here.`],
    ["an action YAML reads as a number", own(...statement("- actions: [s3:GetObject, 12]", `  ${READ}`)), `t.yaml:9:37 ${W}.policyStatements[0].actions[1]: must be a string: YAML reads the unquoted 12 as a number (got "12"). Quote it: "12".`],
    [
      "an action with a space",
      own(...statement('- actions: ["s3 GetObject"]', `  ${READ}`)),
      `t.yaml:9:23 ${W}.policyStatements[0].actions[0]: is not an IAM action (got "s3 GetObject"). Write it as service:Action, e.g. "s3:GetObject" (wildcards * and ? allowed).`,
    ],
    ["no resources", own(...statement("- actions: [s3:GetObject]", "  resources: []")), `t.yaml:10:24 ${W}.policyStatements[0].resources: is empty. List the resource ARNs, or "*" for actions that take no resource.`],
    ["a resource YAML reads as a number", own(...statement("- actions: [s3:GetObject]", "  resources: [12]")), `t.yaml:10:25 ${W}.policyStatements[0].resources[0]: must be a string: YAML reads the unquoted 12 as a number (got "12"). Quote it: "12".`],
    [
      "a resource that is not an ARN",
      own(...statement("- actions: [s3:GetObject]", "  resources: [bucket]")),
      `t.yaml:10:25 ${W}.policyStatements[0].resources[0]: is not an ARN: it must start with arn: (got "bucket"). Write it as arn:aws:<service>:<region>:<account>:<resource>, or "*".`,
    ],
    [
      "a resource that is not an ARN, in China",
      china(...statement("- actions: [s3:GetObject]", "  resources: [bucket]")),
      `t.yaml:10:25 ${W}.policyStatements[0].resources[0]: is not an ARN: it must start with arn: (got "bucket"). Write it as arn:aws-cn:<service>:<region>:<account>:<resource>, or "*".`,
    ],
    [
      "a resource of another partition",
      own(...statement("- actions: [s3:GetObject]", '  resources: ["arn:aws-cn:s3:::b/*"]')),
      `t.yaml:10:25 ${W}.policyStatements[0].resources[0]: is in partition aws-cn, but eu-west-1 is in aws (got "arn:aws-cn:s3:::b/*"). Write it as arn:aws:s3:::b/*.`,
    ],
    [
      "NotAction, without actions or resources",
      own(...statement("- notActions: [s3:GetObject]")),
      `t.yaml:9:13 ${W}.policyStatements[0].notActions: is not supported: NotAction with Allow grants every action except the ones listed, including actions AWS adds later (got "notActions"). List the actions the workload needs under actions:, or write a Deny statement with those actions.`,
    ],
    [
      "NotResource, without resources",
      own(...statement("- actions: [s3:GetObject]", '  NotResource: ["*"]')),
      `t.yaml:10:13 ${W}.policyStatements[0].NotResource: is not supported: NotResource with Allow grants the actions on every resource except the ones listed, including resources created later (got "NotResource"). List the resources the workload needs under resources:.`,
    ],
  ])("%s", (_what, yaml, message) => {
    expectOnly(yaml, message);
  });

  it("shows the ARNs of the aws partition when the region is no region code", () => {
    // GIVEN a region that is no region code, a resource and a managed policy that are not ARNs
    const yaml = own("managedPolicyArns: [ReadOnlyAccess]", ...grant("s3:GetObject", "bucket")).replace("eu-west-1", "nowhere");
    // THEN the region is refused, and the fixes show ARNs of the partition most regions are in
    expectOnly(
      yaml,
      't.yaml:3:13 clusters[0].region: is not an AWS region code (got "nowhere"). Use a region code such as "eu-west-1".',
      `t.yaml:8:29 ${W}.managedPolicyArns[0]: is not an ARN: it must start with arn: (got "ReadOnlyAccess"). Write it as arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>.`,
      `t.yaml:11:25 ${W}.policyStatements[0].resources[0]: is not an ARN: it must start with arn: (got "bucket"). Write it as arn:aws:<service>:<region>:<account>:<resource>, or "*".`,
    );
  });

  it("keeps a valid sid, and writes actions, resources and conditions as sorted sets", () => {
    // GIVEN a statement with duplicates, out of order
    const result = expectAccepted(
      own(
        ...statement(
          "- sid: ReadReports1",
          "  actions: [s3:ListBucket, s3:GetObject, s3:GetObject]",
          '  resources: ["arn:aws:s3:::b/*", "arn:aws:s3:::a", "arn:aws:s3:::b/*"]',
          "  conditions:",
          "    - { test: StringEquals, variable: aws:PrincipalTag/team, values: [payments] }",
          "    - { test: StringLike, variable: s3:prefix, values: [reports/*, archive/*, reports/*] }",
          '    - { test: Bool, variable: aws:SecureTransport, values: ["true"] }',
        ),
      ),
    );
    // THEN it is written sorted, without duplicates, the sid kept
    expect(result.config.clusters[0].workloads[0].policyStatements).toEqual([
      {
        sid: "ReadReports1",
        effect: "Allow",
        actions: ["s3:GetObject", "s3:ListBucket"],
        resources: ["arn:aws:s3:::a", "arn:aws:s3:::b/*"],
        conditions: [
          { test: "Bool", variable: "aws:SecureTransport", values: ["true"] },
          { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["payments"] },
          { test: "StringLike", variable: "s3:prefix", values: ["archive/*", "reports/*"] },
        ],
      },
    ]);
  });
});

describe("a condition's problems, each stated once", () => {
  const at = `${W}.policyStatements[0].conditions[0]`;
  // [what, file, the one message]
  it.each<[string, string, string]>([
    ["conditions that are not a list", own(...statement("- actions: [s3:GetObject]", `  ${READ}`, "  conditions: { test: Bool }")), `t.yaml:11:25 ${W}.policyStatements[0].conditions: must be a list (got "{"test":"Bool"}"). Write a list here.`],
    ["a condition that is not a mapping", cond("Bool"), `t.yaml:12:17 ${at}: must be a mapping (got "Bool"). Write a mapping here.`],
    ["a condition without an operator", cond('{ variable: aws:SecureTransport, values: ["true"] }'), `t.yaml:12:17 ${at}.test: is required. Add "test:" here.`],
    ["a condition without a key", cond('{ test: Bool, values: ["true"] }'), `t.yaml:12:17 ${at}.variable: is required. Add "variable:" here.`],
    ["a condition without values", cond("{ test: Bool, variable: aws:SecureTransport }"), `t.yaml:12:17 ${at}.values: is required. Add "values:" here.`],
    ["a misspelt operator", cond('{ test: StringEqual, variable: aws:PrincipalTag/team, values: ["a"] }'), `t.yaml:12:25 ${at}.test: is not an IAM condition operator (got "StringEqual"). Did you mean "StringEquals"?`],
    [
      "an operator like no other (its values are not checked against it)",
      cond('{ test: Tomorrowish, variable: aws:CurrentTime, values: ["soon"] }'),
      `t.yaml:12:25 ${at}.test: is not an IAM condition operator (got "Tomorrowish"). Use an operator such as StringEquals, StringLike or ArnLike.`,
    ],
    ["NullIfExists", cond('{ test: NullIfExists, variable: aws:TokenIssueTime, values: ["true"] }'), `t.yaml:12:25 ${at}.test: is not an IAM condition operator: Null has no IfExists form (got "NullIfExists"). Use Null.`],
    ["NullIfExists with a set operator", cond('{ test: "ForAnyValue:NullIfExists", variable: aws:TagKeys, values: ["true"] }'), `t.yaml:12:25 ${at}.test: is not an IAM condition operator: Null has no IfExists form (got "ForAnyValue:NullIfExists"). Use Null.`],
    ["IfExists twice on Null", cond('{ test: NullIfExistsIfExists, variable: aws:TokenIssueTime, values: ["true"] }'), `t.yaml:12:25 ${at}.test: is not an IAM condition operator: Null has no IfExists form (got "NullIfExistsIfExists"). Use Null.`],
    ["a blank key", cond('{ test: Bool, variable: " ", values: ["true"] }'), `t.yaml:12:41 ${at}.variable: is empty. Name the condition key, e.g. aws:ResourceTag/team.`],
    ["no values", cond("{ test: Bool, variable: aws:SecureTransport, values: [] }"), `t.yaml:12:70 ${at}.values: is empty. List at least one value; an empty list matches nothing.`],
    ["a value YAML reads as a number", cond("{ test: NumericEquals, variable: s3:max-keys, values: [1] }"), `t.yaml:12:72 ${at}.values[0]: must be a string: YAML reads the unquoted 1 as a number (got "1"). Quote it: "1".`],
    [
      "a value the operator cannot compare, in one of two conditions on one key (the repetition is not reported on top)",
      own(
        ...statement(
          "- actions: [s3:GetObject]",
          `  ${READ}`,
          "  conditions:",
          '    - { test: NumericLessThan, variable: s3:max-keys, values: ["ten"] }',
          '    - { test: NumericLessThan, variable: s3:max-keys, values: ["20"] }',
        ),
      ),
      `t.yaml:12:74 ${at}.values[0]: is not a number, which NumericLessThan compares against (got "ten"). Write a number in quotes, e.g. "10".`,
    ],
  ])("%s", (_what, yaml, message) => {
    expectOnly(yaml, message);
  });

  it("accepts Null without IfExists, and IfExists on other operators, with or without a set operator", () => {
    for (const test of ["Null", "StringEqualsIfExists", "ForAnyValue:StringLikeIfExists", "ForAllValues:StringEquals"]) {
      expectAccepted(cond(`{ test: "${test}", variable: aws:TagKeys, values: ["true"] }`));
    }
  });
});

describe("a managed policy's problems, each stated once", () => {
  const at = `${W}.managedPolicyArns[0]`;
  // [what, file, the one message]
  it.each<[string, string, string]>([
    [
      "a policy name alone",
      own("managedPolicyArns: [ReadOnlyAccess]"),
      `t.yaml:8:29 ${at}: is not an ARN: it must start with arn: (got "ReadOnlyAccess"). Write it as arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>.`,
    ],
    [
      "a policy name alone, in China",
      china("managedPolicyArns: [ReadOnlyAccess]"),
      `t.yaml:8:29 ${at}: is not an ARN: it must start with arn: (got "ReadOnlyAccess"). Write it as arn:aws-cn:iam::aws:policy/<name> or arn:aws-cn:iam::<account>:policy/<name>.`,
    ],
    [
      "a role's ARN",
      own("managedPolicyArns: [arn:aws:iam::aws:role/x]"),
      `t.yaml:8:29 ${at}: is not an IAM managed policy ARN (got "arn:aws:iam::aws:role/x"). Write it as arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>.`,
    ],
    [
      "a role's ARN, in China",
      china("managedPolicyArns: [arn:aws:iam::aws:role/x]"),
      `t.yaml:8:29 ${at}: is not an IAM managed policy ARN (got "arn:aws:iam::aws:role/x"). Write it as arn:aws-cn:iam::aws:policy/<name> or arn:aws-cn:iam::<account>:policy/<name>.`,
    ],
    [
      "a policy of another partition and another account (the partition is reported, the account once it is right)",
      own("managedPolicyArns: [arn:aws-cn:iam::444455556666:policy/x]"),
      `t.yaml:8:29 ${at}: is in partition aws-cn, but eu-west-1 is in aws (got "arn:aws-cn:iam::444455556666:policy/x"). Write it as arn:aws:iam::444455556666:policy/x.`,
    ],
    [
      "a policy of another account",
      own("managedPolicyArns: [arn:aws:iam::444455556666:policy/x]"),
      `t.yaml:8:29 ${at}: is a policy of account 444455556666, but the role is in account 111122223333: IAM attaches only AWS managed policies and policies of the role's own account (got "arn:aws:iam::444455556666:policy/x"). Use a policy of account 111122223333.`,
    ],
  ])("%s", (_what, yaml, message) => {
    expectOnly(yaml, message);
  });

  it("accepts a customer managed policy of any account while the cluster's account is not pinned", () => {
    expectAccepted(unpinned("managedPolicyArns: [arn:aws:iam::444455556666:policy/x]"));
  });
});

/** Administrator access, in the words of the refusal: which grant, on what, and why. */
describe("the administrator guard rail's verdicts", () => {
  const at = `${W}.policyStatements[0]`;
  // [what, file, the one message]
  it.each<[string, string, string]>([
    ['"*"', own(...grant('"*"', '"*"')), `t.yaml:9:13 ${at}: allows action "*" on resource "*": administrator access (got "*"). ${ADMIN_FIX}`],
    ['"*:*"', own(...grant('"*:*"', '"*"')), `t.yaml:9:13 ${at}: allows action "*:*" on resource "*": administrator access (got "*:*"). ${ADMIN_FIX}`],
    ['"**:*"', own(...grant('"**:*"', '"*"')), `t.yaml:9:13 ${at}: allows action "**:*" on resource "*": administrator access (got "**:*"). ${ADMIN_FIX}`],
    ['"*:**"', own(...grant('"*:**"', '"*"')), `t.yaml:9:13 ${at}: allows action "*:**" on resource "*": administrator access (got "*:**"). ${ADMIN_FIX}`],
    [
      '"*" on "*" with a condition',
      own(...grant('"*"', '"*"', "  conditions: [{ test: StringEquals, variable: aws:RequestedRegion, values: [eu-west-1] }]")),
      `t.yaml:9:13 ${at}: allows action "*" on resource "*": administrator access (conditions do not make it safe) (got "*"). ${ADMIN_FIX}`,
    ],
    [
      "iam:PutRolePolicy on every resource",
      own(...grant("iam:PutRolePolicy", '"*"')),
      `t.yaml:9:13 ${at}: allows iam:PutRolePolicy on "*", which lets the role give itself any permission: administrator access (got "iam:PutRolePolicy"). ${ADMIN_FIX}`,
    ],
    [
      "iam:putrolepolicy (action names ignore case)",
      own(...grant("iam:putrolepolicy", '"*"')),
      `t.yaml:9:13 ${at}: allows iam:putrolepolicy (iam:PutRolePolicy) on "*", which lets the role give itself any permission: administrator access (got "iam:putrolepolicy (iam:PutRolePolicy)"). ${ADMIN_FIX}`,
    ],
    [
      "iam:AttachUserPolicy on every user of any account",
      own(...grant("iam:AttachUserPolicy", '"arn:aws:iam::*:user/*"')),
      `t.yaml:9:13 ${at}: allows iam:AttachUserPolicy on arn:aws:iam::*:user/*, which lets the role give itself any permission: administrator access (got "iam:AttachUserPolicy"). ${ADMIN_FIX}`,
    ],
    [
      "iam:PutRolePolicy on every role of an account, the cluster's account not pinned",
      unpinned(...grant("iam:PutRolePolicy", '"arn:aws:iam::444455556666:role/*"')),
      `t.yaml:8:13 ${at}: allows iam:PutRolePolicy on arn:aws:iam::444455556666:role/*, which lets the role give itself any permission: administrator access (got "iam:PutRolePolicy"). ${ADMIN_FIX}`,
    ],
    [
      "iam:PutRolePolicy on roles of an ARN without an account, the cluster's account not pinned",
      unpinned(...grant("iam:PutRolePolicy", '"arn:aws:iam:::role/*"')),
      `t.yaml:8:13 ${at}: allows iam:PutRolePolicy on arn:aws:iam:::role/*, which lets the role give itself any permission: administrator access (got "iam:PutRolePolicy"). ${ADMIN_FIX}`,
    ],
    [
      "iam:PutRolePolicy on every role with a name of at least one character",
      own(...grant("iam:PutRolePolicy", '"arn:aws:iam::111122223333:role/?*"')),
      `t.yaml:9:13 ${at}: allows iam:PutRolePolicy on arn:aws:iam::111122223333:role/?*, which lets the role give itself any permission: administrator access (got "iam:PutRolePolicy"). ${ADMIN_FIX}`,
    ],
    [
      "iam:AttachUserPolicy on every user with a name of at least one character",
      own(...grant("iam:AttachUserPolicy", '"arn:aws:iam::111122223333:user/?*"')),
      `t.yaml:9:13 ${at}: allows iam:AttachUserPolicy on arn:aws:iam::111122223333:user/?*, which lets the role give itself any permission: administrator access (got "iam:AttachUserPolicy"). ${ADMIN_FIX}`,
    ],
    [
      "PowerUserAccess with iam:passrole (action names ignore case)",
      own("managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]", ...grant("iam:passrole", '"*"')),
      `t.yaml:8:29 ${W}.managedPolicyArns[0]: is administrator access together with iam:PassRole on every role (${at}): PowerUserAccess can start instances, functions and tasks, and passing them any role gives it that role's permissions (got "arn:aws:iam::aws:policy/PowerUserAccess"). ${ADMIN_FIX}`,
    ],
    [
      "PowerUserAccess with iam:PassRole among other actions, on every role among other resources",
      own("managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]", ...grant("s3:GetObject, iam:PassRole", '"arn:aws:iam::111122223333:role/x", "arn:aws:iam::111122223333:role/*"')),
      `t.yaml:8:29 ${W}.managedPolicyArns[0]: is administrator access together with iam:PassRole on every role (${at}): PowerUserAccess can start instances, functions and tasks, and passing them any role gives it that role's permissions (got "arn:aws:iam::aws:policy/PowerUserAccess"). ${ADMIN_FIX}`,
    ],
  ])("refuses %s", (_what, yaml, message) => {
    expectOnly(yaml, message);
  });

  // [what, file]
  it.each<[string, string]>([
    ['"?:*" (a service of one letter: there is none)', own(...grant('"?:*"', '"*"'))],
    ['"*:Get*" on "*" (reading)', own(...grant('"*:Get*"', '"*"'))],
    ["iam:PutRolePolicy on another account's roles (IAM changes only roles of the caller's account)", own(...grant("iam:PutRolePolicy", '"arn:aws:iam::444455556666:role/*"'))],
    ["iam:PutRolePolicy on roles of one-letter names", own(...grant("iam:PutRolePolicy", '"arn:aws:iam::111122223333:role/?"'))],
    ["iam:PutRolePolicy on a bucket named role, the cluster's account not pinned", unpinned(...grant("iam:PutRolePolicy", '"arn:aws:s3:::role/*"'))],
    ["iam:CreatePolicyVersion on AWS managed policies (AWS's own, which no account changes), the cluster's account not pinned", unpinned(...grant("iam:CreatePolicyVersion", '"arn:aws:iam::aws:policy/*"'))],
    ["a customer managed policy named AdministratorAccess (its name says nothing about what it allows)", own("managedPolicyArns: [arn:aws:iam::111122223333:policy/AdministratorAccess]")],
    ["PowerUserAccess with a Deny of iam:PassRole on every role", own("managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]", ...statement("- effect: Deny", "  actions: [iam:PassRole]", '  resources: ["*"]'))],
    ["PowerUserAccess with iam:PassRole on one role", own("managedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]", ...grant("iam:PassRole", '"arn:aws:iam::111122223333:role/x"'))],
  ])("accepts %s, without a warning", (_what, yaml) => {
    expect(expectAccepted(yaml).warnings).toEqual([]);
  });

  it("accepts administrator access with the opt-in, and warns once, naming each grant", () => {
    const result = expectAccepted(own("dangerouslyAllowAdministratorAccess: true", "managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]", ...grant('"*"', '"*"')));
    expect(result.warnings).toEqual([
      `t.yaml:8:46 ${W}.dangerouslyAllowAdministratorAccess: warning: gives this service account administrator access to the account. Make sure that is intended and reviewed (${at}, ${W}.managedPolicyArns[0]).`,
    ]);
  });
});

/** Broad grants that are not administrator access are accepted with a warning. */
describe("the warnings about broad grants", () => {
  const passRole = (line: number) =>
    `t.yaml:${line}:11 ${W}.policyStatements: warning: allows iam:PassRole on every role, which lets the pod hand any role to an AWS service (got "iam:PassRole"). Scope the resources to the roles it must pass.`;
  const assumeRole = `t.yaml:9:11 ${W}.policyStatements: warning: allows sts:AssumeRole on every role (got "sts:AssumeRole"). Scope the resources to the roles it must assume.`;
  // [what, file, warnings]
  it.each<[string, string, string[]]>([
    ["iam:PassRole on every resource", own(...grant("iam:PassRole", '"*"')), [passRole(9)]],
    ["iam:PassRole on every role of the account", own(...grant("iam:PassRole", '"arn:aws:iam::111122223333:role/*"')), [passRole(9)]],
    ["iam:PassRole among other actions", own(...grant("s3:GetObject, iam:PassRole", '"*"')), [passRole(9)]],
    ["iam:passrole (action names ignore case)", own(...grant("iam:passrole", '"*"')), [passRole(9)]],
    ["iam:PassRole with ReadOnlyAccess (not administrator access)", own(GRANT, ...grant("iam:PassRole", '"*"')), [passRole(10)]],
    ["sts:AssumeRole on every resource, among others", own(...grant("s3:GetObject, sts:AssumeRole", '"arn:aws:s3:::b/*", "*"')), [assumeRole]],
    ["iam:PassRole on one role", own(...grant("iam:PassRole", '"arn:aws:iam::111122223333:role/x"')), []],
    ["iam:PassRole on every resource under a condition", own(...grant("iam:PassRole", '"*"', "  conditions: [{ test: StringEquals, variable: iam:PassedToService, values: [ec2.amazonaws.com] }]")), []],
    ["a Deny of iam:PassRole and sts:AssumeRole on every resource", own(GRANT, ...statement("- effect: Deny", "  actions: [iam:PassRole, sts:AssumeRole]", '  resources: ["*"]')), []],
    ["sts:AssumeRole on every role of the account (roles named, not *)", own(...grant("sts:AssumeRole", '"arn:aws:iam::111122223333:role/*"')), []],
    ["sts:AssumeRole on one role", own(...grant("sts:AssumeRole", '"arn:aws:iam::111122223333:role/x"')), []],
  ])("%s", (_what, yaml, warnings) => {
    expect(expectAccepted(yaml).warnings).toEqual(warnings);
  });
});

/**
 * The sizes at their limits, counted on the minified JSON IAM receives,
 * spelled out here (IAM counts characters without white space).
 */
describe("policy sizes at their limits", () => {
  /** An inline policy of one statement: s3:GetObject on these objects, as IAM receives it. */
  const inlineDocument = (resources: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resources }] });
  /** Objects whose inline policy is `size` characters long. */
  const objectsOf = (size: number) => {
    const resources = Array.from({ length: 40 }, (_, i) => `arn:aws:s3:::reports/${String(i).padStart(2, "0")}/${"k".repeat(200)}`);
    const last = resources.length - 1;
    resources[last] += "x".repeat(size - inlineDocument(resources).length);
    expect(inlineDocument(resources).length).toBe(size);
    return resources;
  };
  const inline = (size: number) => own(...grant("s3:GetObject", objectsOf(size).map((r) => `"${r}"`).join(", ")));

  it("accepts an inline policy of 10,240 characters, IAM's limit", () => {
    expectAccepted(inline(10240));
  });

  it("refuses an inline policy of 10,241 characters, saying how long it is", () => {
    expectOnly(
      inline(10241),
      `t.yaml:9:11 ${W}.policyStatements: renders an inline policy of 10241 characters; IAM allows 10240 per role (got "10241"). Merge statements, use wildcards in actions, or move permissions into a managed policy.`,
    );
  });

  const ID = "0123456789ABCDEF0123456789ABCDEF";
  const HOST = `oidc.eks.eu-west-1.amazonaws.com/id/${ID}`;
  /** An IRSA trust policy, as IAM receives it. */
  const irsaTrust = (subjects: string[]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${HOST}` },
          Condition: { StringEquals: { [`${HOST}:sub`]: subjects, [`${HOST}:aud`]: "sts.amazonaws.com" } },
        },
      ],
    });
  /** An EKS Pod Identity trust policy, pinned with session tags, as IAM receives it. */
  const podIdentityTrust = (cluster: string, subjects: [string, string][]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: subjects.map(([namespace, serviceAccount]) => ({
        Effect: "Allow",
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Principal: { Service: "pods.eks.amazonaws.com" },
        Condition: {
          StringEquals: {
            "aws:SourceAccount": "111122223333",
            "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:eu-west-1:111122223333:cluster/${cluster}`,
            "aws:RequestTag/kubernetes-namespace": namespace,
            "aws:RequestTag/kubernetes-service-account": serviceAccount,
          },
        },
      })),
    });
  const earlier = (count: number) => Array.from({ length: count }, (_, i) => `team-${String(i).padStart(2, "0")}-earlier-name`);
  const previously = (count: number) => `previously: [${earlier(count).map((n) => `{ namespace: ${n} }`).join(", ")}]`;

  /** An IRSA workload in transition from 32 earlier namespaces, its own namespace padded to a trust of `size` characters. */
  const irsa = (size: number, cluster: string[]) => {
    const base = irsaTrust(["system:serviceaccount:payments:api", ...earlier(32).map((n) => `system:serviceaccount:${n}:api`)]).length;
    const namespace = `payments${"x".repeat(size - base)}`;
    expect(irsaTrust([`system:serviceaccount:${namespace}:api`, ...earlier(32).map((n) => `system:serviceaccount:${n}:api`)]).length).toBe(size);
    return file(cluster, [GRANT, previously(32)], namespace);
  };
  /** A Pod Identity workload in transition from 4 earlier namespaces, the cluster's name and its namespace padded to a trust of `size` characters. */
  const podIdentity = (size: number, cluster: string[]) => {
    const name = `prod${"c".repeat(30)}`;
    const base = podIdentityTrust(name, [["payments", "api"], ...earlier(4).map((n): [string, string] => [n, "api"])]).length;
    const namespace = `payments${"x".repeat(size - base)}`;
    expect(podIdentityTrust(name, [[namespace, "api"], ...earlier(4).map((n): [string, string] => [n, "api"])]).length).toBe(size);
    return file(cluster, ["identity: pod-identity", GRANT, previously(4)], namespace).replace("name: prod", `name: ${name}`);
  };
  const tooLong = (size: number, quota = "2048 (IAM's default)") =>
    `renders a trust policy of ${size} characters; the account's quota is ${quota} (got "${size}"). Use shorter names, finish renames in transition (previously: { …, finished: true }), or ask AWS to raise the role trust policy length quota and set maxTrustPolicyLength.`;

  // The issuer and the account need not be known at synth time: the trust is measured with an EKS issuer's and an account's lengths.
  // [what, the cluster's lines]
  const CLUSTERS: [string, string[]][] = [
    ["the issuer and the account known", [`oidcIssuerUrl: https://${HOST}`, 'accountId: "111122223333"']],
    ["the issuer read at plan time", ['accountId: "111122223333"']],
    ["the account not pinned", [`oidcIssuerUrl: https://${HOST}`]],
  ];

  it.each(CLUSTERS)("accepts an IRSA trust of 2,048 characters, the default quota, %s", (_what, cluster) => {
    expectAccepted(irsa(2048, cluster));
  });

  it.each(CLUSTERS)("refuses an IRSA trust of 2,049 characters, %s", (_what, cluster) => {
    const errors = check(irsa(2049, cluster)).errors;
    expect(errors).toEqual([expect.stringMatching(/^t\.yaml:\d+:\d+ clusters\[0\]\.workloads\[0\]: /)]);
    expect(errors[0]).toContain(tooLong(2049));
  });

  it.each(CLUSTERS)("accepts a Pod Identity trust of 2,048 characters, %s", (_what, cluster) => {
    expectAccepted(podIdentity(2048, cluster));
  });

  it.each(CLUSTERS)("refuses a Pod Identity trust of 2,049 characters, %s", (_what, cluster) => {
    expect(check(podIdentity(2049, cluster)).errors.join("\n")).toContain(tooLong(2049));
  });

  it("holds a trust to a raised quota, and says so without calling it IAM's default", () => {
    const cluster = ['accountId: "111122223333"', "maxTrustPolicyLength: 2047"];
    expect(check(irsa(2048, cluster)).errors.join("\n")).toContain(tooLong(2048, "2047"));
    expectAccepted(irsa(2047, cluster));
  });
});
