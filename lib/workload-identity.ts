import { TerraformOutput, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { WorkloadAddresses } from "./addresses";
import type { WorkloadConfig } from "./config/model";
import { ROLE_ARN_ANNOTATION } from "./eks";
import { PodIdentityAssociation } from "./pod-identity-association";
import { ServiceAccount } from "./service-account";
import type { StateBlocks } from "./state-blocks";
import { TrustPolicy } from "./trust-policy";
import { usesIrsa, usesPodIdentity, workloadTrust, type IrsaTrust, type PodIdentityTrust } from "./trust-statements";
import { WorkloadRole } from "./workload-role";

export interface WorkloadIdentityProps {
  readonly workload: WorkloadConfig;
  /** The labels of the workload's blocks, from the stack's address registry. */
  readonly addresses: WorkloadAddresses;
  /** The EKS cluster's name, for the Pod Identity association. */
  readonly clusterName: string;
  /** What an IRSA trust names; present when some workload of the cluster uses IRSA. */
  readonly irsa?: IrsaTrust;
  /** What a Pod Identity trust names; present when some workload of the cluster uses EKS Pod Identity. */
  readonly podIdentity?: PodIdentityTrust;
  /** What the IRSA trust of a role in another account names, by the account's label. @default none */
  readonly accounts?: Readonly<Record<string, IrsaTrust>>;
  /**
   * The AWS provider of the account the role lives in, when it is not the
   * cluster's (`workload.roleAccount`).
   * @default the stack's default AWS provider
   */
  readonly awsProvider?: TerraformProvider;
  /**
   * Namespaces as service accounts refer to them, by name: a reference when
   * the namespace is created in this stack (so Terraform orders the two).
   * @default none: every namespace by its name
   */
  readonly namespaceRefs?: ReadonlyMap<string, string>;
  /** Where the workload's `moved` and `import` blocks go (earlier names, adoption). */
  readonly stateBlocks: StateBlocks;
}

/**
 * Everything one workload needs to call AWS as itself: trust policy, role,
 * permissions, the service account (annotated for IRSA), the Pod Identity
 * association, and the role's ARN as output. Which mechanism gets what is
 * decided by trust-statements.ts.
 */
export class WorkloadIdentity extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const { workload, addresses } = props;
    const trust = new TrustPolicy(this, "trust", {
      label: addresses.trustDocument,
      trust: workloadTrust(workload, props),
    });
    const role = new WorkloadRole(this, "role", {
      label: addresses.role,
      permissionsLabel: addresses.permissionsDocument,
      roleName: workload.roleName,
      path: workload.rolePath,
      description: workload.description,
      assumeRolePolicy: trust.json,
      permissionsBoundaryArn: workload.permissionsBoundaryArn,
      maxSessionDuration: workload.maxSessionDuration,
      tags: workload.tags,
      attachments: addresses.attachments,
      inlinePolicyName: workload.inlinePolicyName,
      policyStatements: workload.policyStatements,
      protect: workload.protect,
      exclusivePolicies: workload.exclusivePolicies,
      provider: props.awsProvider,
    });
    this.roleArn = role.arn;
    this.adopt(props);
    for (const move of addresses.moves) props.stateBlocks.move(move.from, move.to);

    // IRSA's webhook reads the role from the service account's annotation;
    // EKS Pod Identity from the association.
    const roleArnAnnotation = usesIrsa(workload.identity) ? role.arn : undefined;
    // The service account and association of the current name, then those
    // of each earlier name still in transition, each under its own label.
    const subjects = [
      { namespace: workload.namespace, serviceAccount: workload.serviceAccount, label: addresses.serviceAccount, association: addresses.podIdentityAssociation, id: "" },
      ...addresses.transitions.map((p) => ({ namespace: p.namespace, serviceAccount: p.serviceAccount, label: p.id, association: p.id, id: `-${p.id}` })),
    ];
    for (const subject of subjects) {
      if (workload.createServiceAccount) {
        new ServiceAccount(this, `service-account${subject.id}`, {
          label: subject.label,
          namespace: props.namespaceRefs?.get(subject.namespace) ?? subject.namespace,
          name: subject.serviceAccount,
          roleArn: roleArnAnnotation,
          labels: workload.serviceAccountLabels,
          annotations: workload.serviceAccountAnnotations,
        });
      }
      if (usesPodIdentity(workload.identity)) {
        new PodIdentityAssociation(this, `pod-identity${subject.id}`, {
          label: subject.association,
          clusterName: props.clusterName,
          namespace: subject.namespace,
          serviceAccount: subject.serviceAccount,
          roleArn: role.arn,
          targetRoleArn: workload.podIdentity?.targetRoleArn,
          disableSessionTags: workload.podIdentity?.disableSessionTags,
        });
      }
    }

    const arnOutput = new TerraformOutput(this, "role-arn", {
      value: role.arn,
      description: `The role of ${workload.namespace}/${workload.serviceAccount}`,
    });
    arnOutput.overrideLogicalId(addresses.roleArnOutput);
    const chartAnnotations = { ...workload.serviceAccountAnnotations, ...(roleArnAnnotation ? { [ROLE_ARN_ANNOTATION]: roleArnAnnotation } : {}) };
    if (!workload.createServiceAccount && Object.keys(chartAnnotations).length > 0) {
      // The chart creates the service account; this is what its values need.
      const annotations = new TerraformOutput(this, "annotations", {
        value: chartAnnotations,
        description: `Annotations for the service account ${workload.namespace}/${workload.serviceAccount} (e.g. the Helm chart's serviceAccount.annotations)`,
      });
      annotations.overrideLogicalId(addresses.annotationsOutput);
    }
  }

  /**
   * Import blocks for what already exists, each with its resource type's
   * import id (hashicorp/aws: a role by name, an inline policy as
   * `role:policy`, an attachment as `role/policy-arn`, a Pod Identity
   * association as `cluster,association-id`; hashicorp/kubernetes: a
   * service account as `namespace/name`).
   */
  private adopt(props: WorkloadIdentityProps): void {
    const { workload, addresses, stateBlocks } = props;
    const adopt = workload.adopt;
    if (!adopt) return;
    if (adopt.role) stateBlocks.importTo(`aws_iam_role.${addresses.role}`, workload.roleName);
    if (adopt.inlinePolicy) stateBlocks.importTo(`aws_iam_role_policy.${addresses.role}`, `${workload.roleName}:${workload.inlinePolicyName}`);
    if (adopt.attachments) {
      for (const [arn, label] of Object.entries(addresses.attachments)) stateBlocks.importTo(`aws_iam_role_policy_attachment.${label}`, `${workload.roleName}/${arn}`);
    }
    if (adopt.serviceAccount && workload.createServiceAccount) {
      stateBlocks.importTo(`kubernetes_service_account_v1.${addresses.serviceAccount}`, `${workload.namespace}/${workload.serviceAccount}`);
    }
    if (adopt.podIdentityAssociation !== undefined && usesPodIdentity(workload.identity)) {
      stateBlocks.importTo(`aws_eks_pod_identity_association.${addresses.podIdentityAssociation}`, `${props.clusterName},${adopt.podIdentityAssociation}`);
    }
  }
}
