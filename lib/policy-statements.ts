import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { PolicyStatement } from "./config/model";
import { documentStatements } from "./iam-policy";

/** Validated statements in the shape of `aws_iam_policy_document` blocks (built in iam-policy.ts, where the validator measures them). */
export function toDocumentStatements(statements: readonly PolicyStatement[]): DataAwsIamPolicyDocumentStatement[] {
  return documentStatements(statements);
}
