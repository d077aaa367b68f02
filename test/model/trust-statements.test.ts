import { checkSource } from "../../lib/config/load";
import { trustDocument, type TrustInput } from "../../lib/model/trust-statements";
import { parseConfigText } from "../../lib/config/source";
import { oneCluster, synthCluster, type TerraformJson } from "../support/config";
import { admits, podIdentity, webIdentity, type AssumeRequest } from "../support/trust";

const ACCOUNT = "111122223333";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
const HOST = ISSUER.slice("https://".length);
const CLUSTER_ARN = `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/prod`;
const CLUSTER = `    accountId: "${ACCOUNT}"\n    oidcIssuerUrl: ${ISSUER}\n`;
const workload = (identity: string, extra = "") => `      - namespace: payments
        serviceAccount: api
        identity: ${identity}
        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
${extra}`;

function trustOf(tf: TerraformJson) {
  return tf.data!.aws_iam_policy_document.payments_api_trust.statement;
}

/** Every address of a stack, for "no destroy" checks. */
function addresses(tf: TerraformJson): string[] {
  return Object.entries(tf.resource ?? {}).flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`));
}

const IRSA_POD = webIdentity({ providerArn: "${aws_iam_openid_connect_provider.cluster.arn}", issuerHost: HOST, sub: "system:serviceaccount:payments:api", aud: "sts.amazonaws.com" });
const POD = podIdentity({ accountId: ACCOUNT, clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api" });

describe("EKS Pod Identity trust, as IAM evaluates it", () => {
  // Synthesized in beforeAll, not while jest collects the tests: a failure is then a failing test.
  let statements: ReturnType<typeof trustOf>;
  beforeAll(() => {
    statements = trustOf(synthCluster(oneCluster(workload("pod-identity"), CLUSTER)));
  });

  it.each<[string, boolean, AssumeRequest]>([
    ["its own service account on its own cluster", true, POD],
    ["another service account in the namespace", false, podIdentity({ accountId: ACCOUNT, clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "default" })],
    ["the same name in another namespace", false, podIdentity({ accountId: ACCOUNT, clusterArn: CLUSTER_ARN, namespace: "orders", serviceAccount: "api" })],
    ["the same namespace and name on another cluster", false, podIdentity({ accountId: ACCOUNT, clusterArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/staging`, namespace: "payments", serviceAccount: "api" })],
    ["an association in another account", false, podIdentity({ accountId: "999988887777", clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api" })],
    ["an association without session tags", false, podIdentity({ accountId: ACCOUNT, clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api", sessionTags: false })],
    ["another service principal", false, podIdentity({ accountId: ACCOUNT, clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api", principal: "ec2.amazonaws.com" })],
    ["an IRSA token", false, IRSA_POD],
  ])("%s: admitted = %s", (_what, expected, request) => {
    expect(admits(statements, request)).toBe(expected);
  });

  it("trusts pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession, pinned by the session tags and the account", () => {
    expect(statements).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
          { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [CLUSTER_ARN] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["payments"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api"] },
        ],
      },
    ]);
  });

  it("reads the account and the cluster's ARN at plan time when the config does not pin the account", () => {
    const tf = synthCluster(oneCluster(workload("pod-identity")));
    const conditions = trustOf(tf)[0].condition;
    expect(conditions[0].values).toEqual(["${data.aws_caller_identity.current.account_id}"]);
    expect(conditions[1].values).toEqual(["${data.aws_eks_cluster.cluster.arn}"]);
  });
});

describe("identity: pod-identity", () => {
  let tf: TerraformJson;
  beforeAll(() => {
    tf = synthCluster(oneCluster(workload("pod-identity"), CLUSTER));
  });

  it("creates the association, and neither an OIDC provider nor a role-ARN annotation", () => {
    expect(tf.resource!.aws_eks_pod_identity_association.payments_api).toEqual({
      cluster_name: "prod",
      namespace: "payments",
      service_account: "api",
      role_arn: "${aws_iam_role.payments_api.arn}",
    });
    expect(tf.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(tf.data!.tls_certificate).toBeUndefined();
    expect(tf.resource!.kubernetes_service_account_v1.payments_api.metadata.annotations).toBeUndefined();
  });

  it("keeps the OIDC provider while another workload of the cluster uses IRSA", () => {
    const mixed = synthCluster(oneCluster(`${workload("pod-identity")}      - { namespace: orders, serviceAccount: worker, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n`, CLUSTER));
    expect(mixed.resource!.aws_iam_openid_connect_provider.cluster).toBeDefined();
  });

  it("chains into a target role of another account, and lets the role assume it", () => {
    const target = "arn:aws:iam::444455556666:role/data-reader";
    const chained = synthCluster(oneCluster(workload("pod-identity", `        podIdentity: { targetRoleArn: "${target}" }\n`), CLUSTER));
    expect(chained.resource!.aws_eks_pod_identity_association.payments_api.target_role_arn).toBe(target);
    expect(chained.data!.aws_iam_policy_document.payments_api_permissions.statement).toEqual([
      { sid: "AssumeTargetRole", effect: "Allow", actions: ["sts:AssumeRole", "sts:TagSession"], resources: [target] },
    ]);
  });

  it("admits any association of the account only when session tags are disabled and that is said explicitly", () => {
    const unpinned = synthCluster(oneCluster(workload("pod-identity", "        podIdentity: { disableSessionTags: true, unpinnedTrust: true }\n"), CLUSTER));
    expect(unpinned.resource!.aws_eks_pod_identity_association.payments_api.disable_session_tags).toBe(true);
    const statements = trustOf(unpinned);
    expect(admits(statements, podIdentity({ accountId: ACCOUNT, clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api", sessionTags: false }))).toBe(true);
    expect(admits(statements, podIdentity({ accountId: "999988887777", clusterArn: CLUSTER_ARN, namespace: "payments", serviceAccount: "api", sessionTags: false }))).toBe(false);
  });

  it("installs the Pod Identity agent add-on when asked", () => {
    const withAgent = synthCluster(oneCluster(workload("pod-identity"), `${CLUSTER}    podIdentityAgent: true\n`));
    expect(withAgent.resource!.aws_eks_addon.pod_identity_agent).toEqual({ cluster_name: "prod", addon_name: "eks-pod-identity-agent" });
  });

  it.each<[string, string, string, string]>([
    ["disabled session tags without saying the trust is unpinned", workload("pod-identity", "        podIdentity: { disableSessionTags: true }\n"), CLUSTER, "makes it impossible to pin the role's trust"],
    ["an unpinned trust with session tags", workload("pod-identity", "        podIdentity: { unpinnedTrust: true }\n"), CLUSTER, "is only for associations without session tags"],
    ["Pod Identity settings on an IRSA workload", workload("irsa", "        podIdentity: { disableSessionTags: false }\n"), CLUSTER, "applies only to workloads with identity: pod-identity or both"],
    ["a target role of another partition", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws-cn:iam::444455556666:role/x" }\n'), CLUSTER, "is in partition aws-cn"],
    ["a target that is no role", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:user/x" }\n'), CLUSTER, "is not an IAM role ARN"],
    ["a target role ARN with *", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/*" }\n'), CLUSTER, "must name one role: wildcards (* and ?) and policy variables are never accepted here"],
    ["a target role ARN with * in its path", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/ops/*/x" }\n'), CLUSTER, "must name one role: wildcards"],
    ["a target role ARN with ?", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/reade?" }\n'), CLUSTER, "must name one role: wildcards"],
    ["a target role ARN with a wildcard account", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::*:role/reader" }\n'), CLUSTER, "must name one role: wildcards"],
    ["a target role ARN with a policy variable", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/&{aws:PrincipalTag/team}" }\n'), CLUSTER, "must name one role: wildcards (* and ?) and policy variables"],
    ["a target role ARN in a partition that is none", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:azure:iam::444455556666:role/reader" }\n'), CLUSTER, 'names the partition "azure", which is not an AWS partition'],
    ["a target role ARN with an 11-digit account", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam::44445555666:role/reader" }\n'), CLUSTER, "the account must be 12 digits"],
    ["a target role ARN with a region", workload("pod-identity", '        podIdentity: { targetRoleArn: "arn:aws:iam:eu-west-1:444455556666:role/reader" }\n'), CLUSTER, "is not an IAM role ARN"],
    ["Pod Identity in China", workload("pod-identity").replace("arn:aws:", "arn:aws-cn:"), "", "EKS Pod Identity does not run in the China regions"],
  ])("refuses %s", (_what, workloads, cluster, fragment) => {
    const region = fragment.includes("China") ? "cn-north-1" : "eu-west-1";
    const errors = checkSource(parseConfigText("t.yaml", oneCluster(workloads, cluster, region))).errors;
    expect(errors.join("\n")).toContain(fragment);
  });
});

describe("migrating from IRSA to EKS Pod Identity: irsa → both → pod-identity", () => {
  let steps: TerraformJson[];
  beforeAll(() => {
    steps = (["irsa", "both", "pod-identity"] as const).map((identity) => synthCluster(oneCluster(workload(identity), CLUSTER)));
  });

  it("admits the pod whichever credential it holds while in both, each through its own statement", () => {
    const [irsa, both, pod] = steps.map(trustOf);
    expect([admits(irsa, IRSA_POD), admits(irsa, POD)]).toEqual([true, false]);
    expect([admits(both, IRSA_POD), admits(both, POD)]).toEqual([true, true]);
    expect(both).toHaveLength(2);
    expect([admits(pod, IRSA_POD), admits(pod, POD)]).toEqual([false, true]);
  });

  it("keeps the annotation and adds the association in both, so running and restarted pods keep working", () => {
    const both = steps[1];
    expect(both.resource!.kubernetes_service_account_v1.payments_api.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "${aws_iam_role.payments_api.arn}" });
    expect(both.resource!.aws_eks_pod_identity_association.payments_api).toBeDefined();
  });

  it("keeps the role, its attachment and its service account at their addresses at every step (updates in place, no replacement)", () => {
    const kept = ["aws_iam_role.payments_api", "aws_iam_role_policy_attachment.payments_api_read_only_access", "kubernetes_service_account_v1.payments_api"];
    for (const tf of steps) expect(addresses(tf)).toEqual(expect.arrayContaining(kept));
    // The role's name, path and every attribute but its trust (and, at the last step, its default description) stay as they were.
    const { assume_role_policy: _a, description: _d, ...first } = steps[0].resource!.aws_iam_role.payments_api;
    for (const tf of steps.slice(1)) {
      const { assume_role_policy: _b, description: _e, ...role } = tf.resource!.aws_iam_role.payments_api;
      expect(role).toEqual(first);
    }
    expect(steps[1].resource!.aws_iam_role.payments_api.description).toBe(steps[0].resource!.aws_iam_role.payments_api.description);
    // The association appears in both and stays; only the OIDC provider goes with the last IRSA workload.
    expect(addresses(steps[2])).toContain("aws_eks_pod_identity_association.payments_api");
    expect(addresses(steps[1]).filter((a) => !addresses(steps[2]).includes(a))).toEqual(["aws_iam_openid_connect_provider.cluster"]);
  });
});

describe("the trust document of each mode, spelled out", () => {
  // Written by hand from the EKS user guide (IRSA: associate-service-account-role; Pod Identity: pod-id-role, pod-id-abac),
  // never from lib's constants: a wrong principal, audience, subject or tag key in lib fails here.
  const irsaStatement = {
    effect: "Allow",
    actions: ["sts:AssumeRoleWithWebIdentity"],
    principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.cluster.arn}"] }],
    condition: [
      { test: "StringEquals", variable: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789:sub", values: ["system:serviceaccount:payments:api"] },
      { test: "StringEquals", variable: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789:aud", values: ["sts.amazonaws.com"] },
    ],
  };
  const podIdentityPinned = {
    effect: "Allow",
    actions: ["sts:AssumeRole", "sts:TagSession"],
    principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
    condition: [
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
      { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: ["arn:aws:eks:eu-west-1:111122223333:cluster/prod"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["payments"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api"] },
    ],
  };
  const podIdentityUnpinned = {
    effect: "Allow",
    actions: ["sts:AssumeRole", "sts:TagSession"],
    principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
    condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] }],
  };
  const UNPINNED = "        podIdentity: { disableSessionTags: true, unpinnedTrust: true }\n";

  it.each<[string, string, string, string, unknown[]]>([
    ["irsa", "irsa", "", CLUSTER, [irsaStatement]],
    ["irsa, issuer read at plan time", "irsa", "", "", [
      {
        ...irsaStatement,
        condition: [
          { test: "StringEquals", variable: "${local.oidc_issuer_host}:sub", values: ["system:serviceaccount:payments:api"] },
          { test: "StringEquals", variable: "${local.oidc_issuer_host}:aud", values: ["sts.amazonaws.com"] },
        ],
      },
    ]],
    ["pod-identity, pinned", "pod-identity", "", CLUSTER, [podIdentityPinned]],
    ["pod-identity, pinned, account and cluster read at plan time", "pod-identity", "", "", [
      {
        ...podIdentityPinned,
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["${data.aws_caller_identity.current.account_id}"] },
          { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: ["${data.aws_eks_cluster.cluster.arn}"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["payments"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api"] },
        ],
      },
    ]],
    ["pod-identity, unpinned", "pod-identity", UNPINNED, CLUSTER, [podIdentityUnpinned]],
    ["both, pinned", "both", "", CLUSTER, [irsaStatement, podIdentityPinned]],
    ["both, unpinned", "both", UNPINNED, CLUSTER, [irsaStatement, podIdentityUnpinned]],
  ])("%s", (_mode, identity, extra, cluster, expected) => {
    // GIVEN one workload in the mode / WHEN its stack is synthesized
    const statements = trustOf(synthCluster(oneCluster(workload(identity, extra), cluster)));
    // THEN its trust is exactly the document written out above, one statement per mechanism
    expect(statements).toEqual(expected);
  });
});

describe("trustDocument, called directly", () => {
  const INPUT = {
    namespace: "payments",
    serviceAccount: "api",
    oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
    issuerHost: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
    accountId: "111122223333",
    clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
  };

  it("pins a Pod Identity trust unless told otherwise", () => {
    // GIVEN no `pinned` / WHEN the document is built / THEN the session tags pin it to the cluster and service account
    expect(trustDocument({ ...INPUT, identity: "pod-identity" })).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole", "sts:TagSession"],
        principals: [{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] },
          { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: ["arn:aws:eks:eu-west-1:111122223333:cluster/prod"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["payments"] },
          { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api"] },
        ],
      },
    ]);
  });

  it.each<[string, TrustInput, string]>([
    ["IRSA without the OIDC provider", { ...INPUT, identity: "irsa", oidcProviderArn: undefined }, "IRSA trust needs the OIDC provider and the issuer"],
    ["IRSA without the issuer", { ...INPUT, identity: "both", issuerHost: undefined }, "IRSA trust needs the OIDC provider and the issuer"],
    ["Pod Identity without the account", { ...INPUT, identity: "pod-identity", accountId: undefined }, "Pod Identity trust needs the account and the cluster"],
    ["Pod Identity without the cluster", { ...INPUT, identity: "both", clusterArn: undefined }, "Pod Identity trust needs the account and the cluster"],
  ])("refuses to build %s rather than trust too much", (_what, input, message) => {
    // GIVEN a mechanism without what pins its trust / WHEN the document is built / THEN it throws, naming what is missing
    expect(() => trustDocument(input)).toThrow(new Error(message));
  });
});
