/**
 * Storage drivers: EBS, EFS, FSx for Lustre and OpenZFS, Mountpoint for S3.
 *
 * Unless a comment says otherwise, each policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the driver's own published policy linked beside it.
 */
import type { PolicyStatement } from "../model/model";
import { arn, servicePrincipals } from "./arn";
import { arns, flag, KMS_KEYS, S3_BUCKETS } from "./parameters";
import { type Preset, type PresetContext, TERRAFORM_AWS_IAM } from "./preset";

const tagged = (test: string, variable: string, values: string[]) => [{ test, variable, values }];

// https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/example-iam-policy.json
export const EBS_CSI: Preset = {
  name: "ebs-csi",
  title: "Amazon EBS CSI driver",
  source: `${TERRAFORM_AWS_IAM} (ebs_csi), after kubernetes-sigs/aws-ebs-csi-driver docs/example-iam-policy.json`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "ebs-csi-controller-sa",
  serviceAccountCreatedBy: "the EKS add-on, or the Helm chart (`controller.serviceAccount.create`)",
  parameters: {
    kmsKeyArns: KMS_KEYS("Customer managed KMS keys of encrypted volumes; without them only AWS-managed encryption works"),
  },
  statements(params, context) {
    const volume = arn(context, "ec2", "volume/*");
    const snapshot = arn(context, "ec2", "snapshot/*");
    const instance = arn(context, "ec2", "instance/*");
    const allow = (actions: string[], resources: string[], conditions?: PolicyStatement["conditions"]): PolicyStatement => ({ effect: "Allow", actions, resources, conditions });
    const statements: PolicyStatement[] = [
      allow(
        ["ec2:DescribeAvailabilityZones", "ec2:DescribeInstanceTypes", "ec2:DescribeInstances", "ec2:DescribeSnapshots", "ec2:DescribeTags", "ec2:DescribeVolumes", "ec2:DescribeVolumesModifications"],
        ["*"],
      ),
      allow(["ec2:CreateSnapshot", "ec2:ModifyVolume"], [volume]),
      allow(["ec2:AttachVolume", "ec2:DetachVolume"], [volume, instance]),
      allow(["ec2:CreateVolume", "ec2:EnableFastSnapshotRestores"], [snapshot]),
      allow(["ec2:CreateTags"], [volume, snapshot], tagged("StringEquals", "ec2:CreateAction", ["CreateVolume", "CreateSnapshot"])),
      allow(["ec2:DeleteTags"], [volume, snapshot]),
      allow(["ec2:CreateVolume"], [volume], tagged("StringLike", "aws:RequestTag/ebs.csi.aws.com/cluster", ["true"])),
      allow(["ec2:CreateVolume"], [volume], tagged("StringLike", "aws:RequestTag/CSIVolumeName", ["*"])),
      allow(["ec2:DeleteVolume"], [volume], tagged("StringLike", "aws:ResourceTag/ebs.csi.aws.com/cluster", ["true"])),
      allow(["ec2:DeleteVolume"], [volume], tagged("StringLike", "aws:ResourceTag/CSIVolumeName", ["*"])),
      allow(["ec2:DeleteVolume"], [volume], tagged("StringLike", "ec2:ResourceTag/kubernetes.io/created-for/pvc/name", ["*"])),
      allow(["ec2:CreateSnapshot"], [snapshot], tagged("StringLike", "aws:RequestTag/CSIVolumeSnapshotName", ["*"])),
      allow(["ec2:CreateSnapshot"], [snapshot], tagged("StringLike", "aws:RequestTag/ebs.csi.aws.com/cluster", ["true"])),
      allow(["ec2:DeleteSnapshot"], [snapshot], tagged("StringLike", "aws:ResourceTag/CSIVolumeSnapshotName", ["*"])),
      allow(["ec2:DeleteSnapshot"], [snapshot], tagged("StringLike", "aws:ResourceTag/ebs.csi.aws.com/cluster", ["true"])),
    ];
    const keys = arns(params, "kmsKeyArns");
    if (keys.length > 0) {
      statements.push(
        allow(["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], [...keys], tagged("Bool", "kms:GrantIsForAWSResource", ["true"])),
        allow(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], [...keys]),
      );
    }
    return statements;
  },
};

// https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/master/docs/iam-policy-example.json
export const EFS_CSI: Preset = {
  name: "efs-csi",
  title: "Amazon EFS CSI driver",
  source: `${TERRAFORM_AWS_IAM} (efs_csi), after kubernetes-sigs/aws-efs-csi-driver docs/iam-policy-example.json`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "efs-csi-controller-sa",
  serviceAccountCreatedBy: "the EKS add-on, or the Helm chart (`controller.serviceAccount.create`)",
  parameters: {},
  statements() {
    const requestTagged = tagged("StringLike", "aws:RequestTag/efs.csi.aws.com/cluster", ["true"]);
    return [
      {
        effect: "Allow",
        actions: ["ec2:DescribeAvailabilityZones", "elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeMountTargets"],
        resources: ["*"],
      },
      { effect: "Allow", actions: ["elasticfilesystem:CreateAccessPoint"], resources: ["*"], conditions: requestTagged },
      { effect: "Allow", actions: ["elasticfilesystem:TagResource"], resources: ["*"], conditions: requestTagged },
      {
        effect: "Allow",
        actions: ["elasticfilesystem:DeleteAccessPoint"],
        resources: ["*"],
        conditions: tagged("StringEquals", "aws:ResourceTag/efs.csi.aws.com/cluster", ["true"]),
      },
    ];
  },
};

/**
 * What both FSx drivers need to let FSx create its service-linked roles:
 * the roles under `service-linked`, and `iam:CreateServiceLinkedRole` for
 * the FSx service principal only.
 */
function fsxServiceLinkedRoles(context: PresetContext, serviceLinked: string): PolicyStatement[] {
  return [
    {
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
      resources: [arn(context, "iam", `role/aws-service-role/${serviceLinked}/*`, { region: "" })],
    },
    {
      effect: "Allow",
      actions: ["iam:CreateServiceLinkedRole"],
      resources: ["*"],
      conditions: tagged("StringLike", "iam:AWSServiceName", servicePrincipals("fsx", context.partition)),
    },
  ];
}

// https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/master/docs/install.md
export const FSX_LUSTRE_CSI: Preset = {
  name: "fsx-lustre-csi",
  title: "Amazon FSx for Lustre CSI driver",
  source: `${TERRAFORM_AWS_IAM} (fsx_lustre_csi), after kubernetes-sigs/aws-fsx-csi-driver docs/install.md`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "fsx-csi-controller-sa",
  serviceAccountCreatedBy: "its Helm chart (`controller.serviceAccount.create`)",
  parameters: {},
  statements(_params, context) {
    return [
      ...fsxServiceLinkedRoles(context, "s3.data-source.lustre.fsx.amazonaws.com"),
      {
        effect: "Allow",
        actions: ["s3:ListBucket", "fsx:CreateFileSystem", "fsx:DeleteFileSystem", "fsx:DescribeFileSystems", "fsx:TagResource", "fsx:UpdateFileSystem"],
        resources: ["*"],
      },
    ];
  },
};

// https://github.com/kubernetes-sigs/aws-fsx-openzfs-csi-driver/blob/main/docs/install.md
export const FSX_OPENZFS_CSI: Preset = {
  name: "fsx-openzfs-csi",
  title: "Amazon FSx for OpenZFS CSI driver",
  source: `${TERRAFORM_AWS_IAM} (fsx_openzfs_csi), after kubernetes-sigs/aws-fsx-openzfs-csi-driver docs/install.md`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "fsx-openzfs-csi-controller-sa",
  serviceAccountCreatedBy: "its Helm chart (`controller.serviceAccount.create`)",
  parameters: {},
  statements(_params, context) {
    return [
      ...fsxServiceLinkedRoles(context, "fsx.amazonaws.com"),
      {
        effect: "Allow",
        actions: [
          "fsx:CreateFileSystem", "fsx:UpdateFileSystem", "fsx:DeleteFileSystem", "fsx:DescribeFileSystems",
          "fsx:CreateVolume", "fsx:DeleteVolume", "fsx:DescribeVolumes",
          "fsx:CreateSnapshot", "fsx:DeleteSnapshot", "fsx:DescribeSnapshots",
          "fsx:TagResource", "fsx:ListTagsForResource",
        ],
        resources: ["*"],
      },
    ];
  },
};

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
