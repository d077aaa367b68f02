import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { attributeOf } from "./expression";
import { trustStatement } from "./iam-policy";

export interface TrustPolicyProps {
  /** The OIDC provider's ARN, the `Federated` principal. */
  readonly oidcProviderArn: string;
  /** The issuer without `https://`: the prefix of the condition keys. */
  readonly issuerHost: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The Terraform label of the document. */
  readonly label: string;
}

/**
 * The trust policy of one workload's role: only this service account, in
 * this namespace, with a token for STS from this cluster's issuer. The
 * statement comes from `trustStatement` (iam-policy.ts), the same function
 * the validator measures the policy's size with.
 */
export class TrustPolicy extends Construct {
  /** The rendered policy JSON, for `assume_role_policy`. */
  public readonly json: string;

  constructor(scope: Construct, id: string, props: TrustPolicyProps) {
    super(scope, id);
    const document = new DataAwsIamPolicyDocument(this, "document", {
      statement: [trustStatement(props)],
    });
    document.overrideLogicalId(props.label);
    this.json = attributeOf(document, "json");
  }
}
