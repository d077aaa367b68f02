import { presetWorkload,  } from "../support/presets";

describe("cloudwatch-observability", () => {
  it.each([
    ["eu-west-1", "aws"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("attaches the two AWS managed policies of the add-on in %s, and no inline policy", (region, partition) => {
    const workload = presetWorkload("cloudwatch-observability", {}, region);
    expect(workload.managedPolicyArns).toEqual([`arn:${partition}:iam::aws:policy/AWSXrayWriteOnlyAccess`, `arn:${partition}:iam::aws:policy/CloudWatchAgentServerPolicy`]);
    expect(workload.policyStatements).toEqual([]);
  });
});
