/**
 * The reduction that lets `terraform validate` run with the aws provider
 * only: it must remove the Kubernetes and TLS side and nothing of the AWS
 * side, or validate would pass on something that is not what gets deployed.
 */
import { oneCluster, synthCluster } from "../support/config";
import { awsAddresses, PLACEHOLDER_THUMBPRINT, reduceToAws, referencesIn, type TerraformJsonDocument } from "../support/terraform";

const WORKLOADS = `      - namespace: payments
        serviceAccount: api
        createNamespace: true
        managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
        policyStatements:
          - actions: [s3:PutObject]
            resources: ["arn:aws:s3:::bucket/*"]
      - namespace: reports
        serviceAccount: exporter
        createServiceAccount: false
        policyStatements:
          - actions: [s3:GetObject]
            resources: ["arn:aws:s3:::reports/*"]
`;

/** The blocks of one kind (`resource` / `data`) whose type does not start with `aws_`. */
function nonAwsTypes(json: TerraformJsonDocument, kind: "resource" | "data"): string[] {
  return Object.keys(json[kind] ?? {}).filter((t) => !t.startsWith("aws_"));
}

function block(json: TerraformJsonDocument, address: string): unknown {
  const [kind, type, name] = address.startsWith("data.") ? address.split(".") : ["resource", ...address.split(".")];
  return json[kind][type][name];
}

describe("reduceToAws", () => {
  // GIVEN a stack with an OIDC provider thumbprinted through tls_certificate,
  // a namespace, service accounts, a token from aws_eks_cluster_auth and a
  // local state backend
  const original = synthCluster(oneCluster(WORKLOADS, `    accountId: "111122223333"\n`)) as TerraformJsonDocument;

  // WHEN reduced to its AWS side
  const { json: reduced, removed } = reduceToAws(original, { awsVersion: "5.100.0" });

  it("is given a stack with Kubernetes and TLS blocks to remove", () => {
    expect(nonAwsTypes(original, "resource").sort()).toEqual(["kubernetes_namespace_v1", "kubernetes_service_account_v1"]);
    expect(nonAwsTypes(original, "data")).toEqual(["tls_certificate"]);
    expect(Object.keys(original.provider).sort()).toEqual(["aws", "kubernetes", "tls"]);
    expect(original.data.aws_eks_cluster_auth).toBeDefined();
  });

  it("leaves no Kubernetes or TLS block, provider or reference", () => {
    // THEN only AWS remains, and nothing refers to what went
    expect(nonAwsTypes(reduced, "resource")).toEqual([]);
    expect(nonAwsTypes(reduced, "data")).toEqual([]);
    expect(Object.keys(reduced.provider)).toEqual(["aws"]);
    expect(JSON.stringify(reduced)).not.toMatch(/\b(data\.)?(kubernetes|tls)_\w+\.\w+/);
    expect(removed).toEqual(
      expect.arrayContaining([
        "kubernetes_namespace_v1.payments",
        "kubernetes_service_account_v1.payments_api",
        "data.tls_certificate.oidc_issuer",
        "provider.kubernetes",
        "provider.tls",
        "terraform.backend",
      ]),
    );
  });

  it("keeps every aws_* resource and data source but the token only Kubernetes read, unchanged", () => {
    // THEN the AWS side is the original's, block for block
    const lost = awsAddresses(original).filter((a) => !awsAddresses(reduced).includes(a));
    expect(lost).toEqual(["data.aws_eks_cluster_auth.cluster"]);
    expect(removed).toContain("data.aws_eks_cluster_auth.cluster");
    for (const address of awsAddresses(reduced)) {
      if (address === "aws_iam_openid_connect_provider.cluster") continue;
      expect({ address, block: block(reduced, address) }).toEqual({ address, block: block(original, address) });
    }
    expect(reduced.provider.aws).toEqual(original.provider.aws);
    expect(reduced.locals).toEqual(original.locals);
    expect(reduced.output).toEqual(original.output);
  });

  it("writes the OIDC provider's thumbprint as a literal of 40 hex digits", () => {
    // THEN the fingerprint of the removed certificate is a literal; the rest of the provider is as it was
    const { thumbprint_list, ...rest } = reduced.resource.aws_iam_openid_connect_provider.cluster;
    expect(thumbprint_list).toEqual([PLACEHOLDER_THUMBPRINT]);
    expect(PLACEHOLDER_THUMBPRINT).toMatch(/^[0-9a-f]{40}$/);
    const { thumbprint_list: originalList, ...originalRest } = original.resource.aws_iam_openid_connect_provider.cluster;
    expect(originalList).toEqual(["${data.tls_certificate.oidc_issuer.certificates[0].sha1_fingerprint}"]);
    expect(rest).toEqual(originalRest);
  });

  it("requires hashicorp/aws at the given version only, with no backend", () => {
    // THEN required_providers has aws alone, at the mirror's version
    expect(original.terraform.required_providers.aws.version).not.toBe("5.100.0");
    expect(reduced.terraform.required_providers).toEqual({ aws: { source: "hashicorp/aws", version: "5.100.0" } });
    expect(reduced.terraform.backend).toBeUndefined();
    expect(reduced.terraform.cloud).toBeUndefined();
  });

  it("does not change its input", () => {
    expect(original.provider.kubernetes).toBeDefined();
    expect(original.resource!.aws_iam_openid_connect_provider.cluster.thumbprint_list[0]).toMatch(/^\$\{data\.tls_certificate/);
  });

  describe("with hand-written stacks", () => {
    const base = (): TerraformJsonDocument => ({
      terraform: {
        required_providers: { aws: { source: "aws", version: "6.25.0" }, kubernetes: { source: "hashicorp/kubernetes", version: "2.38.0" } },
        cloud: { organization: "example" },
      },
      provider: { aws: [{ region: "eu-west-1" }], kubernetes: [{ token: "${data.aws_eks_cluster_auth.c.token}" }] },
      data: { aws_eks_cluster_auth: { c: { name: "c" } } },
      resource: {
        aws_iam_role: { r: { name: "r", assume_role_policy: "{}", depends_on: ["kubernetes_namespace_v1.n"] } },
        kubernetes_namespace_v1: { n: { metadata: { name: "n" } } },
      },
      locals: { ns: "${kubernetes_namespace_v1.n.metadata[0].name}", label: "ns-${local.ns}" },
      output: { ns: { value: "${local.label}" }, role: { value: "${aws_iam_role.r.arn}" } },
    });

    it("drops outputs and locals that show removed blocks, transitively, and such depends_on entries", () => {
      // GIVEN locals and an output built on a namespace, a role depending on it
      // WHEN reduced
      const { json } = reduceToAws(base(), { awsVersion: "5.100.0" });
      // THEN they go, and the role and its output stay
      expect(json.locals).toEqual({});
      expect(Object.keys(json.output)).toEqual(["role"]);
      expect(json.resource.aws_iam_role.r.depends_on).toEqual([]);
      expect(json.terraform).toEqual({ required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } } });
    });

    it("keeps aws_eks_cluster_auth when something on the AWS side reads it", () => {
      // GIVEN an output of the token
      const stack = base();
      stack.output.token = { value: "${data.aws_eks_cluster_auth.c.token}", sensitive: true };
      // WHEN reduced / THEN the data source stays
      expect(awsAddresses(reduceToAws(stack, { awsVersion: "5.100.0" }).json)).toContain("data.aws_eks_cluster_auth.c");
    });

    it("refuses to cut a reference from an AWS block to a removed one", () => {
      // GIVEN a role named after a Kubernetes namespace
      const stack = base();
      stack.resource.aws_iam_role.r.name = "${kubernetes_namespace_v1.n.metadata[0].name}-role";
      // WHEN reduced / THEN it throws instead of validating something else
      expect(() => reduceToAws(stack, { awsVersion: "5.100.0" })).toThrow(/resource\.aws_iam_role\.r\.name refers to kubernetes_namespace_v1\.n/);
    });
  });
});

describe("referencesIn", () => {
  const known = new Set(["aws_iam_role.r", "data.tls_certificate.c", "local.host", "kubernetes_namespace_v1.n"]);

  it("finds resource, data and local addresses inside interpolations only", () => {
    // GIVEN templates mixing references, literals and escapes / WHEN scanned / THEN only real references count
    expect(referencesIn("${aws_iam_role.r.arn}", known)).toEqual(["aws_iam_role.r"]);
    expect(referencesIn({ a: ["x-${local.host}:sub"] }, known)).toEqual(["local.host"]);
    expect(referencesIn('${replace(data.tls_certificate.c.url, "https://", "")}', known)).toEqual(["data.tls_certificate.c"]);
    expect(referencesIn("aws_iam_role.r and $${aws_iam_role.r}", known)).toEqual([]);
    expect(referencesIn("${foo.kubernetes_namespace_v1.n}", known)).toEqual([]);
  });
});

describe("reduceToAws and arguments newer than the mirror's provider", () => {
  const stack = synthCluster(
    oneCluster(`      - namespace: analytics
        serviceAccount: reader
        identity: pod-identity
        podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/reader" }
        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
      - namespace: payments
        serviceAccount: api
        previously: { namespace: billing }
        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
`, '    accountId: "111122223333"\n'),
  ) as unknown as TerraformJsonDocument;

  it("removes them for an older provider, and says so", () => {
    // GIVEN a stack with target_role_arn (hashicorp/aws 6.0+) / WHEN reduced for 5.100.0
    const { json, removed } = reduceToAws(stack, { awsVersion: "5.100.0" });
    // THEN only that argument goes, and it is reported
    expect(json.resource.aws_eks_pod_identity_association.analytics_reader.target_role_arn).toBeUndefined();
    expect(json.resource.aws_eks_pod_identity_association.analytics_reader.role_arn).toBeDefined();
    expect(removed).toContain("aws_eks_pod_identity_association.analytics_reader.target_role_arn");
  });

  it("keeps them for a provider that has them", () => {
    const { json, removed } = reduceToAws(stack, { awsVersion: "6.25.0" });
    expect(json.resource.aws_eks_pod_identity_association.analytics_reader.target_role_arn).toBe("arn:aws:iam::444455556666:role/reader");
    expect(removed.filter((r) => r.includes("target_role_arn"))).toEqual([]);
  });

  it("keeps moved blocks between AWS resources and drops those of removed blocks", () => {
    const { json } = reduceToAws(stack, { awsVersion: "5.100.0" });
    const moved = (json.moved as { from: string; to: string }[]).map((m) => m.to);
    expect(moved).toContain("aws_iam_role.payments_api");
    expect(moved.filter((to) => to.startsWith("kubernetes_"))).toEqual([]);
  });
});
