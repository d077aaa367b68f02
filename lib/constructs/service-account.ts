import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import { ROLE_ARN_ANNOTATION } from "../aws/eks";
import { compare } from "../common/compare";

export interface ServiceAccountProps {
  /** The Terraform label, e.g. `payments_s3_backup`. */
  readonly label: string;
  /** The namespace's name, or a reference to a namespace created in the same stack. */
  readonly namespace: string;
  readonly name: string;
  /** The ARN of the role the pods of this service account assume through IRSA. @default none (EKS Pod Identity finds the role through its association) */
  readonly roleArn?: string;
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations, such as `eks.amazonaws.com/sts-regional-endpoints`. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The Kubernetes service account, annotated with its role for IRSA. EKS's
 * pod identity webhook reads the annotation on the service account only
 * (never on a pod or a deployment) and injects the token and AWS_ROLE_ARN.
 * `kubernetes_service_account_v1`: the unversioned resource is deprecated.
 */
export class ServiceAccount extends Construct {
  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    const account = new ServiceAccountV1(this, "service-account", {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        ...(props.labels && Object.keys(props.labels).length > 0 ? { labels: { ...props.labels } } : {}),
        ...annotationsOf(props),
      },
    });
    account.overrideLogicalId(props.label);
  }
}

function annotationsOf(props: ServiceAccountProps): { annotations?: Record<string, string> } {
  const annotations = { ...props.annotations, ...(props.roleArn !== undefined ? { [ROLE_ARN_ANNOTATION]: props.roleArn } : {}) };
  return Object.keys(annotations).length > 0 ? { annotations: sorted(annotations) } : {};
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}
