/**
 * The `vpc-cni` preset: Amazon VPC CNI (aws-node).
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import type { PolicyStatement } from "../model/model";
import { arn } from "./arn";
import { flag, text } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

/**
 * AmazonEKS_CNI_Policy for IPv4; the EKS user guide's IPv6 policy for IPv6
 * (the managed policy has no IPv6 actions, and IPv6 clusters need none of
 * the IPv4 ones). CloudWatch Logs only for network policy event logs.
 * https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html#cni-iam-role-create-ipv6-policy
 * https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html
 */
export const VPC_CNI: Preset = {
  name: "vpc-cni",
  title: "Amazon VPC CNI (aws-node)",
  source: `${TERRAFORM_AWS_IAM} (vpc_cni), after AmazonEKS_CNI_Policy and the EKS user guide's IPv6 policy`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "aws-node",
  serviceAccountCreatedBy: "EKS itself (the aws-node DaemonSet of every cluster)",
  parameters: {
    ipFamily: { kind: "enum", description: "The cluster's IP family", values: ["ipv4", "ipv6"], default: "ipv4" },
    networkPolicyLogs: { kind: "boolean", description: "Lets the network policy agent send its event logs to CloudWatch Logs", default: false },
  },
  statements(params, context) {
    const statements: PolicyStatement[] = [
      text(params, "ipFamily", "ipv4") === "ipv6"
        ? {
            sid: "IPV6",
            effect: "Allow",
            actions: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"],
            resources: ["*"],
          }
        : {
            sid: "IPV4",
            effect: "Allow",
            actions: [
              "ec2:AssignPrivateIpAddresses", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
              "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes", "ec2:DescribeSubnets",
              "ec2:DetachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:UnassignPrivateIpAddresses",
            ],
            resources: ["*"],
          },
      { sid: "CreateTags", effect: "Allow", actions: ["ec2:CreateTags"], resources: [arn(context, "ec2", "network-interface/*")] },
    ];
    if (flag(params, "networkPolicyLogs")) {
      statements.push({
        sid: "CloudWatchLogs",
        effect: "Allow",
        actions: ["logs:DescribeLogGroups", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        resources: ["*"],
      });
    }
    return statements;
  },
};
