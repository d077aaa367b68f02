/**
 * The `aws-load-balancer-controller` preset: AWS Load Balancer Controller.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import type { PolicyCondition, PolicyStatement } from "../model/model";
import { arn, servicePrincipals } from "./arn";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";
import { requestTagged, resourceTagged } from "./statements";

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
