import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { attributeOf } from "./expression";
import type { DocumentStatement } from "../model/iam-policy";
import { trustDocument, type TrustInput } from "../model/trust-statements";

export interface TrustPolicyProps {
  /** Who may assume the role: the mechanism and what it names (see trust-statements.ts). @default none: `statements` */
  readonly trust?: TrustInput;
  /** The statements themselves, for a shared role (see `sharedTrustDocument`). @default none: `trust` */
  readonly statements?: DocumentStatement[];
  /** The Terraform label of the document. */
  readonly label: string;
}

/**
 * The trust policy of one workload's role, rendered by
 * `aws_iam_policy_document` from the statements trust-statements.ts
 * decides; the validator measures the same document's size.
 */
export class TrustPolicy extends Construct {
  /** The rendered policy JSON, for `assume_role_policy`. */
  public readonly json: string;

  constructor(scope: Construct, id: string, props: TrustPolicyProps) {
    super(scope, id);
    const document = new DataAwsIamPolicyDocument(this, "document", {
      statement: props.statements ?? trustDocument(props.trust!),
    });
    document.overrideLogicalId(props.label);
    this.json = attributeOf(document, "json");
  }
}
