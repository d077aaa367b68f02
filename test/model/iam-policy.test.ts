import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import fc from "fast-check";
import { policyJson, policySize, policySizeBound, type DocumentStatement } from "../../lib/model/iam-policy";
import { TrustPolicy } from "../../lib/constructs/trust-policy";
import { trustDocument } from "../../lib/model/trust-statements";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/AAAA0000";
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;

describe("policyJson: the JSON the AWS provider renders", () => {
  it("groups conditions by operator, then key, and joins the values of one operator and key", () => {
    // GIVEN three conditions with one operator, two of them on the same key
    const statement: DocumentStatement = {
      effect: "Allow",
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::b/*"],
      condition: [
        { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["a"] },
        { test: "StringEquals", variable: "aws:PrincipalTag/env", values: ["prod"] },
        { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["b"] },
      ],
    };
    // WHEN rendered / THEN as terraform-provider-aws's minified_json
    expect(policyJson([statement])).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":["a","b"],"aws:PrincipalTag/env":"prod"}}}]}',
    );
  });

  it("writes policy variables as IAM reads them, and escapes as Go does", () => {
    const json = policyJson([{ effect: "Deny", actions: ["s3:*"], resources: ["arn:aws:s3:::b/&{aws:username}/*"], condition: [{ test: "StringLike", variable: "s3:prefix", values: ["<a&b>"] }] }]);
    expect(json).toContain('"Resource":"arn:aws:s3:::b/${aws:username}/*"');
    expect(json).toContain('"s3:prefix":"\\u003ca\\u0026b\\u003e"');
  });

  it("never has a size above its bound, so skipping the rendering within a limit is safe", () => {
    const text = fc.string({ unit: "binary", maxLength: 30 });
    const statement = fc.record({
      effect: fc.constantFrom<"Allow" | "Deny">("Allow", "Deny"),
      actions: fc.array(text, { minLength: 1, maxLength: 4 }),
      resources: fc.array(text, { maxLength: 4 }),
      condition: fc.array(fc.record({ test: text, variable: text, values: fc.array(text, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), (statements) => {
        expect(policySize(statements)).toBeLessThanOrEqual(policySizeBound(statements));
      }),
    );
  });
});

describe("trustDocument", () => {
  it.each(["irsa", "pod-identity", "both"] as const)("is what the TrustPolicy construct writes (%s), so the size check measures what is deployed", (identity) => {
    // GIVEN the construct's trust / WHEN synthesized
    const trust = { identity, oidcProviderArn: PROVIDER, issuerHost: HOST, namespace: "payments", serviceAccount: "api", accountId: "111122223333", clusterArn: "arn:aws:eks:eu-west-1:111122223333:cluster/prod" };
    const json = JSON.parse(Testing.synthScope((scope) => new TrustPolicy(scope, "trust", { trust, label: "t" })));
    // THEN its statements are trustDocument's, field for field
    expect(json.data.aws_iam_policy_document.t.statement).toEqual(trustDocument(trust));
  });
});
