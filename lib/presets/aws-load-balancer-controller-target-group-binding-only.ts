/**
 * The `aws-load-balancer-controller-target-group-binding-only` preset: AWS
 * Load Balancer Controller, TargetGroupBinding only.
 *
 * Unless a comment says otherwise, the policy is terraform-aws-modules'
 * (terraform-aws-iam v6.5.0, modules/iam-role-for-service-accounts/policies.tf),
 * which follows the published policy linked beside it.
 */
import { arns } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

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
