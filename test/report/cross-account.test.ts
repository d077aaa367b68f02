import { buildReport, renderMarkdown } from "../../lib/report/report";
import { configFrom } from "../support/config";
import { crossAccount, TEAM_ID } from "../support/cross-account";

describe("report: roles in another account", () => {
  const yaml = crossAccount({ workloads: ["- { namespace: web, serviceAccount: app, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"] });

  it("names each role's account, and the provider in that account its trust names", () => {
    // GIVEN payments/api in the team's account and web/app in the cluster's
    const cluster = buildReport(configFrom(yaml)).clusters[0];
    const api = cluster.roles.find((r) => r.serviceAccount === "payments/api")!;
    const web = cluster.roles.find((r) => r.serviceAccount === "web/app")!;
    // THEN the team's role says where it lives, and whom it trusts through the provider there
    expect(api.account).toEqual({ name: "payments", accountId: TEAM_ID });
    expect(api.grantees).toEqual([
      expect.objectContaining({ mechanism: "irsa", namespace: "payments", serviceAccount: "api", audience: "sts.amazonaws.com", provider: `the OIDC provider this stack creates in account payments (${TEAM_ID})` }),
    ]);
    // AND the cluster's own role names no account of its own: it is the cluster's
    expect(web.account).toBeUndefined();
    expect(web.grantees[0]).toMatchObject({ provider: "the OIDC provider this stack creates" });
    expect(cluster.oidcProvider).toBe(`created by this stack; in account payments (${TEAM_ID}): created by this stack`);
  });

  it("says so in the markdown's role cell and diagram", () => {
    const markdown = renderMarkdown(buildReport(configFrom(yaml)));
    expect(markdown).toContain(`| \`prod-payments-api\` (payments/api) in account payments (${TEAM_ID}) |`);
    expect(markdown).toContain("| `prod-web-app` (web/app) |");
    expect(markdown).toContain("(its provider in account payments)");
  });

  it("names the provider found in the account by lookup", () => {
    const cluster = buildReport(configFrom(crossAccount({ cluster: ["oidcProviders: { payments: lookup }"] }))).clusters[0];
    expect(cluster.roles[0].grantees[0]).toMatchObject({ provider: `the OIDC provider of account payments (${TEAM_ID}) for the cluster's issuer (found at plan time)` });
    expect(cluster.oidcProvider).toBe(`none in the cluster's account (no role there uses IRSA); in account payments (${TEAM_ID}): existing, found by the issuer at plan time`);
  });
});
