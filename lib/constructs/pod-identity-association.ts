import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Construct } from "constructs";

export interface PodIdentityAssociationProps {
  /** The Terraform label, e.g. `payments_api`. */
  readonly label: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The role EKS Pod Identity assumes for the pods of this service account. */
  readonly roleArn: string;
  /** A role in another account that EKS chains into with the role's credentials. @default none */
  readonly targetRoleArn?: string;
  /** Leave out the session tags (cluster, namespace, service account, pod). @default false */
  readonly disableSessionTags?: boolean;
}

/**
 * Binds a service account to its role for EKS Pod Identity: no OIDC
 * provider and no annotation; the EKS Pod Identity agent on each node hands
 * the pods the role's credentials.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export class PodIdentityAssociation extends Construct {
  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    const association = new EksPodIdentityAssociation(this, "association", {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: props.roleArn,
      ...(props.targetRoleArn !== undefined ? { targetRoleArn: props.targetRoleArn } : {}),
      ...(props.disableSessionTags ? { disableSessionTags: true } : {}),
    });
    association.overrideLogicalId(props.label);
  }
}
