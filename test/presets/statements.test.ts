import { conditionsOn, presetWorkload, statementsFor } from "../support/presets";

describe.each([
  ["fsx-lustre-csi", "s3.data-source.lustre.fsx.amazonaws.com"],
  ["fsx-openzfs-csi", "fsx.amazonaws.com"],
])("%s", (name, serviceLinked) => {
  it.each([
    ["eu-west-1", "aws"],
    ["cn-north-1", "aws-cn"],
  ])("creates only FSx's service-linked roles (%s)", (region, partition) => {
    const workload = presetWorkload(name, {}, region);
    const create = statementsFor(workload, "iam:CreateServiceLinkedRole");
    expect(create.map((s) => s.resources)).toEqual(expect.arrayContaining([[`arn:${partition}:iam::*:role/aws-service-role/${serviceLinked}/*`]]));
    expect(conditionsOn(workload, "iam:CreateServiceLinkedRole")).toEqual(["StringLike iam:AWSServiceName=fsx.amazonaws.com"]);
  });
});
