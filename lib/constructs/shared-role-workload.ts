import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { WorkloadAddresses } from "../model/model";
import type { WorkloadConfig } from "../model/model";
import { ROLE_ARN_ANNOTATION } from "../aws/eks";
import { PodIdentityAssociation } from "./pod-identity-association";
import { ServiceAccount } from "./service-account";
import { mechanismsOf } from "../model/mechanisms";

export interface SharedRoleWorkloadProps {
  /** A workload that names a shared role (`sharedRole` set, no pattern). */
  readonly workload: WorkloadConfig;
  readonly addresses: WorkloadAddresses;
  readonly clusterName: string;
  /** The shared role's ARN: a reference in its home's stack, the literal ARN in any other. */
  readonly roleArn: string;
  /** @default none: every namespace by its name */
  readonly namespaceRefs?: ReadonlyMap<string, string>;
}

/**
 * A workload of a shared role: its service account (annotated for IRSA)
 * and its Pod Identity association, naming the role by ARN. The role, its
 * trust and its permissions are the shared role's (see shared-role.ts).
 */
export class SharedRoleWorkload extends Construct {
  constructor(scope: Construct, id: string, props: SharedRoleWorkloadProps) {
    super(scope, id);
    const { workload, addresses } = props;
    const annotation = mechanismsOf(workload.identity).irsa ? props.roleArn : undefined;
    if (workload.createServiceAccount) {
      new ServiceAccount(this, "service-account", {
        label: addresses.role,
        namespace: props.namespaceRefs?.get(workload.namespace) ?? workload.namespace,
        name: workload.serviceAccount,
        roleArn: annotation,
        labels: workload.serviceAccountLabels,
        annotations: workload.serviceAccountAnnotations,
      });
    }
    if (mechanismsOf(workload.identity).podIdentity) {
      new PodIdentityAssociation(this, "pod-identity", {
        label: addresses.podIdentityAssociation,
        clusterName: props.clusterName,
        namespace: workload.namespace,
        serviceAccount: workload.serviceAccount,
        roleArn: props.roleArn,
      });
    }
    const chartAnnotations = { ...workload.serviceAccountAnnotations, ...(annotation ? { [ROLE_ARN_ANNOTATION]: annotation } : {}) };
    if (!workload.createServiceAccount && Object.keys(chartAnnotations).length > 0) {
      const output = new TerraformOutput(this, "annotations", {
        value: chartAnnotations,
        description: `Annotations for the service account ${workload.namespace}/${workload.serviceAccount} (e.g. the Helm chart's serviceAccount.annotations)`,
      });
      output.overrideLogicalId(addresses.annotationsOutput);
    }
  }
}
