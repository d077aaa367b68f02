import { check, expectRefused, file, READ, statement } from "../support/refusal";

describe("validateConfig refuses bad input, naming file, line, path and fix", () => {
  // [what, file, line, path, fragment of the message]
  it.each<[string, string, number, string, string]>([
    ["a cluster name that EKS rejects", file().replace("name: prod", "name: -prod"), 2, "clusters[0].name", "is not a valid EKS cluster name"],
    ["a region that is not a region", file().replace("eu-west-1", "eu-west"), 3, "clusters[0].region", "is not an AWS region code"],
    ["an account id of the wrong length", file(['accountId: "1234"']), 4, "clusters[0].accountId", "must be exactly 12 digits"],
    ["an unquoted account id", file(["accountId: 111122223333"]), 4, "clusters[0].accountId", "Quote it"],
    ["an http issuer", file(["oidcIssuerUrl: http://oidc.eks.eu-west-1.amazonaws.com/id/X"]), 4, "clusters[0].oidcIssuerUrl", "must use https"],
    ["an issuer with a trailing slash", file(["oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/X/"]), 4, "clusters[0].oidcIssuerUrl", "must not end with '/'"],
    ["an issuer with a query", file(["oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/X?a=b"]), 4, "clusters[0].oidcIssuerUrl", "must not have a query or fragment"],
    ["another region's issuer", file(["oidcIssuerUrl: https://oidc.eks.us-east-1.amazonaws.com/id/X"]), 4, "clusters[0].oidcIssuerUrl", "is the issuer of a cluster in us-east-1"],
    ["an OIDC provider in another partition", file(["existingOidcProviderArn: arn:aws-cn:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X"]), 4, "clusters[0].existingOidcProviderArn", "is in partition aws-cn, but eu-west-1 is in aws"],
    ["a misspelt cluster key", file(["acountId: '111122223333'"]), 4, "clusters[0].acountId", 'Did you mean "accountId"?'],
    ["a namespace with capitals", file([], [], "Payments"), 5, "clusters[0].workloads[0].namespace", "is not a valid Kubernetes namespace"],
    ["a bare * namespace", file([], [], '"*"'), 5, "clusters[0].workloads[0].namespace", "wildcards are never accepted here"],
    ["a wildcard in the namespace", file([], [], "team-*"), 5, "clusters[0].workloads[0].namespace", "wildcards are never accepted here"],
    ["a namespace over 63 characters", file([], [], "n".repeat(64)), 5, "clusters[0].workloads[0].namespace", "is not a valid Kubernetes namespace"],
    ["a wildcard service account", file([], [], "payments", "api-*"), 6, "clusters[0].workloads[0].serviceAccount", "wildcards are never accepted here"],
    ["an illegal service account name", file([], [], "payments", "API_user"), 6, "clusters[0].workloads[0].serviceAccount", "is not a valid Kubernetes service account name"],
    ["a misspelt workload key", file([], ["managedPolicyArn: []"]), 7, "clusters[0].workloads[0].managedPolicyArn", 'Did you mean "managedPolicyArns"?'],
    ["an illegal role name", file([], ["roleName: payments/api"]), 7, "clusters[0].workloads[0].roleName", "is not a valid IAM role name"],
    ["a role name over 64 characters", file([], [`roleName: ${"r".repeat(65)}`]), 7, "clusters[0].workloads[0].roleName", "is not a valid IAM role name"],
    ["a role path without slashes", file([], ["rolePath: irsa"]), 7, "clusters[0].workloads[0].rolePath", "is not a valid IAM role path"],
    ["a session shorter than an hour", file([], ["maxSessionDuration: 100"]), 7, "clusters[0].workloads[0].maxSessionDuration", "must be between 3600 and 43200"],
    ["a session duration as text", file([], ["maxSessionDuration: 1h"]), 7, "clusters[0].workloads[0].maxSessionDuration", "must be a whole number"],
    ["a boundary in another partition", file([], ["permissionsBoundaryArn: arn:aws-us-gov:iam::111122223333:policy/b"]), 7, "clusters[0].workloads[0].permissionsBoundaryArn", "is in partition aws-us-gov"],
    ["a managed policy from the commercial partition in GovCloud", file([], ["managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]).replace("eu-west-1", "us-gov-west-1"), 7, "clusters[0].workloads[0].managedPolicyArns[0]", "Write it as arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"],
    ["a role ARN where a policy ARN belongs", file([], ["managedPolicyArns: [arn:aws:iam::111122223333:role/x]"]), 7, "clusters[0].workloads[0].managedPolicyArns[0]", "is not an IAM managed policy ARN"],
    ["more managed policies than the quota", file([], [`managedPolicyArns: [${Array.from({ length: 11 }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`).join(", ")}]`]), 7, "clusters[0].workloads[0].managedPolicyArns", "the quota is 10 per role"],
    ["a lower-case effect", file([], statement("- effect: allow", "  actions: [s3:GetObject]", `  ${READ}`)), 8, "clusters[0].workloads[0].policyStatements[0].effect", 'Did you mean "Allow"?'],
    ["a statement without actions", file([], statement("- actions: []", `  ${READ}`)), 8, "clusters[0].workloads[0].policyStatements[0].actions", "is empty"],
    ["an action without a service", file([], statement("- actions: [s3GetObject]", `  ${READ}`)), 8, "clusters[0].workloads[0].policyStatements[0].actions[0]", "is not an IAM action"],
    ["a statement without resources", file([], statement("- actions: [s3:GetObject]", "  resources: []")), 9, "clusters[0].workloads[0].policyStatements[0].resources", "is empty"],
    ["a resource that is not an ARN", file([], statement("- actions: [s3:GetObject]", "  resources: [my-bucket]")), 9, "clusters[0].workloads[0].policyStatements[0].resources[0]", "is not an ARN"],
    ["a resource in another partition", file([], statement("- actions: [s3:GetObject]", '  resources: ["arn:aws-cn:s3:::b/*"]')), 9, "clusters[0].workloads[0].policyStatements[0].resources[0]", "is in partition aws-cn"],
    ["administrator access", file([], statement('- actions: ["*"]', '  resources: ["*"]')), 8, "clusters[0].workloads[0].policyStatements[0]", "dangerouslyAllowAdministratorAccess: true"],
    ["an unknown condition operator", file([], statement("- actions: [s3:GetObject]", `  ${READ}`, "  conditions:", "    - { test: StringEqual, variable: aws:PrincipalTag/team, values: [a] }")), 11, "clusters[0].workloads[0].policyStatements[0].conditions[0].test", 'Did you mean "StringEquals"?'],
    ["a Terraform template in a resource", file([], statement("- actions: [s3:GetObject]", '  resources: ["arn:aws:s3:::b/${aws:username}/*"]')), 9, "clusters[0].workloads[0].policyStatements[0].resources[0]", "&{aws:username}"],
    ["a reserved tag key", file([], ["tags: { 'aws:team': x }"]), 7, "clusters[0].workloads[0].tags.aws:team", "is not a valid IAM tag key"],
    ["an illegal label value", file([], ["serviceAccountLabels: { app: 'a b' }"]), 7, "clusters[0].workloads[0].serviceAccountLabels.app", "is not a valid Kubernetes label value"],
    ["the role annotation set by hand", file([], ["serviceAccountAnnotations: { eks.amazonaws.com/role-arn: x }"]), 7, "clusters[0].workloads[0].serviceAccountAnnotations.eks.amazonaws.com/role-arn", "is set by the generator"],
    ["an unknown backend type", file(["backend: { type: gcs, bucket: b }"]), 4, "clusters[0].backend.type", "must be one of local, s3, cloud"],
    ["an illegal state bucket", file(["backend: { type: s3, bucket: My_Bucket }"]), 4, "clusters[0].backend.bucket", "is not a valid S3 bucket name"],
    ["an unknown placeholder", file(["backend: { type: s3, bucket: state, key: '{env}/{cluster}' }"]), 4, "clusters[0].backend.key", "has the unknown placeholder {env}"],
    ["both a workspace and workspace tags", file(["backend: { type: cloud, organization: o, workspace: w, workspaceTags: [a] }"]), 4, "clusters[0].backend.workspaceTags", "cannot be combined with workspace"],
    ["an absolute local state path", file(["backend: { type: local, path: /var/state.tfstate }"]), 4, "clusters[0].backend.path", "must be a relative path"],
    ["a managed-policy quota above the hard limit", file(["maxManagedPoliciesPerRole: 30"]), 4, "clusters[0].maxManagedPoliciesPerRole", "must be between 1 and 25"],
    ["a duplicated key", file([], ["roleName: a", "roleName: b"]), 8, "clusters[0].workloads[0].roleName", "is given twice in this mapping"],
  ])("%s", (_what, yaml, line, path, fragment) => {
    expectRefused(yaml, line, path, fragment);
  });

  it.each<[string, string, string]>([
    ["an empty file", "", "t.yaml (file): the file is empty"],
    ["a list at the top", "- a\n", 't.yaml:1:1 (file): must be a mapping with a clusters: list'],
    ["no clusters", "clusters: []\n", "t.yaml:1:11 clusters: is empty"],
    ["a misspelt top-level key", "cluster: []\n", 't.yaml:1:1 cluster: unknown key (got "cluster"). Did you mean "clusters"?'],
  ])("refuses %s", (_what, yaml, message) => {
    const result = check(yaml);
    expect(result.config).toBeUndefined();
    expect(result.errors.join("\n")).toContain(message);
  });

  it("refuses a service account defined twice in a cluster, pointing at the second", () => {
    const yaml = `${file()}      - namespace: payments\n        serviceAccount: api\n`;
    const errors = check(yaml).errors;
    expect(errors).toEqual([expect.stringMatching(/^t\.yaml:7:9 clusters\[0\]\.workloads\[1\]: defines payments\/api again \(first at clusters\[0\]\.workloads\[0\]\)/)]);
  });

  it("refuses two workloads whose Terraform names collide", () => {
    const yaml = `${file([], [], "a-b", "c")}      - namespace: a\n        serviceAccount: b-c\n`;
    expect(check(yaml).errors.join("\n")).toMatch(/workloads\[1\]: gets the Terraform name "a_b_c"/);
  });

  it("refuses a cluster name used twice", () => {
    const yaml = `${file()}  - name: prod\n    region: eu-west-1\n    workloads: []\n`;
    expect(check(yaml).errors.join("\n")).toMatch(/t\.yaml:7:11 clusters\[1\]\.name: duplicates the name of another cluster \(first at t\.yaml:2:11 clusters\[0\]\.name\)/);
  });

  it("refuses the same role name twice in one account, across clusters", () => {
    const yaml = [
      "clusters:",
      "  - { name: a, region: eu-west-1, accountId: '111122223333', workloads: [{ namespace: x, serviceAccount: y, roleName: shared }] }",
      "  - { name: b, region: eu-west-1, accountId: '111122223333', workloads: [{ namespace: x, serviceAccount: y, roleName: shared }] }",
      "  - { name: c, region: eu-west-1, accountId: '444455556666', workloads: [{ namespace: x, serviceAccount: y, roleName: shared }] }",
    ].join("\n");
    const errors = check(yaml).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/clusters\[1\]\.workloads\[0\]\.roleName: gives x\/y the role name "shared", which x\/y of cluster a has too/);
  });

  it("names every problem of a file, not only the first", () => {
    const yaml = file(["accountId: '12'"], ["roleName: a/b", "maxSessionDuration: 1"], "Bad", "also_bad");
    const result = check(yaml);
    expect(result.errors[0]).toBe("t.yaml:4:16 clusters[0].accountId: must be exactly 12 digits (got \"12\"). Write the AWS account id in quotes, e.g. \"111122223333\".");
    expect(result.errors).toHaveLength(5);
  });

  it("reports problems under defaults once, where they are written", () => {
    const yaml = `defaults:\n  rolePath: nope\n${file()}      - namespace: payments\n        serviceAccount: other\n`;
    const errors = check(yaml).errors;
    expect(errors).toEqual([expect.stringMatching(/^t\.yaml:2:13 defaults\.rolePath: is not a valid IAM role path/)]);
  });

  it("allows administrator access only when the workload says so, and warns", () => {
    const yaml = file([], ["dangerouslyAllowAdministratorAccess: true", ...statement('- actions: ["*"]', '  resources: ["*"]')]);
    const result = check(yaml);
    expect(result.config).toBeDefined();
    expect(result.warnings.join("\n")).toContain("gives this service account administrator access");
  });

  it.each([
    ["iam:PassRole on every role", ["iam:PassRole"], "allows iam:PassRole on every role"],
    ["sts:AssumeRole on every role", ["sts:AssumeRole"], "allows sts:AssumeRole on every role"],
  ])("warns about %s but accepts it", (_what, actions, fragment) => {
    const result = check(file([], statement(`- actions: [${actions.join(", ")}]`, '  resources: ["*"]')));
    expect(result.config).toBeDefined();
    expect(result.warnings.join("\n")).toContain(fragment);
  });
});

describe("presets in a workload", () => {
  /** A one-cluster file whose workloads are these lines (indented under `workloads:`, line 5 on). */
  const workloads = (...lines: string[]) => ["clusters:", "  - name: prod", "    region: eu-west-1", "    workloads:", ...lines.map((l) => `      ${l}`), ""].join("\n");
  const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";

  it.each<[string, string, number, string, string]>([
    ["a misspelt preset", workloads("- preset: externl-dns"), 5, "clusters[0].workloads[0].preset", 'is not a known preset (got "externl-dns"). Did you mean "external-dns"?'],
    ["a misspelt preset in a list", workloads("- namespace: a", "  serviceAccount: b", "  presets: [ebs-cs]"), 7, "clusters[0].workloads[0].presets[0]", 'Did you mean "ebs-csi"?'],
    ["a misspelt parameter beside a one-line preset", workloads("- preset: external-dns", `  hostedZoneArn: [${ZONE}]`), 6, "clusters[0].workloads[0].hostedZoneArn", 'Did you mean "hostedZoneArns"?'],
    ["a misspelt parameter in a list entry", workloads("- namespace: a", "  serviceAccount: b", "  presets:", `    - { name: external-dns, hostedZones: [${ZONE}] }`), 8, "clusters[0].workloads[0].presets[0].hostedZones", 'Did you mean "hostedZoneArns"?'],
    ["a parameter of another preset", workloads("- preset: efs-csi", "  kmsKeyArns: []"), 6, "clusters[0].workloads[0].kmsKeyArns", "efs-csi takes no parameters"],
    ["a required scope missing from a list entry", workloads("- namespace: a", "  serviceAccount: b", "  presets: [velero]"), 7, "clusters[0].workloads[0].presets[0].bucketArns", "is required by preset velero"],
    ["the same preset twice", workloads("- preset: ebs-csi", "  presets: [ebs-csi]"), 6, "clusters[0].workloads[0].presets[0]", "is applied twice to this workload"],
    ["a statement id a preset uses", workloads("- preset: vpc-cni", "  policyStatements:", "    - { sid: IPV4, actions: [ec2:DescribeVpcs], resources: ['*'] }"), 7, "clusters[0].workloads[0].policyStatements[0].sid", "is used by another statement of this role"],
    ["a preset's namespace overridden with a wildcard", workloads("- preset: karpenter", "  namespace: 'kube-*'", "  nodeRoleArns: [arn:aws:iam::111122223333:role/n]"), 6, "clusters[0].workloads[0].namespace", "wildcards are never accepted here"],
    ["a parameter named like a property every JavaScript object has", workloads("- preset: efs-csi", "  toString: x"), 6, "clusters[0].workloads[0].toString", "unknown key"],
    ["the same in a list entry", workloads("- namespace: a", "  serviceAccount: b", "  presets: [{ name: efs-csi, constructor: x }]"), 7, "clusters[0].workloads[0].presets[0].constructor", "is not a parameter of preset efs-csi"],
    ["a list entry without a name", workloads("- namespace: a", "  serviceAccount: b", "  presets: [{ bucketArns: [] }]"), 7, "clusters[0].workloads[0].presets[0]", "must be a preset name, or a mapping with name: and the preset's parameters"],
  ])("refuses %s", (_what, yaml, line, path, fragment) => {
    expectRefused(yaml, line, path, fragment);
  });

  it("takes the chart's namespace and service account from a one-line preset, and lets the workload override them", () => {
    const result = check(workloads("- preset: aws-load-balancer-controller", "- preset: aws-load-balancer-controller", "  namespace: ingress", "  serviceAccount: alb"));
    const { workloads: found } = result.config!.clusters[0];
    const byDefault = found.find((w) => w.namespace === "kube-system")!;
    const overridden = found.find((w) => w.namespace !== "kube-system")!;
    expect([byDefault.namespace, byDefault.serviceAccount, byDefault.id]).toEqual(["kube-system", "aws-load-balancer-controller", "kube_system_aws_load_balancer_controller"]);
    expect([overridden.namespace, overridden.serviceAccount, overridden.id]).toEqual(["ingress", "alb", "ingress_alb"]);
  });

  it("puts a preset's statements before the workload's own, and merges managed policies", () => {
    const result = check(
      workloads(
        "- namespace: monitoring",
        "  serviceAccount: agent",
        "  presets: [cloudwatch-observability, { name: external-dns, hostedZoneArns: [" + ZONE + "] }]",
        "  managedPolicyArns: [arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy, arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]",
        "  policyStatements:",
        "    - { sid: Own, actions: [s3:PutObject], resources: ['arn:aws:s3:::b/*'] }",
      ),
    );
    expect(result.errors).toEqual([]);
    const workload = result.config!.clusters[0].workloads[0];
    expect(workload.presets).toEqual(["cloudwatch-observability", "external-dns"]);
    expect(workload.managedPolicyArns).toEqual([
      "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
      "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    ]);
    expect(workload.policyStatements.map((s) => s.actions[0])).toEqual(["route53:ChangeResourceRecordSets", "route53:ListHostedZones", "s3:PutObject"]);
  });

  it("counts a preset's managed policies against the role's quota", () => {
    const own = Array.from({ length: 9 }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`).join(", ");
    const errors = check(workloads("- preset: cloudwatch-observability", `  managedPolicyArns: [${own}]`)).errors;
    expect(errors.join("\n")).toContain("attaches 11 managed policies; the quota is 10 per role");
  });
});

describe("Terraform addresses: what would meet on one address is refused where it is written", () => {
  const two = (first: string[], second: string[], extra = "") =>
    ["clusters:", "  - name: prod", "    region: eu-west-1", ...(extra ? [`    ${extra}`] : []), "    workloads:", ...first.map((l) => `      ${l}`), ...second.map((l) => `      ${l}`), ""].join("\n");

  // [what, file, line, path, fragment]
  it.each<[string, string, number, string, string]>([
    [
      "two workloads' attachments that meet after '-' becomes '_'",
      two(["- namespace: a", "  serviceAccount: b", "  managedPolicyArns: [arn:aws:iam::111122223333:policy/x-y]"], ["- namespace: a", "  serviceAccount: b-x", "  managedPolicyArns: [arn:aws:iam::111122223333:policy/y]"]),
      10,
      "clusters[0].workloads[1].managedPolicyArns[0]",
      "the Terraform address aws_iam_role_policy_attachment.a_b_x_y, which the attachment of arn:aws:iam::111122223333:policy/x-y to a/b has already",
    ],
    [
      "two created namespaces that meet after '-' folding",
      two(["- namespace: team-a", "  serviceAccount: one", "  createNamespace: true", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"], ["- namespace: team--a", "  serviceAccount: two", "  createNamespace: true", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]),
      5,
      "clusters[0].workloads[0].namespace",
      "the Terraform address kubernetes_namespace_v1.team_a, which the namespace team--a has already",
    ],
    [
      "a preset's managed policy beside a customer policy of the same name",
      two(["- namespace: monitoring", "  serviceAccount: agent", "  presets: [cloudwatch-observability]", "  managedPolicyArns: [arn:aws:iam::111122223333:policy/CloudWatchAgentServerPolicy]"], []),
      8,
      "clusters[0].workloads[0].managedPolicyArns[0]",
      "Attach one of the two through a policy of another name",
    ],
    [
      "a terraformName that another workload's label already is",
      two(["- namespace: a", "  serviceAccount: b", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"], ["- namespace: c", "  serviceAccount: d", "  terraformName: a_b", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]),
      8,
      "clusters[0].workloads[1]",
      "Set terraformName on one of the two",
    ],
    ["a terraformName Terraform cannot take", file([], ["terraformName: 1-role", READ.replace("resources", "managedPolicyArns").replace('"arn:aws:s3:::b/*"', "arn:aws:iam::aws:policy/ReadOnlyAccess")]), 7, "clusters[0].workloads[0].terraformName", "is not a Terraform name"],
  ])("%s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));

  it("accepts a created namespace that looks like another workload's construct path, and keeps both apart", () => {
    // GIVEN a namespace x--y created beside a workload namespace-x/y (once an internal error)
    const result = check(
      two(["- namespace: x--y", "  serviceAccount: one", "  createNamespace: true", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"], ["- namespace: namespace-x", "  serviceAccount: y", "  managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]),
    );
    // THEN it is valid, and each block has its own address
    expect(result.errors).toEqual([]);
    const [cluster] = result.config!.clusters;
    expect(cluster.addresses.namespaces["x--y"].label).toBe("x_y");
    expect(new Set([cluster.addresses.namespaces["x--y"].construct, ...Object.values(cluster.addresses.workloads).map((w) => w.construct)]).size).toBe(3);
  });
});

describe("text that would not reach Terraform as written", () => {
  const condition = (value: string) => statement(`- actions: [s3:GetObject]`, `  ${READ}`, "  conditions:", `    - { test: StringEquals, variable: "aws:PrincipalTag/team", values: [${JSON.stringify(value)}] }`);
  it.each<[string, string, number, string, string]>([
    ["a condition value that looks like a cdktf list token", file([], condition("#{TfToken[TOKEN.3]}")), 11, "clusters[0].workloads[0].policyStatements[0].conditions[0].values[0]", "which cdktf would read as one of its own placeholders"],
    ["a string token marker in an annotation", file([], ["serviceAccountAnnotations: { note: '${TfToken[TOKEN.1]}' }"]), 7, "clusters[0].workloads[0].serviceAccountAnnotations.note", "which Terraform would read as a template"],
    ["a map token marker in a tag value", file([], ["tags: { team: '&{TfToken[TOKEN.7]}' }"]), 7, "clusters[0].workloads[0].tags.team", "which cdktf would read as one of its own placeholders"],
    ["text that HCL's parser would normalize", file([], condition("cafe\u0301")), 11, "clusters[0].workloads[0].policyStatements[0].conditions[0].values[0]", "is not in Unicode normalization form C"],
    ["a lone surrogate", file([], ['description: "a\\uD800b"']), 7, "clusters[0].workloads[0].description", "is not valid Unicode"],
  ])("%s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));
});

describe("every problem of the file in one run, at every level", () => {
  it("reports a top-level typo and the problems under it, down to a condition's value", () => {
    // GIVEN a file with a mistake at each level
    const yaml = [
      "defualts:", //                                   1: a typo at the top
      "  rolePath: /x/",
      "defaults:",
      "  maxSessionDuration: 10", //                    4: a bad default
      "clusters:",
      "  - name: prod",
      "    region: eu-west-1",
      "    acountId: '111122223333'", //                8: a typo in a cluster
      "    workloads:",
      "      - namespace: Payments", //                10: a bad name
      "        serviceAccount: api",
      "        policyStatements:",
      "          - effect: allow", //                  13: a bad effect
      "            actions: [s3:GetObject]",
      "            resources: [bucket]", //            15: not an ARN
      "          - actions: [s3:PutObject]",
      "            resources: ['arn:aws:s3:::b/*']",
      "            conditions: [{ test: Bool, variable: aws:SecureTransport, values: ['yes'] }]", // 18: a bad value
      "      - namespace: orders", //                  19: a neighbour with its own problem
      "        serviceAccount: worker",
      "        roleName: a/b",
      "",
    ].join("\n");
    // WHEN checked once
    const lines = check(yaml).errors.map((e) => Number(/^t\.yaml:(\d+):/.exec(e)![1]));
    // THEN each mistake is reported in that one run
    expect(lines).toEqual([1, 4, 8, 10, 13, 15, 18, 21]);
  });

  it("reports thousands of problems, one for each", () => {
    const workloads = Array.from({ length: 3000 }, (_, i) => `      - { namespace: Bad${i}, serviceAccount: sa, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }`);
    const result = check(["clusters:", "  - name: prod", "    region: eu-west-1", "    workloads:", ...workloads].join("\n"));
    expect(result.errors).toHaveLength(3000);
    expect(result.errors[2999]).toMatch(/^t\.yaml:3004:\d+ clusters\[0\]\.workloads\[2999\]\.namespace: is not a valid Kubernetes namespace/);
  });
});
