/**
 * Every preset by name: the validator looks names and parameters up here,
 * and the docs table is generated from it.
 */
import { CLUSTER_AUTOSCALER, KARPENTER, NODE_TERMINATION_HANDLER } from "./autoscaling";
import { VELERO } from "./backup";
import { CERT_MANAGER, EXTERNAL_DNS } from "./dns";
import { AWS_GATEWAY_CONTROLLER, AWS_LOAD_BALANCER_CONTROLLER, AWS_LOAD_BALANCER_CONTROLLER_TARGET_GROUP_BINDING_ONLY, VPC_CNI } from "./networking";
import { AMAZON_MANAGED_PROMETHEUS, CLOUDWATCH_OBSERVABILITY } from "./observability";
import type { Preset } from "./preset";
import { EXTERNAL_SECRETS } from "./secrets";
import { EBS_CSI, EFS_CSI, FSX_LUSTRE_CSI, FSX_OPENZFS_CSI, MOUNTPOINT_S3_CSI } from "./storage";

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
