import { oneCluster, synthCluster } from "../support/config";
import { errorsOf, moves, READ_ONLY, WORKLOAD } from "../support/lifecycle";

describe("renaming a workload: previously", () => {
  it("moves the role and its policies along the chain of names, keeps each earlier service account while the rename is in transition, and the role keeps its first name", () => {
    // GIVEN a workload renamed twice, both renames in transition / WHEN synthesized
    const tf = synthCluster(
      oneCluster(`${WORKLOAD.replace("namespace: payments", "namespace: billing")}        previously: [{ namespace: payments, serviceAccount: old-api }, { namespace: payments }]\n`),
    );
    // THEN the role, its policies and its locks move old → older name → new name
    expect(moves(tf)).toEqual([
      "aws_iam_role.payments_old_api -> aws_iam_role.payments_api",
      "aws_iam_role_policy_attachment.payments_old_api_read_only_access -> aws_iam_role_policy_attachment.payments_api_read_only_access",
      "aws_iam_role_policy.payments_old_api -> aws_iam_role_policy.payments_api",
      "aws_iam_role_policy_attachments_exclusive.payments_old_api -> aws_iam_role_policy_attachments_exclusive.payments_api",
      "aws_iam_role_policies_exclusive.payments_old_api -> aws_iam_role_policies_exclusive.payments_api",
      "aws_iam_role.payments_api -> aws_iam_role.billing_api",
      "aws_iam_role_policy_attachment.payments_api_read_only_access -> aws_iam_role_policy_attachment.billing_api_read_only_access",
      "aws_iam_role_policy.payments_api -> aws_iam_role_policy.billing_api",
      "aws_iam_role_policy_attachments_exclusive.payments_api -> aws_iam_role_policy_attachments_exclusive.billing_api",
      "aws_iam_role_policies_exclusive.payments_api -> aws_iam_role_policies_exclusive.billing_api",
    ]);
    expect(tf.resource!.aws_iam_role.billing_api.name).toBe("prod-payments-old-api");
    expect(tf.terraform.required_version).toBe(">= 1.1");
    // AND each name's service account stays where it is, annotated with the one role, beside the new one
    const accounts = tf.resource!.kubernetes_service_account_v1;
    expect(Object.fromEntries(Object.entries(accounts).map(([label, sa]) => [label, `${sa.metadata.namespace}/${sa.metadata.name} ${sa.metadata.annotations["eks.amazonaws.com/role-arn"]}`]))).toEqual({
      billing_api: "billing/api ${aws_iam_role.billing_api.arn}",
      payments_api: "payments/api ${aws_iam_role.billing_api.arn}",
      payments_old_api: "payments/old-api ${aws_iam_role.billing_api.arn}",
    });
    // AND the trust admits the three names, each whole, until the renames are finished
    expect(tf.data!.aws_iam_policy_document.billing_api_trust.statement[0].condition[0]).toEqual({
      test: "StringEquals",
      variable: expect.stringMatching(/:sub$/),
      values: ["system:serviceaccount:billing:api", "system:serviceaccount:payments:old-api", "system:serviceaccount:payments:api"],
    });
  });

  it("a finished rename trusts the new name only, and its old service account goes", () => {
    // GIVEN the rename said finished / WHEN synthesized
    const tf = synthCluster(oneCluster(`${WORKLOAD.replace("namespace: payments", "namespace: billing")}        previously: { namespace: payments, finished: true }\n`));
    // THEN the role still moves, the trust names the new service account alone, and only the new one is written
    expect(moves(tf)).toContain("aws_iam_role.payments_api -> aws_iam_role.billing_api");
    expect(tf.data!.aws_iam_policy_document.billing_api_trust.statement[0].condition[0].values).toEqual(["system:serviceaccount:billing:api"]);
    expect(Object.keys(tf.resource!.kubernetes_service_account_v1)).toEqual(["billing_api"]);
  });

  it("a Pod Identity rename in transition pins each name in a statement of its own, and keeps the old association", () => {
    // GIVEN a Pod Identity workload renamed from payments/api to billing/api
    const tf = synthCluster(
      oneCluster(`${WORKLOAD.replace("namespace: payments", "namespace: billing")}        identity: pod-identity\n        previously: { namespace: payments }\n`, '    accountId: "111122223333"\n'),
    );
    // THEN two statements, each pinning one namespace with its own name (never the old namespace with the new name)
    const statements = tf.data!.aws_iam_policy_document.billing_api_trust.statement as { condition: { variable: string; values: string[] }[] }[];
    const pinned = statements.map((s) => s.condition.filter((c) => c.variable.startsWith("aws:RequestTag/kubernetes-")).map((c) => `${c.variable.slice("aws:RequestTag/".length)}=${c.values.join("|")}`));
    expect(pinned).toEqual([
      ["kubernetes-namespace=billing", "kubernetes-service-account=api"],
      ["kubernetes-namespace=payments", "kubernetes-service-account=api"],
    ]);
    // AND both associations exist, at their own addresses
    const associations = tf.resource!.aws_eks_pod_identity_association;
    expect(Object.fromEntries(Object.entries(associations).map(([label, a]) => [label, `${a.namespace}/${a.service_account}`]))).toEqual({ billing_api: "billing/api", payments_api: "payments/api" });
  });

  it.each<[string, string, string]>([
    ["an earlier name that another workload has now", `        previously: { serviceAccount: worker }\n      - { namespace: payments, serviceAccount: worker, managedPolicyArns: [${READ_ONLY}] }`, "An earlier name moves its blocks to the current one"],
    ["the current name", "        previously: { namespace: payments }", "gives the workload's current Terraform name"],
    ["an earlier name that is no Kubernetes name", "        previously: { namespace: Payments }", "is not a valid Kubernetes namespace"],
    ["an empty earlier name", "        previously: {}", "names nothing"],
  ])("refuses %s", (_what, lines, fragment) => {
    expect(errorsOf(oneCluster(`${WORKLOAD}${lines}\n`)).join("\n")).toContain(fragment);
  });
});
