/**
 * EKS add-ons whose pods call AWS: the service account each one runs as,
 * and the preset that holds the permissions it needs. The one table of
 * these facts: the validator, the stack and the report read it from here.
 *
 * An add-on takes its role through `aws_eks_addon` itself
 * (`service_account_role_arn` for IRSA, `pod_identity_association` for EKS
 * Pod Identity), never through an annotated service account or an
 * association of its own: EKS owns the add-on's service account and would
 * undo an annotation, and an association made beside the add-on is not the
 * add-on's. https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html
 *
 * Pure data: no cdktf.
 */
import { dictionaryOf } from "../common/dictionary";

/** An add-on irsa-gen knows: where its pods run, and what they need. */
export interface KnownAddon {
  /** The namespace of the service account that needs the role. */
  readonly namespace: string;
  /** The service account that needs the role (the add-on creates it). */
  readonly serviceAccount: string;
  /**
   * The preset (lib/presets/) granting what the add-on needs, used when the
   * entry names no permissions of its own; absent where the preset needs
   * parameters only the user can give (the buckets of Mountpoint for S3).
   */
  readonly preset?: string;
  /** The preset to name in a fix when there is no default one. */
  readonly suggestedPreset?: string;
  /** Where AWS documents the service account. */
  readonly source: string;
}

/**
 * The add-ons whose service account AWS documents. An add-on not listed
 * here (adot, whose collectors' service accounts depend on its
 * configuration; one from the AWS Marketplace) needs `namespace` and
 * `serviceAccount` in its entry.
 */
export const KNOWN_ADDONS: Readonly<Record<string, KnownAddon>> = Object.freeze(
  dictionaryOf<KnownAddon>(Object.entries({
    "vpc-cni": { namespace: "kube-system", serviceAccount: "aws-node", preset: "vpc-cni", source: "https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html" },
    "aws-ebs-csi-driver": { namespace: "kube-system", serviceAccount: "ebs-csi-controller-sa", preset: "ebs-csi", source: "https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html" },
    "aws-efs-csi-driver": { namespace: "kube-system", serviceAccount: "efs-csi-controller-sa", preset: "efs-csi", source: "https://docs.aws.amazon.com/eks/latest/userguide/efs-csi.html" },
    "aws-fsx-csi-driver": { namespace: "kube-system", serviceAccount: "fsx-csi-controller-sa", preset: "fsx-lustre-csi", source: "https://docs.aws.amazon.com/eks/latest/userguide/fsx-csi.html" },
    "aws-mountpoint-s3-csi-driver": {
      namespace: "kube-system",
      serviceAccount: "s3-csi-driver-sa",
      suggestedPreset: "mountpoint-s3-csi",
      source: "https://docs.aws.amazon.com/eks/latest/userguide/s3-csi.html",
    },
    "amazon-cloudwatch-observability": {
      namespace: "amazon-cloudwatch",
      serviceAccount: "cloudwatch-agent",
      preset: "cloudwatch-observability",
      source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Observability-EKS-addon.html",
    },
  } satisfies Record<string, KnownAddon>)),
);

/** The add-on name of the Pod Identity agent, which `podIdentityAgent: true` manages (it needs no role). */
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";

/**
 * How EKS resolves a field that both the add-on and someone else set
 * (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html,
 * `resolveConflicts`):
 *
 * - on create, `NONE`: where the add-on's software already runs
 *   self-managed (the `aws-node` DaemonSet of every cluster, a driver
 *   installed by Helm), `OVERWRITE` would replace its settings with the
 *   add-on's defaults (an `ENABLE_PREFIX_DELEGATION` of the VPC CNI, say)
 *   and cut pods off in the middle of an apply; with `NONE` a conflict fails
 *   the create instead, and the operator decides. hashicorp/aws accepts
 *   only `NONE` and `OVERWRITE` here.
 * - on update, `PRESERVE`: a setting changed on the cluster (with kubectl)
 *   is kept through a version or role change, as hashicorp/aws's guide
 *   shows for upgrades
 *   (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_addon).
 */
export const RESOLVE_CONFLICTS = { onCreate: "NONE", onUpdate: "PRESERVE" } as const;
