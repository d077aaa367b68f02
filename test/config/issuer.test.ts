import { clusterFrom, oneCluster, synthCluster } from "../support/config";
import { expectRefused, file, GRANT } from "../support/refusal";

const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const HOST = ISSUER.slice("https://".length);
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;

/** Issuer URLs that no token will ever match: each refused, saying why. */
describe("oidcIssuerUrl", () => {
  const issuer = (url: string) => file([`oidcIssuerUrl: ${JSON.stringify(url)}`], [GRANT]);
  // [what, url, fragment of the message]
  it.each<[string, string, string]>([
    ["port 443", "https://oidc.eks.eu-west-1.amazonaws.com:443/id/ABC", "names a port (:443)"],
    ["an upper-case scheme", "HTTPS://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "must start with https:// in lower case"],
    ["a scheme without slashes", "https:oidc.eks.eu-west-1.amazonaws.com/id/ABC", "must start with https:// (two slashes)"],
    ["a leading space", " https://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "has white space at the start or the end"],
    ["a trailing tab", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\t", "has white space at the start or the end"],
    ["a '..' segment", "https://oidc.eks.eu-west-1.amazonaws.com/id/../ABC", "has a '.' or '..' segment"],
    ["a '.' segment", "https://oidc.eks.eu-west-1.amazonaws.com/./id/ABC", "has a '.' or '..' segment"],
    ["an empty segment", "https://oidc.eks.eu-west-1.amazonaws.com//id/ABC", "has an empty segment"],
    ["a China host for a eu-west-1 cluster", "https://oidc.eks.eu-west-1.amazonaws.com.cn/id/ABC", "has a host in amazonaws.com.cn (partition aws-cn), but eu-west-1 is in partition aws"],
    ["an EKS host without /id/", "https://oidc.eks.eu-west-1.amazonaws.com/ABC", "must end with /id/<the cluster's OIDC id>"],
    ["a trailing dot", "https://oidc.eks.eu-west-1.amazonaws.com./id/ABC", "has a host ending in '.'"],
    ["an empty host", "https:///id/ABC", "has no host"],
    ["an upper-case host", "https://OIDC.eks.eu-west-1.amazonaws.com/id/ABC", "has upper-case letters in its host"],
    ["credentials", "https://user@oidc.eks.eu-west-1.amazonaws.com/id/ABC", "must not carry credentials"],
    ["http", "http://oidc.eks.eu-west-1.amazonaws.com/id/ABC", "must use https"],
    ["a query", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC?a=b", "must not have a query or fragment"],
    ["a trailing slash", "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/", "must not end with '/'"],
    ["another region's issuer", "https://oidc.eks.us-east-1.amazonaws.com/id/ABC", "is the issuer of a cluster in us-east-1, not in eu-west-1"],
  ])("refuses %s", (_what, url, fragment) => expectRefused(issuer(url), 4, "clusters[0].oidcIssuerUrl", fragment));

  it("writes the canonical issuer host into every trust policy", () => {
    // GIVEN a valid issuer / WHEN synthesized
    const tf = synthCluster(oneCluster(`      - { namespace: payments, serviceAccount: api, ${GRANT} }\n`, `    oidcIssuerUrl: ${ISSUER}\n`));
    // THEN the condition keys are the issuer's host and path, exactly
    const conditions = tf.data!.aws_iam_policy_document.payments_api_trust.statement[0].condition.map((c: { variable: string }) => c.variable);
    expect(conditions).toEqual([`${HOST}:sub`, `${HOST}:aud`]);
    expect(clusterFrom(oneCluster(`      - { namespace: payments, serviceAccount: api, ${GRANT} }\n`, `    oidcIssuerUrl: ${ISSUER}\n`)).issuerHost).toBe(HOST);
  });

  it("accepts an issuer of AWS China in a China region", () => {
    const cluster = clusterFrom(oneCluster(`      - { namespace: payments, serviceAccount: api, managedPolicyArns: [arn:aws-cn:iam::aws:policy/ReadOnlyAccess] }\n`, "    oidcIssuerUrl: https://oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC\n", "cn-north-1"));
    expect(cluster.issuerHost).toBe("oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC");
  });
});

/** existingOidcProviderArn: parsed, and held to the cluster's region, partition, account and issuer. */
describe("existingOidcProviderArn", () => {
  const provider = (arn: string, extra: string[] = []) => file([...extra, `existingOidcProviderArn: ${JSON.stringify(arn)}`], [GRANT]);
  const at = (extra: number) => 4 + extra;
  // [what, file, line, fragment]
  it.each<[string, string, number, string]>([
    ["the provider of a us-east-1 issuer for a eu-west-1 cluster", provider("arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"), at(0), "is the issuer of a cluster in us-east-1, not in eu-west-1"],
    ["a wildcard provider", provider("arn:aws:iam::111122223333:oidc-provider/*"), at(0), "must name one provider: wildcards are never accepted here"],
    ["an empty issuer host", provider("arn:aws:iam::111122223333:oidc-provider/"), at(0), "has no host"],
    ["an IAM ARN with a region", provider(`arn:aws:iam:eu-west-1:111122223333:oidc-provider/${HOST}`), at(0), "names the region eu-west-1, but IAM is global"],
    ["an 11-digit account", provider(`arn:aws:iam::11112222333:oidc-provider/${HOST}`), at(0), "has an account of 11 digits: the account must be 12 digits"],
    ["another partition", provider(`arn:aws-cn:iam::111122223333:oidc-provider/${HOST}`), at(0), "is in partition aws-cn, but eu-west-1 is in aws"],
    ["another account than accountId", provider(PROVIDER, ['accountId: "444455556666"']), at(1), "is in account 111122223333, not in the cluster's account 444455556666"],
    ["another issuer than oidcIssuerUrl", provider(PROVIDER, ["oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER"]), at(1), `is the provider of issuer ${HOST}, not of oidc.eks.eu-west-1.amazonaws.com/id/OTHER`],
    ["a role ARN", provider("arn:aws:iam::111122223333:role/x"), at(0), "is not an IAM OIDC provider ARN"],
  ])("refuses %s", (_what, yaml, line, fragment) => expectRefused(yaml, line, "clusters[0].existingOidcProviderArn", fragment));

  it("trusts the provider's issuer host, taken from the ARN", () => {
    // GIVEN an existing provider and no issuer URL / WHEN synthesized
    const tf = synthCluster(oneCluster(`      - { namespace: payments, serviceAccount: api, createServiceAccount: false, ${GRANT} }\n`, `    existingOidcProviderArn: ${PROVIDER}\n`));
    // THEN the trust policy names that provider and its issuer's host
    const statement = tf.data!.aws_iam_policy_document.payments_api_trust.statement[0];
    expect(statement.principals[0].identifiers).toEqual([PROVIDER]);
    expect(statement.condition[0].variable).toBe(`${HOST}:sub`);
  });
});
