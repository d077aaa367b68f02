/**
 * The `cluster-autoscaler` preset: Cluster Autoscaler (AWS). `clusterName`
 * (in its tag conditions) defaults to the cluster the workload is on.
 */
import { CLUSTER_NAME_PARAMETER, text } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";
import { condition } from "./statements";

/**
 * Scaling actions only on groups tagged `kubernetes.io/cluster/<name>=owned`,
 * the tag EKS managed node groups carry.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#full-cluster-autoscaler-features-policy-recommended
 */
export const CLUSTER_AUTOSCALER: Preset = {
  name: "cluster-autoscaler",
  title: "Cluster Autoscaler (AWS)",
  source: `${TERRAFORM_AWS_IAM} (cluster_autoscaler), after kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "cluster-autoscaler",
  serviceAccountCreatedBy: "its Helm chart (`rbac.serviceAccount.create`)",
  parameters: { clusterName: CLUSTER_NAME_PARAMETER },
  statements(params, context) {
    const cluster = text(params, "clusterName", context.clusterName);
    return [
      {
        effect: "Allow",
        actions: [
          "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeLaunchTemplateVersions", "ec2:DescribeInstanceTypes",
          "eks:DescribeNodegroup", "ec2:DescribeImages", "ec2:GetInstanceTypesFromInstanceRequirements",
        ],
        resources: ["*"],
      },
      {
        effect: "Allow",
        actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        resources: ["*"],
        conditions: [condition("StringEquals", `autoscaling:ResourceTag/kubernetes.io/cluster/${cluster}`, "owned")],
      },
    ];
  },
};
