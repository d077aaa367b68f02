import "cdktf/lib/testing/adapters/jest";
import { oneCluster, synthCluster } from "../support/config";
import { admits } from "../support/trust";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
const WORKLOAD = `      - namespace: payments
        serviceAccount: s3-backup
        managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
`;

describe("ClusterStack", () => {
  describe("with the issuer given in the config", () => {
    const tf = synthCluster(oneCluster(WORKLOAD, `    accountId: "111122223333"\n    oidcIssuerUrl: ${ISSUER}\n`));

    it("registers the issuer with the STS audience and the root CA's thumbprint", () => {
      expect(tf.resource!.aws_iam_openid_connect_provider.cluster).toMatchObject({
        url: ISSUER,
        client_id_list: ["sts.amazonaws.com"],
        thumbprint_list: ["${data.tls_certificate.oidc_issuer.certificates[0].sha1_fingerprint}"],
      });
      expect(tf.data!.tls_certificate.oidc_issuer.url).toBe(ISSUER);
    });

    it("writes the condition keys as literals, so the plan shows them", () => {
      const statement = tf.data!.aws_iam_policy_document.payments_s3_backup_trust.statement[0];
      expect(statement.condition.map((c: { variable: string }) => c.variable)).toEqual([
        "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789:sub",
        "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789:aud",
      ]);
      expect(statement.principals[0].identifiers).toEqual(["${aws_iam_openid_connect_provider.cluster.arn}"]);
    });

    it("pins the AWS provider to the region and account, with owner tags", () => {
      expect(tf.provider.aws[0]).toEqual({
        region: "eu-west-1",
        allowed_account_ids: ["111122223333"],
        default_tags: [{ tags: { "irsa-gen/cluster": "prod", "managed-by": "irsa-gen" } }],
      });
    });

    it("creates the role, its attachment, the annotated service account and the output under natural labels", () => {
      expect(tf.resource!.aws_iam_role.payments_s3_backup).toMatchObject({
        name: "prod-payments-s3-backup",
        assume_role_policy: "${data.aws_iam_policy_document.payments_s3_backup_trust.json}",
        max_session_duration: 3600,
        path: "/",
      });
      expect(tf.resource!.aws_iam_role_policy_attachment.payments_s3_backup_amazon_s3_read_only_access).toMatchObject({
        role: "${aws_iam_role.payments_s3_backup.name}",
        policy_arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      });
      expect(tf.resource!.kubernetes_service_account_v1.payments_s3_backup.metadata).toEqual({
        name: "s3-backup",
        namespace: "payments",
        annotations: { "eks.amazonaws.com/role-arn": "${aws_iam_role.payments_s3_backup.arn}" },
      });
      expect(tf.output!.payments_s3_backup_role_arn.value).toBe("${aws_iam_role.payments_s3_backup.arn}");
    });

    it("authenticates the Kubernetes provider with a token from aws_eks_cluster_auth", () => {
      expect(tf.provider.kubernetes[0]).toEqual({
        host: "${data.aws_eks_cluster.cluster.endpoint}",
        cluster_ca_certificate: "${base64decode(data.aws_eks_cluster.cluster.certificate_authority[0].data)}",
        token: "${data.aws_eks_cluster_auth.cluster.token}",
      });
    });

    it("keeps local state outside the regenerated stack folder, on a relative path", () => {
      expect(tf.terraform.backend).toEqual({ local: { path: "../../../terraform.prod.tfstate" } });
    });
  });

  // [what, cluster lines, workload lines, required_version]
  it.each<[string, string, string, string | undefined]>([
    ["local state", "", "", undefined],
    ["S3 with S3-native locking (Terraform 1.10)", "    backend: { type: s3, bucket: state }\n", "", ">= 1.10"],
    ["S3 with DynamoDB locking and an assumed role (the assume_role block, Terraform 1.6)", '    backend: { type: s3, bucket: state, useLockfile: false, dynamodbTable: locks, roleArn: "arn:aws:iam::111122223333:role/state" }\n', "", ">= 1.6"],
    ["S3 with DynamoDB locking and an import (Terraform 1.5)", "    backend: { type: s3, bucket: state, useLockfile: false, dynamodbTable: locks }\n", "        adopt: { role: legacy }\n", ">= 1.5"],
    ["S3 with S3-native locking and a retired workload (the highest of the two)", "    backend: { type: s3, bucket: state }\n", "        retire: keep\n", ">= 1.10"],
  ])("requires the Terraform that %s needs", (_what, cluster, workload, required) => {
    // GIVEN a backend (and state blocks) / WHEN synthesized / THEN required_version is the highest minimum
    const tf = synthCluster(oneCluster(WORKLOAD + workload, cluster));
    expect(tf.terraform.required_version).toBe(required);
  });

  it("reads the issuer from the cluster at plan time when the config does not give it", () => {
    // GIVEN no oidcIssuerUrl / WHEN synthesized
    const tf = synthCluster(oneCluster(WORKLOAD));
    // THEN the issuer comes from data.aws_eks_cluster and the keys from a local
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster.url).toBe("${data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer}");
    expect(tf.locals!.oidc_issuer_host).toBe('${replace(data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer, "https://", "")}');
    const statement = tf.data!.aws_iam_policy_document.payments_s3_backup_trust.statement[0];
    expect(statement.condition[0].variable).toBe("${local.oidc_issuer_host}:sub");
  });

  it.each([
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("in %s keeps the STS audience and the %s partition", (region, partition) => {
    // GIVEN a cluster outside the commercial partition
    const tf = synthCluster(
      oneCluster(`      - namespace: payments\n        serviceAccount: app\n        managedPolicyArns: [arn:${partition}:iam::aws:policy/ReadOnlyAccess]\n`, "", region),
    );
    // THEN the audience is still sts.amazonaws.com and ARNs carry the partition
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster.client_id_list).toEqual(["sts.amazonaws.com"]);
    expect(tf.resource!.aws_iam_role_policy_attachment.payments_app_read_only_access.policy_arn).toBe(`arn:${partition}:iam::aws:policy/ReadOnlyAccess`);
    const trust = tf.data!.aws_iam_policy_document.payments_app_trust.statement[0];
    expect(trust.condition[1]).toEqual({ test: "StringEquals", variable: "${local.oidc_issuer_host}:aud", values: ["sts.amazonaws.com"] });
  });

  it("trusts an existing OIDC provider instead of creating one", () => {
    // GIVEN an existing provider
    const arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXISTING";
    const tf = synthCluster(oneCluster(WORKLOAD, `    existingOidcProviderArn: ${arn}\n`));
    // THEN nothing registers an issuer, and the trust admits the workload through that provider
    expect(tf.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    expect(tf.data!.tls_certificate).toBeUndefined();
    const trust = tf.data!.aws_iam_policy_document.payments_s3_backup_trust.statement;
    expect(
      admits(trust, { providerArn: arn, issuerHost: "oidc.eks.eu-west-1.amazonaws.com/id/EXISTING", sub: "system:serviceaccount:payments:s3-backup", aud: "sts.amazonaws.com" }),
    ).toBe(true);
  });

  it("omits the thumbprint and the TLS provider on request", () => {
    const tf = synthCluster(oneCluster(WORKLOAD, "    oidcThumbprint: false\n"));
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster.thumbprint_list).toBeUndefined();
    expect(tf.data!.tls_certificate).toBeUndefined();
    expect(tf.provider.tls).toBeUndefined();
    expect(tf.terraform.required_providers.tls).toBeUndefined();
  });

  it("switches the Kubernetes provider to exec authentication on request", () => {
    const tf = synthCluster(oneCluster(WORKLOAD, "    kubernetesAuth: exec\n"));
    expect(tf.provider.kubernetes[0].exec).toEqual([
      { api_version: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "prod", "--region", "eu-west-1"] },
    ]);
    expect(tf.data!.aws_eks_cluster_auth).toBeUndefined();
  });

  it("leaves the service account to the chart and outputs its annotation when createServiceAccount is false", () => {
    const tf = synthCluster(oneCluster(`${WORKLOAD}        createServiceAccount: false\n`, `    oidcIssuerUrl: ${ISSUER}\n`));
    expect(tf.resource!.kubernetes_service_account_v1).toBeUndefined();
    expect(tf.provider.kubernetes).toBeUndefined();
    expect(tf.data?.aws_eks_cluster).toBeUndefined();
    expect(tf.output!.payments_s3_backup_service_account_annotations.value).toEqual({
      "eks.amazonaws.com/role-arn": "${aws_iam_role.payments_s3_backup.arn}",
    });
  });

  it("creates a shared namespace once and orders the service accounts after it", () => {
    const tf = synthCluster(
      oneCluster(`      - namespace: jobs
        serviceAccount: a
        createNamespace: true
        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      - namespace: jobs
        serviceAccount: b
        createNamespace: true
        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`),
    );
    expect(Object.keys(tf.resource!.kubernetes_namespace_v1)).toEqual(["jobs"]);
    expect(tf.resource!.kubernetes_service_account_v1.jobs_a.metadata.namespace).toBe("${kubernetes_namespace_v1.jobs.metadata[0].name}");
  });

  it("renders role settings, labels, extra annotations and protection", () => {
    const tf = synthCluster(
      oneCluster(`      - namespace: payments
        serviceAccount: app
        roleName: payments-app
        rolePath: /irsa/
        description: Payments API
        maxSessionDuration: 7200
        permissionsBoundaryArn: arn:aws:iam::111122223333:policy/boundary
        tags: { cost-center: "42" }
        protect: true
        serviceAccountLabels: { app: payments }
        serviceAccountAnnotations: { eks.amazonaws.com/sts-regional-endpoints: "true" }
        policyStatements:
          - sid: Read
            actions: [s3:GetObject, s3:GetObject, dynamodb:GetItem]
            resources: ["arn:aws:s3:::b/*", "arn:aws:dynamodb:eu-west-1:111122223333:table/t"]
            conditions:
              - { test: StringEquals, variable: aws:RequestedRegion, values: [eu-west-1] }
`, "    protect: true\n"),
    );
    expect(tf.resource!.aws_iam_role.payments_app).toMatchObject({
      name: "payments-app",
      path: "/irsa/",
      description: "Payments API",
      max_session_duration: 7200,
      permissions_boundary: "arn:aws:iam::111122223333:policy/boundary",
      tags: { "cost-center": "42", "irsa-gen/service-account": "payments/app" },
      lifecycle: { prevent_destroy: true },
    });
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster.lifecycle).toEqual({ prevent_destroy: true });
    expect(tf.data!.aws_iam_policy_document.payments_app_permissions.statement).toEqual([
      {
        sid: "Read",
        effect: "Allow",
        actions: ["dynamodb:GetItem", "s3:GetObject"],
        resources: ["arn:aws:dynamodb:eu-west-1:111122223333:table/t", "arn:aws:s3:::b/*"],
        condition: [{ test: "StringEquals", variable: "aws:RequestedRegion", values: ["eu-west-1"] }],
      },
    ]);
    expect(tf.resource!.aws_iam_role_policy.payments_app).toMatchObject({
      role: "${aws_iam_role.payments_app.name}",
      policy: "${data.aws_iam_policy_document.payments_app_permissions.json}",
    });
    expect(tf.resource!.kubernetes_service_account_v1.payments_app.metadata).toMatchObject({
      labels: { app: "payments" },
      annotations: { "eks.amazonaws.com/role-arn": "${aws_iam_role.payments_app.arn}", "eks.amazonaws.com/sts-regional-endpoints": "true" },
    });
  });
});
