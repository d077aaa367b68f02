import { Construct } from "constructs";
import type { WorkloadAddresses } from "../model/model";
import type { WorkloadConfig } from "../model/model";
import { addChartAnnotations, addSubjectIdentity } from "./subject-identity";

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
    addSubjectIdentity(this, {
      workload,
      namespace: workload.namespace,
      serviceAccount: workload.serviceAccount,
      serviceAccountLabel: addresses.role,
      associationLabel: addresses.podIdentityAssociation,
      clusterName: props.clusterName,
      roleArn: props.roleArn,
      namespaceRefs: props.namespaceRefs,
    });
    addChartAnnotations(this, workload, props.roleArn, addresses.annotationsOutput);
  }
}
