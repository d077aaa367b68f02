/**
 * The `karpenter` preset: Karpenter controller. `clusterName` (in its tag
 * conditions) defaults to the cluster the workload is on.
 */
import { parseArn } from "../aws/arn";
import type { PolicyStatement } from "../model/model";
import { arn, servicePrincipals } from "./arn";
import { arns, CLUSTER_NAME_PARAMETER, SQS_QUEUES, text } from "./parameters";
import type { Preset } from "./preset";
import { condition } from "./statements";

/**
 * The Karpenter controller, for IRSA: terraform-aws-eks' karpenter module
 * grants the same policy to an EKS Pod Identity role. Everything is scoped
 * to the cluster's region, to resources tagged for this cluster, and to the
 * node roles it may pass; the account comes from the cluster's `accountId`
 * or, when that is not pinned, from the node role's ARN.
 * https://karpenter.sh/docs/reference/cloudformation/
 */
export const KARPENTER: Preset = {
  name: "karpenter",
  title: "Karpenter controller",
  source: "terraform-aws-eks v21.19.0 karpenter module (controller), after karpenter.sh docs/reference/cloudformation",
  defaultNamespace: "kube-system",
  defaultServiceAccount: "karpenter",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: {
    nodeRoleArns: {
      kind: "arns",
      description: "The IAM role(s) of the nodes Karpenter launches (iam:PassRole)",
      required: true,
      sameAccount: true,
      service: "iam",
      resource: { pattern: /^role\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,64}$/, name: "role" },
      example: "arn:aws:iam::111122223333:role/KarpenterNodeRole-prod",
    },
    sqsQueueArns: SQS_QUEUES("The interruption queue (spot interruptions, rebalance and health events)", false),
    ssmParameterArns: {
      kind: "arns",
      description: "SSM parameters it reads AMI ids from (default: the public parameters under /aws/service/ in the cluster's region)",
      required: false,
      service: "ssm",
      resource: { pattern: /^parameter\/[\w/.*-]+$/, name: "parameter" },
      example: "arn:aws:ssm:eu-west-1::parameter/aws/service/eks/optimized-ami/*",
    },
    clusterName: CLUSTER_NAME_PARAMETER,
  },
  check(params) {
    const accounts = new Set(arns(params, "nodeRoleArns").map((r) => parseArn(r)?.account));
    return accounts.size > 1
      ? [{ parameter: "nodeRoleArns", message: "names roles of more than one account", fix: "Karpenter launches nodes in its cluster's account: list that account's node roles only", value: [...accounts].join(", ") }]
      : [];
  },
  statements(params, context) {
    const { region, partition } = context;
    const cluster = text(params, "clusterName", context.clusterName);
    const nodeRoles = [...arns(params, "nodeRoleArns")];
    const account = context.accountId ?? parseArn(nodeRoles[0])?.account ?? "*";
    const ec2 = (resource: string, scope = "*") => arn(context, "ec2", resource, { region, account: scope });
    const profiles = [arn(context, "iam", "instance-profile/*", { region: "", account })];
    const clusterArn = [arn(context, "eks", `cluster/${cluster}`, { region, account })];
    const owned = (tag: "RequestTag" | "ResourceTag") => condition("StringEquals", `aws:${tag}/kubernetes.io/cluster/${cluster}`, "owned");
    const nodePool = (tag: "RequestTag" | "ResourceTag") => condition("StringLike", `aws:${tag}/karpenter.sh/nodepool`, "*");
    const nodeClass = (tag: "RequestTag" | "ResourceTag") => condition("StringLike", `aws:${tag}/karpenter.k8s.aws/ec2nodeclass`, "*");
    const inRegion = (tag: "RequestTag" | "ResourceTag") => condition("StringEquals", `aws:${tag}/topology.kubernetes.io/region`, region);
    const clusterNameTag = condition("StringEquals", "aws:RequestTag/eks:eks-cluster-name", cluster);
    const launched = ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"].map((r) => ec2(r));
    const statements: PolicyStatement[] = [
      {
        sid: "AllowScopedEC2InstanceAccessActions",
        effect: "Allow",
        actions: ["ec2:RunInstances", "ec2:CreateFleet"],
        resources: [ec2("image/*", ""), ec2("snapshot/*", ""), ec2("security-group/*"), ec2("subnet/*"), ec2("capacity-reservation/*"), ec2("placement-group/*")],
      },
      {
        sid: "AllowScopedEC2LaunchTemplateAccessActions",
        effect: "Allow",
        actions: ["ec2:RunInstances", "ec2:CreateFleet"],
        resources: [ec2("launch-template/*")],
        conditions: [owned("ResourceTag"), nodePool("ResourceTag")],
      },
      {
        sid: "AllowScopedEC2InstanceActionsWithTags",
        effect: "Allow",
        actions: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
        resources: [...launched, ec2("capacity-reservation/*")],
        conditions: [owned("RequestTag"), clusterNameTag, nodePool("RequestTag")],
      },
      {
        sid: "AllowScopedResourceCreationTagging",
        effect: "Allow",
        actions: ["ec2:CreateTags"],
        resources: launched,
        conditions: [owned("RequestTag"), clusterNameTag, condition("StringEquals", "ec2:CreateAction", "RunInstances", "CreateFleet", "CreateLaunchTemplate"), nodePool("RequestTag")],
      },
      {
        sid: "AllowScopedResourceTagging",
        effect: "Allow",
        actions: ["ec2:CreateTags"],
        resources: [ec2("instance/*")],
        conditions: [
          owned("ResourceTag"),
          nodePool("ResourceTag"),
          condition("StringEqualsIfExists", "aws:RequestTag/eks:eks-cluster-name", cluster),
          condition("ForAllValues:StringEquals", "aws:TagKeys", "eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"),
        ],
      },
      {
        sid: "AllowScopedDeletion",
        effect: "Allow",
        actions: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
        resources: [ec2("instance/*"), ec2("launch-template/*")],
        conditions: [owned("ResourceTag"), nodePool("ResourceTag")],
      },
      {
        sid: "AllowRegionalReadActions",
        effect: "Allow",
        actions: [
          "ec2:DescribeCapacityReservations", "ec2:DescribeAvailabilityZones", "ec2:DescribeImages", "ec2:DescribeInstances",
          "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribeSecurityGroups",
          "ec2:DescribeInstanceStatus", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets", "ec2:DescribePlacementGroups",
        ],
        resources: ["*"],
        conditions: [condition("StringEquals", "aws:RequestedRegion", region)],
      },
      {
        sid: "AllowSSMReadActions",
        effect: "Allow",
        actions: ["ssm:GetParameter"],
        resources: arns(params, "ssmParameterArns").length > 0 ? [...arns(params, "ssmParameterArns")] : [arn(context, "ssm", "parameter/aws/service/*", { region, account: "" })],
      },
      { sid: "AllowPricingReadActions", effect: "Allow", actions: ["pricing:GetProducts"], resources: ["*"] },
      { sid: "AllowZonalShiftReadActions", effect: "Allow", actions: ["arc-zonal-shift:GetManagedResource"], resources: clusterArn },
      {
        sid: "AllowPassingInstanceRole",
        effect: "Allow",
        actions: ["iam:PassRole"],
        resources: nodeRoles,
        conditions: [condition("StringEquals", "iam:PassedToService", ...servicePrincipals("ec2", partition))],
      },
      {
        sid: "AllowScopedInstanceProfileCreationActions",
        effect: "Allow",
        actions: ["iam:CreateInstanceProfile"],
        resources: profiles,
        conditions: [owned("RequestTag"), clusterNameTag, inRegion("RequestTag"), nodeClass("RequestTag")],
      },
      {
        sid: "AllowScopedInstanceProfileTagActions",
        effect: "Allow",
        actions: ["iam:TagInstanceProfile"],
        resources: profiles,
        conditions: [owned("ResourceTag"), inRegion("ResourceTag"), owned("RequestTag"), clusterNameTag, inRegion("RequestTag"), nodeClass("ResourceTag"), nodeClass("RequestTag")],
      },
      {
        sid: "AllowScopedInstanceProfileActions",
        effect: "Allow",
        actions: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
        resources: profiles,
        conditions: [owned("ResourceTag"), inRegion("ResourceTag"), nodeClass("ResourceTag")],
      },
      { sid: "AllowInstanceProfileReadActions", effect: "Allow", actions: ["iam:GetInstanceProfile"], resources: profiles },
      { sid: "AllowUnscopedInstanceProfileListAction", effect: "Allow", actions: ["iam:ListInstanceProfiles"], resources: ["*"] },
      { sid: "AllowAPIServerEndpointDiscovery", effect: "Allow", actions: ["eks:DescribeCluster"], resources: clusterArn },
    ];
    const queues = arns(params, "sqsQueueArns");
    if (queues.length > 0) {
      statements.push({ sid: "AllowInterruptionQueueActions", effect: "Allow", actions: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], resources: [...queues] });
    }
    return statements;
  },
};
