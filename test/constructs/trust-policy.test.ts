import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { TrustPolicy } from "../../lib/constructs/trust-policy";
import { admits, type WebIdentityRequest } from "../support/trust";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/AAAA0000";
const OTHER_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/BBBB1111";
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;
const OTHER_PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${OTHER_HOST}`;

function synthTrust() {
  const json = Testing.synthScope((scope) => {
    new TrustPolicy(scope, "trust", {
      label: "payments_s3_backup_trust",
      trust: { identity: "irsa", oidcProviderArn: PROVIDER, issuerHost: HOST, namespace: "payments", serviceAccount: "s3-backup" },
    });
  });
  return JSON.parse(json).data.aws_iam_policy_document.payments_s3_backup_trust;
}

describe("TrustPolicy", () => {
  it("pins the service account and the audience with StringEquals in one statement", () => {
    // GIVEN / WHEN
    const document = synthTrust();
    // THEN
    expect(document.statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [PROVIDER] }],
        condition: [
          { test: "StringEquals", variable: `${HOST}:sub`, values: ["system:serviceaccount:payments:s3-backup"] },
          { test: "StringEquals", variable: `${HOST}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
  });

  const own: WebIdentityRequest = { providerArn: PROVIDER, issuerHost: HOST, sub: "system:serviceaccount:payments:s3-backup", aud: "sts.amazonaws.com" };
  it.each<[string, boolean, WebIdentityRequest]>([
    ["its own service account", true, own],
    ["another service account in the namespace", false, { ...own, sub: "system:serviceaccount:payments:default" }],
    ["the same name in another namespace", false, { ...own, sub: "system:serviceaccount:orders:s3-backup" }],
    ["a prefix of its name", false, { ...own, sub: "system:serviceaccount:payments:s3" }],
    ["another cluster's provider", false, { ...own, providerArn: OTHER_PROVIDER, issuerHost: OTHER_HOST }],
    ["another cluster's issuer through this provider", false, { ...own, issuerHost: OTHER_HOST }],
    ["a token for another audience", false, { ...own, aud: "vault" }],
    ["the China audience", false, { ...own, aud: "sts.amazonaws.com.cn" }],
    ["a node's or user's identity", false, { ...own, sub: "system:node:ip-10-0-0-1" }],
    ["another STS action", false, { ...own, action: "sts:AssumeRole" }],
  ])("%s: admitted = %s", (_name, expected, request) => {
    // GIVEN the synthesized trust policy
    const document = synthTrust();
    // WHEN a web identity asks / THEN only its own service account is let in
    expect(admits(document.statement, request)).toBe(expected);
  });
});
