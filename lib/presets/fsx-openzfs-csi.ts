/**
 * The `fsx-openzfs-csi` preset: Amazon FSx for OpenZFS CSI driver.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";
import { fsxServiceLinkedRoles } from "./statements";

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
