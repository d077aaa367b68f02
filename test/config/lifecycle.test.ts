import { checkSource } from "../../lib/config/load";
import { parseConfigText } from "../../lib/config/source";
import { configFrom, oneCluster, synthCluster, type TerraformJson } from "../support/config";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
const HOST = ISSUER.slice("https://".length);
const ACCOUNT = `    accountId: "111122223333"\n`;
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const WORKLOAD = `      - namespace: payments
        serviceAccount: api
        managedPolicyArns: [${READ_ONLY}]
        policyStatements: [{ actions: [s3:GetObject], resources: ["arn:aws:s3:::b/*"] }]
`;

function errorsOf(yaml: string): readonly string[] {
  return checkSource(parseConfigText("t.yaml", yaml)).errors;
}

const imports = (tf: TerraformJson) => ((tf as unknown as { import?: { to: string; id: string }[] }).import ?? []).map((i) => `${i.to} <- ${i.id}`).sort();
const moves = (tf: TerraformJson) => ((tf as unknown as { moved?: { from: string; to: string }[] }).moved ?? []).map((m) => `${m.from} -> ${m.to}`);

describe("the cluster's OIDC provider, in one of three modes", () => {
  it("creates it by default, with the thumbprint and no import", () => {
    const tf = synthCluster(oneCluster(WORKLOAD, `    oidcIssuerUrl: ${ISSUER}\n`));
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster.url).toBe(ISSUER);
    expect(imports(tf)).toEqual([]);
  });

  it("looks it up by the issuer at plan time, creating nothing and needing no TLS provider", () => {
    // GIVEN oidcProvider: lookup / WHEN synthesized
    const tf = synthCluster(oneCluster(WORKLOAD, `    oidcIssuerUrl: ${ISSUER}\n    oidcProvider: lookup\n`));
    // THEN the data source finds it by URL and every trust policy names what it found
    expect(tf.data!.aws_iam_openid_connect_provider.cluster).toMatchObject({ url: ISSUER });
    expect(tf.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(tf.data!.tls_certificate).toBeUndefined();
    expect(tf.terraform.required_providers.tls).toBeUndefined();
    expect(tf.data!.aws_iam_policy_document.payments_api_trust.statement[0].principals[0].identifiers).toEqual(["${data.aws_iam_openid_connect_provider.cluster.arn}"]);
  });

  it("looks it up by the issuer the cluster reports when the config does not give it", () => {
    const tf = synthCluster(oneCluster(WORKLOAD, "    oidcProvider: lookup\n"));
    expect(tf.data!.aws_iam_openid_connect_provider.cluster.url).toBe("${data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer}");
  });

  it("trusts an existing provider by ARN, the same as existingOidcProviderArn", () => {
    const arn = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;
    const tf = synthCluster(oneCluster(WORKLOAD, `    oidcProvider: { arn: "${arn}" }\n`));
    expect(tf.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(tf.data!.aws_iam_policy_document.payments_api_trust.statement[0].principals[0].identifiers).toEqual([arn]);
    expect(tf).toEqual(synthCluster(oneCluster(WORKLOAD, `    existingOidcProviderArn: "${arn}"\n`)));
  });

  it("adopts the provider that exists: created in this stack, imported by the ARN of the account and issuer", () => {
    const tf = synthCluster(oneCluster(WORKLOAD, `${ACCOUNT}    oidcIssuerUrl: ${ISSUER}\n    oidcProvider: adopt\n`));
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster.url).toBe(ISSUER);
    expect(imports(tf)).toEqual([`aws_iam_openid_connect_provider.cluster <- arn:aws:iam::111122223333:oidc-provider/${HOST}`]);
    expect(tf.terraform.required_version).toBe(">= 1.5");
  });

  it("takes the mode from defaults", () => {
    const config = configFrom(`defaults:\n  oidcProvider: lookup\n${oneCluster(WORKLOAD)}`);
    expect(config.clusters[0].oidcProvider).toEqual({ mode: "lookup" });
  });

  it.each<[string, string, string]>([
    ["adopt without the account and issuer", "    oidcProvider: adopt\n", "needs the cluster's accountId and oidcIssuerUrl"],
    ["an ARN and the older key together", `    oidcProvider: { arn: "arn:aws:iam::111122223333:oidc-provider/${HOST}" }\n    existingOidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/${HOST}"\n`, "cannot be combined with oidcProvider"],
    ["an adopted ARN of another issuer", `    oidcIssuerUrl: ${ISSUER}\n    oidcProvider: { adopt: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER" }\n`, "is the provider of issuer oidc.eks.eu-west-1.amazonaws.com/id/OTHER"],
    ["a mode that does not exist", "    oidcProvider: reuse\n", "clusters[0].oidcProvider"],
  ])("refuses %s", (_what, extra, fragment) => {
    expect(errorsOf(oneCluster(WORKLOAD, extra)).join("\n")).toContain(fragment);
  });
});

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

describe("provider versions", () => {
  it("writes constraints compatible with the bindings, not exact pins", () => {
    const tf = synthCluster(oneCluster(WORKLOAD));
    expect(tf.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 6.25" });
    expect(tf.terraform.required_providers.kubernetes).toEqual({ source: "hashicorp/kubernetes", version: "~> 2.38" });
    expect(tf.terraform.required_providers.tls).toEqual({ source: "hashicorp/tls", version: "~> 4.1" });
  });

  it("takes the organisation's constraints from defaults and clusters", () => {
    const tf = synthCluster(`defaults:\n  providerVersions: { aws: ">= 6.25, < 7.0", tls: "4.1.0" }\n${oneCluster(WORKLOAD, '    providerVersions: { aws: "6.30.0" }\n')}`);
    expect(tf.terraform.required_providers.aws.version).toBe("6.30.0");
    expect(tf.terraform.required_providers.tls.version).toBe("4.1.0");
  });

  it("refuses what is no version constraint", () => {
    expect(errorsOf(oneCluster(WORKLOAD, '    providerVersions: { aws: "latest" }\n')).join("\n")).toContain("is not a Terraform version constraint");
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
