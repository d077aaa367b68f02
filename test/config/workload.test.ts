import { oneCluster, synthCluster } from "../support/config";
import { ACCOUNT, imports, READ_ONLY, WORKLOAD } from "../support/lifecycle";

describe("drift lock: exclusivePolicies", () => {
  it("manages the role's whole sets of managed and inline policies by default", () => {
    // GIVEN a workload with one managed and one inline policy / WHEN synthesized
    const tf = synthCluster(oneCluster(WORKLOAD));
    // THEN exactly those are the role's, and anything attached elsewhere is removed by the next apply
    // (by reference, so that each lock waits for what it keeps: test/ordering.test.ts)
    expect(tf.resource!.aws_iam_role_policy_attachments_exclusive.payments_api).toEqual({
      role_name: "${aws_iam_role.payments_api.name}",
      policy_arns: ["${aws_iam_role_policy_attachment.payments_api_read_only_access.policy_arn}"],
    });
    expect(tf.resource!.aws_iam_role_policy_attachment.payments_api_read_only_access.policy_arn).toBe(READ_ONLY);
    expect(tf.resource!.aws_iam_role_policies_exclusive.payments_api).toEqual({ role_name: "${aws_iam_role.payments_api.name}", policy_names: ["${aws_iam_role_policy.payments_api.name}"] });
    expect(tf.resource!.aws_iam_role_policy.payments_api.name).toBe("permissions");
  });

  it("locks a role without inline policy to none", () => {
    const tf = synthCluster(oneCluster(`      - { namespace: payments, serviceAccount: api, managedPolicyArns: [${READ_ONLY}] }\n`));
    expect(tf.resource!.aws_iam_role_policies_exclusive.payments_api.policy_names).toEqual([]);
  });

  it("leaves an adopted role unlocked until the config says so, and composes with its import and protection", () => {
    const adopted = synthCluster(oneCluster(`${WORKLOAD}        adopt: { role: legacy }\n`, ACCOUNT));
    expect(adopted.resource!.aws_iam_role_policy_attachments_exclusive).toBeUndefined();
    const locked = synthCluster(oneCluster(`${WORKLOAD}        adopt: { role: legacy, inlinePolicy: old }\n        exclusivePolicies: true\n        protect: true\n`, ACCOUNT));
    expect(locked.resource!.aws_iam_role_policies_exclusive.payments_api.policy_names).toEqual(["${aws_iam_role_policy.payments_api.name}"]);
    expect(locked.resource!.aws_iam_role_policy.payments_api.name).toBe("old");
    expect(locked.resource!.aws_iam_role.payments_api.lifecycle).toEqual({ prevent_destroy: true });
    expect(imports(locked)).toContain("aws_iam_role.payments_api <- legacy");
  });

  it("can be turned off in defaults", () => {
    const tf = synthCluster(`defaults:\n  exclusivePolicies: false\n${oneCluster(WORKLOAD)}`);
    expect(tf.resource!.aws_iam_role_policies_exclusive).toBeUndefined();
  });
});

describe("presets whose chart creates the service account", () => {
  it("leave the service account to the chart, and give its annotations as an output", () => {
    // GIVEN a one-line preset whose chart creates its service account
    const tf = synthCluster(oneCluster("      - preset: aws-load-balancer-controller\n"));
    // THEN no service account is created, and the annotation the chart needs is an output
    expect(tf.resource!.kubernetes_service_account_v1).toBeUndefined();
    expect(tf.output!.kube_system_aws_load_balancer_controller_service_account_annotations.value).toEqual({
      "eks.amazonaws.com/role-arn": "${aws_iam_role.kube_system_aws_load_balancer_controller.arn}",
    });
  });

  it("create it when the workload says so", () => {
    const tf = synthCluster(oneCluster("      - preset: aws-load-balancer-controller\n        createServiceAccount: true\n"));
    expect(Object.keys(tf.resource!.kubernetes_service_account_v1)).toEqual(["kube_system_aws_load_balancer_controller"]);
  });
});
