import { inventoryText, parseInventory } from "../../lib/output/inventory";
import { judge } from "../../lib/output/ledger";
import { checkSource } from "../../lib/config/load";
import { parseConfigText } from "../../lib/config/source";
import { configFrom, oneCluster, synthCluster, type TerraformJson } from "../support/config";

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const API = `      - { namespace: payments, serviceAccount: api, createNamespace: true, managedPolicyArns: [${READ_ONLY}], policyStatements: [{ actions: [s3:GetObject], resources: ["arn:aws:s3:::b/*"] }] }\n`;
const WORKER = `      - { namespace: orders, serviceAccount: worker, managedPolicyArns: [${READ_ONLY}] }\n`;

const removed = (tf: TerraformJson) => ((tf as unknown as { removed?: { from: string; lifecycle: { destroy: boolean } }[] }).removed ?? []).map((r) => `${r.from} destroy=${r.lifecycle.destroy}`);

describe("retire: letting go of a workload or a cluster", () => {
  it("keep: writes nothing for the workload but removed blocks that keep every one of its blocks in AWS", () => {
    // GIVEN a workload retired with keep / WHEN synthesized
    const tf = synthCluster(oneCluster(`${API.replace("}\n", ", retire: keep }\n")}${WORKER}`));
    // THEN its role, policies, service account, locks and the namespace only it created are let go of, not destroyed
    expect(tf.resource!.aws_iam_role.payments_api).toBeUndefined();
    expect(removed(tf)).toEqual([
      "kubernetes_namespace_v1.payments destroy=false",
      "aws_iam_role.payments_api destroy=false",
      "aws_iam_role_policy_attachment.payments_api_read_only_access destroy=false",
      "aws_iam_role_policy.payments_api destroy=false",
      "kubernetes_service_account_v1.payments_api destroy=false",
      "aws_iam_role_policy_attachments_exclusive.payments_api destroy=false",
      "aws_iam_role_policies_exclusive.payments_api destroy=false",
    ]);
    expect(tf.terraform.required_version).toBe(">= 1.7");
    expect(tf.resource!.aws_iam_role.orders_worker).toBeDefined();
  });

  it("destroy: writes nothing for it, so the next apply destroys it", () => {
    const tf = synthCluster(oneCluster(`${API.replace("}\n", ", retire: destroy }\n")}${WORKER}`));
    expect(tf.resource!.aws_iam_role.payments_api).toBeUndefined();
    expect(removed(tf)).toEqual(["kubernetes_namespace_v1.payments destroy=false"]);
  });

  it("keep on a cluster: lets go of its OIDC provider and every workload, and keeps the providers Terraform needs", () => {
    const tf = synthCluster(oneCluster(API, "    retire: keep\n"));
    expect(removed(tf)).toContain("aws_iam_openid_connect_provider.cluster destroy=false");
    expect(removed(tf)).toContain("aws_iam_role.payments_api destroy=false");
    expect(tf.resource).toBeUndefined();
    expect(tf.provider.kubernetes).toBeDefined();
  });

  it("destroy on a cluster: a stack with nothing in it, for the next apply to destroy all", () => {
    const tf = synthCluster(oneCluster(API, "    retire: destroy\n"));
    expect(tf.resource).toBeUndefined();
    expect(removed(tf)).toEqual(["kubernetes_namespace_v1.payments destroy=false"]);
  });

  it.each<[string, string, string]>([
    ["destroying a protected workload", API.replace("}\n", ", retire: destroy, protect: true }\n"), "destroys a protected workload"],
    ["destroying a protected cluster", API, "destroys a protected cluster"],
  ])("refuses %s unless protect: false is said too", (_what, workloads, fragment) => {
    const extra = fragment.includes("cluster") ? "    retire: destroy\n    protect: true\n" : "";
    expect(checkSource(parseConfigText("t.yaml", oneCluster(workloads, extra))).errors.join("\n")).toContain(fragment);
  });
});

describe("inventory: the output folder's record", () => {
  it("is the cluster's part of the ledger, and reads back what it writes, and nothing else", () => {
    // GIVEN the ledger of a config with a protected workload
    const ledger = judge(undefined, configFrom(oneCluster(`${API.replace("}\n", ", protect: true }\n")}${WORKER}`))).next.clusters.prod;
    // WHEN written as the stack's record / THEN it reads back as that part, and nothing else reads as one
    const text = inventoryText("prod", ledger);
    expect(parseInventory(text)).toEqual({ cluster: "prod", ledger });
    expect(JSON.parse(text).ledger.managed["aws_iam_role.payments_api"]).toEqual({ kind: "role", owner: "payments/api", protect: true, replaceKeys: { name: "prod-payments-api", path: "/" } });
    expect(parseInventory("{}")).toBeUndefined();
    expect(parseInventory("not json")).toBeUndefined();
    expect(parseInventory('{"version": 2, "cluster": "prod", "ledger": {"managed": {}}}')).toBeUndefined();
  });

  it("reads a record written before ledgers (version 1) as what it knew", () => {
    // GIVEN a version 1 record: a protected workload, a namespace, the provider protected
    const v1 = JSON.stringify({
      version: 1,
      cluster: "prod",
      protectsProvider: true,
      namespaces: { payments: "kubernetes_namespace_v1.payments" },
      workloads: { "payments/api": { roleName: "prod-payments-api", protect: true, addresses: ["aws_iam_role.payments_api", "aws_iam_role_policy.payments_api"] } },
    });
    // THEN each address is there, the role and the provider protected, the namespace never to be destroyed
    expect(parseInventory(v1)?.ledger.managed).toEqual({
      "aws_iam_openid_connect_provider.cluster": { kind: "oidc-provider", owner: "cluster", protect: true, replaceKeys: {} },
      "kubernetes_namespace_v1.payments": { kind: "namespace", owner: "namespace", protect: true, replaceKeys: { name: "payments" } },
      "aws_iam_role.payments_api": { kind: "role", owner: "payments/api", protect: true, replaceKeys: { name: "prod-payments-api" } },
      "aws_iam_role_policy.payments_api": { kind: "inline-policy", owner: "payments/api", protect: false, replaceKeys: {} },
    });
  });
});
