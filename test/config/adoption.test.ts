import { checkSource } from "../../lib/config/load";
import { parseConfigText } from "../../lib/config/source";
import { configFrom, oneCluster, synthCluster } from "../support/config";
import { ACCOUNT, errorsOf, imports, ISSUER, READ_ONLY, WORKLOAD } from "../support/lifecycle";

describe("adopting a workload's existing role and service account", () => {
  const adopted = (adopt: string, extra = "") =>
    synthCluster(oneCluster(`${WORKLOAD}        adopt: ${adopt}\n${extra}`, `${ACCOUNT}    oidcIssuerUrl: ${ISSUER}\n`));

  it("imports the role, its inline policy, its attachments and its service account, each by its import id", () => {
    // GIVEN a workload whose resources all exist / WHEN synthesized
    const tf = adopted("{ role: eksctl-prod-addon-iamserviceaccount-payments-Role1-ABC, inlinePolicy: Policy1, serviceAccount: true }");
    // THEN each is imported with the id format of its resource type, and the role keeps its name
    const role = "eksctl-prod-addon-iamserviceaccount-payments-Role1-ABC";
    expect(imports(tf)).toEqual(
      [
        `aws_iam_role.payments_api <- ${role}`,
        `aws_iam_role_policy.payments_api <- ${role}:Policy1`,
        `aws_iam_role_policy_attachment.payments_api_read_only_access <- ${role}/${READ_ONLY}`,
        "kubernetes_service_account_v1.payments_api <- payments/api",
      ].sort(),
    );
    expect(tf.resource!.aws_iam_role.payments_api.name).toBe(role);
    expect(tf.resource!.aws_iam_role_policy.payments_api.name).toBe("Policy1");
  });

  it("gives an adopted role exactly what a new one gets, but for its name: trust, permissions, annotation", () => {
    // GIVEN the same workload, created and adopted
    const created = synthCluster(oneCluster(WORKLOAD, `${ACCOUNT}    oidcIssuerUrl: ${ISSUER}\n`));
    const tf = adopted("{ role: legacy-role, inlinePolicy: true }");
    // THEN everything but the role's name and the import blocks is the same
    const { name: _a, ...adoptedRole } = tf.resource!.aws_iam_role.payments_api;
    const { name: _b, ...createdRole } = created.resource!.aws_iam_role.payments_api;
    expect(adoptedRole).toEqual(createdRole);
    expect(tf.data).toEqual(created.data);
    expect(tf.resource!.kubernetes_service_account_v1).toEqual(created.resource!.kubernetes_service_account_v1);
    expect(tf.resource!.aws_iam_role_policy).toEqual(created.resource!.aws_iam_role_policy);
  });

  it("keeps IAM's default path for an adopted role, whatever the defaults say (a new path would replace the role)", () => {
    const config = configFrom(`defaults:\n  rolePath: /irsa/\n${oneCluster(`${WORKLOAD}        adopt: { role: legacy-role }\n`)}`);
    expect(config.clusters[0].workloads[0].rolePath).toBe("/");
  });

  it("adopts everything with adopt: true, under the role's usual name", () => {
    const tf = adopted("true");
    expect(imports(tf)).toEqual(
      [
        "aws_iam_role.payments_api <- prod-payments-api",
        "aws_iam_role_policy.payments_api <- prod-payments-api:permissions",
        `aws_iam_role_policy_attachment.payments_api_read_only_access <- prod-payments-api/${READ_ONLY}`,
        "kubernetes_service_account_v1.payments_api <- payments/api",
      ].sort(),
    );
  });

  it.each<[string, string, string]>([
    ["an inline policy of a role that is not adopted", "adopt: { inlinePolicy: Policy1 }", "belongs to a role that is not adopted"],
    ["a service account the workload does not manage", "adopt: { role: r, serviceAccount: true }\n        createServiceAccount: false", "cannot be imported"],
    ["an adopted role of another name than roleName", "adopt: { role: r }\n        roleName: other", "names another role than roleName"],
    ["an inline policy name IAM cannot have", "adopt: { role: r, inlinePolicy: 'a b' }", "is not a valid IAM policy name"],
  ])("refuses %s", (_what, lines, fragment) => {
    expect(errorsOf(oneCluster(`${WORKLOAD}        ${lines}\n`)).join("\n")).toContain(fragment);
  });

  it("refuses a bad preset parameter once, without also calling the adopted inline policy empty", () => {
    // GIVEN an adopted inline policy whose only statements come from a preset with a bad parameter
    const errors = errorsOf(
      oneCluster("      - namespace: kube-system\n        serviceAccount: external-dns\n        presets: [{ name: external-dns, hostedZoneArns: [not-an-arn] }]\n        adopt: { role: r, inlinePolicy: Policy1 }\n"),
    );
    // THEN the parameter is the one problem
    expect(errors).toEqual([expect.stringContaining("presets[0].hostedZoneArns[0]: is not the ARN of a hosted zone")]);
  });
});

describe("adopting a workload's existing EKS Pod Identity association", () => {
  const ASSOCIATION = "a-9njjin9gfghecgocd";
  const podIdentity = (identity: string, adopt: string) =>
    oneCluster(`${WORKLOAD}        identity: ${identity}\n        adopt: ${adopt}\n`, `${ACCOUNT}    oidcIssuerUrl: ${ISSUER}\n`);
  const warningsOf = (yaml: string) => checkSource(parseConfigText("t.yaml", yaml)).warnings;

  it("imports the association by cluster and id, beside the adopted role", () => {
    // GIVEN a Pod Identity workload whose role and association exist (EKS allows one association per service account)
    const tf = synthCluster(podIdentity("pod-identity", `{ role: legacy, podIdentityAssociation: ${ASSOCIATION} }`));
    // WHEN synthesized / THEN the association is imported with the id format of aws_eks_pod_identity_association
    expect(imports(tf)).toEqual(
      [`aws_eks_pod_identity_association.payments_api <- prod,${ASSOCIATION}`, "aws_iam_role.payments_api <- legacy", `aws_iam_role_policy_attachment.payments_api_read_only_access <- legacy/${READ_ONLY}`].sort(),
    );
    // AND the imported association is the one irsa-gen would create: it names the adopted role, so the plan updates in place
    expect(tf.resource!.aws_eks_pod_identity_association.payments_api).toMatchObject({ cluster_name: "prod", namespace: "payments", service_account: "api", role_arn: "${aws_iam_role.payments_api.arn}" });
    expect(tf.terraform.required_version).toBe(">= 1.5");
  });

  it("imports the association alone, which then names irsa-gen's new role", () => {
    // GIVEN only the association exists (its role is left to whoever made it)
    const tf = synthCluster(podIdentity("pod-identity", `{ podIdentityAssociation: ${ASSOCIATION} }`));
    // THEN the association is imported and the role created: the first apply points the association at the new role in place
    expect(imports(tf)).toEqual([`aws_eks_pod_identity_association.payments_api <- prod,${ASSOCIATION}`]);
    expect(tf.resource!.aws_iam_role.payments_api.name).toBe("prod-payments-api");
  });

  it("imports it while migrating (identity: both), together with the IRSA service account", () => {
    const tf = synthCluster(podIdentity("both", `{ role: legacy, serviceAccount: true, podIdentityAssociation: ${ASSOCIATION} }`));
    expect(imports(tf)).toContain(`aws_eks_pod_identity_association.payments_api <- prod,${ASSOCIATION}`);
    expect(imports(tf)).toContain("kubernetes_service_account_v1.payments_api <- payments/api");
  });

  it("takes the identity from the cluster or defaults", () => {
    // GIVEN identity: pod-identity set for the whole file, not on the workload
    const tf = synthCluster(`defaults:\n  identity: pod-identity\n${oneCluster(`${WORKLOAD}        adopt: { podIdentityAssociation: ${ASSOCIATION} }\n`, ACCOUNT)}`);
    // THEN the association is imported all the same
    expect(imports(tf)).toEqual([`aws_eks_pod_identity_association.payments_api <- prod,${ASSOCIATION}`]);
  });

  it("warns that adopt: true does not adopt the association, whose id it cannot know, and says how to find it", () => {
    // GIVEN adopt: true on a Pod Identity workload / WHEN validated
    const warnings = warningsOf(podIdentity("pod-identity", "true"));
    // THEN a warning names the command that prints the id
    expect(warnings).toEqual([
      expect.stringMatching(
        /clusters\[0\]\.workloads\[0\]\.adopt: warning: does not adopt the workload's EKS Pod Identity association: importing it needs its id\. .*aws eks list-pod-identity-associations --cluster-name prod --namespace payments --service-account api/,
      ),
    ]);
    // AND nothing is said for IRSA, which has no association
    expect(warningsOf(oneCluster(`${WORKLOAD}        adopt: true\n`))).toEqual([]);
  });

  it.each<[string, string, string, string]>([
    ["an association of an IRSA workload", "irsa", `{ role: r, podIdentityAssociation: ${ASSOCIATION} }`, "podIdentityAssociation: applies only to workloads with identity: pod-identity or both"],
    ["the association's ARN instead of its id", "pod-identity", `{ podIdentityAssociation: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/${ASSOCIATION}" }`, `is the association's ARN, not its id (got "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-9njjin9gfghecg…"). Write its last part, the id: ${ASSOCIATION}.`],
    ["an id in capitals", "pod-identity", "{ podIdentityAssociation: A-9NJJIN9GFGHECGOCD }", "is not an EKS Pod Identity association id (a- and lowercase letters and digits)"],
    ["a placeholder left in", "pod-identity", '{ podIdentityAssociation: "<fill in: the id>" }', "aws eks list-pod-identity-associations --cluster-name prod --namespace payments --service-account api"],
  ])("refuses %s", (_what, identity, adopt, fragment) => {
    // GIVEN the workload / WHEN validated / THEN the one problem is at adopt.podIdentityAssociation
    const errors = errorsOf(podIdentity(identity, adopt));
    expect(errors).toEqual([expect.stringContaining(fragment)]);
    expect(errors[0]).toMatch(/clusters\[0\]\.workloads\[0\]\.adopt\.podIdentityAssociation: /);
  });
});
