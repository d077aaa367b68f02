/**
 * The `ebs-csi` preset: Amazon EBS CSI driver.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import type { PolicyStatement } from "../model/model";
import { arn } from "./arn";
import { arns, KMS_KEYS } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";
import { tagged } from "./statements";

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
