import { checkRemovals, inventoryOf, parseInventory, releasedNamespaces, type StackInventory } from "../lib/inventory";
import { checkSource } from "../lib/config/load";
import { parseConfigText } from "../lib/config/source";
import { configFrom, oneCluster, synthCluster, type TerraformJson } from "./support/config";

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const API = `      - { namespace: payments, serviceAccount: api, createNamespace: true, managedPolicyArns: [${READ_ONLY}], policyStatements: [{ actions: [s3:GetObject], resources: ["arn:aws:s3:::b/*"] }] }\n`;
const WORKER = `      - { namespace: orders, serviceAccount: worker, managedPolicyArns: [${READ_ONLY}] }\n`;

const removed = (tf: TerraformJson) => ((tf as unknown as { removed?: { from: string; lifecycle: { destroy: boolean } }[] }).removed ?? []).map((r) => `${r.from} destroy=${r.lifecycle.destroy}`);
const inventories = (yaml: string) => new Map(configFrom(yaml).clusters.map((c) => [c.name, inventoryOf(c)] as [string, StackInventory]));

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

describe("checkRemovals: what leaving the config would destroy", () => {
  const before = inventories(oneCluster(`${API.replace("}\n", ", protect: true }\n")}${WORKER}`));

  it("refuses a protected workload that left the config, naming its role and the ways out", () => {
    const problems = checkRemovals(before, configFrom(oneCluster(WORKER)));
    expect(problems).toEqual([expect.objectContaining({ severity: "error", cluster: "prod" })]);
    expect(problems[0].message).toMatch(/workload payments\/api of cluster prod left the config, but it is protected: the next apply would destroy its role prod-payments-api.*retire: keep.*retire: destroy.*previously:/);
  });

  it("warns of an unprotected workload that left: the plan destroys it", () => {
    const problems = checkRemovals(before, configFrom(oneCluster(API.replace("}\n", ", protect: true }\n"))));
    expect(problems.map((p) => p.severity)).toEqual(["warning"]);
    expect(problems[0].message).toContain("the next apply destroys its role prod-orders-worker");
  });

  it("accepts a workload that was retired, or renamed with previously", () => {
    expect(checkRemovals(before, configFrom(oneCluster(`${API.replace("}\n", ", protect: true, retire: keep }\n")}${WORKER}`)))).toEqual([]);
    expect(checkRemovals(before, configFrom(oneCluster(`${API.replace("}\n", ", protect: true }\n")}${WORKER.replace("worker,", "worker2, previously: { serviceAccount: worker },")}`)))).toEqual([]);
  });

  it("refuses a cluster that left the config while its stack still manages roles", () => {
    const other = configFrom(oneCluster(WORKER).replace("name: prod", "name: other"));
    const problems = checkRemovals(before, other);
    expect(problems.map((p) => [p.severity, p.cluster])).toEqual([["error", "prod"]]);
    expect(problems[0].message).toMatch(/cluster prod left the config, but its stack still manages 2 roles \(prod-orders-worker, prod-payments-api\).*retire: destroy.*retire: keep/);
  });

  it("names a few of a large cluster's roles and counts the rest, so that the refusal stays readable", () => {
    // GIVEN a cluster of 40 workloads in the previous output
    const workloads = Array.from({ length: 40 }, (_, i) => `      - { namespace: ns, serviceAccount: sa-${i}, managedPolicyArns: [${READ_ONLY}] }\n`).join("");
    const large = inventories(oneCluster(workloads));
    // WHEN a config without it is checked
    const problems = checkRemovals(large, configFrom(oneCluster(WORKER).replace("name: prod", "name: other")));
    // THEN the message names five roles and counts the others
    expect(problems[0].message).toContain("still manages 40 roles (prod-ns-sa-0, prod-ns-sa-1, prod-ns-sa-10, prod-ns-sa-11, prod-ns-sa-12 and 35 more)");
  });

  it("lets a retired cluster leave the config", () => {
    const retired = inventories(oneCluster(API, "    retire: keep\n"));
    expect(checkRemovals(retired, configFrom(oneCluster(WORKER).replace("name: prod", "name: other")))).toEqual([]);
  });

  it("lets go of a namespace the config no longer creates, instead of deleting it", () => {
    const config = configFrom(oneCluster(`${API.replace("createNamespace: true", "createNamespace: false").replace("}\n", ", protect: true }\n")}${WORKER}`));
    expect(releasedNamespaces(before.get("prod"), config.clusters[0])).toEqual(["kubernetes_namespace_v1.payments"]);
  });

  it("reads back what it writes, and nothing else", () => {
    const inventory = before.get("prod")!;
    expect(parseInventory(JSON.stringify(inventory))).toEqual(inventory);
    expect(parseInventory("{}")).toBeUndefined();
    expect(parseInventory("not json")).toBeUndefined();
  });
});
