import { allowedActions, conditionsOn, presetErrors, presetWorkload, statementsFor } from "../support/presets";

const NODE_ROLE = "arn:aws:iam::111122223333:role/KarpenterNodeRole-prod";
const QUEUE = "arn:aws:sqs:eu-west-1:111122223333:interruptions";

describe("karpenter", () => {
  it("passes only the node roles, and only to EC2", () => {
    const workload = presetWorkload("karpenter", { nodeRoleArns: [NODE_ROLE] });
    expect(statementsFor(workload, "iam:PassRole").map((s) => s.resources)).toEqual([[NODE_ROLE]]);
    expect(conditionsOn(workload, "iam:PassRole")).toEqual(["StringEquals iam:PassedToService=ec2.amazonaws.com"]);
  });

  it("launches, tags and terminates only in its region and for its own cluster", () => {
    const workload = presetWorkload("karpenter", { nodeRoleArns: [NODE_ROLE] });
    expect(statementsFor(workload, "ec2:TerminateInstances").flatMap((s) => s.resources)).toEqual([
      "arn:aws:ec2:eu-west-1:*:instance/*",
      "arn:aws:ec2:eu-west-1:*:launch-template/*",
    ]);
    expect(conditionsOn(workload, "ec2:TerminateInstances")).toEqual([
      "StringEquals aws:ResourceTag/kubernetes.io/cluster/prod=owned",
      "StringLike aws:ResourceTag/karpenter.sh/nodepool=*",
    ]);
    expect(conditionsOn(workload, "ec2:DescribeInstances")).toEqual(["StringEquals aws:RequestedRegion=eu-west-1"]);
    expect(statementsFor(workload, "eks:DescribeCluster").map((s) => s.resources)).toEqual([["arn:aws:eks:eu-west-1:111122223333:cluster/prod"]]);
    expect(statementsFor(workload, "ssm:GetParameter").map((s) => s.resources)).toEqual([["arn:aws:ssm:eu-west-1::parameter/aws/service/*"]]);
  });

  it("reads the interruption queue only when one is given", () => {
    expect(allowedActions(presetWorkload("karpenter", { nodeRoleArns: [NODE_ROLE] }))).not.toContain("sqs:ReceiveMessage");
    const workload = presetWorkload("karpenter", { nodeRoleArns: [NODE_ROLE], sqsQueueArns: [QUEUE] });
    expect(statementsFor(workload, "sqs:ReceiveMessage").map((s) => s.resources)).toEqual([[QUEUE]]);
  });

  it("passes roles to EC2 by both of its names in China", () => {
    const workload = presetWorkload("karpenter", { nodeRoleArns: [NODE_ROLE.replace("arn:aws:", "arn:aws-cn:")] }, "cn-north-1");
    expect(conditionsOn(workload, "iam:PassRole")).toEqual(["StringEquals iam:PassedToService=ec2.amazonaws.com,ec2.amazonaws.com.cn"]);
  });

  it("refuses a node role of another account than the cluster's", () => {
    const other = NODE_ROLE.replace("111122223333", "444455556666");
    expect(presetErrors("karpenter", { nodeRoleArns: [other] }).join("\n")).toContain("clusters[0].workloads[0].nodeRoleArns[0]: is in account 444455556666, not in the cluster's account 111122223333");
  });

  it("refuses node roles of two accounts when the cluster pins none", () => {
    const other = NODE_ROLE.replace("111122223333", "444455556666");
    expect(presetErrors("karpenter", { nodeRoleArns: [NODE_ROLE, other] }, "eu-west-1", null).join("\n")).toContain("clusters[0].workloads[0].nodeRoleArns: names roles of more than one account");
  });
});
