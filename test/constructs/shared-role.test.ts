/**
 * Shared roles (`roles:`): one role for several service accounts and
 * several clusters. The trust of each shape (clusters × service accounts ×
 * mechanism) is evaluated as IAM would, against the listed principals and
 * the same service account elsewhere.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { buildReport, describeGrantee, renderMarkdown } from "../../lib/report/report";
import { isWide } from "../../lib/report/who-can-assume";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import { parseConfigText } from "../../lib/config/source";
import { validateConfig } from "../../lib/config/validate";
import { policyJson } from "../../lib/model/iam-policy";
import { sharedTrustDocument } from "../../lib/model/trust-statements";
import { configFrom, type TerraformJson } from "../support/config";
import { PROJECT_ROOT, tempDir } from "../support/files";
import { admits, podIdentity, webIdentity, type AssumeRequest } from "../support/trust";

const ACCOUNT = "111122223333";
const OTHER_ACCOUNT = "999988887777";
const HOSTS: Record<string, string> = {
  blue: "oidc.eks.eu-west-1.amazonaws.com/id/B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0",
  green: "oidc.eks.eu-west-1.amazonaws.com/id/C1C1C1C1C1C1C1C1C1C1C1C1C1C1C1C1",
  staging: "oidc.eks.eu-west-1.amazonaws.com/id/D2D2D2D2D2D2D2D2D2D2D2D2D2D2D2D2",
};
/** What the home stack (blue) names each cluster's provider by: its own block, the others by ARN. */
const PROVIDER: Record<string, string> = {
  blue: "${aws_iam_openid_connect_provider.cluster.arn}",
  green: `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOSTS.green}`,
  staging: `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOSTS.staging}`,
};
const clusterArn = (name: string, account = ACCOUNT) => `arn:aws:eks:eu-west-1:${account}:cluster/${name}`;

type Subject = readonly [namespace: string, serviceAccount: string];
type Mechanism = "irsa" | "pod-identity" | "both";

/** A file with the role homed in blue, named by `subjects` in each of `clusters`. */
function sharedConfig(clusters: readonly string[], subjects: readonly Subject[], identity: Mechanism, extra = "", maxTrust = 4096): string {
  const workloads = subjects.map(([ns, sa]) => `      - { namespace: ${ns}, serviceAccount: ${sa}, role: payments-api, identity: ${identity} }\n`).join("");
  return `defaults: { maxTrustPolicyLength: ${maxTrust} }
roles:
  - name: payments-api
    home: blue
    managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
${extra}clusters:
${["blue", "green", "staging"]
  .map(
    (name) => `  - name: ${name}
    region: eu-west-1
    accountId: "${ACCOUNT}"
    oidcIssuerUrl: https://${HOSTS[name]}
    workloads:
${clusters.includes(name) ? workloads : "      - { namespace: other, serviceAccount: thing, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n"}`,
  )
  .join("")}`;
}

/** Every stack of a config, by cluster. */
function synthAll(yaml: string): Record<string, TerraformJson> {
  const config = configFrom(yaml);
  const app = Testing.app({ stackTraces: false, outdir: tempDir() });
  const out: Record<string, TerraformJson> = {};
  for (const cluster of config.clusters) out[cluster.name] = JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))) as TerraformJson;
  return out;
}

const irsaPod = (cluster: string, ns: string, sa: string, over: Partial<{ aud: string; provider: string; host: string }> = {}): AssumeRequest =>
  webIdentity({ providerArn: over.provider ?? PROVIDER[cluster], issuerHost: over.host ?? HOSTS[cluster], sub: `system:serviceaccount:${ns}:${sa}`, aud: over.aud ?? "sts.amazonaws.com" });
const podIdentityPod = (cluster: string, ns: string, sa: string, account = ACCOUNT): AssumeRequest => podIdentity({ accountId: account, clusterArn: clusterArn(cluster, account), namespace: ns, serviceAccount: sa });

const SHAPES: [string, string[], Subject[]][] = [
  ["one cluster, one service account", ["blue"], [["payments", "api"]]],
  ["one cluster, a controller and its webhook", ["blue"], [["payments", "api"], ["payments", "api-webhook"]]],
  ["one application in two namespaces", ["blue"], [["payments", "api"], ["billing", "api"]]],
  ["two clusters (blue/green), one service account", ["blue", "green"], [["payments", "api"]]],
  ["two clusters, two service accounts in two namespaces", ["blue", "green"], [["payments", "api"], ["billing", "webhook"]]],
];

describe.each(SHAPES)("a shared role of %s", (_shape, clusters, subjects) => {
  describe.each<Mechanism>(["irsa", "pod-identity", "both"])("with %s", (identity) => {
    let statements: any[];
    beforeAll(() => {
      statements = synthAll(sharedConfig(clusters, subjects, identity)).blue.data!.aws_iam_policy_document.shared_payments_api_trust.statement;
    });
    const web = identity !== "pod-identity";
    const pods = identity !== "irsa";

    it("admits exactly the listed service accounts of the listed clusters, by each of its mechanisms", () => {
      for (const cluster of clusters) {
        for (const [ns, sa] of subjects) {
          expect(admits(statements, irsaPod(cluster, ns, sa))).toBe(web);
          expect(admits(statements, podIdentityPod(cluster, ns, sa))).toBe(pods);
        }
      }
    });

    it("refuses the same service account in an unlisted cluster, another namespace, another account, another audience", () => {
      for (const [ns, sa] of subjects) {
        // staging is a cluster of the same account that does not name the role
        expect(admits(statements, irsaPod("staging", ns, sa))).toBe(false);
        expect(admits(statements, podIdentityPod("staging", ns, sa))).toBe(false);
        for (const cluster of clusters) {
          expect(admits(statements, irsaPod(cluster, "elsewhere", sa))).toBe(false);
          expect(admits(statements, podIdentityPod(cluster, "elsewhere", sa))).toBe(false);
          expect(admits(statements, irsaPod(cluster, ns, `${sa}-other`))).toBe(false);
          expect(admits(statements, irsaPod(cluster, ns, sa, { aud: "sts.amazonaws.com.cn" }))).toBe(false);
          expect(admits(statements, podIdentityPod(cluster, ns, sa, OTHER_ACCOUNT))).toBe(false);
          expect(admits(statements, irsaPod(cluster, ns, sa, { provider: `arn:aws:iam::${OTHER_ACCOUNT}:oidc-provider/${HOSTS[cluster]}` }))).toBe(false);
        }
        // Each cluster's provider with another cluster's issuer keys: a token carries one issuer's claims.
        if (clusters.length > 1) expect(admits(statements, irsaPod("blue", ns, sa, { host: HOSTS.green }))).toBe(false);
      }
      // Never one namespace with another's name: [payments, api] and [billing, webhook] do not make billing/api.
      const names = new Set(subjects.map(([ns, sa]) => `${ns}/${sa}`));
      for (const [ns] of subjects) {
        for (const [, sa] of subjects) {
          if (names.has(`${ns}/${sa}`)) continue;
          expect(admits(statements, podIdentityPod(clusters[0], ns, sa))).toBe(false);
        }
      }
    });

    it("has one IRSA statement per cluster's OIDC provider, never one statement naming two clusters", () => {
      const irsaStatements = statements.filter((s) => s.actions.includes("sts:AssumeRoleWithWebIdentity"));
      expect(irsaStatements).toHaveLength(web ? clusters.length : 0);
      for (const s of irsaStatements) {
        expect(s.principals[0].identifiers).toHaveLength(1);
        expect(new Set(s.condition.map((c: { variable: string }) => c.variable.split(":")[0])).size).toBe(1);
      }
      expect(statements.filter((s) => s.actions.includes("sts:AssumeRole"))).toHaveLength(pods ? clusters.length * subjects.length : 0);
    });
  });
});

describe("the trust document of a role shared by blue and green, two service accounts, both mechanisms", () => {
  let stacks: Record<string, TerraformJson>;
  beforeAll(() => {
    stacks = synthAll(sharedConfig(["blue", "green"], [["payments", "api"], ["payments", "api-webhook"]], "both"));
  });

  it("is spelled out: per cluster, one IRSA statement listing both subjects, then one pinned Pod Identity statement per service account", () => {
    const pinned = (cluster: string, sa: string) => ({
      effect: "Allow",
      actions: ["sts:AssumeRole", "sts:TagSession"],
      principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
        { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [clusterArn(cluster)] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["payments"] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [sa] },
      ],
    });
    expect(stacks.blue.data!.aws_iam_policy_document.shared_payments_api_trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.cluster.arn}"] }],
        condition: [
          { test: "StringEquals", variable: `${HOSTS.blue}:sub`, values: ["system:serviceaccount:payments:api", "system:serviceaccount:payments:api-webhook"] },
          { test: "StringEquals", variable: `${HOSTS.blue}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
      pinned("blue", "api"),
      pinned("blue", "api-webhook"),
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [`arn:aws:iam::${ACCOUNT}:oidc-provider/${HOSTS.green}`] }],
        condition: [
          { test: "StringEquals", variable: `${HOSTS.green}:sub`, values: ["system:serviceaccount:payments:api", "system:serviceaccount:payments:api-webhook"] },
          { test: "StringEquals", variable: `${HOSTS.green}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
      pinned("green", "api"),
      pinned("green", "api-webhook"),
    ]);
  });

  it("lives in the home stack only, under labels from its key; green's service accounts and associations name it by ARN", () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/payments-api`;
    expect(Object.keys(stacks.blue.resource!.aws_iam_role)).toEqual(["shared_payments_api"]);
    expect(stacks.blue.resource!.aws_iam_role.shared_payments_api.name).toBe("payments-api");
    expect(stacks.green.resource!.aws_iam_role).toBeUndefined();
    expect(stacks.green.resource!.kubernetes_service_account_v1.payments_api.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": arn });
    expect(stacks.green.resource!.aws_eks_pod_identity_association.payments_api_webhook.role_arn).toBe(arn);
    expect(stacks.blue.resource!.kubernetes_service_account_v1.payments_api.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "${aws_iam_role.shared_payments_api.arn}" });
    expect(stacks.blue.output!.shared_payments_api_role_arn.value).toBe("${aws_iam_role.shared_payments_api.arn}");
  });
});

describe("the trust policy's size, counted over every cluster and service account", () => {
  const problems = (yaml: string) => {
    const source = parseConfigText("test.yaml", yaml);
    return validateConfig("test.yaml", source.data).problems.filter((p) => p.severity === "error").map((p) => p.message);
  };

  it.each<[string, string[], Subject[], Mechanism, number, string | undefined]>([
    ["one cluster, one service account, IRSA: within the default quota", ["blue"], [["payments", "api"]], "irsa", 2048, undefined],
    ["two clusters, two service accounts, both mechanisms: over the default quota", ["blue", "green"], [["payments", "api"], ["payments", "api-webhook"]], "both", 2048, "renders a trust policy of 2464 characters for 4 service accounts in 2 clusters; the account's quota is 2048 (IAM's default)"],
    ["the same, with the quota raised", ["blue", "green"], [["payments", "api"], ["payments", "api-webhook"]], "both", 4096, undefined],
    ["three service accounts on two clusters, IRSA: each subject counts", ["blue", "green"], [["payments", "api"], ["payments", "api-webhook"], ["payments", "worker"]], "irsa", 700, "renders a trust policy of 1082 characters for 6 service accounts in 2 clusters; the account's quota is 700"],
  ])("%s", (_what, clusters, subjects, identity, maxTrust, expected) => {
    const found = problems(sharedConfig(clusters, subjects, identity, "", maxTrust));
    if (expected === undefined) expect(found).toEqual([]);
    else expect(found).toEqual([expected]);
  });

  it("is the size of the document Terraform renders (the home's own provider counted at its real length)", () => {
    const config = configFrom(sharedConfig(["blue", "green"], [["payments", "api"]], "irsa"));
    const role = config.clusters.find((c) => c.name === "blue")!.sharedRoles![0];
    const rendered = policyJson(sharedTrustDocument(role.members).map((s) => ({ ...s, principals: s.principals!.map((p) => ({ ...p, identifiers: p.identifiers.map((i) => i.replace("${aws_iam_openid_connect_provider.cluster.arn}", `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOSTS.blue}`)) })) })));
    expect(problems(sharedConfig(["blue", "green"], [["payments", "api"]], "irsa", "", Buffer.byteLength(rendered)))).toEqual([]);
    expect(problems(sharedConfig(["blue", "green"], [["payments", "api"]], "irsa", "", Buffer.byteLength(rendered) - 1))).toHaveLength(1);
  });
});

describe("the who-can-assume report of a shared role", () => {
  it("lists every cluster, account and service account of the role, in its home's section, and marks a pattern wide", () => {
    const config = configFrom(readFileSync(join(PROJECT_ROOT, "examples", "blue-green.yaml"), "utf8"), "examples/blue-green.yaml");
    const report = buildReport(config);
    const blue = report.clusters.find((c) => c.name === "blue")!;
    const green = report.clusters.find((c) => c.name === "green")!;
    const payments = blue.roles.find((r) => r.roleName === "payments-api")!;
    expect(payments.serviceAccount).toBe("shared role payments-api: blue payments/api, green payments/api; 2 clusters in account 111122223333");
    expect(payments.grantees.map(describeGrantee)).toEqual([
      "IRSA: payments/api, tokens from oidc.eks.eu-west-1.amazonaws.com/id/B1E0000000000000000000000000B1E0 for audience sts.amazonaws.com, through the OIDC provider this stack creates",
      "Pod Identity: payments/api on cluster green (arn:aws:eks:eu-west-1:111122223333:cluster/green), account 111122223333",
    ]);
    expect(payments.wide).toBe(false);
    // The workloads of a shared role are not roles of their own in their clusters' sections.
    expect(green.roles.map((r) => r.roleName)).toEqual(["ci-runner"]);
    const ci = green.roles[0];
    expect(ci.wide).toBe(true);
    expect(ci.grantees.map((g) => `${isWide(g) ? "wide " : ""}${describeGrantee(g)}`)).toEqual([
      "wide IRSA: ci/job-*, tokens from oidc.eks.eu-west-1.amazonaws.com/id/6EE0000000000000000000000000E6E0 for audience sts.amazonaws.com, through the OIDC provider this stack creates",
    ]);
    expect(renderMarkdown(report)).toContain("| `cert-controller` (shared role cert-controller: blue certs/controller, blue certs/webhook; 1 cluster in account 111122223333) |");
  });
});
