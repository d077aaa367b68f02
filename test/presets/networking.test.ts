import { allowedActions, conditionsOn, presetErrors, presetWorkload, statementsFor } from "../support/presets";

describe("vpc-cni", () => {
  it.each([
    ["ipv4", "ec2:AssignPrivateIpAddresses", "ec2:AssignIpv6Addresses"],
    ["ipv6", "ec2:AssignIpv6Addresses", "ec2:AssignPrivateIpAddresses"],
  ])("grants the %s actions and not the other family's", (ipFamily, granted, withheld) => {
    const actions = allowedActions(presetWorkload("vpc-cni", { ipFamily }));
    expect(actions).toContain(granted);
    expect(actions).not.toContain(withheld);
    expect(actions).not.toContain("logs:PutLogEvents");
  });

  it("tags only network interfaces, and writes CloudWatch Logs only for network policy logs", () => {
    const workload = presetWorkload("vpc-cni", { networkPolicyLogs: true });
    expect(statementsFor(workload, "ec2:CreateTags").map((s) => s.resources)).toEqual([["arn:aws:ec2:*:*:network-interface/*"]]);
    expect(allowedActions(workload)).toContain("logs:PutLogEvents");
  });

  it("refuses an IP family it does not know", () => {
    expect(presetErrors("vpc-cni", { ipFamily: "dual" }).join("\n")).toContain('clusters[0].workloads[0].ipFamily: must be one of ipv4, ipv6 (got "dual")');
  });
});

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

describe("aws-load-balancer-controller-target-group-binding-only", () => {
  const group = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067";

  it("registers targets only in the given target groups", () => {
    const workload = presetWorkload("aws-load-balancer-controller-target-group-binding-only", { targetGroupArns: [group] });
    expect(statementsFor(workload, "elasticloadbalancing:RegisterTargets").map((s) => s.resources)).toEqual([[group]]);
    expect(allowedActions(workload)).not.toContain("elasticloadbalancing:CreateLoadBalancer");
  });

  it("refuses a load balancer where a target group belongs", () => {
    const balancer = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188";
    expect(presetErrors("aws-load-balancer-controller-target-group-binding-only", { targetGroupArns: [balancer] }).join("\n")).toContain("targetGroupArns[0]: is not the ARN of a target group");
  });
});

describe("aws-gateway-controller", () => {
  it("creates only the VPC Lattice and log delivery service-linked roles", () => {
    const workload = presetWorkload("aws-gateway-controller");
    expect(statementsFor(workload, "iam:CreateServiceLinkedRole").flatMap((s) => s.resources).sort()).toEqual([
      "arn:aws:iam::*:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery",
      "arn:aws:iam::*:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice",
    ]);
    expect(conditionsOn(workload, "iam:CreateServiceLinkedRole").sort()).toEqual([
      "StringLike iam:AWSServiceName=delivery.logs.amazonaws.com",
      "StringLike iam:AWSServiceName=vpc-lattice.amazonaws.com",
    ]);
  });
});
