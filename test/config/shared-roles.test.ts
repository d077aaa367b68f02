/**
 * What the validator refuses of shared roles and subject patterns, each
 * with its place and fix; and what a pattern admits, evaluated as IAM would.
 */
import { Testing } from "cdktf";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import { formatProblem } from "../../lib/config/problems";
import { parseConfigText } from "../../lib/config/source";
import { validateConfig } from "../../lib/config/validate";
import { configFrom } from "../support/config";
import { tempDir } from "../support/files";
import { admits, webIdentity } from "../support/trust";

const ACCOUNT = "111122223333";
const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/C1C1C1C1C1C1C1C1C1C1C1C1C1C1C1C1";

/** A role `ci` homed in `prod`, and `workload` (YAML flow mapping) in prod; `green` (another cluster) when given. */
function file(workload: string, opts: { role?: string; prod?: string; green?: string } = {}): string {
  return `roles:
  - name: ci
    home: prod
    managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
${opts.role ?? ""}clusters:
  - name: prod
    region: eu-west-1
${opts.prod ?? `    accountId: "${ACCOUNT}"\n    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0\n`}    workloads:
      - ${workload}
${opts.green !== undefined ? `  - name: green\n    region: eu-west-1\n${opts.green}    workloads:\n      - { namespace: ci, serviceAccount: runner, role: ci }\n` : ""}`;
}

function errors(yaml: string): string[] {
  const source = parseConfigText("irsa.yaml", yaml);
  return validateConfig("irsa.yaml", source.data)
    .problems.filter((p) => p.severity === "error")
    .map((p) => formatProblem("irsa.yaml", source.locate(p.path, p.atKey), p));
}

describe("refusals", () => {
  it.each<[string, string, string]>([
    ["a wildcard in serviceAccount, as ever", file("{ namespace: ci, serviceAccount: 'runner-*', role: ci }"), "irsa.yaml:11:42 clusters[0].workloads[0].serviceAccount: must name one service account exactly: wildcards are never accepted here (got \"runner-*\")"],
    ["a wildcard in namespace, as ever", file("{ namespace: 'ci-*', serviceAccount: runner, role: ci }"), "clusters[0].workloads[0].namespace: must name one namespace exactly: wildcards are never accepted here"],
    ["a pattern on a workload with a role of its own", "clusters:\n  - name: prod\n    region: eu-west-1\n    workloads:\n      - { namespace: ci, serviceAccountPattern: 'runner-*', managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n", "clusters[0].workloads[0].serviceAccountPattern: is only for workloads that use a shared role (role:)"],
    ["a namespace pattern without the louder opt-in", file("{ namespacePattern: 'ci-*', serviceAccount: runner, role: ci }"), "clusters[0].workloads[0].namespacePattern: trusts service accounts in every namespace the pattern matches, including namespaces nobody has created yet"],
    ["a namespace pattern that matches kube-system", file("{ namespacePattern: 'kube-*', serviceAccount: runner, role: ci, dangerouslyAllowNamespacePattern: true }"), "namespacePattern: matches the namespace kube-node-lease, which every cluster has"],
    ["a pattern that matches the default service account", file("{ namespace: ci, serviceAccountPattern: '*', role: ci }"), "serviceAccountPattern: matches the default service account"],
    ["a pattern without a wildcard", file("{ namespace: ci, serviceAccountPattern: runner, role: ci }"), "serviceAccountPattern: has no wildcard (got \"runner\"). Write it as serviceAccount: runner."],
    ["a pattern with characters no name has", file("{ namespace: ci, serviceAccountPattern: 'Runner:*', role: ci }"), "serviceAccountPattern: is not a pattern of service account names"],
    ["a pattern with EKS Pod Identity", file("{ namespace: ci, serviceAccountPattern: 'runner-*', role: ci, identity: pod-identity }"), "identity: cannot be EKS Pod Identity for service accounts named by a pattern"],
    ["a pattern beside the exact name", file("{ namespace: ci, serviceAccount: runner, serviceAccountPattern: 'runner-*', role: ci }"), "serviceAccountPattern: stands beside serviceAccount"],
    ["permissions on a workload that uses a shared role", file("{ namespace: ci, serviceAccount: runner, role: ci, managedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess] }"), "clusters[0].workloads[0].managedPolicyArns: is a setting of the role, and this workload uses the shared role ci (got \"managedPolicyArns\"). Write it on the role in roles: (roles[0])"],
    ["a role that does not exist", file("{ namespace: ci, serviceAccount: runner, role: cii }"), "role: names no role of roles: (got \"cii\"). Did you mean \"ci\"?"],
    ["a home that is no cluster", file("{ namespace: ci, serviceAccount: runner, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }").replace("home: prod", "home: prd"), "roles[0].home: names no cluster of the file (got \"prd\"). Did you mean \"prod\"?"],
    ["a role no workload names", file("{ namespace: ci, serviceAccount: runner, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"), "roles[0]: is named by no workload: its trust would admit nobody"],
    ["another cluster without oidcIssuerUrl (IRSA)", file("{ namespace: ci, serviceAccount: runner, role: ci }", { green: `    accountId: "${ACCOUNT}"\n` }), "clusters[1].workloads[0].role: names the shared role ci with IRSA from cluster green, whose issuer is read at plan time"],
    ["another cluster without accountId", file("{ namespace: ci, serviceAccount: runner, role: ci }", { green: `    oidcIssuerUrl: https://${HOST}\n` }), "from cluster green in an account not given (got \"ci\"). Set accountId on both clusters"],
    ["another account", file("{ namespace: ci, serviceAccount: runner, role: ci }", { green: `    accountId: "999988887777"\n    oidcIssuerUrl: https://${HOST}\n` }), "from cluster green in account 999988887777"],
    ["a home without accountId, named from another cluster", file("{ namespace: ci, serviceAccount: runner, role: ci }", { prod: "", green: `    accountId: "${ACCOUNT}"\n    oidcIssuerUrl: https://${HOST}\n` }), "but its home cluster prod has no accountId"],
    ["a retired home", file("{ namespace: ci, serviceAccount: runner, role: ci }", { prod: `    accountId: "${ACCOUNT}"\n    retire: keep\n` }), "roles[0].home: is cluster prod, which is retired"],
    ["two roles whose labels meet", file("{ namespace: ci, serviceAccount: runner, role: ci }", { role: "  - name: c-i\n    home: prod\n  - name: c.i\n    home: prod\n" }), "roles[2].name: gets the Terraform name \"shared_c_i\" that the shared role c-i already has"],
  ])("%s", (_what, yaml, expected) => {
    expect(errors(yaml).join("\n")).toContain(expected);
  });
});

describe("subject patterns, as IAM evaluates them", () => {
  const stackOf = (yaml: string) => {
    const config = configFrom(yaml);
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    return JSON.parse(Testing.synth(new ClusterStack(app, { cluster: config.clusters[0] })));
  };
  const BLUE = "oidc.eks.eu-west-1.amazonaws.com/id/B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0";
  const pod = (ns: string, sa: string) => webIdentity({ providerArn: "${aws_iam_openid_connect_provider.cluster.arn}", issuerHost: BLUE, sub: `system:serviceaccount:${ns}:${sa}`, aud: "sts.amazonaws.com" });

  it("serviceAccountPattern: one StringLike statement of its own beside the exact names; the namespace stays exact", () => {
    const tf = stackOf(file("{ namespace: ci, serviceAccountPattern: 'runner-*', role: ci }").replace("      - {", "      - { namespace: ci, serviceAccount: controller, role: ci }\n      - {"));
    const statements = tf.data.aws_iam_policy_document.shared_ci_trust.statement;
    expect(statements).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.cluster.arn}"] }],
        condition: [
          { test: "StringEquals", variable: `${BLUE}:sub`, values: ["system:serviceaccount:ci:controller"] },
          { test: "StringEquals", variable: `${BLUE}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.cluster.arn}"] }],
        condition: [
          { test: "StringLike", variable: `${BLUE}:sub`, values: ["system:serviceaccount:ci:runner-*"] },
          { test: "StringEquals", variable: `${BLUE}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
    expect(admits(statements, pod("ci", "runner-4711"))).toBe(true);
    expect(admits(statements, pod("ci", "controller"))).toBe(true);
    expect(admits(statements, pod("ci", "runner"))).toBe(false);
    expect(admits(statements, pod("ci", "default"))).toBe(false);
    expect(admits(statements, pod("ci-other", "runner-1"))).toBe(false);
    expect(admits(statements, pod("other", "runner-1"))).toBe(false);
    // The pattern has no service account, association or output of its own.
    expect(Object.keys(tf.resource.kubernetes_service_account_v1 ?? {})).toEqual(["ci_controller"]);
  });

  it("namespacePattern with dangerouslyAllowNamespacePattern: every matching namespace, and no other", () => {
    const tf = stackOf(file("{ namespacePattern: 'ci-*', serviceAccount: runner, role: ci, dangerouslyAllowNamespacePattern: true }"));
    const statements = tf.data.aws_iam_policy_document.shared_ci_trust.statement;
    expect(statements[0].condition[0]).toEqual({ test: "StringLike", variable: `${BLUE}:sub`, values: ["system:serviceaccount:ci-*:runner"] });
    expect(admits(statements, pod("ci-job-1", "runner"))).toBe(true);
    expect(admits(statements, pod("ci-job-1", "other"))).toBe(false);
    expect(admits(statements, pod("prod", "runner"))).toBe(false);
  });
});
