import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { WorkloadConfig } from "../model/model";
import { ROLE_ARN_ANNOTATION } from "../aws/eks";
import { mechanismsOf } from "../model/mechanisms";
import { PodIdentityAssociation } from "./pod-identity-association";
import { ServiceAccount } from "./service-account";

export interface SubjectIdentityProps {
  /** The workload: its identity, whether irsa-gen creates its service account, and that account's labels and annotations. */
  readonly workload: WorkloadConfig;
  /** The service account's namespace and name: the workload's, or an earlier name of a rename in transition. */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The Terraform label of the service account. */
  readonly serviceAccountLabel: string;
  /** The Terraform label of the Pod Identity association. */
  readonly associationLabel: string;
  /** Appended to the construct ids, which are unique in the scope. @default "" */
  readonly idSuffix?: string;
  /** The EKS cluster's name, for the association. */
  readonly clusterName: string;
  /** The role's ARN: a reference to a role of the stack, or a shared role's literal ARN. */
  readonly roleArn: string;
  /** @default none: every namespace by its name */
  readonly namespaceRefs?: ReadonlyMap<string, string>;
}

/**
 * What lets the pods of one service account assume a role: the service
 * account irsa-gen creates, annotated with the role for IRSA (EKS's webhook
 * reads the role from the annotation), and the Pod Identity association
 * (EKS Pod Identity reads it from there), as the workload's identity asks.
 * Shared by a workload's own role (workload-identity.ts) and a shared
 * role's workloads (shared-role-workload.ts), so both write the same blocks.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
export function addSubjectIdentity(scope: Construct, props: SubjectIdentityProps): void {
  const { workload } = props;
  const suffix = props.idSuffix ?? "";
  if (workload.createServiceAccount) {
    new ServiceAccount(scope, `service-account${suffix}`, {
      label: props.serviceAccountLabel,
      namespace: props.namespaceRefs?.get(props.namespace) ?? props.namespace,
      name: props.serviceAccount,
      roleArn: roleArnAnnotation(workload, props.roleArn),
      labels: workload.serviceAccountLabels,
      annotations: workload.serviceAccountAnnotations,
    });
  }
  if (mechanismsOf(workload.identity).podIdentity) {
    new PodIdentityAssociation(scope, `pod-identity${suffix}`, {
      label: props.associationLabel,
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: props.roleArn,
      targetRoleArn: workload.podIdentity?.targetRoleArn,
      disableSessionTags: workload.podIdentity?.disableSessionTags,
    });
  }
}

/**
 * When the chart creates the service account, not irsa-gen: the
 * annotations its values need (the role's for IRSA and the workload's
 * own), as an output under `label`. Nothing when there are none.
 */
export function addChartAnnotations(scope: Construct, workload: WorkloadConfig, roleArn: string, label: string): void {
  const annotation = roleArnAnnotation(workload, roleArn);
  const chartAnnotations = { ...workload.serviceAccountAnnotations, ...(annotation ? { [ROLE_ARN_ANNOTATION]: annotation } : {}) };
  if (workload.createServiceAccount || Object.keys(chartAnnotations).length === 0) return;
  const output = new TerraformOutput(scope, "annotations", {
    value: chartAnnotations,
    description: `Annotations for the service account ${workload.namespace}/${workload.serviceAccount} (e.g. the Helm chart's serviceAccount.annotations)`,
  });
  output.overrideLogicalId(label);
}

/** IRSA's webhook reads the role from the service account's annotation; EKS Pod Identity from the association. */
function roleArnAnnotation(workload: WorkloadConfig, roleArn: string): string | undefined {
  return mechanismsOf(workload.identity).irsa ? roleArn : undefined;
}
