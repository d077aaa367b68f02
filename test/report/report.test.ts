import { Testing } from "cdktf";
import fc from "fast-check";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { workloadKey } from "../../lib/model/addresses";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import type { ClusterConfig, IrsaConfig } from "../../lib/model/model";
import { partitionOf } from "../../lib/aws/partition";
import { parseConfigText } from "../../lib/config/source";
import { validateConfig } from "../../lib/config/validate";
import { buildReport, describeGrantee, renderJson, renderMarkdown, type RoleReport } from "../../lib/report/report";
import { ANY, whoCanAssume } from "../../lib/report/who-can-assume";
import { configFrom, oneCluster } from "../support/config";
import { exampleConfigs, PROJECT_ROOT, tempDir } from "../support/files";
import { loadExample } from "../support/terraform";
import { admits, podIdentity, webIdentity, type AssumeRequest } from "../support/trust";

type Statements = Parameters<typeof admits>[0];

/** Each cluster's synthesized stack (as `synth` writes it), by name: what the independent evaluation reads. */
function synthesized(config: IrsaConfig): Map<string, { data?: Record<string, Record<string, { statement: Statements }>>; resource?: Record<string, Record<string, unknown>> }> {
  const out = new Map();
  for (const cluster of config.clusters) {
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    out.set(cluster.name, JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))));
  }
  return out;
}

/** Every service account name of a cluster's config: current, and earlier (a rename in transition is trusted too), and the add-ons'. */
function namesIn(cluster: ClusterConfig): (readonly [string, string])[] {
  return [
    ...cluster.workloads.flatMap((w) => [[w.namespace, w.serviceAccount] as const, ...w.previously.map((p) => [p.namespace, p.serviceAccount] as const)]),
    ...cluster.addons.map((a) => [a.role.namespace, a.role.serviceAccount] as const),
  ];
}

/**
 * Who a synthesized trust policy admits, found without the report's reader:
 * every candidate request (each service account of the config, one that is
 * no workload's, both audiences, every provider, issuer, account and
 * cluster the stack names and one it does not), evaluated by the trust
 * tests' evaluator. `mechanism namespace/serviceAccount`.
 */
function admittedBy(trust: Statements, cluster: ClusterConfig): Set<string> {
  const names = JSON.stringify(trust);
  const federated = [...new Set(trust.flatMap((s) => (s.principals ?? []).filter((p) => p.type === "Federated").flatMap((p) => p.identifiers))), "arn:aws:iam::999999999999:oidc-provider/other"];
  const keys = trust.flatMap((s) => (s.condition ?? []).map((c) => c.variable));
  const issuers = [...new Set(keys.map((k) => /^(.*):(sub|aud)$/.exec(k)?.[1]).filter((h): h is string => h !== undefined)), "oidc.example.com/other"];
  const values = (key: string) => [...new Set(trust.flatMap((s) => (s.condition ?? []).filter((c) => c.variable === key).flatMap((c) => c.values)))];
  const accounts = [...values("aws:SourceAccount"), "999999999999"];
  const clusterArns = [...values("aws:RequestTag/eks-cluster-arn"), "arn:aws:eks:eu-west-1:999999999999:cluster/other"];
  const accountsOfConfig = [...namesIn(cluster), ["elsewhere", "nobody"] as const];
  const out = new Set<string>();
  for (const [namespace, serviceAccount] of accountsOfConfig) {
    const requests: [string, AssumeRequest][] = [];
    for (const providerArn of federated) {
      for (const issuerHost of issuers) {
        for (const aud of ["sts.amazonaws.com", "vault"]) requests.push([`irsa ${namespace}/${serviceAccount} ${aud}`, webIdentity({ providerArn, issuerHost, sub: `system:serviceaccount:${namespace}:${serviceAccount}`, aud })]);
      }
    }
    for (const accountId of accounts) {
      for (const clusterArn of clusterArns) requests.push([`pod-identity ${namespace}/${serviceAccount}`, podIdentity({ accountId, clusterArn, namespace, serviceAccount })]);
    }
    for (const [key, request] of requests) if (admits(trust, request)) out.add(key);
  }
  expect(names).not.toContain("Deny");
  return out;
}

/** What the report says a role admits, in admittedBy's terms (any namespace or service account stands for every candidate). */
function claimedBy(role: RoleReport, cluster: ClusterConfig): Set<string> {
  const candidates = [...namesIn(cluster).map(([namespace, serviceAccount]) => `${namespace}/${serviceAccount}`), "elsewhere/nobody"];
  const out = new Set<string>();
  for (const grantee of role.grantees) {
    if (grantee.mechanism === "unknown") throw new Error(`unknown grantee: ${grantee.reason}`);
    const matching = candidates.filter((key) => {
      const [namespace, serviceAccount] = key.split("/");
      return (grantee.namespace === ANY || grantee.namespace === namespace) && (grantee.serviceAccount === ANY || grantee.serviceAccount === serviceAccount);
    });
    for (const key of matching) out.add(grantee.mechanism === "irsa" ? `irsa ${key} ${grantee.audience}` : `pod-identity ${key}`);
  }
  return out;
}

/** Random valid configs with what the report must get right: retired workloads and clusters, adopted roles, both mechanisms, chained roles. */
const reportConfigs = fc
  .uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      region: fc.constantFrom("eu-west-1", "us-east-1", "cn-north-1"),
      accountId: fc.boolean(),
      issuer: fc.boolean(),
      oidcProvider: fc.constantFrom("create", "lookup"),
      retire: fc.constantFrom(undefined, undefined, "keep", "destroy"),
      workloads: fc.uniqueArray(
        fc.record({
          namespace: fc.constantFrom("a", "a-b", "apps"),
          serviceAccount: fc.constantFrom("c", "b-c", "api"),
          identity: fc.constantFrom("irsa", "pod-identity", "both"),
          retire: fc.constantFrom(undefined, undefined, "keep", "destroy"),
          adopt: fc.boolean(),
          exclusivePolicies: fc.boolean(),
          targetRole: fc.boolean(),
          deny: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4, selector: (w) => `${w.namespace}/${w.serviceAccount}` },
      ),
      addons: fc.uniqueArray(
        fc.record({ name: fc.constantFrom("aws-ebs-csi-driver", "vpc-cni"), podIdentity: fc.boolean(), retire: fc.constantFrom(undefined, undefined, "keep", "destroy") }),
        { maxLength: 2, selector: (a) => a.name },
      ),
    }),
    { minLength: 1, maxLength: 2, selector: (c) => c.name },
  )
  .map((clusters) => ({
    clusters: clusters.map((c, i) => {
      const p = partitionOf(c.region);
      // Pod Identity is not offered in China: those clusters stay on IRSA.
      const china = p.id === "aws-cn";
      return {
        name: c.name,
        region: c.region,
        ...(c.accountId ? { accountId: String(100000000000 + i) } : {}),
        ...(c.issuer ? { oidcIssuerUrl: `https://oidc.eks.${c.region}.${p.dnsSuffix}/id/C${i}` } : {}),
        oidcProvider: c.oidcProvider,
        ...(c.retire ? { retire: c.retire } : {}),
        workloads: c.workloads.map((w) => {
          const identity = china ? "irsa" : w.identity;
          return {
            namespace: w.namespace,
            serviceAccount: w.serviceAccount,
            // a-b/c and a/b-c would share a label: one of them is named.
            ...(w.namespace === "a" ? { terraformName: `n_${w.serviceAccount.replace("-", "_")}`, ...(w.adopt ? {} : { roleName: `${c.name}-n-${w.serviceAccount}` }) } : {}),
            identity,
            ...(w.retire ? { retire: w.retire } : {}),
            ...(w.adopt ? { adopt: { role: `existing-${c.name}-${w.namespace === "a" ? "n" : w.namespace}-${w.serviceAccount}` } } : {}),
            exclusivePolicies: w.exclusivePolicies,
            ...(w.targetRole && identity !== "irsa" ? { podIdentity: { targetRoleArn: `arn:${p.id}:iam::444455556666:role/target` } } : {}),
            managedPolicyArns: [`arn:${p.id}:iam::aws:policy/ReadOnlyAccess`],
            policyStatements: [
              { actions: ["s3:GetObject"], resources: [`arn:${p.id}:s3:::bucket-${i}/*`] },
              ...(w.deny ? [{ effect: "Deny", actions: ["s3:DeleteObject"], resources: ["*"], conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }] : []),
            ],
          };
        }),
        addons: c.addons.map((a) => ({ name: a.name, identity: a.podIdentity && !china ? "pod-identity" : "irsa", ...(a.retire ? { retire: a.retire } : {}) })),
      };
    }),
  }));

describe("who may assume, as the report says", () => {
  it("is what an independent evaluation of the synthesized trust policies admits, over random configs", () => {
    fc.assert(
      fc.property(reportConfigs, (raw) => {
        // GIVEN a random valid config (retired, adopted, both mechanisms, chained roles among them)
        const result = validateConfig("r.yaml", raw);
        const errors = result.problems.filter((p) => p.severity === "error");
        expect(errors).toEqual([]);
        const config = result.config!;
        // WHEN the report is built from the model, and each stack synthesized
        const report = buildReport(config);
        const stacks = synthesized(config);
        for (const [c, cluster] of config.clusters.entries()) {
          const stack = stacks.get(cluster.name)!;
          for (const [w, workload] of cluster.workloads.entries()) {
            const role = report.clusters[c].roles[w];
            expect(role.serviceAccount).toBe(workloadKey(workload));
            if (workload.retire) {
              // THEN a retired role is listed as retired, assumable by nobody, and the stack has no role for it
              expect(role.retired).toBe(workload.retire);
              expect(role.grantees).toEqual([]);
              expect(stack.resource?.aws_iam_role?.[workload.id]).toBeUndefined();
              continue;
            }
            // THEN every other role admits exactly whom the report names, as the evaluator reads the synthesized trust
            const trust = stack.data!.aws_iam_policy_document[cluster.addresses.workloads[workloadKey(workload)].trustDocument].statement;
            expect(claimedBy(role, cluster)).toEqual(admittedBy(trust, cluster));
            // AND an adopted role without the drift lock is said to hold perhaps more
            expect(role.mayHoldUnmanagedPolicies).toBe(workload.adopt?.role === true && !workload.exclusivePolicies);
          }
          // AND an add-on's role, after the workloads', is named with its add-on and admits whom its synthesized trust admits
          for (const [a, addon] of cluster.addons.entries()) {
            const role = report.clusters[c].roles[cluster.workloads.length + a];
            expect([role.addon, role.serviceAccount, role.retired]).toEqual([addon.name, workloadKey(addon.role), addon.role.retire]);
            if (addon.role.retire) {
              expect(role.grantees).toEqual([]);
              expect(stack.resource?.aws_eks_addon?.[addon.id]).toBeUndefined();
              continue;
            }
            const trust = stack.data!.aws_iam_policy_document[cluster.addresses.addons[addon.name].trustDocument].statement;
            expect(claimedBy(role, cluster)).toEqual(admittedBy(trust, cluster));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it.each(exampleConfigs())("%s: matches the independent evaluation", (file) => {
    // GIVEN an example / WHEN its report is built / THEN each role's grantees are what the synthesized trust admits
    const config = loadExample(file);
    const report = buildReport(config);
    const stacks = synthesized(config);
    for (const [c, cluster] of config.clusters.entries()) {
      // The workloads of shared roles are reported with their role, after the cluster's own roles, in the role's home.
      const own = cluster.workloads.filter((w) => w.sharedRole === undefined);
      for (const [w, workload] of own.entries()) {
        if (workload.retire) continue;
        const trust = stacks.get(cluster.name)!.data!.aws_iam_policy_document[cluster.addresses.workloads[workloadKey(workload)].trustDocument].statement;
        expect(claimedBy(report.clusters[c].roles[w], cluster)).toEqual(admittedBy(trust, cluster));
      }
      for (const [a, addon] of cluster.addons.entries()) {
        if (addon.role.retire) continue;
        const trust = stacks.get(cluster.name)!.data!.aws_iam_policy_document[cluster.addresses.addons[addon.name].trustDocument].statement;
        expect(claimedBy(report.clusters[c].roles[own.length + a], cluster)).toEqual(admittedBy(trust, cluster));
      }
      // Then the shared roles homed here, with every member of every cluster.
      for (const [r, role] of (cluster.sharedRoles ?? []).entries()) {
        if (role.retire) continue;
        const trust = stacks.get(cluster.name)!.data!.aws_iam_policy_document[cluster.addresses.sharedRoles![role.key].trustDocument].statement;
        const members = { ...cluster, addons: [], workloads: config.clusters.flatMap((x) => x.workloads.filter((w) => w.sharedRole?.key === role.key)) };
        expect(claimedBy(report.clusters[c].roles[own.length + cluster.addons.length + r], members)).toEqual(admittedBy(trust, members));
      }
    }
  });

  it.each<[string, any[], string]>([
    ["no sub condition: any service account of the cluster", [{ effect: "Allow", actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: ["arn:p"] }], condition: [{ test: "StringEquals", variable: "h:aud", values: ["sts.amazonaws.com"] }] }], "irsa"],
    ["an unpinned Pod Identity trust", [{ effect: "Allow", actions: ["sts:AssumeRole", "sts:TagSession"], principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }] }], "pod-identity"],
    ["a StringLike subject", [{ effect: "Allow", actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: ["arn:p"] }], condition: [{ test: "StringLike", variable: "h:sub", values: ["system:serviceaccount:*"] }] }], "unknown"],
  ])("reports a wider trust as wide: %s", (_what, statements, mechanism) => {
    // GIVEN a trust wider than one service account / WHEN read and rendered
    const grantees = whoCanAssume(statements);
    expect(grantees.map((g) => g.mechanism)).toEqual([mechanism]);
    const markdown = renderMarkdown({
      generatedBy: "irsa-gen report",
      sourceFile: "x.yaml",
      clusters: [{ name: "c", region: "eu-west-1", oidcProvider: "created", roles: [{ roleName: "r", serviceAccount: "a/b", label: "a_b", grantees, wide: true, managedPolicies: [], statements: [], mayHoldUnmanagedPolicies: false, warnings: [] }] }],
    });
    // THEN it is marked wide
    expect(markdown).toContain("**wide**");
  });
});

/** The markdown report of one cluster's workloads (YAML, indented by 6). */
function markdownOf(workloads: string, clusterExtra = ""): string {
  return renderMarkdown(buildReport(configFrom(oneCluster(workloads, clusterExtra))));
}

/** The Mermaid diagram's lines. */
function diagramOf(markdown: string): string[] {
  return markdown.split("```mermaid\n")[1].split("```")[0].trim().split("\n");
}

describe("the report", () => {
  const config: IrsaConfig = loadExample("irsa.yaml");

  it("matches the reviewed golden report of irsa.yaml (regenerate with IRSA_UPDATE_GOLDEN=1)", () => {
    // GIVEN the bundled example / WHEN its report is rendered
    const markdown = renderMarkdown(buildReport(config));
    const golden = join(PROJECT_ROOT, "test", "report", "golden", "irsa-report.md");
    // Written only when asked: a missing golden file fails, here and in CI, as a missing snapshot does with --ci.
    if (process.env.IRSA_UPDATE_GOLDEN === "1") writeFileSync(golden, markdown);
    // THEN the reviewed golden file exists, and the report is it, byte for byte
    expect({ golden, exists: existsSync(golden) }).toEqual({ golden, exists: true });
    expect(markdown).toBe(readFileSync(golden, "utf8"));
  });

  it("gives the same data as JSON, for diffs in CI", () => {
    const json = JSON.parse(renderJson(buildReport(config)));
    expect(json.generatedBy).toBe("irsa-gen report");
    expect(json.clusters.map((c: { name: string }) => c.name)).toEqual(["prod-eu", "staging-us"]);
    expect(json.clusters[0].roles[0].grantees[0]).toMatchObject({ mechanism: "irsa", namespace: "orders", serviceAccount: "queue-worker", audience: "sts.amazonaws.com" });
  });

  it("gives a-b/c and a/b-c nodes of their own, each role pointing at its own service account only", () => {
    // GIVEN two service accounts whose text differs only in where the dash and the slash are
    const markdown = markdownOf(`      - { namespace: a-b, serviceAccount: c, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
      - { namespace: a, serviceAccount: b-c, terraformName: a_bc, roleName: prod-a-bc, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
`);
    // WHEN the diagram is drawn
    const edges = diagramOf(markdown).filter((l) => /^\s+role_\w+ --> /.test(l));
    // THEN each role has one edge, to a node of its own labelled with its own service account
    expect(edges.map((l) => l.trim())).toEqual([
      'role_a_b_c --> sa_a_b_c["service account a-b/c"]',
      'role_a_bc --> sa_a_bc["service account a/b-c"]',
    ]);
  });

  it("keeps node ids stable: the same config draws the same diagram, whatever the order of its workloads", () => {
    // GIVEN one config written in two orders / WHEN each is drawn / THEN the diagrams are the same
    const x = "      - { namespace: x, serviceAccount: one, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n";
    const y = "      - { namespace: y, serviceAccount: two, identity: both, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n";
    const account = '    accountId: "111122223333"\n';
    expect(diagramOf(markdownOf(y + x, account))).toEqual(diagramOf(markdownOf(x + y, account)));
  });

  it.each<[string, string, string, RegExp]>([
    [
      "a Deny statement, whole, with its condition",
      `      - namespace: a
        serviceAccount: b
        policyStatements:
          - { actions: [s3:GetObject], resources: ["arn:aws:s3:::x/*"] }
          - { effect: Deny, actions: [s3:DeleteObject], resources: ["*"], conditions: [{ test: Bool, variable: aws:SecureTransport, values: ["false"] }] }
`,
      "",
      /Allow s3:GetObject on arn:aws:s3:::x\/\*<br>\*\*Deny\*\* s3:DeleteObject on \* when Bool aws:SecureTransport = false/,
    ],
    [
      "each statement's actions with its own resources (PassRole next to its role only)",
      `      - namespace: a
        serviceAccount: b
        policyStatements:
          - { actions: [ec2:DescribeInstances], resources: ["*"] }
          - { actions: [iam:PassRole], resources: ["arn:aws:iam::111122223333:role/node"], conditions: [{ test: StringEquals, variable: iam:PassedToService, values: [ec2.amazonaws.com] }] }
`,
      "",
      /Allow ec2:DescribeInstances on \*<br>Allow iam:PassRole on arn:aws:iam::111122223333:role\/node when StringEquals iam:PassedToService = ec2\.amazonaws\.com/,
    ],
    [
      "managed policies named and linked",
      "      - { namespace: a, serviceAccount: b, managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess, arn:aws:iam::111122223333:policy/team/Own] }\n",
      "",
      /Own \(arn:aws:iam::111122223333:policy\/team\/Own; the account's own policy\)<br>\[AmazonS3ReadOnlyAccess\]\(https:\/\/docs\.aws\.amazon\.com\/aws-managed-policy\/latest\/reference\/AmazonS3ReadOnlyAccess\.html\)/,
    ],
    [
      "an adopted role without the drift lock",
      "      - { namespace: a, serviceAccount: b, adopt: { role: old-role }, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n",
      "",
      /adopted without the drift lock \(exclusivePolicies\): the role may hold policies irsa-gen does not manage/,
    ],
    [
      "a chained Pod Identity role",
      "      - { namespace: a, serviceAccount: b, identity: pod-identity, podIdentity: { targetRoleArn: arn:aws:iam::444455556666:role/t }, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n",
      '    accountId: "111122223333"\n',
      /EKS Pod Identity chains into arn:aws:iam::444455556666:role\/t/,
    ],
    [
      "words, not expressions, where the stack reads values at plan time",
      "      - { namespace: a, serviceAccount: b, identity: both, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n",
      "    oidcProvider: lookup\n",
      /IRSA: a\/b, tokens from the issuer of cluster prod \(read from EKS at plan time\) for audience sts\.amazonaws\.com, through the account's OIDC provider for the cluster's issuer \(found at plan time\)<br>Pod Identity: a\/b on cluster prod \(its ARN read at plan time\), account the account Terraform runs in/,
    ],
  ])("shows %s", (_what, workloads, clusterExtra, expected) => {
    // GIVEN a cluster with such a workload / WHEN its report is rendered
    const markdown = markdownOf(workloads, clusterExtra);
    // THEN the table says it, in words
    expect(markdown).toMatch(expected);
    expect(markdown).not.toContain("${");
  });

  it("says nothing of unmanaged policies for an adopted role under the drift lock", () => {
    const markdown = markdownOf("      - { namespace: a, serviceAccount: b, adopt: { role: old-role }, exclusivePolicies: true, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n");
    expect(markdown).not.toContain("drift lock");
  });

  it("keeps table cells and diagram labels intact whatever a name holds", () => {
    const markdown = renderMarkdown({
      generatedBy: "irsa-gen report",
      sourceFile: "a|b\n.yaml",
      clusters: [{ name: "c|d", region: "eu-west-1", oidcProvider: "x", roles: [{ roleName: "r", serviceAccount: "a/b", label: "a_b", grantees: [], wide: false, managedPolicies: [], statements: [{ effect: "Allow", actions: ["s3:Get|Object"], resources: ["arn:aws:s3:::b/<x>"], conditions: [] }], mayHoldUnmanagedPolicies: false, warnings: ['say "hi"'] }] }],
    });
    const row = markdown.split("\n").find((l) => l.startsWith("| `r`"))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(markdown).not.toContain("<x>");
  });
});

// The config parser is used above through configFrom; this keeps a config with a retired cluster reportable on its own.
it("builds a report for a config whose only cluster is retired", () => {
  const source = parseConfigText("r.yaml", oneCluster("      - { namespace: a, serviceAccount: b, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n", "    retire: keep\n"));
  const result = validateConfig("r.yaml", source.data);
  const report = buildReport(result.config!);
  expect(report.clusters[0]).toMatchObject({ retired: "keep", roles: [{ retired: "keep", grantees: [] }] });
});

describe("the report of EKS add-ons", () => {
  const yaml = `clusters:
  - name: prod
    region: eu-west-1
    accountId: "111122223333"
    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/ABC
    podIdentityAgent: true
    workloads: []
    addons:
      - { name: aws-ebs-csi-driver }
      - { name: vpc-cni, identity: pod-identity }
      - { name: aws-efs-csi-driver, retire: keep }
`;

  it("lists each add-on's role with who may assume it: the add-on's service account, by its mechanism", () => {
    // GIVEN the EBS driver on IRSA, the VPC CNI on Pod Identity and a retired EFS driver / WHEN reported
    const report = buildReport(configFrom(yaml));
    const roles = report.clusters[0].roles;
    // THEN each role names its add-on, and exactly the add-on's service account may assume it
    expect(roles.map((r) => [r.roleName, r.addon, r.serviceAccount, r.retired ?? "", r.grantees.map(describeGrantee)])).toEqual([
      [
        "prod-addon-aws-ebs-csi-driver",
        "aws-ebs-csi-driver",
        "kube-system/ebs-csi-controller-sa",
        "",
        ["IRSA: kube-system/ebs-csi-controller-sa, tokens from oidc.eks.eu-west-1.amazonaws.com/id/ABC for audience sts.amazonaws.com, through the OIDC provider this stack creates"],
      ],
      ["prod-addon-aws-efs-csi-driver", "aws-efs-csi-driver", "kube-system/efs-csi-controller-sa", "keep", []],
      ["prod-addon-vpc-cni", "vpc-cni", "kube-system/aws-node", "", ["Pod Identity: kube-system/aws-node on arn:aws:eks:eu-west-1:111122223333:cluster/prod, account 111122223333"]],
    ]);
    expect(roles.some((r) => r.wide)).toBe(false);
  });

  it("says in the table which add-on a role is for, and draws it from its service account's node", () => {
    const markdown = renderMarkdown(buildReport(configFrom(yaml)));
    expect(markdown).toContain("| `prod-addon-aws-ebs-csi-driver` (EKS add-on aws-ebs-csi-driver: kube-system/ebs-csi-controller-sa) |");
    expect(markdown).toContain("| `prod-addon-aws-efs-csi-driver` | EKS add-on aws-efs-csi-driver: kube-system/efs-csi-controller-sa | retired (keep)");
    expect(diagramOf(markdown)).toContain('  role_vpc_cni --> sa_vpc_cni["service account kube-system/aws-node"]');
  });
});
