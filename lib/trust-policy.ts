import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { attributeOf } from "./expression";
import type { TrustStatement } from "./trust-statements";

export interface TrustPolicyProps {
  /** Who may assume the role, one statement per mechanism (see trust-statements.ts). */
  readonly statements: readonly TrustStatement[];
  /** The Terraform label of the document. */
  readonly label: string;
}

/**
 * The trust policy of one workload's role, rendered by
 * `aws_iam_policy_document` from the statements trust-statements.ts
 * decides.
 */
export class TrustPolicy extends Construct {
  /** The rendered policy JSON, for `assume_role_policy`. */
  public readonly json: string;

  constructor(scope: Construct, id: string, props: TrustPolicyProps) {
    super(scope, id);
    const document = new DataAwsIamPolicyDocument(this, "document", {
      statement: props.statements.map((s) => ({
        effect: "Allow",
        actions: [...s.actions],
        principals: s.principals.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
        condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
      })),
    });
    document.overrideLogicalId(props.label);
    this.json = attributeOf(document, "json");
  }
}
