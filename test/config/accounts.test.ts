import type { BadConfig } from "../support/bad-configs";
import { ACCOUNTS_REFUSED, crossAccount, HOME_ID, ISSUER_HOST, OTHER_ID, TEAM_ID, TEAM_ROLE } from "../support/cross-account";
import { check, expectAccepted, expectRefused } from "../support/refusal";

describe("accounts: and roleAccount: refuse bad input, naming file, line, path and fix", () => {
  it.each<BadConfig>(ACCOUNTS_REFUSED)("%s", (_what, yaml, line, path, fragment) => {
    expectRefused(yaml, line, path, fragment);
  });

  it("reports a roleAccount of defaults that names no account once, where it is written", () => {
    // GIVEN defaults naming an account that does not exist, inherited by two workloads
    const yaml = crossAccount({ head: ["defaults:", "  roleAccount: nope"], roleAccount: null, workloads: ["- { namespace: web, serviceAccount: app, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"] });
    // WHEN it is checked / THEN one problem, at defaults
    expect(check(yaml).errors).toEqual([expect.stringMatching(/^t\.yaml:2:16 defaults\.roleAccount: names no account of accounts: \(got "nope"\)/)]);
  });
});

describe("roleAccount: where a workload's role lives", () => {
  it("puts the role in the account, and the cluster's OIDC provider there, created by default", () => {
    // GIVEN a workload whose role lives in the team's account
    const { config } = expectAccepted(crossAccount({ account: ["externalId: platform-eu", "sessionName: irsa-gen"] }));
    const cluster = config.clusters[0];
    // THEN the workload names the account, and the cluster reaches it, registering its provider there
    expect(cluster.workloads[0].roleAccount).toEqual({ name: "payments", label: "payments", accountId: TEAM_ID });
    expect(cluster.roleAccounts).toEqual([
      { name: "payments", label: "payments", accountId: TEAM_ID, assumeRoleArn: TEAM_ROLE, externalId: "platform-eu", sessionName: "irsa-gen", oidcProvider: { mode: "create", thumbprint: true } },
    ]);
    // AND the cluster's own account needs no provider: no role there uses IRSA
    expect(cluster.oidcProvider).toEqual({ mode: "none" });
    expect(cluster.addresses.workloads["payments/api"].role).toBe("payments_api_in_payments");
  });

  it.each([
    ["the workload", { roleAccount: "payments" }],
    ["the cluster", { roleAccount: null, cluster: ["roleAccount: payments"] }],
    ["defaults", { roleAccount: null, head: ["defaults:", "  roleAccount: payments"] }],
  ])("is inherited: set on %s", (_where, parts) => {
    const { config } = expectAccepted(crossAccount(parts));
    expect(config.clusters[0].workloads[0].roleAccount?.accountId).toBe(TEAM_ID);
  });

  it("names the cluster's own account: nothing changes, not even an address", () => {
    // GIVEN the same workload without roleAccount, and with one naming an account of the cluster's id
    const without = expectAccepted(crossAccount({ roleAccount: null, head: [] })).config.clusters[0];
    const home = expectAccepted(crossAccount({ roleAccount: "platform", accounts: ["platform:", `  accountId: "${HOME_ID}"`, `  assumeRoleArn: arn:aws:iam::${HOME_ID}:role/x`] })).config.clusters[0];
    // THEN the two are the same cluster
    expect(home.workloads[0].roleAccount).toBeUndefined();
    expect(home.roleAccounts).toBeUndefined();
    expect(home.addresses).toEqual(without.addresses);
    expect(home.oidcProvider).toEqual(without.oidcProvider);
  });

  it.each([
    ["lookup", "lookup", { mode: "lookup" }],
    ["adopt", "adopt", { mode: "create", thumbprint: true, importArn: `arn:aws:iam::${TEAM_ID}:oidc-provider/${ISSUER_HOST}` }],
    ["adopt by ARN", `{ adopt: "arn:aws:iam::${TEAM_ID}:oidc-provider/${ISSUER_HOST}" }`, { mode: "create", thumbprint: true, importArn: `arn:aws:iam::${TEAM_ID}:oidc-provider/${ISSUER_HOST}` }],
    ["create without thumbprint", "create", { mode: "create", thumbprint: false }],
  ])("takes the provider in the account from oidcProviders: %s", (what, mode, expected) => {
    const cluster = [`oidcProviders: { payments: ${mode} }`, ...(what.includes("thumbprint") ? ["oidcThumbprint: false"] : [])];
    const { config } = expectAccepted(crossAccount({ cluster }));
    expect(config.clusters[0].roleAccounts?.[0].oidcProvider).toEqual(expected);
  });

  it("keeps the account (and its provider) for a role retired with keep; needs no provider there once only roles retired with destroy are left", () => {
    const keep = expectAccepted(crossAccount({ workload: ["retire: keep"] })).config.clusters[0];
    expect(keep.roleAccounts?.[0].oidcProvider).toEqual({ mode: "create", thumbprint: true });
    const destroy = expectAccepted(crossAccount({ workload: ["retire: destroy"] })).config.clusters[0];
    expect(destroy.roleAccounts?.[0].oidcProvider).toEqual({ mode: "none" });
  });

  it("accepts the account's own customer managed policies and boundary on its roles", () => {
    expectAccepted(crossAccount({ workload: [`permissionsBoundaryArn: arn:aws:iam::${TEAM_ID}:policy/boundary`] }));
  });

  it("warns about an account no workload names, and an oidcProviders entry for an account no role of the cluster is in", () => {
    const result = check(
      crossAccount({ roleAccount: null, accounts: ["data:", `  accountId: "${OTHER_ID}"`, `  assumeRoleArn: arn:aws:iam::${OTHER_ID}:role/x`], cluster: ["oidcProviders: { data: lookup }"] }),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^t\.yaml:2:3 accounts\.payments: warning: is the roleAccount of no workload/),
      expect.stringMatching(/^t\.yaml:5:3 accounts\.data: warning: is the roleAccount of no workload/),
      expect.stringMatching(/clusters\[0\]\.oidcProviders\.data: warning: is the account of no role of this cluster/),
    ]);
  });
});

describe("what must be unique across the file, with roles in other accounts", () => {
  const secondCluster = (issuerId: string, accountId = "222233334444") => [
    "  - name: staging",
    "    region: eu-west-1",
    `    accountId: "${accountId}"`,
    `    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/${issuerId}`,
    "    workloads:",
    "      - { namespace: payments, serviceAccount: api, roleAccount: payments, roleName: prod-payments-api, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }",
  ];

  it("refuses one role name twice in the team's account, from clusters of two accounts", () => {
    // GIVEN two clusters in two accounts whose roles both go to the team's account under one name
    const yaml = `${crossAccount()}${secondCluster("STAGING0123456789").join("\n")}\n`;
    // THEN the second is refused, naming the first: IAM role names are unique per account
    const errors = check(yaml).errors;
    expect(errors).toEqual([expect.stringMatching(/clusters\[1\]\.workloads\[0\]\.roleName: gives payments\/api the role name "prod-payments-api", which payments\/api of cluster prod has too/)]);
  });

  it("refuses two clusters registering one issuer in the team's account, at both places", () => {
    // GIVEN a second cluster with the first one's issuer, whose roles live in the same team account
    const yaml = `${crossAccount()}${secondCluster("EXAMPLE0123456789")
      .join("\n")
      .replace("roleName: prod-payments-api", "roleName: staging-payments-api")}\n`;
    const errors = check(yaml).errors;
    // THEN it is refused at the second cluster's issuer, naming the first's
    expect(errors).toEqual([expect.stringMatching(/^t\.yaml:\d+:20 clusters\[1\]\.oidcIssuerUrl: is the issuer of cluster prod too.*\(first at t\.yaml:\d+:20 clusters\[0\]\.oidcIssuerUrl\)/)]);
  });
});
