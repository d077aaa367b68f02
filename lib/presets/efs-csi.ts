/**
 * The `efs-csi` preset: Amazon EFS CSI driver.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";
import { tagged } from "./statements";

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
