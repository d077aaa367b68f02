import { conditionsOn, presetWorkload,  } from "../support/presets";

describe("aws-load-balancer-controller", () => {
  it("changes and deletes only what carries the controller's cluster tag", () => {
    const workload = presetWorkload("aws-load-balancer-controller");
    expect(conditionsOn(workload, "ec2:DeleteSecurityGroup")).toEqual(["Null aws:ResourceTag/elbv2.k8s.aws/cluster=false"]);
    expect(conditionsOn(workload, "elasticloadbalancing:DeleteLoadBalancer")).toEqual(["Null aws:ResourceTag/elbv2.k8s.aws/cluster=false"]);
    expect(conditionsOn(workload, "elasticloadbalancing:CreateLoadBalancer")).toEqual(["Null aws:RequestTag/elbv2.k8s.aws/cluster=false"]);
    expect(conditionsOn(workload, "iam:CreateServiceLinkedRole")).toEqual(["StringEquals iam:AWSServiceName=elasticloadbalancing.amazonaws.com"]);
  });

  it("fits in one role's inline policy quota", () => {
    const statements = presetWorkload("aws-load-balancer-controller").policyStatements;
    expect(JSON.stringify({ Version: "2012-10-17", Statement: statements }).length).toBeLessThan(10240);
  });
});
