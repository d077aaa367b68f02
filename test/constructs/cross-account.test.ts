import { renderHcl } from "../../lib/synthesis/hcl";
import type { JsonObject } from "../../lib/synthesis/terraform-json";
import { clusterTrust } from "../../lib/model/trust-statements";
import { configFrom, synthCluster, type TerraformJson } from "../support/config";
import { crossAccount, HOME_ID, ISSUER, ISSUER_HOST, TEAM_ID, TEAM_ROLE } from "../support/cross-account";
import { check } from "../support/refusal";
import { policyDocumentJson } from "../support/terraform";
import { admits, webIdentity } from "../support/trust";

/**
 * The ARN each principal of a statement will have once applied, read from
 * the stack itself: a reference to an OIDC provider (resource or lookup)
 * becomes `arn:aws:iam::<account>:oidc-provider/<url without https://>`
 * (how IAM names a provider, API_CreateOpenIDConnectProvider), the account
 * being the one its AWS provider is pinned to (`allowed_account_ids`).
 * A reference to anything else is left as it is: IAM would match nothing.
 */
function applied(tf: TerraformJson, statements: any[]): any[] {
  const arnOf = (identifier: string): string => {
    const ref = /^\$\{(data\.)?(aws_iam_openid_connect_provider)\.([\w-]+)\.arn\}$/.exec(identifier);
    if (!ref) return identifier;
    const block = ref[1] ? tf.data?.[ref[2]]?.[ref[3]] : tf.resource?.[ref[2]]?.[ref[3]];
    if (!block) return identifier;
    const alias = typeof block.provider === "string" ? block.provider.replace(/^aws\.?/, "") : "";
    const provider = tf.provider.aws.find((p) => (p.alias ?? "") === alias);
    const account = provider?.allowed_account_ids?.[0];
    if (account === undefined || !String(block.url).startsWith("https://")) return identifier;
    return `arn:aws:iam::${account}:oidc-provider/${String(block.url).slice("https://".length)}`;
  };
  return statements.map((s) => ({ ...s, principals: s.principals.map((p: any) => ({ ...p, identifiers: p.identifiers.map(arnOf) })) }));
}

const trustOf = (tf: TerraformJson, label = "payments_api") => tf.data!.aws_iam_policy_document[`${label}_trust`].statement;
const TEAM_PROVIDER = `arn:aws:iam::${TEAM_ID}:oidc-provider/${ISSUER_HOST}`;
const HOME_PROVIDER = `arn:aws:iam::${HOME_ID}:oidc-provider/${ISSUER_HOST}`;
const OTHER_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/STAGING0123456789";
const pod = (over: Partial<{ providerArn: string; issuerHost: string; sub: string; aud: string }> = {}) =>
  webIdentity({ providerArn: TEAM_PROVIDER, issuerHost: ISSUER_HOST, sub: "system:serviceaccount:payments:api", aud: "sts.amazonaws.com", ...over });

describe("a role in another account, as IAM evaluates its trust", () => {
  let tf: TerraformJson;
  let statements: any[];
  beforeAll(() => {
    // GIVEN the workload payments/api whose role lives in the team's account
    tf = synthCluster(crossAccount({ workloads: ["- { namespace: web, serviceAccount: app, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"] }));
    statements = applied(tf, trustOf(tf));
  });

  it.each<[string, boolean, ReturnType<typeof pod>]>([
    ["its own service account, through the provider registered in the team's account", true, pod()],
    ["the same service account, through the provider of the cluster's own account", false, pod({ providerArn: HOME_PROVIDER })],
    ["the same service account of another cluster (its issuer, registered in the team's account)", false, pod({ providerArn: `arn:aws:iam::${TEAM_ID}:oidc-provider/${OTHER_HOST}`, issuerHost: OTHER_HOST })],
    ["the same name in another namespace", false, pod({ sub: "system:serviceaccount:orders:api" })],
    ["another service account of the namespace", false, pod({ sub: "system:serviceaccount:payments:default" })],
    ["a token for another audience", false, pod({ aud: "sts.amazonaws.com.cn" })],
  ])("%s: admitted = %s", (_what, expected, request) => {
    expect(admits(statements, request)).toBe(expected);
  });

  it("is the literal trust document: the team account's provider, this service account, the STS audience", () => {
    // Synthesized here, not in beforeAll: mutation testing's per-test coverage sees what a test runs itself.
    expect(trustOf(synthCluster(crossAccount()))).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.cluster_in_payments.arn}"] }],
        condition: [
          { test: "StringEquals", variable: `${ISSUER_HOST}:sub`, values: ["system:serviceaccount:payments:api"] },
          { test: "StringEquals", variable: `${ISSUER_HOST}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
  });

  it("leaves the roles of the cluster's own account trusting the provider there", () => {
    const home = applied(tf, trustOf(tf, "web_app"));
    expect(admits(home, pod({ providerArn: HOME_PROVIDER, sub: "system:serviceaccount:web:app" }))).toBe(true);
    expect(admits(home, pod({ sub: "system:serviceaccount:web:app" }))).toBe(false);
  });

  it("reaches the team's account through an aliased AWS provider that assumes its role, pinned to it, with the cluster's region and tags", () => {
    expect(tf.provider.aws).toEqual([
      { region: "eu-west-1", allowed_account_ids: [HOME_ID], default_tags: [{ tags: { "irsa-gen/cluster": "prod", "managed-by": "irsa-gen" } }] },
      {
        alias: "payments",
        region: "eu-west-1",
        allowed_account_ids: [TEAM_ID],
        assume_role: [{ role_arn: TEAM_ROLE }],
        default_tags: [{ tags: { "irsa-gen/cluster": "prod", "managed-by": "irsa-gen" } }],
      },
    ]);
  });

  it("puts the role, its policies and drift locks in the team's account, and annotates the service account with that role", () => {
    const resources = tf.resource!;
    const inTeam = ["aws_iam_role", "aws_iam_role_policy_attachments_exclusive", "aws_iam_role_policies_exclusive"].map((type) => resources[type].payments_api_in_payments.provider);
    expect(inTeam).toEqual(["aws.payments", "aws.payments", "aws.payments"]);
    expect(resources.aws_iam_role_policy_attachment.payments_api_in_payments_read_only_access.provider).toBe("aws.payments");
    expect(resources.aws_iam_role.web_app.provider).toBeUndefined();
    // The Kubernetes side stays with the cluster's provider, under the workload's own label.
    expect(resources.kubernetes_service_account_v1.payments_api.metadata.annotations).toEqual({ "eks.amazonaws.com/role-arn": "${aws_iam_role.payments_api_in_payments.arn}" });
    expect(resources.kubernetes_service_account_v1.payments_api.provider).toBeUndefined();
  });

  it("registers the cluster's issuer in the team's account, with the STS audience and the one thumbprint the stack reads", () => {
    expect(tf.resource!.aws_iam_openid_connect_provider).toEqual({
      cluster: { url: ISSUER, client_id_list: ["sts.amazonaws.com"], thumbprint_list: ["${data.tls_certificate.oidc_issuer.certificates[0].sha1_fingerprint}"] },
      cluster_in_payments: { provider: "aws.payments", url: ISSUER, client_id_list: ["sts.amazonaws.com"], thumbprint_list: ["${data.tls_certificate.oidc_issuer.certificates[0].sha1_fingerprint}"] },
    });
    expect(Object.keys(tf.data!.tls_certificate)).toEqual(["oidc_issuer"]);
  });
});

describe("what a cluster's trusts name in other accounts (clusterTrust)", () => {
  const accountsOf = (yaml: string) => clusterTrust(configFrom(yaml).clusters[0]).accounts;

  it("names the provider created, or looked up, in each account a role of the cluster lives in", () => {
    expect(accountsOf(crossAccount())).toEqual({ payments: { oidcProviderArn: "${aws_iam_openid_connect_provider.cluster_in_payments.arn}", issuerHost: ISSUER_HOST } });
    expect(accountsOf(crossAccount({ cluster: ["oidcProviders: { payments: lookup }"] }))).toEqual({
      payments: { oidcProviderArn: "${data.aws_iam_openid_connect_provider.cluster_in_payments.arn}", issuerHost: ISSUER_HOST },
    });
  });

  it("names no account whose roles are all retired with destroy, beside one that has a role", () => {
    const yaml = crossAccount({
      accounts: ["data:", `  accountId: "777788889999"`, "  assumeRoleArn: arn:aws:iam::777788889999:role/deployer"],
      workloads: ["- { namespace: web, serviceAccount: app, roleAccount: data, retire: destroy, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"],
    });
    expect(Object.keys(accountsOf(yaml) ?? {})).toEqual(["payments"]);
  });

  it.each([
    ["no role in another account", crossAccount({ roleAccount: null })],
    ["only a role retired with destroy there", crossAccount({ workload: ["retire: destroy"] })],
    ["a retired cluster", crossAccount({ cluster: ["retire: keep"] })],
  ])("names none with %s", (_what, yaml) => {
    expect(accountsOf(yaml)).toBeUndefined();
  });
});

describe("the cluster's provider in another account, by mode", () => {
  it("passes the external id and session name to the account's AWS provider", () => {
    const tf = synthCluster(crossAccount({ account: ["externalId: platform-eu", "sessionName: irsa-gen-prod"] }));
    expect(tf.provider.aws[1].assume_role).toEqual([{ role_arn: TEAM_ROLE, external_id: "platform-eu", session_name: "irsa-gen-prod" }]);
  });

  it("with only roles in other accounts, registers no provider in the cluster's own account", () => {
    const tf = synthCluster(crossAccount());
    expect(Object.keys(tf.resource!.aws_iam_openid_connect_provider)).toEqual(["cluster_in_payments"]);
    expect(tf.data!.tls_certificate.oidc_issuer.url).toBe(ISSUER);
  });

  it("lookup: finds it in the team's account by the issuer, and trusts what it finds", () => {
    const tf = synthCluster(crossAccount({ cluster: ["oidcProviders: { payments: lookup }"] }));
    expect(tf.data!.aws_iam_openid_connect_provider).toEqual({ cluster_in_payments: { provider: "aws.payments", url: ISSUER } });
    expect(tf.resource!.aws_iam_openid_connect_provider).toBeUndefined();
    // Nothing reads a thumbprint: no TLS provider, and none required.
    expect(tf.provider.tls).toBeUndefined();
    expect(tf.terraform.required_providers.tls).toBeUndefined();
    expect(admits(applied(tf, trustOf(tf)), pod())).toBe(true);
  });

  it("adopt: imports it by its ARN in the team's account, then manages it there", () => {
    const tf = synthCluster(crossAccount({ cluster: ["oidcProviders: { payments: adopt }"] }));
    expect((tf as any).import).toEqual([{ to: "aws_iam_openid_connect_provider.cluster_in_payments", id: TEAM_PROVIDER }]);
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster_in_payments.provider).toBe("aws.payments");
  });

  it("without oidcIssuerUrl, reads the issuer from the cluster for the provider and the trust alike", () => {
    const tf = synthCluster(crossAccount().replace(`    oidcIssuerUrl: ${ISSUER}\n`, ""));
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster_in_payments.url).toBe("${data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer}");
    expect(tf.locals).toEqual({ oidc_issuer_host: '${replace(data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer, "https://", "")}' });
    expect(trustOf(tf)[0].condition.map((c: any) => c.variable)).toEqual(["${local.oidc_issuer_host}:sub", "${local.oidc_issuer_host}:aud"]);
  });

  it("without oidcIssuerUrl and without a service account to create, still reads the issuer from the cluster", () => {
    // GIVEN only roles in the team's account, their service accounts left to a chart (no Kubernetes provider, which also reads the cluster)
    const tf = synthCluster(crossAccount({ workload: ["createServiceAccount: false"] }).replace(`    oidcIssuerUrl: ${ISSUER}\n`, ""));
    expect(tf.provider.kubernetes).toBeUndefined();
    expect(tf.data!.aws_eks_cluster.cluster).toEqual({ name: "prod" });
    expect(tf.resource!.aws_iam_openid_connect_provider.cluster_in_payments.url).toBe("${data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer}");
  });

  it("adopts the role that exists in the team's account into its address there", () => {
    const tf = synthCluster(crossAccount({ workload: ["adopt: { role: legacy-api }"] }));
    expect((tf as any).import).toEqual([
      { to: "aws_iam_role.payments_api_in_payments", id: "legacy-api" },
      { to: "aws_iam_role_policy_attachment.payments_api_in_payments_read_only_access", id: "legacy-api/arn:aws:iam::aws:policy/ReadOnlyAccess" },
    ]);
  });
});

describe("the trust policy's length of a role in another account", () => {
  // GIVEN a role in the team's account whose trust names ten earlier service accounts (renames in transition)
  const earlier = `previously: [${Array.from({ length: 10 }, (_, i) => `{ namespace: team-${i}-earlier }`).join(", ")}]`;
  const yaml = (quota?: number) => crossAccount({ workload: [earlier], cluster: quota === undefined ? [] : [`maxTrustPolicyLength: ${quota}`] });
  let length: number;
  beforeAll(() => {
    // The document the role gets: the stack's statements, the provider's ARN in the team's account, rendered as IAM keeps it.
    const tf = synthCluster(yaml());
    length = Buffer.byteLength(policyDocumentJson({ statement: applied(tf, trustOf(tf)) }), "utf8");
  });

  it("is measured on the document the role really gets: accepted at exactly its length, refused one character below", () => {
    expect(check(yaml(length)).errors).toEqual([]);
    expect(check(yaml(length - 1)).errors).toEqual([expect.stringContaining(`renders a trust policy of ${length} characters; the account's quota is ${length - 1}`)]);
  });
});

describe("the HCL of a role in another account", () => {
  it("names the account's provider configuration as a reference, never in quotes (Terraform warns that quoted references are deprecated)", () => {
    const hcl = renderHcl(synthCluster(crossAccount()) as unknown as JsonObject, { configFile: "t.yaml", stack: "prod" });
    const lines = hcl.split("\n").filter((l) => /^\s+provider\s+=/.test(l));
    // The role, its inline lock, its attachment, its managed lock and the cluster's provider in the account.
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^ {2}provider\s+= aws\.payments$/);
    expect(hcl).toContain('provider "aws" {\n  alias               = "payments"');
  });
});
