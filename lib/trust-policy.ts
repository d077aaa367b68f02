import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { Construct } from "constructs";
import { serviceAccountSubject, STS_AUDIENCE } from "./eks";
import { attributeOf } from "./expression";

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
 * this namespace, with a token for STS from this cluster's issuer.
 *
 * Both conditions sit in one statement, so they are ANDed. Without `sub`
 * any service account of the cluster could assume the role; without `aud`
 * a token minted for another audience would do.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export class TrustPolicy extends Construct {
  /** The rendered policy JSON, for `assume_role_policy`. */
  public readonly json: string;

  constructor(scope: Construct, id: string, props: TrustPolicyProps) {
    super(scope, id);
    const document = new DataAwsIamPolicyDocument(this, "document", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: "StringEquals", variable: `${props.issuerHost}:sub`, values: [serviceAccountSubject(props.namespace, props.serviceAccount)] },
            { test: "StringEquals", variable: `${props.issuerHost}:aud`, values: [STS_AUDIENCE] },
          ],
        },
      ],
    });
    document.overrideLogicalId(props.label);
    this.json = attributeOf(document, "json");
  }
}
