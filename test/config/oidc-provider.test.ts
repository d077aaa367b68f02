import { configFrom, oneCluster, synthCluster } from "../support/config";
import { ACCOUNT, errorsOf, HOST, imports, ISSUER, WORKLOAD } from "../support/lifecycle";

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
