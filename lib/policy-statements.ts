import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { PolicyStatement } from "./config/model";

/** Validated statements in the shape of `aws_iam_policy_document` blocks. */
export function toDocumentStatements(statements: readonly PolicyStatement[]): DataAwsIamPolicyDocumentStatement[] {
  return statements.map((s) => ({
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    effect: s.effect,
    actions: [...s.actions],
    resources: [...s.resources],
    ...(s.conditions && s.conditions.length > 0
      ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) }
      : {}),
  }));
}
