/**
 * The `fsx-lustre-csi` preset: Amazon FSx for Lustre CSI driver.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";
import { fsxServiceLinkedRoles } from "./statements";

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
