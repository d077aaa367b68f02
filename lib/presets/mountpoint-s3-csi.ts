/**
 * The `mountpoint-s3-csi` preset: Mountpoint for Amazon S3 CSI driver.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import type { PolicyStatement } from "../model/model";
import { arns, flag, KMS_KEYS, S3_BUCKETS } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

/**
 * Mountpoint for Amazon S3: list the buckets, read and write their objects.
 * Upstream's module falls back to every bucket when none is given; here the
 * buckets are required, and `readOnly` drops the write actions.
 * https://github.com/awslabs/mountpoint-s3/blob/main/doc/CONFIGURATION.md#iam-permissions
 */
export const MOUNTPOINT_S3_CSI: Preset = {
  name: "mountpoint-s3-csi",
  title: "Mountpoint for Amazon S3 CSI driver",
  source: `${TERRAFORM_AWS_IAM} (mountpoint_s3_csi), after awslabs/mountpoint-s3 doc/CONFIGURATION.md#iam-permissions`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "s3-csi-driver-sa",
  serviceAccountCreatedBy: "the EKS add-on, or the Helm chart (`node.serviceAccount.create`)",
  parameters: {
    bucketArns: S3_BUCKETS("The buckets the driver mounts", true),
    objectArns: {
      kind: "arns",
      description: "Narrows object access to these paths (default: every object of bucketArns)",
      required: false,
      service: "s3",
      resource: { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/, name: "object path" },
      example: "arn:aws:s3:::my-bucket/team-a/*",
    },
    kmsKeyArns: KMS_KEYS("KMS keys of buckets encrypted with SSE-KMS"),
    readOnly: { kind: "boolean", description: "Only list and read: no PutObject, AbortMultipartUpload or DeleteObject", default: false },
  },
  check(params) {
    const buckets = new Set(arns(params, "bucketArns"));
    return arns(params, "objectArns").flatMap((path, index) =>
      buckets.has(path.slice(0, path.indexOf("/")))
        ? []
        : [{ parameter: "objectArns", index, message: "is not inside one of bucketArns", fix: "Add its bucket to bucketArns, or remove the path", value: path }],
    );
  },
  statements(params) {
    const buckets = arns(params, "bucketArns");
    const objects = arns(params, "objectArns");
    const statements: PolicyStatement[] = [
      { sid: "MountpointFullBucketAccess", effect: "Allow", actions: ["s3:ListBucket"], resources: [...buckets] },
      {
        sid: "MountpointFullObjectAccess",
        effect: "Allow",
        actions: flag(params, "readOnly") ? ["s3:GetObject"] : ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
        resources: objects.length > 0 ? [...objects] : buckets.map((b) => `${b}/*`),
      },
    ];
    const keys = arns(params, "kmsKeyArns");
    if (keys.length > 0) statements.push({ effect: "Allow", actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [...keys] });
    return statements;
  },
};
