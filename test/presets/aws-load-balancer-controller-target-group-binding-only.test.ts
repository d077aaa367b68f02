import { allowedActions, presetErrors, presetWorkload, statementsFor } from "../support/presets";

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
