/**
 * The `velero` preset: Velero (AWS plugin).
 */
import type { PolicyStatement } from "../model/model";
import { arns, flag, S3_BUCKETS } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

/**
 * The buckets are required (upstream's default is an empty list, which IAM
 * refuses). `volumeSnapshots: false` drops the EC2 statement for setups
 * that back volumes up with file-system backup only: those permissions
 * serve the plugin's volume snapshotter alone.
 * https://github.com/vmware-tanzu/velero-plugin-for-aws#set-permissions-for-velero
 */
export const VELERO: Preset = {
  name: "velero",
  title: "Velero (AWS plugin)",
  source: `${TERRAFORM_AWS_IAM} (velero), after vmware-tanzu/velero-plugin-for-aws README`,
  defaultNamespace: "velero",
  defaultServiceAccount: "velero-server",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.server.create`)",
  parameters: {
    bucketArns: S3_BUCKETS("The buckets Velero stores backups in", true),
    volumeSnapshots: { kind: "boolean", description: "EBS snapshots of persistent volumes (EC2 permissions)", default: true },
  },
  statements(params) {
    const buckets = arns(params, "bucketArns");
    const statements: PolicyStatement[] = [
      {
        sid: "S3ReadWrite",
        effect: "Allow",
        actions: ["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        resources: buckets.map((b) => `${b}/*`),
      },
      { sid: "S3List", effect: "Allow", actions: ["s3:ListBucket"], resources: [...buckets] },
    ];
    if (flag(params, "volumeSnapshots")) {
      statements.unshift({
        sid: "Ec2ReadWrite",
        effect: "Allow",
        actions: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots", "ec2:CreateTags", "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot"],
        resources: ["*"],
      });
    }
    return statements;
  },
};
