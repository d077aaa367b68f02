/**
 * The ledger law: what a change of the config may do to what the previous
 * ledger manages (lib/ledger.ts). Each case is a config before and after;
 * the first ledger is the one the "before" config writes.
 */
import { describeChanges, digestOf, judge, ledgerFromInventories, parseLedger, renderLedger, sameContent, type Judgement, type Ledger } from "../../lib/output/ledger";
import { configFrom, ledgerOf, oneCluster, step } from "../support/config";

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const ISSUER = "    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\n    accountId: \"111122223333\"\n";
const PROVIDER_ARN = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const INLINE = 'policyStatements: [{ actions: [s3:GetObject], resources: ["arn:aws:s3:::b/*"] }]';
const api = (extra = "") =>
  `      - { namespace: payments, serviceAccount: api, createNamespace: ${!extra.includes("createNamespace: false")}, managedPolicyArns: [${READ_ONLY}], ${INLINE}${extra.replace(", createNamespace: false", "")} }\n`;
const WORKER = `      - { namespace: orders, serviceAccount: worker, managedPolicyArns: [${READ_ONLY}] }\n`;

const released = (j: Judgement, cluster = "prod") => j.next.clusters[cluster]?.released ?? [];

describe("ledger: what it records", () => {
  it("records every managed address with its kind, owner, protection and the values that force a replacement", () => {
    // GIVEN a protected workload with a managed and an inline policy, in a created namespace
    const ledger = ledgerOf(oneCluster(api(", protect: true"), ISSUER));
    // THEN each block is there, keyed by address, the role with its name and path
    const managed = ledger.clusters.prod.managed;
    expect(Object.keys(managed).sort()).toEqual([
      "aws_iam_openid_connect_provider.cluster",
      "aws_iam_role.payments_api",
      "aws_iam_role_policies_exclusive.payments_api",
      "aws_iam_role_policy.payments_api",
      "aws_iam_role_policy_attachment.payments_api_read_only_access",
      "aws_iam_role_policy_attachments_exclusive.payments_api",
      "kubernetes_namespace_v1.payments",
      "kubernetes_service_account_v1.payments_api",
    ]);
    expect(managed["aws_iam_role.payments_api"]).toEqual({ kind: "role", owner: "payments/api", protect: true, replaceKeys: { name: "prod-payments-api", path: "/" } });
    expect(managed["kubernetes_service_account_v1.payments_api"]).toEqual({ kind: "service-account", owner: "payments/api", protect: true, replaceKeys: { namespace: "payments", name: "api" } });
    expect(managed["aws_iam_role_policy.payments_api"]).toEqual({ kind: "inline-policy", owner: "payments/api", protect: false, replaceKeys: { role: "prod-payments-api", name: "permissions" } });
    expect(managed["aws_iam_openid_connect_provider.cluster"].replaceKeys).toEqual({ url: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" });
  });

  it("reads back what it writes, in stable bytes, and says why it cannot read anything else", () => {
    const ledger = ledgerOf(oneCluster(`${api()}${WORKER}`, ISSUER));
    const text = renderLedger(ledger);
    expect(parseLedger(text)).toEqual(ledger);
    expect(renderLedger(parseLedger(text) as Ledger)).toBe(text);
    expect.assertions(2 + 5 + 1);
    for (const [bad, why] of [
      ["not json", /not JSON/],
      ["[]", /not a JSON object/],
      ['{"version": 2, "clusters": {}}', /version is 2/],
      ['{"version": 1, "clusters": {"prod": {"managed": {}}}}', /released list/],
      ['{"version": 1, "clusters": {"prod": {"managed": {"aws_iam_role.x": {"kind": "role"}}, "released": []}}}', /kind, owner, protect and replaceKeys/],
    ] as const) {
      expect(parseLedger(bad)).toMatch(why);
    }
  });

  it("writes the same ledger twice for the same config and previous ledger (a second synthesis before apply changes nothing)", () => {
    const before = ledgerOf(oneCluster(`${api(", protect: true")}${WORKER}`, ISSUER));
    const first = step(before, oneCluster(`${api(", protect: true, createNamespace: false")}${WORKER}`, ISSUER));
    const second = step(first.next, oneCluster(`${api(", protect: true, createNamespace: false")}${WORKER}`, ISSUER));
    expect(renderLedger(second.next)).toBe(renderLedger(first.next));
    // The namespace let go of in the first synthesis is still let go of in the second.
    expect(released(second)).toEqual(["kubernetes_namespace_v1.payments"]);
  });
});

describe("ledger: comparing parts without rendering them", () => {
  it("sameContent says what comparing the digests says", () => {
    // GIVEN clusters' parts that differ in one respect each, and equal ones
    const parts = [
      oneCluster(api(), ISSUER),
      oneCluster(api(", protect: true"), ISSUER),
      oneCluster(api(", rolePath: /x/"), ISSUER),
      oneCluster(api(", createNamespace: false"), ISSUER),
      oneCluster(`${api()}${WORKER}`, ISSUER),
      oneCluster(api(", retire: keep"), ISSUER),
      oneCluster(api(", adopt: { role: legacy }"), ISSUER),
      oneCluster(api(), ISSUER),
    ].map((yaml) => ledgerOf(yaml).clusters.prod);
    // THEN for every pair, equal content exactly when the digests are equal
    for (const a of parts) for (const b of parts) expect(sameContent(a, b)).toBe(digestOf(a) === digestOf(b));
    expect(sameContent(parts[0], parts[7])).toBe(true);
  });
});

describe("ledger law: nothing live is destroyed, replaced or cut off unless the config asks", () => {
  it.each<[string, string, string, string[]]>([
    ["create → lookup", oneCluster(api(), ISSUER), oneCluster(api(), `${ISSUER}    oidcProvider: lookup\n`), ["aws_iam_openid_connect_provider.cluster"]],
    ["create → { arn }", oneCluster(api(), ISSUER), oneCluster(api(), `${ISSUER}    oidcProvider: { arn: "${PROVIDER_ARN}" }\n`), ["aws_iam_openid_connect_provider.cluster"]],
    ["protected create → lookup", oneCluster(api(), `${ISSUER}    protect: true\n`), oneCluster(api(), `${ISSUER}    protect: true\n    oidcProvider: lookup\n`), ["aws_iam_openid_connect_provider.cluster"]],
    [
      "adopted provider, last IRSA workload moves to Pod Identity",
      oneCluster(api(), `${ISSUER}    oidcProvider: adopt\n`),
      oneCluster(api(", identity: pod-identity"), `${ISSUER}    oidcProvider: adopt\n`),
      ["aws_iam_openid_connect_provider.cluster"],
    ],
    [
      "the Pod Identity agent turned off while Pod Identity workloads remain",
      oneCluster(api(", identity: pod-identity"), `${ISSUER}    podIdentityAgent: true\n    protect: true\n`),
      oneCluster(api(", identity: pod-identity"), `${ISSUER}    podIdentityAgent: false\n    protect: true\n`),
      ["aws_eks_addon.pod_identity_agent"],
    ],
    ["a namespace no longer created", oneCluster(`${api()}${WORKER}`, ISSUER), oneCluster(`${api(", createNamespace: false")}${WORKER}`, ISSUER), ["kubernetes_namespace_v1.payments"]],
    [
      "a namespace named constructor",
      oneCluster(`      - { namespace: constructor, serviceAccount: api, createNamespace: true, managedPolicyArns: [${READ_ONLY}] }\n`, ISSUER),
      oneCluster(`      - { namespace: constructor, serviceAccount: api, createNamespace: false, managedPolicyArns: [${READ_ONLY}] }\n`, ISSUER),
      ["kubernetes_namespace_v1.constructor"],
    ],
  ])("lets go of what the config stops managing, never destroying it: %s", (_, before, after, expected) => {
    // GIVEN a ledger written by the first config / WHEN the second is judged
    const verdict = step(before, after);
    // THEN nothing is refused, the object is let go of (removed, destroy = false), and nothing is destroyed
    expect(verdict.problems).toEqual([]);
    expect(verdict.releases.get("prod")).toEqual(expect.arrayContaining(expected));
    expect(verdict.changes[0].destroyed).toEqual([]);
    expect(verdict.warnings.join("\n")).toContain("lets go of");
  });

  it("keeps writing a let-go-of address until releasesApplied names it, and then stops", () => {
    // GIVEN a namespace let go of in one change
    const before = oneCluster(`${api()}${WORKER}`, ISSUER);
    const without = oneCluster(`${api(", createNamespace: false")}${WORKER}`, ISSUER);
    const first = step(before, without);
    expect(released(first)).toEqual(["kubernetes_namespace_v1.payments"]);
    // WHEN synthesized again with nothing said / THEN still let go of
    expect(released(step(first.next, without))).toEqual(["kubernetes_namespace_v1.payments"]);
    // WHEN the config says its removal was applied / THEN no removed block any more, and nothing else changes
    const done = step(first.next, without.replace("    workloads:", "    releasesApplied: [kubernetes_namespace_v1.payments]\n    workloads:"));
    expect(released(done)).toEqual([]);
    expect(done.releases.get("prod")).toEqual([]);
    expect(done.warnings).toEqual([]);
  });

  it("remembers what it let go of once every state forgot it, and imports it when it manages it again", () => {
    // GIVEN a namespace let go of, and its removal said applied
    const before = oneCluster(`${api()}${WORKER}`, ISSUER);
    const without = oneCluster(`${api(", createNamespace: false")}${WORKER}`, ISSUER);
    const first = step(before, without);
    const done = step(first.next, without.replace("    workloads:", "    releasesApplied: [kubernetes_namespace_v1.payments]\n    workloads:"));
    // THEN no removed block any more, but the ledger still knows the namespace exists
    expect(released(done)).toEqual([]);
    expect(done.next.clusters.prod.forgotten).toEqual(["kubernetes_namespace_v1.payments"]);
    // WHEN the entry leaves releasesApplied, as the warning says, and the namespace is created again
    const stale = step(done.next, without.replace("    workloads:", "    releasesApplied: [kubernetes_namespace_v1.payments]\n    workloads:"));
    expect(stale.warnings.join("\n")).toMatch(/releasesApplied names kubernetes_namespace_v1\.payments, whose removal every state applied already: remove it/);
    const back = step(stale.next, before);
    // THEN it is imported, not created over the namespace that still exists
    expect(back.problems).toEqual([]);
    expect((back.reimports.get("prod") ?? []).map((i) => `${i.to} <- ${i.id}`)).toEqual(["kubernetes_namespace_v1.payments <- payments"]);
    expect(back.changes[0].created).toEqual([]);
    expect(back.next.clusters.prod.forgotten).toBeUndefined();
  });

  it("refuses an import that an earlier release's releasesApplied entry would drop before it is applied", () => {
    // GIVEN a namespace let go of, its removal applied, and the entry left in releasesApplied
    const before = oneCluster(`${api()}${WORKER}`, ISSUER);
    const without = oneCluster(`${api(", createNamespace: false")}${WORKER}`, ISSUER);
    const said = (yaml: string) => yaml.replace("    workloads:", "    releasesApplied: [kubernetes_namespace_v1.payments]\n    workloads:");
    const done = step(step(before, without).next, said(without));
    // WHEN the namespace is created again with the entry still there
    const back = step(done.next, said(before));
    // THEN refused: the next synthesis would drop the import and create the namespace over itself
    expect(back.problems.join("\n")).toMatch(/releasesApplied names kubernetes_namespace_v1\.payments, which is managed again now and imported.*Remove kubernetes_namespace_v1\.payments from releasesApplied/);
  });

  it("warns when releasesApplied names an address the stack has not let go of, and keeps what this change lets go of", () => {
    const before = oneCluster(`${api()}${WORKER}`, ISSUER);
    const verdict = step(before, oneCluster(`${api(", createNamespace: false")}${WORKER}`, `${ISSUER}    releasesApplied: [kubernetes_namespace_v1.payments, aws_iam_role.nothing]\n`));
    // The namespace leaves in this very change: its removed block is written all the same
    expect(verdict.releases.get("prod")).toContain("kubernetes_namespace_v1.payments");
    expect(verdict.warnings.join("\n")).toMatch(/releasesApplied names aws_iam_role\.nothing, which the stack has not let go of/);
  });

  it("retire: destroy on a cluster destroys its provider and add-on as asked, and still only lets go of its namespaces", () => {
    // GIVEN a cluster with its provider, the agent and a created namespace
    const before = oneCluster(api(", identity: both"), `${ISSUER}    podIdentityAgent: true\n`);
    // WHEN it is retired with destroy
    const verdict = step(before, oneCluster(api(", identity: both"), `${ISSUER}    podIdentityAgent: true\n    retire: destroy\n`));
    // THEN the provider, the add-on and the workload's blocks are destroyed (announced), the namespace let go of
    expect(verdict.problems).toEqual([]);
    expect(verdict.changes[0].destroyed).toEqual(expect.arrayContaining(["aws_iam_openid_connect_provider.cluster", "aws_eks_addon.pod_identity_agent", "aws_iam_role.payments_api"]));
    expect(verdict.changes[0].released).toEqual(["kubernetes_namespace_v1.payments"]);
  });

  it("refuses to manage again an association it let go of without its id, saying how to adopt it", () => {
    // GIVEN a Pod Identity workload retired with keep (its association stays in EKS)
    const podIdentity = oneCluster(api(", identity: pod-identity"), ISSUER);
    const released = step(podIdentity, oneCluster(api(", identity: pod-identity, retire: keep"), ISSUER));
    // WHEN it is brought back / THEN EKS would refuse a second association: refused, with the way to adopt it
    expect(step(released.next, podIdentity).problems.join("\n")).toMatch(/aws_eks_pod_identity_association\.payments_api was let go of and is managed again.*adopt: \{ podIdentityAssociation: <its id> \} on payments\/api/);
  });

  it("lets go of a service account the config stops creating (a chart takes it over), protected or not", () => {
    for (const protect of ["", ", protect: true"]) {
      const verdict = step(oneCluster(api(protect), ISSUER), oneCluster(api(`${protect}, createServiceAccount: false`), ISSUER));
      expect({ protect, problems: verdict.problems, released: verdict.changes[0].released, destroyed: verdict.changes[0].destroyed }).toEqual({
        protect,
        problems: [],
        released: ["kubernetes_service_account_v1.payments_api"],
        destroyed: [],
      });
    }
  });

  it.each<[string, string, string, string[]]>([
    ["a namespace created again", `${api()}${WORKER}`, `${api(", createNamespace: false")}${WORKER}`, ["kubernetes_namespace_v1.payments <- payments"]],
    ["a service account created again", api(), api(", createServiceAccount: false"), ["kubernetes_service_account_v1.payments_api <- payments/api"]],
    [
      "a workload retired with keep and brought back",
      api(),
      api(", retire: keep"),
      [
        "aws_iam_role.payments_api <- prod-payments-api",
        "aws_iam_role_policies_exclusive.payments_api <- prod-payments-api",
        "aws_iam_role_policy.payments_api <- prod-payments-api:permissions",
        "aws_iam_role_policy_attachment.payments_api_read_only_access <- prod-payments-api/arn:aws:iam::aws:policy/ReadOnlyAccess",
        "aws_iam_role_policy_attachments_exclusive.payments_api <- prod-payments-api",
        "kubernetes_namespace_v1.payments <- payments",
        "kubernetes_service_account_v1.payments_api <- payments/api",
      ],
    ],
  ])("imports what it let go of when it manages it again: %s", (_what, first, letGo, expected) => {
    // GIVEN something let go of (it stays in AWS and the cluster)
    const released = step(oneCluster(first, ISSUER), oneCluster(letGo, ISSUER));
    // WHEN the config manages it again
    const back = step(released.next, oneCluster(first, ISSUER));
    // THEN it is imported, not created (creating what exists fails), and no longer let go of
    expect(back.problems).toEqual([]);
    expect((back.reimports.get("prod") ?? []).map((i) => `${i.to} <- ${i.id}`)).toEqual(expected);
    expect(back.changes[0].created).toEqual([]);
    expect(back.changes[0].imported).toEqual(expected.map((e) => e.split(" <- ")[0]));
    expect(back.next.clusters.prod.released).toEqual([]);
    // AND a second synthesis before the apply imports it again (an import of what the state holds does nothing)
    const again = step(back.next, oneCluster(first, ISSUER));
    expect((again.reimports.get("prod") ?? []).map((i) => `${i.to} <- ${i.id}`)).toEqual(expected);
    expect(again.changes[0].imported).toEqual([]);
    // AND releasesApplied stops it, once applied everywhere
    const done = step(again.next, oneCluster(first, `${ISSUER}    releasesApplied: [${expected.map((e) => e.split(" <- ")[0]).join(", ")}]\n`));
    expect(done.reimports.get("prod")).toEqual([]);
    expect(done.warnings).toEqual([]);
  });

  it("retire: keep in the same change as a rename lets go of the addresses the ledger holds, not only the new ones", () => {
    // GIVEN a protected workload payments/api / WHEN renamed to billing/api and retired in one change
    const verdict = step(oneCluster(api(", protect: true"), ISSUER), oneCluster(api(", protect: true, retire: keep, previously: { namespace: payments }").replace("namespace: payments,", "namespace: billing,"), ISSUER));
    // THEN the old role, policies and service account are let go of, none destroyed
    expect(verdict.problems).toEqual([]);
    expect(verdict.changes[0].destroyed).toEqual([]);
    expect(verdict.releases.get("prod")).toEqual(expect.arrayContaining(["aws_iam_role.payments_api", "aws_iam_role_policy.payments_api", "kubernetes_service_account_v1.payments_api"]));
  });

  it("retire: keep while dropping a policy lets go of that attachment and the inline policy too", () => {
    const verdict = step(oneCluster(api(), ISSUER), oneCluster(`      - { namespace: payments, serviceAccount: api, createNamespace: true, managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess], retire: keep }\n`, ISSUER));
    expect(verdict.changes[0].destroyed).toEqual([]);
    expect(released(verdict)).toEqual(expect.arrayContaining(["aws_iam_role_policy_attachment.payments_api_read_only_access", "aws_iam_role_policy.payments_api"]));
  });

  it("refuses a rename whose previously: misses the old terraformName of a protected workload", () => {
    // GIVEN a protected workload with its own terraformName
    const before = oneCluster(api(", protect: true, terraformName: pay"), ISSUER);
    // WHEN renamed with previously: naming the old namespace and service account only
    const verdict = step(before, oneCluster(api(", protect: true, previously: { namespace: payments }").replace("namespace: payments,", "namespace: billing,"), ISSUER));
    // THEN the role that would be destroyed is named, with the fix
    expect(verdict.problems.join("\n")).toMatch(/destroy the protected role prod-payments-api \(aws_iam_role\.pay\).*terraformName/);
  });

  it.each<[string, string, string, RegExp]>([
    ["roleName changed", api(", protect: true"), api(", protect: true, roleName: other-name"), /replace the protected role aws_iam_role\.payments_api \(name "prod-payments-api" → "other-name"\)/],
    ["rolePath changed", api(", protect: true"), api(", protect: true, rolePath: /team/"), /replace the protected role aws_iam_role\.payments_api \(path "\/" → "\/team\/"\)/],
    [
      "previously dropped after a rename (the role would take the new default name)",
      api(", protect: true, previously: { namespace: old }"),
      api(", protect: true"),
      /replace the protected role .*name "prod-old-api" → "prod-payments-api"/,
    ],
  ])("refuses to replace a protected role: %s; announces it when unprotected", (_, before, after, message) => {
    expect(step(oneCluster(before, ISSUER), oneCluster(after, ISSUER)).problems.join("\n")).toMatch(message);
    const unprotected = step(oneCluster(before.replace(", protect: true", ""), ISSUER), oneCluster(after.replace(", protect: true", ""), ISSUER));
    expect(unprotected.problems).toEqual([]);
    expect(unprotected.warnings.join("\n")).toMatch(/the next apply replaces the role/);
    expect(unprotected.changes[0].replaced.map((r) => r.address)).toContain("aws_iam_role.payments_api");
  });

  it("refuses a namespace replaced in place: a-b after a--b at one address would delete everything in it", () => {
    const ns = (name: string) => oneCluster(`      - { namespace: ${name}, serviceAccount: api, createNamespace: true, managedPolicyArns: [${READ_ONLY}] }\n`, ISSUER);
    expect(step(ns("a--b"), ns("a-b")).problems.join("\n")).toMatch(/replace the namespace at kubernetes_namespace_v1\.a_b \(name "a--b" → "a-b"\), deleting everything in it/);
  });

  it.each<[string, string, RegExp]>([
    ["the inline policy would take irsa-gen's name", api(", roleName: legacy, exclusivePolicies: false"), /the adopted inline-policy aws_iam_role_policy\.payments_api of payments\/api would be replaced \(name "old" → "permissions"\).*Keep adopt: as it was/],
    ["the role would take the default path", api(", roleName: legacy, rolePath: /irsa/, exclusivePolicies: false"), /the adopted role aws_iam_role\.payments_api of payments\/api would be replaced \(path "\/" → "\/irsa\/"\)/],
    ["the drift lock would strip what the role holds", api(", roleName: legacy").replace(`, ${INLINE}`, ""), /the drift lock aws_iam_role_polic(y_attachments|ies)_exclusive\.payments_api would strip every policy the adopted role of payments\/api holds/],
  ])("refuses a hand-off after adoption that would change the adopted role: %s", (_, after, message) => {
    // GIVEN a role adopted with its inline policy (unprotected: adoption alone is enough to refuse)
    const adopted = oneCluster(api(", adopt: { role: legacy, inlinePolicy: old }"), ISSUER);
    // WHEN adopt is dropped / THEN the change is refused with the way back
    const verdict = step(adopted, oneCluster(after, ISSUER));
    expect(verdict.problems.join("\n")).toMatch(message);
  });

  it("keeping adopt after the first apply changes nothing", () => {
    const adopted = oneCluster(api(", adopt: { role: legacy, inlinePolicy: old }"), ISSUER);
    const verdict = step(adopted, adopted);
    expect(verdict.problems).toEqual([]);
    expect(describeChanges(verdict.changes)).toEqual([]);
  });

  describe("a rename while pods run under the old name", () => {
    const original = oneCluster(api(", protect: true"), ISSUER);
    const inTransition = oneCluster(api(", protect: true, previously: { namespace: payments }").replace("namespace: payments,", "namespace: billing,"), ISSUER);
    const finished = inTransition.replace("previously: { namespace: payments }", "previously: { namespace: payments, finished: true }");

    it("keeps the old service account while in transition: nothing destroyed, the new one created beside it", () => {
      const verdict = step(original, inTransition);
      expect(verdict.problems).toEqual([]);
      expect(verdict.changes[0].destroyed).toEqual([]);
      expect(verdict.changes[0].created).toContain("kubernetes_service_account_v1.billing_api");
      expect(verdict.next.clusters.prod.managed["kubernetes_service_account_v1.payments_api"]).toEqual({
        kind: "service-account",
        owner: "payments/api",
        protect: true,
        replaceKeys: { namespace: "payments", name: "api" },
      });
    });

    it("destroys the old service account once the rename is said finished, protected or not, and says so", () => {
      const verdict = step(step(original, inTransition).next, finished);
      expect(verdict.problems).toEqual([]);
      expect(verdict.changes[0].destroyed).toEqual(["kubernetes_service_account_v1.payments_api"]);
      expect(verdict.warnings.join("\n")).toContain("the rename of payments/api to billing/api is finished: the next apply destroys the service-account kubernetes_service_account_v1.payments_api");
    });

    it("refuses to drop previously without finishing: the old service account of a protected workload would go unannounced", () => {
      const verdict = step(step(original, inTransition).next, inTransition.replace(", previously: { namespace: payments }", ""));
      expect(verdict.problems.join("\n")).toMatch(/kubernetes_service_account_v1\.payments_api/);
    });
  });

  describe("workloads and clusters that leave", () => {
    const before = oneCluster(`${api(", protect: true")}${WORKER}`, ISSUER);

    it("refuses a protected workload that left the config, naming its role and the ways out", () => {
      const verdict = step(before, oneCluster(WORKER, ISSUER));
      expect(verdict.problems.join("\n")).toMatch(/workload payments\/api of cluster prod left the config, but it is protected: the next apply would destroy its role prod-payments-api.*retire: keep.*retire: destroy.*previously:/);
    });

    it("announces an unprotected workload that left: the plan destroys it", () => {
      const verdict = step(before, oneCluster(api(", protect: true"), ISSUER));
      expect(verdict.problems).toEqual([]);
      expect(verdict.warnings.join("\n")).toContain("the next apply destroys its role prod-orders-worker");
      expect(verdict.changes[0].destroyed).toContain("aws_iam_role.orders_worker");
    });

    it("accepts a workload that was retired, or renamed with previously (moves)", () => {
      expect(step(before, oneCluster(`${api(", protect: true, retire: keep")}${WORKER}`, ISSUER)).problems).toEqual([]);
      const renamed = step(before, oneCluster(`${api(", protect: true")}${WORKER.replace("worker,", "worker2, previously: { serviceAccount: worker },")}`, ISSUER));
      expect(renamed.problems).toEqual([]);
      expect(renamed.changes[0].moved).toContainEqual({ from: "aws_iam_role.orders_worker", to: "aws_iam_role.orders_worker2" });
    });

    it("refuses a cluster that left while its stack manages roles, and says what to do when it was never applied", () => {
      const verdict = step(before, oneCluster(WORKER, ISSUER).replace("name: prod", "name: other"));
      expect(verdict.problems.join("\n")).toMatch(/cluster prod left the config, but its stack still manages 2 roles \(prod-orders-worker, prod-payments-api\).*retire: destroy.*retire: keep.*never applied.*CDKTF_OUTDIR/);
    });

    it("names a few of a large cluster's roles and counts the rest", () => {
      const workloads = Array.from({ length: 40 }, (_, i) => `      - { namespace: ns, serviceAccount: sa-${i}, managedPolicyArns: [${READ_ONLY}] }\n`).join("");
      const verdict = step(oneCluster(workloads, ISSUER), oneCluster(WORKER, ISSUER).replace("name: prod", "name: other"));
      expect(verdict.problems[0]).toContain("still manages 40 roles (prod-ns-sa-0, prod-ns-sa-1, prod-ns-sa-10, prod-ns-sa-11, prod-ns-sa-12 and 35 more)");
    });

    it("lets a retired cluster leave the config", () => {
      expect(step(oneCluster(api(), `${ISSUER}    retire: keep\n`), oneCluster(WORKER, ISSUER).replace("name: prod", "name: other")).problems).toEqual([]);
    });
  });

  it("reads the output folder's records as the previous state when there is no ledger", () => {
    // GIVEN only the output folder's records of a protected workload
    const previous = ledgerFromInventories(new Map(Object.entries(ledgerOf(oneCluster(`${api(", protect: true")}${WORKER}`, ISSUER)).clusters)));
    // WHEN the workload leaves / THEN it is refused as with a ledger
    expect(judge(previous, configFrom(oneCluster(WORKER, ISSUER))).problems.join("\n")).toContain("left the config, but it is protected");
  });

  it("says per cluster what the next apply does", () => {
    const verdict = step(oneCluster(`${api()}${WORKER}`, ISSUER), oneCluster(`${api(", createNamespace: false, roleName: renamed")}`, ISSUER));
    expect(describeChanges(verdict.changes)).toEqual([
      "prod: the next apply: 1 let go of (kubernetes_namespace_v1.payments), 5 replaced (aws_iam_role.payments_api, aws_iam_role_policies_exclusive.payments_api, aws_iam_role_policy.payments_api and 2 more), 5 destroyed (aws_iam_role.orders_worker, aws_iam_role_policies_exclusive.orders_worker, aws_iam_role_policy_attachment.orders_worker_read_only_access and 2 more)",
    ]);
  });
});
