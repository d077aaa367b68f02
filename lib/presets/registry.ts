/**
 * Every preset by name: the validator looks names and parameters up here,
 * and the docs table is generated from it.
 */
import { AMAZON_MANAGED_PROMETHEUS } from "./amazon-managed-prometheus";
import { AWS_GATEWAY_CONTROLLER } from "./aws-gateway-controller";
import { AWS_LOAD_BALANCER_CONTROLLER } from "./aws-load-balancer-controller";
import { AWS_LOAD_BALANCER_CONTROLLER_TARGET_GROUP_BINDING_ONLY } from "./aws-load-balancer-controller-target-group-binding-only";
import { CERT_MANAGER } from "./cert-manager";
import { CLOUDWATCH_OBSERVABILITY } from "./cloudwatch-observability";
import { CLUSTER_AUTOSCALER } from "./cluster-autoscaler";
import { EBS_CSI } from "./ebs-csi";
import { EFS_CSI } from "./efs-csi";
import { EXTERNAL_DNS } from "./external-dns";
import { EXTERNAL_SECRETS } from "./external-secrets";
import { FSX_LUSTRE_CSI } from "./fsx-lustre-csi";
import { FSX_OPENZFS_CSI } from "./fsx-openzfs-csi";
import { KARPENTER } from "./karpenter";
import { MOUNTPOINT_S3_CSI } from "./mountpoint-s3-csi";
import { NODE_TERMINATION_HANDLER } from "./node-termination-handler";
import { VELERO } from "./velero";
import { VPC_CNI } from "./vpc-cni";
import type { Preset } from "./preset";

const ALL: readonly Preset[] = [
  AMAZON_MANAGED_PROMETHEUS,
  AWS_GATEWAY_CONTROLLER,
  AWS_LOAD_BALANCER_CONTROLLER,
  AWS_LOAD_BALANCER_CONTROLLER_TARGET_GROUP_BINDING_ONLY,
  CERT_MANAGER,
  CLOUDWATCH_OBSERVABILITY,
  CLUSTER_AUTOSCALER,
  EBS_CSI,
  EFS_CSI,
  EXTERNAL_DNS,
  EXTERNAL_SECRETS,
  FSX_LUSTRE_CSI,
  FSX_OPENZFS_CSI,
  KARPENTER,
  MOUNTPOINT_S3_CSI,
  NODE_TERMINATION_HANDLER,
  VELERO,
  VPC_CNI,
];

/** By name, in name order (for messages and docs). */
export const PRESETS: ReadonlyMap<string, Preset> = new Map([...ALL].sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => [p.name, p]));

export function findPreset(name: string): Preset | undefined {
  return PRESETS.get(name);
}
