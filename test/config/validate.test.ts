import { ADDRESSES_REFUSED, PRESETS_REFUSED, REFUSED, REFUSED_FILES, TEXT_REFUSED, two, workloads, ZONE, type BadConfig } from "../support/bad-configs";
import { check, expectRefused, file, statement } from "../support/refusal";

describe("validateConfig refuses bad input, naming file, line, path and fix", () => {
  // [what, file, line, path, fragment of the message]
  it.each<BadConfig>(REFUSED)("%s", (_what, yaml, line, path, fragment) => {
    expectRefused(yaml, line, path, fragment);
  });

  it.each<[string, string, string]>(REFUSED_FILES)("refuses %s", (_what, yaml, message) => {
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

  it.each<BadConfig>(PRESETS_REFUSED)("refuses %s", (_what, yaml, line, path, fragment) => {
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

  it.each<BadConfig>(ADDRESSES_REFUSED)("%s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));

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
  it.each<BadConfig>(TEXT_REFUSED)("%s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));
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
