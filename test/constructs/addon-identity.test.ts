import { parse as parseHcl } from "@cdktf/hcl2json";
import { renderHcl } from "../../lib/synthesis/hcl";
import { synthCluster } from "../support/config";
import { admits, podIdentity, type WebIdentityRequest } from "../support/trust";

const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
const PROVIDER = "${aws_iam_openid_connect_provider.cluster.arn}";
const CLUSTER_ARN = "arn:aws:eks:eu-west-1:111122223333:cluster/prod";

/** A cluster with a pinned account and issuer, and these add-on entries (YAML, indented by 6). */
function cluster(addons: string, extra = ""): string {
  return `clusters:
  - name: prod
    region: eu-west-1
    accountId: "111122223333"
    oidcIssuerUrl: https://${ISSUER}
${extra}    workloads: []
    addons:
${addons}`;
}

describe("an add-on on IRSA", () => {
  const json = synthCluster(cluster("      - name: aws-ebs-csi-driver\n"));
  const addon = json.resource!.aws_eks_addon.aws_ebs_csi_driver;
  const trust = json.data!.aws_iam_policy_document.aws_ebs_csi_driver_trust;

  it("names its role through aws_eks_addon's service_account_role_arn, with the conflict choices", () => {
    expect(addon).toEqual({
      cluster_name: "prod",
      addon_name: "aws-ebs-csi-driver",
      service_account_role_arn: "${aws_iam_role.aws_ebs_csi_driver.arn}",
      resolve_conflicts_on_create: "NONE",
      resolve_conflicts_on_update: "PRESERVE",
    });
  });

  it("has no service account or association of irsa-gen's: EKS owns them", () => {
    expect(json.resource!.kubernetes_service_account_v1).toBeUndefined();
    expect(json.resource!.aws_eks_pod_identity_association).toBeUndefined();
    expect(json.provider.kubernetes).toBeUndefined();
  });

  it("trusts exactly the add-on's service account through the cluster's OIDC provider", () => {
    expect(trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [PROVIDER] }],
        condition: [
          { test: "StringEquals", variable: `${ISSUER}:sub`, values: ["system:serviceaccount:kube-system:ebs-csi-controller-sa"] },
          { test: "StringEquals", variable: `${ISSUER}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
  });

  const own: WebIdentityRequest = { providerArn: PROVIDER, issuerHost: ISSUER, sub: "system:serviceaccount:kube-system:ebs-csi-controller-sa", aud: "sts.amazonaws.com" };
  it.each<[string, boolean, WebIdentityRequest]>([
    ["the EBS driver's controller", true, own],
    ["the EBS driver's node service account", false, { ...own, sub: "system:serviceaccount:kube-system:ebs-csi-node-sa" }],
    ["the VPC CNI's aws-node", false, { ...own, sub: "system:serviceaccount:kube-system:aws-node" }],
    ["the same name in another namespace", false, { ...own, sub: "system:serviceaccount:default:ebs-csi-controller-sa" }],
    ["a token for another audience", false, { ...own, aud: "vault" }],
  ])("%s: admitted = %s", (_name, expected, request) => {
    expect(admits(trust.statement, request)).toBe(expected);
  });

  it("gives the role the add-on's preset, a name of the cluster and the add-on, and its ARN as an output", () => {
    expect(json.resource!.aws_iam_role.aws_ebs_csi_driver).toMatchObject({ name: "prod-addon-aws-ebs-csi-driver", path: "/" });
    expect(json.resource!.aws_iam_role_policy.aws_ebs_csi_driver.policy).toBe("${data.aws_iam_policy_document.aws_ebs_csi_driver_permissions.json}");
    expect(json.output!.aws_ebs_csi_driver_role_arn.value).toBe("${aws_iam_role.aws_ebs_csi_driver.arn}");
  });
});

describe("an add-on on EKS Pod Identity", () => {
  const json = synthCluster(cluster("      - { name: vpc-cni, identity: pod-identity, version: v1.19.2-eksbuild.1 }\n", "    podIdentityAgent: true\n"));
  const addon = json.resource!.aws_eks_addon.vpc_cni;
  const trust = json.data!.aws_iam_policy_document.vpc_cni_trust;

  it("names its role through pod_identity_association, after the agent the stack manages", () => {
    expect(addon).toEqual({
      cluster_name: "prod",
      addon_name: "vpc-cni",
      addon_version: "v1.19.2-eksbuild.1",
      pod_identity_association: [{ role_arn: "${aws_iam_role.vpc_cni.arn}", service_account: "aws-node" }],
      resolve_conflicts_on_create: "NONE",
      resolve_conflicts_on_update: "PRESERVE",
      depends_on: ["aws_eks_addon.pod_identity_agent"],
    });
  });

  it("needs no OIDC provider", () => {
    expect(json.resource!.aws_iam_openid_connect_provider).toBeUndefined();
  });

  it("is pinned to the add-on's service account on this cluster, as a workload's", () => {
    expect(trust.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [CLUSTER_ARN] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["kube-system"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["aws-node"] },
        ],
      },
    ]);
  });

  const own = { accountId: "111122223333", clusterArn: CLUSTER_ARN, namespace: "kube-system", serviceAccount: "aws-node" };
  it.each<[string, boolean, Parameters<typeof podIdentity>[0]]>([
    ["aws-node on this cluster", true, own],
    ["aws-node on another cluster", false, { ...own, clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/staging" }],
    ["another service account of kube-system", false, { ...own, serviceAccount: "ebs-csi-controller-sa" }],
    ["aws-node of another namespace", false, { ...own, namespace: "default" }],
    ["another account", false, { ...own, accountId: "444455556666" }],
    ["an association without session tags", false, { ...own, sessionTags: false }],
  ])("%s: admitted = %s", (_name, expected, request) => {
    expect(admits(trust.statement, podIdentity(request))).toBe(expected);
  });

  it("writes depends_on in HCL as a list of references, as Terraform requires (a quoted address is an error there)", async () => {
    // GIVEN the add-on's JSON / WHEN rendered as HCL
    const hcl = renderHcl({ resource: { aws_eks_addon: { vpc_cni: addon } } }, { configFile: "t.yaml", stack: "prod" });
    // THEN HashiCorp's parser reads the list's item as a reference, not as a string
    expect(hcl).toMatch(/\n {2}depends_on +=  ?\[aws_eks_addon\.pod_identity_agent\]\n/);
    const parsed = (await parseHcl("cdk.tf", hcl)) as { resource: { aws_eks_addon: { vpc_cni: { depends_on: string[] }[] } } };
    expect(parsed.resource.aws_eks_addon.vpc_cni[0].depends_on).toEqual(["${aws_eks_addon.pod_identity_agent}"]);
  });

  it("waits for no agent the stack does not manage", () => {
    const without = synthCluster(cluster("      - { name: vpc-cni, identity: pod-identity }\n"));
    expect(without.resource!.aws_eks_addon.vpc_cni.depends_on).toBeUndefined();
  });
});

describe("an adopted or protected add-on", () => {
  it("imports the add-on as <cluster>:<name>, and its role by name when adopted too", () => {
    // GIVEN the EBS driver adopted alone and the VPC CNI adopted with its role / WHEN synthesized
    const json = synthCluster(cluster("      - { name: aws-ebs-csi-driver, adopt: true }\n      - { name: vpc-cni, adopt: { addon: true, role: AmazonEKS_CNI_Role, inlinePolicy: cni } }\n"));
    // THEN the import ids are the providers' own
    expect((json as unknown as { import: unknown }).import).toEqual([
      { to: "aws_eks_addon.aws_ebs_csi_driver", id: "prod:aws-ebs-csi-driver" },
      { to: "aws_eks_addon.vpc_cni", id: "prod:vpc-cni" },
      { to: "aws_iam_role.vpc_cni", id: "AmazonEKS_CNI_Role" },
      { to: "aws_iam_role_policy.vpc_cni", id: "AmazonEKS_CNI_Role:cni" },
    ]);
    expect(json.terraform.required_version).toBe(">= 1.5");
    // AND the adopted role keeps its name and IAM's path
    expect(json.resource!.aws_iam_role.vpc_cni).toMatchObject({ name: "AmazonEKS_CNI_Role", path: "/" });
  });

  it("puts prevent_destroy on the add-on and on its role", () => {
    const json = synthCluster(cluster("      - { name: aws-ebs-csi-driver, protect: true }\n"));
    expect(json.resource!.aws_eks_addon.aws_ebs_csi_driver.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.resource!.aws_iam_role.aws_ebs_csi_driver.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("writes nothing for a retired add-on but, with keep, its removed blocks", () => {
    const json = synthCluster(cluster("      - { name: aws-ebs-csi-driver, retire: keep }\n"));
    expect(json.resource?.aws_eks_addon).toBeUndefined();
    expect(json.resource?.aws_iam_role).toBeUndefined();
    expect((json as unknown as { removed: { from: string }[] }).removed.map((r) => r.from)).toEqual([
      "aws_eks_addon.aws_ebs_csi_driver",
      "aws_iam_role.aws_ebs_csi_driver",
      "aws_iam_role_policy.aws_ebs_csi_driver",
      "aws_iam_role_policy_attachments_exclusive.aws_ebs_csi_driver",
      "aws_iam_role_policies_exclusive.aws_ebs_csi_driver",
    ]);
  });
});

describe("an add-on of a cluster whose workloads' roles live in another account", () => {
  // GIVEN roleAccount on the cluster, inherited by its workloads
  const yaml = `accounts:
  payments:
    accountId: "444455556666"
    assumeRoleArn: arn:aws:iam::444455556666:role/deployer
${cluster("      - name: aws-ebs-csi-driver\n", "    roleAccount: payments\n").replace("    workloads: []\n", `    workloads:
      - namespace: a
        serviceAccount: b
        policyStatements: [{ actions: [s3:GetObject], resources: ["arn:aws:s3:::x/*"] }]
`)}`;
  const json = synthCluster(yaml);

  it("keeps the add-on's role in the cluster's account, trusting the cluster's own provider", () => {
    // THEN the workload's role is in the team account, the add-on's in the cluster's (no provider alias)
    expect(json.resource!.aws_iam_role.a_b_in_payments.provider).toBe("aws.payments");
    expect(json.resource!.aws_iam_role.aws_ebs_csi_driver.provider).toBeUndefined();
    expect(json.data!.aws_iam_policy_document.aws_ebs_csi_driver_trust.statement[0].principals).toEqual([{ type: "Federated", identifiers: [PROVIDER] }]);
    expect(json.resource!.aws_eks_addon.aws_ebs_csi_driver.service_account_role_arn).toBe("${aws_iam_role.aws_ebs_csi_driver.arn}");
  });
});
