/**
 * What every trust of a cluster names (clusterTrust), what a workload's
 * trust is made of (workloadTrust), and a pinned Pod Identity trust of a
 * rename in transition: from validated configs, without synthesis.
 */
import { clusterTrust, TRUST_EXPRESSIONS, trustDocument, workloadTrust } from "../../lib/model/trust-statements";
import { expectAccepted, file, GRANT } from "../support/refusal";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
const HOST = ISSUER.slice("https://".length);
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;
const cluster = (clusterLines: string[], workloadLines: string[] = [GRANT]) => expectAccepted(file(['accountId: "111122223333"', `oidcIssuerUrl: ${ISSUER}`, ...clusterLines], workloadLines)).config.clusters[0];

describe("clusterTrust", () => {
  // [what, cluster lines, workload lines, the OIDC provider the IRSA trust names (none: no IRSA trust)]
  it.each<[string, string[], string[], string | undefined]>([
    ["an OIDC provider the stack creates", [], [GRANT], TRUST_EXPRESSIONS.createdProvider],
    ["an existing OIDC provider, by ARN", [`oidcProvider: { arn: "${PROVIDER}" }`], [GRANT], PROVIDER],
    ["an OIDC provider looked up at plan time", ["oidcProvider: lookup"], [GRANT], TRUST_EXPRESSIONS.foundProvider],
    ["EKS Pod Identity only", ["podIdentityAgent: true"], [GRANT, "identity: pod-identity"], undefined],
    ["nothing, for a cluster retired with keep (its stack lets go of the OIDC provider it created)", ["retire: keep"], [GRANT], undefined],
  ])("names %s", (_what, clusterLines, workloadLines, provider) => {
    // GIVEN a validated cluster / WHEN its trusts' names are decided
    const trust = clusterTrust(cluster(clusterLines, workloadLines));
    // THEN the IRSA trust names this provider and the issuer, or there is none
    expect(trust.irsa).toEqual(provider === undefined ? undefined : { oidcProviderArn: provider, issuerHost: HOST });
  });
});

describe("workloadTrust", () => {
  it("names the earlier names of renames in transition, not those said finished", () => {
    // GIVEN a workload renamed twice, once finished, once in transition
    const config = cluster([], [GRANT, "previously: [{ namespace: finished-name, finished: true }, { namespace: earlier-name }]"]);
    // WHEN its trust is made / THEN it names the one in transition
    expect(workloadTrust(config.workloads[0], clusterTrust(config)).formerSubjects).toEqual([{ namespace: "earlier-name", serviceAccount: "api", id: "earlier_name_api", finished: false }]);
  });
});

describe("a pinned Pod Identity trust of a rename in transition", () => {
  it("has one statement per service account, each pinned to its namespace and name", () => {
    // GIVEN no `pinned` and an earlier name in transition / WHEN the document is built
    const statements = trustDocument({
      identity: "pod-identity",
      namespace: "payments",
      serviceAccount: "api",
      formerSubjects: [{ namespace: "billing", serviceAccount: "worker" }],
      accountId: "111122223333",
      clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
    });
    // THEN the new and the earlier service account each have their own statement
    expect(statements.map((s) => s.condition?.filter((c) => c.variable.startsWith("aws:RequestTag/kubernetes-")))).toEqual([
      [
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["payments"] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api"] },
      ],
      [
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["billing"] },
        { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["worker"] },
      ],
    ]);
  });
});
