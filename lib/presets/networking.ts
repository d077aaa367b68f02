/**
 * Networking: the VPC CNI, the AWS Load Balancer Controller (full and
 * TargetGroupBinding-only) and the AWS Gateway API Controller for VPC Lattice.
 *
 * Unless a comment says otherwise, each policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the controller's own published policy linked beside it.
 */
import type { PolicyCondition, PolicyStatement } from "../model/model";
import { arn, servicePrincipals } from "./arn";
import { arns, flag, text } from "./parameters";
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

/** Tag conditions of the load balancer controller: whether a request or resource carries `elbv2.k8s.aws/cluster`. */
const ELBV2_TAG = "elbv2.k8s.aws/cluster";
const requestTagged = (present: boolean): PolicyCondition => ({ test: "Null", variable: `aws:RequestTag/${ELBV2_TAG}`, values: [String(!present)] });
const resourceTagged = (present: boolean): PolicyCondition => ({ test: "Null", variable: `aws:ResourceTag/${ELBV2_TAG}`, values: [String(!present)] });

// https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/main/docs/install/iam_policy.json
export const AWS_LOAD_BALANCER_CONTROLLER: Preset = {
  name: "aws-load-balancer-controller",
  title: "AWS Load Balancer Controller",
  source: `${TERRAFORM_AWS_IAM} (load_balancer_controller), after kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "aws-load-balancer-controller",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {},
  statements(_params, context) {
    const elb = (resource: string) => arn(context, "elasticloadbalancing", resource);
    const securityGroups = [arn(context, "ec2", "security-group/*")];
    const balancersAndGroups = [elb("targetgroup/*/*"), elb("loadbalancer/net/*/*"), elb("loadbalancer/app/*/*")];
    const allow = (actions: string[], resources: string[], ...conditions: PolicyCondition[]): PolicyStatement => ({ effect: "Allow", actions, resources, conditions });
    return [
      allow(["iam:CreateServiceLinkedRole"], ["*"], { test: "StringEquals", variable: "iam:AWSServiceName", values: servicePrincipals("elasticloadbalancing", context.partition) }),
      allow(
        [
          "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
          "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
          "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage",
          "ec2:DescribeCoipPools", "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
          "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeListeners",
          "elasticloadbalancing:DescribeListenerCertificates", "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
          "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
          "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
          "elasticloadbalancing:DescribeCapacityReservation",
        ],
        ["*"],
      ),
      allow(
        [
          "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates", "iam:GetServerCertificate",
          "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
          "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
          "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection",
        ],
        ["*"],
      ),
      allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], ["*"]),
      allow(["ec2:CreateSecurityGroup"], ["*"]),
      allow(["ec2:CreateTags"], securityGroups, { test: "StringEquals", variable: "ec2:CreateAction", values: ["CreateSecurityGroup"] }, requestTagged(true)),
      allow(["ec2:CreateTags", "ec2:DeleteTags"], securityGroups, requestTagged(false), resourceTagged(true)),
      allow(["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], ["*"], resourceTagged(true)),
      allow(["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], ["*"], requestTagged(true)),
      allow(["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"], ["*"]),
      allow(["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], balancersAndGroups, requestTagged(false), resourceTagged(true)),
      allow(
        ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
        [elb("listener/net/*/*/*"), elb("listener/app/*/*/*"), elb("listener-rule/net/*/*/*"), elb("listener-rule/app/*/*/*")],
      ),
      allow(
        [
          "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
          "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
          "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes",
          "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools",
        ],
        ["*"],
        resourceTagged(true),
      ),
      allow(
        ["elasticloadbalancing:AddTags"],
        balancersAndGroups,
        { test: "StringEquals", variable: "elasticloadbalancing:CreateAction", values: ["CreateTargetGroup", "CreateLoadBalancer"] },
        requestTagged(true),
      ),
      allow(["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], [elb("targetgroup/*/*")]),
      allow(
        [
          "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
          "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
        ],
        ["*"],
      ),
    ];
  },
};

/**
 * For clusters whose load balancers are managed elsewhere (e.g. in
 * Terraform) and only bound to Services with TargetGroupBinding. The
 * target groups are required: upstream leaves them to the caller too.
 * https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/targetgroupbinding/targetgroupbinding/
 */
export const AWS_LOAD_BALANCER_CONTROLLER_TARGET_GROUP_BINDING_ONLY: Preset = {
  name: "aws-load-balancer-controller-target-group-binding-only",
  title: "AWS Load Balancer Controller, TargetGroupBinding only",
  source: `${TERRAFORM_AWS_IAM} (load_balancer_controller_targetgroup_only)`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "aws-load-balancer-controller",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {
    targetGroupArns: {
      kind: "arns",
      description: "The target groups the controller binds pods to",
      required: true,
      service: "elasticloadbalancing",
      resource: { pattern: /^targetgroup\/[A-Za-z0-9*-]+\/[a-f0-9*]+$/, name: "target group" },
      example: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/my-targets/73e2d6bc24d8a067",
    },
  },
  statements(params) {
    return [
      {
        effect: "Allow",
        actions: [
          "ec2:DescribeSecurityGroups", "ec2:DescribeInstances", "ec2:DescribeVpcs", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
          "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
        ],
        resources: ["*"],
      },
      {
        effect: "Allow",
        actions: [
          "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
        ],
        resources: [...arns(params, "targetGroupArns")],
      },
    ];
  },
};

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
