/**
 * The ledger law with roles in other accounts (lib/ledger.ts): a role that
 * goes to another account is another role (destroyed, then created: never
 * a move), the cluster's own account named by roleAccount changes nothing,
 * the role Terraform assumes is no part of any address, and an account
 * still holding what the stack manages cannot leave accounts:.
 */
import { judge, type Judgement, type Ledger } from "../../lib/output/ledger";
import { configFrom, synthCluster } from "../support/config";
import { crossAccount, HOME_ID, OTHER_ID, TEAM_ID } from "../support/cross-account";

function ledgerOf(yaml: string): Ledger {
  const verdict = judge(undefined, configFrom(yaml));
  expect(verdict.problems).toEqual([]);
  return verdict.next;
}

function step(before: string, after: string): Judgement {
  return judge(ledgerOf(before), configFrom(after));
}

const HOME = crossAccount({ roleAccount: null, head: [] });
const TEAM = crossAccount();
const TEAM_BLOCKS = [
  "aws_iam_role.payments_api_in_payments",
  "aws_iam_role_policies_exclusive.payments_api_in_payments",
  "aws_iam_role_policy_attachment.payments_api_in_payments_read_only_access",
  "aws_iam_role_policy_attachments_exclusive.payments_api_in_payments",
];
const HOME_BLOCKS = TEAM_BLOCKS.map((a) => a.replace("_in_payments", ""));
const protectedApi = (yaml: string) => yaml.replace("        serviceAccount: api\n", "        serviceAccount: api\n        protect: true\n");

describe("ledger: roles in another account", () => {
  it("records the role's blocks with their account, and the cluster's provider there", () => {
    const managed = ledgerOf(TEAM).clusters.prod.managed;
    expect(managed["aws_iam_role.payments_api_in_payments"]).toEqual({ kind: "role", owner: "payments/api", protect: false, replaceKeys: { name: "prod-payments-api", path: "/", account: "payments" } });
    expect(managed["aws_iam_openid_connect_provider.cluster_in_payments"]).toEqual({
      kind: "oidc-provider",
      owner: "cluster",
      protect: false,
      replaceKeys: { url: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789", account: "payments" },
    });
    // The service account stays on the cluster, under the workload's own address.
    expect(managed["kubernetes_service_account_v1.payments_api"].replaceKeys).toEqual({ namespace: "payments", name: "api" });
  });

  it("announces moving a role to another account as a destroy in one and a create in the other, never a move", () => {
    // GIVEN payments/api applied in the cluster's account / WHEN its role goes to the team's account
    const verdict = step(HOME, TEAM);
    // THEN nothing is refused, nothing moves, the old blocks are destroyed and the new ones created, and one warning says so
    expect(verdict.problems).toEqual([]);
    const changes = verdict.changes[0];
    expect(changes.moved).toEqual([]);
    expect(changes.destroyed).toEqual(HOME_BLOCKS);
    expect(changes.created).toEqual(["aws_iam_openid_connect_provider.cluster_in_payments", ...TEAM_BLOCKS]);
    expect(verdict.warnings).toEqual([
      // The cluster's own provider is no longer needed: let go of, never destroyed.
      expect.stringMatching(/the config no longer manages aws_iam_openid_connect_provider\.cluster; the next apply lets go of it/),
      expect.stringMatching(/^cluster prod: the role of payments\/api moves from the cluster's account to account payments: the next apply destroys the role prod-payments-api \(aws_iam_role\.payments_api\) and its policies/),
    ]);
  });

  it.each([
    ["to another account", HOME, TEAM, "moves from the cluster's account to account payments"],
    ["back to the cluster's account", TEAM, HOME, "moves from account payments to the cluster's account"],
  ])("refuses moving a protected role %s", (_what, before, after, fragment) => {
    const verdict = step(protectedApi(before), protectedApi(after));
    expect(verdict.problems).toEqual([expect.stringContaining(fragment)]);
    expect(verdict.problems[0]).toContain("would destroy the protected role prod-payments-api");
    expect(verdict.problems[0]).toContain("Keep roleAccount as it was, or set protect: false");
  });

  it("changes no address when roleAccount names an account with the cluster's own id", () => {
    // GIVEN payments/api applied without roleAccount / WHEN roleAccount names an account of the cluster's id
    const home = crossAccount({ roleAccount: "platform", accounts: ["platform:", `  accountId: "${HOME_ID}"`, `  assumeRoleArn: arn:aws:iam::${HOME_ID}:role/deployer`] });
    const verdict = step(HOME, home);
    // THEN the next apply does nothing to what the ledger manages
    expect(verdict.problems).toEqual([]);
    expect(verdict.warnings).toEqual([]);
    expect(verdict.changes[0]).toMatchObject({ created: [], destroyed: [], moved: [], replaced: [], released: [], imported: [] });
    expect(verdict.next.clusters.prod.managed).toEqual(ledgerOf(HOME).clusters.prod.managed);
  });

  it("changes no address when the role Terraform assumes in the account changes", () => {
    const after = TEAM.replace(`arn:aws:iam::${TEAM_ID}:role/irsa-gen`, `arn:aws:iam::${TEAM_ID}:role/platform/deployer`).replace("    assumeRoleArn", "    externalId: rotated-1\n    assumeRoleArn");
    const verdict = step(TEAM, after);
    expect(verdict.problems).toEqual([]);
    expect(verdict.changes[0]).toMatchObject({ created: [], destroyed: [], moved: [], replaced: [], released: [] });
    expect(verdict.next.clusters.prod.managed).toEqual(ledgerOf(TEAM).clusters.prod.managed);
  });

  it("keeps the account's provider in the stack while the next apply destroys or lets go of what is there", () => {
    // GIVEN the role applied in the team's account / WHEN it goes back to the cluster's account
    const verdict = step(TEAM, HOME);
    expect(verdict.problems).toEqual([]);
    // THEN the stack still has the team account's provider, for the destroy of the role and the release of the provider there
    expect(verdict.formerAccounts.get("prod")?.map((a) => a.name)).toEqual(["payments"]);
    expect(verdict.changes[0].destroyed).toEqual(TEAM_BLOCKS);
    expect(verdict.changes[0].released).toEqual(["aws_iam_openid_connect_provider.cluster_in_payments"]);
    const tf = synthCluster(HOME, TEAM);
    expect(tf.provider.aws.map((p: any) => p.alias ?? "(default)")).toEqual(["(default)", "payments"]);
    expect((tf as any).removed).toEqual([{ from: "aws_iam_openid_connect_provider.cluster_in_payments", lifecycle: { destroy: false } }]);
  });

  it("refuses an account that left accounts: while the stack still holds something in it", () => {
    // GIVEN the role applied in the team's account / WHEN the workload goes home and the account leaves accounts: in one change
    const after = HOME.replace(/accounts:\n(    .*\n|  payments:\n)*/, "");
    expect(after).not.toContain("accounts:");
    const verdict = step(TEAM, after);
    // THEN it is refused, saying what is left there and what to do
    expect(verdict.problems).toEqual([expect.stringMatching(/^cluster prod: account payments left accounts:, but the stack still has aws_iam_openid_connect_provider\.cluster_in_payments, aws_iam_role\.payments_api_in_payments, .* Put the account back in accounts:/)]);
  });

  it("refuses at validation an account removed from accounts: that a workload still names", () => {
    expect(() => configFrom(TEAM.replace(/accounts:\n(    .*\n|  payments:\n)*/, ""))).toThrow(/roleAccount: names no account of accounts: \(got "payments"\)/);
  });

  it("lets go of the cluster's provider in an account (never destroys it) when its last role there leaves", () => {
    const twoAccounts = (second: string) =>
      crossAccount({
        accounts: ["data:", `  accountId: "${OTHER_ID}"`, `  assumeRoleArn: arn:aws:iam::${OTHER_ID}:role/deployer`],
        workloads: [`- { namespace: web, serviceAccount: app, roleAccount: ${second}, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }`],
      });
    const verdict = step(twoAccounts("data"), twoAccounts("payments"));
    expect(verdict.problems).toEqual([]);
    expect(verdict.changes[0].released).toEqual(["aws_iam_openid_connect_provider.cluster_in_data"]);
    expect(verdict.changes[0].destroyed).not.toContain("aws_iam_openid_connect_provider.cluster_in_data");
  });

  it("lets go of everything in the account, its provider included, when the cluster is retired with keep", () => {
    const verdict = step(TEAM.replace("    workloads:", "    protect: true\n    workloads:"), TEAM.replace("    workloads:", "    protect: true\n    retire: keep\n    workloads:"));
    expect(verdict.problems).toEqual([]);
    expect(verdict.changes[0].released).toEqual(expect.arrayContaining(["aws_iam_openid_connect_provider.cluster_in_payments", "aws_iam_role.payments_api_in_payments"]));
  });
});
