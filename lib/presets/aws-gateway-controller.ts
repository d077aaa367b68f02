/**
 * The `aws-gateway-controller` preset: AWS Gateway API Controller (Amazon
 * VPC Lattice).
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import type { PolicyStatement } from "../model/model";
import { arn, servicePrincipals } from "./arn";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

// https://github.com/aws/aws-application-networking-k8s/blob/v2.0.0/files/controller-installation/recommended-inline-policy.json
export const AWS_GATEWAY_CONTROLLER: Preset = {
  name: "aws-gateway-controller",
  title: "AWS Gateway API Controller (Amazon VPC Lattice)",
  source: `${TERRAFORM_AWS_IAM} (aws_gateway_controller), after aws/aws-application-networking-k8s v2.0.0 recommended-inline-policy.json`,
  defaultNamespace: "aws-application-networking-system",
  defaultServiceAccount: "gateway-api-controller",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {},
  statements(_params, context) {
    const serviceLinkedRole = (service: string, role: string): PolicyStatement => {
      const principals = servicePrincipals(service, context.partition);
      return {
        effect: "Allow",
        actions: ["iam:CreateServiceLinkedRole"],
        resources: principals.map((p) => arn(context, "iam", `role/aws-service-role/${p}/${role}`, { region: "" })),
        conditions: [{ test: "StringLike", variable: "iam:AWSServiceName", values: principals }],
      };
    };
    return [
      {
        effect: "Allow",
        actions: [
          "vpc-lattice:*", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeSecurityGroups",
          "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:DescribeLogGroups", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
          "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "tag:GetResources", "firehose:TagDeliveryStream",
          "s3:GetBucketPolicy", "s3:PutBucketPolicy", "tag:TagResources", "tag:UntagResources",
        ],
        resources: ["*"],
      },
      serviceLinkedRole("vpc-lattice", "AWSServiceRoleForVpcLattice"),
      serviceLinkedRole("delivery.logs", "AWSServiceRoleForLogDelivery"),
    ];
  },
};
