import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IrsaConfig } from "../../lib/config/model";
import { buildReport, renderJson, renderMarkdown } from "../../lib/report/report";
import { stackJson } from "../../lib/report/stacks";
import { ANY, isWide, whoCanAssume, type Grantee } from "../../lib/report/who-can-assume";
import { exampleConfigs, PROJECT_ROOT } from "../support/files";
import { loadExample } from "../support/terraform";
import { admits, podIdentity, webIdentity, type AssumeRequest } from "../support/trust";

/** A request the grantee describes, and requests that differ from it in one respect each. */
function requestsOf(grantee: Grantee): { own: AssumeRequest; others: [string, AssumeRequest][] } {
  if (grantee.mechanism === "irsa") {
    const base = { providerArn: grantee.provider, issuerHost: grantee.issuer, sub: `system:serviceaccount:${grantee.namespace}:${grantee.serviceAccount}`, aud: grantee.audience };
    return {
      own: webIdentity(base),
      others: [
        ["another namespace", webIdentity({ ...base, sub: `system:serviceaccount:${grantee.namespace}-other:${grantee.serviceAccount}` })],
        ["another service account", webIdentity({ ...base, sub: `system:serviceaccount:${grantee.namespace}:default` })],
        ["another audience", webIdentity({ ...base, aud: "vault" })],
        ["another issuer", webIdentity({ ...base, issuerHost: `${grantee.issuer}-other` })],
        ["another provider", webIdentity({ ...base, providerArn: `${grantee.provider}-other` })],
      ],
    };
  }
  if (grantee.mechanism === "pod-identity") {
    const base = { accountId: grantee.account, clusterArn: grantee.cluster, namespace: grantee.namespace, serviceAccount: grantee.serviceAccount };
    return {
      own: podIdentity(base),
      others: [
        ["another namespace", podIdentity({ ...base, namespace: `${grantee.namespace}-other` })],
        ["another service account", podIdentity({ ...base, serviceAccount: "default" })],
        ["another cluster", podIdentity({ ...base, clusterArn: `${grantee.cluster}-other` })],
        ["another account", podIdentity({ ...base, accountId: "999988887777" })],
      ],
    };
  }
  throw new Error(`unknown grantee: ${grantee.reason}`);
}

describe("who may assume, read from the generated trust policies", () => {
  const examples = exampleConfigs().map((file) => [file, loadExample(file)] as const);

  it.each(examples)("%s: each role admits exactly the grantees the report names, as IAM evaluates it", (_file, config) => {
    for (const cluster of config.clusters) {
      const stack = stackJson(cluster) as { data: { aws_iam_policy_document: Record<string, { statement: any[] }> } };
      for (const workload of cluster.workloads) {
        const trust = stack.data.aws_iam_policy_document[`${workload.id}_trust`].statement;
        // GIVEN the report's grantees for the role
        const grantees = whoCanAssume(trust);
        // THEN each is one service account of one cluster, its own, admitted by the trust tests' evaluator
        expect(grantees.length).toBeGreaterThan(0);
        for (const grantee of grantees) {
          expect(grantee.mechanism).not.toBe("unknown");
          if (grantee.mechanism === "unknown") continue;
          if (grantee.mechanism === "pod-identity" && workload.podIdentity?.disableSessionTags) {
            // Said explicitly (unpinnedTrust): any association of the account, and the report says it is wide.
            expect([grantee.account, grantee.cluster, grantee.namespace, grantee.serviceAccount]).toEqual([cluster.accountId, ANY, ANY, ANY]);
            expect(isWide(grantee)).toBe(true);
            continue;
          }
          expect(Object.values(grantee)).not.toContain(ANY);
          expect(`${grantee.namespace}/${grantee.serviceAccount}`).toBe(`${workload.namespace}/${workload.serviceAccount}`);
          const { own, others } = requestsOf(grantee);
          expect(admits(trust, own)).toBe(true);
          // AND whatever differs in one respect is refused
          for (const [what, request] of others) expect([what, admits(trust, request)]).toEqual([what, false]);
        }
      }
    }
  });

  it.each<[string, any[], string]>([
    ["no sub condition: any service account of the cluster", [{ effect: "Allow", actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: ["arn:p"] }], condition: [{ test: "StringEquals", variable: "h:aud", values: ["sts.amazonaws.com"] }] }], "irsa"],
    ["an unpinned Pod Identity trust", [{ effect: "Allow", actions: ["sts:AssumeRole", "sts:TagSession"], principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }] }], "pod-identity"],
    ["a StringLike subject", [{ effect: "Allow", actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: ["arn:p"] }], condition: [{ test: "StringLike", variable: "h:sub", values: ["system:serviceaccount:*"] }] }], "unknown"],
  ])("reports a wider trust as wide: %s", (_what, statements, mechanism) => {
    const grantees = whoCanAssume(statements);
    expect(grantees.map((g) => g.mechanism)).toEqual([mechanism]);
    const markdown = renderMarkdown({
      sourceFile: "x.yaml",
      clusters: [{ name: "c", region: "eu-west-1", oidcProvider: "created", roles: [{ roleName: "r", address: "aws_iam_role.r", serviceAccount: "a/b", grantees, wide: true, managedPolicies: [], inlineActions: {}, resources: [], warnings: [] }] }],
    });
    expect(markdown).toContain("**wide**");
  });
});

describe("the report", () => {
  const config: IrsaConfig = loadExample("irsa.yaml");

  it("matches the reviewed golden report of irsa.yaml (regenerate with IRSA_UPDATE_GOLDEN=1)", () => {
    // GIVEN the bundled example / WHEN its report is rendered
    const markdown = renderMarkdown(buildReport(config, stackJson));
    const golden = join(PROJECT_ROOT, "test", "report", "golden", "irsa-report.md");
    // Written only when asked: a missing golden file fails, here and in CI, as a missing snapshot does with --ci.
    if (process.env.IRSA_UPDATE_GOLDEN === "1") writeFileSync(golden, markdown);
    // THEN the reviewed golden file exists, and the report is it, byte for byte
    expect({ golden, exists: existsSync(golden) }).toEqual({ golden, exists: true });
    expect(markdown).toBe(readFileSync(golden, "utf8"));
  });

  it("gives the same data as JSON, for diffs in CI", () => {
    const report = buildReport(config, stackJson);
    const json = JSON.parse(renderJson(report));
    expect(json.clusters.map((c: { name: string }) => c.name)).toEqual(["prod-eu", "staging-us"]);
    expect(json.clusters[0].roles[0].grantees[0]).toMatchObject({ mechanism: "irsa", namespace: "orders", serviceAccount: "queue-worker", audience: "sts.amazonaws.com" });
  });

  it("keeps table cells and diagram labels intact whatever a name holds", () => {
    const markdown = renderMarkdown({
      sourceFile: "a|b\n.yaml",
      clusters: [{ name: "c|d", region: "eu-west-1", oidcProvider: "x", roles: [{ roleName: "r", address: "aws_iam_role.r", serviceAccount: "a/b", grantees: [], wide: false, managedPolicies: [], inlineActions: { s3: ["Get|Object"] }, resources: ["arn:aws:s3:::b/<x>"], warnings: ['say "hi"'] }] }],
    });
    const row = markdown.split("\n").find((l) => l.startsWith("| `r`"))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(8);
    expect(markdown).not.toContain("<x>");
  });
});
