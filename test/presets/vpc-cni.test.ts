import { allowedActions, presetErrors, presetWorkload, statementsFor } from "../support/presets";

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
