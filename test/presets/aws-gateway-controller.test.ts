import { conditionsOn, presetWorkload, statementsFor } from "../support/presets";

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
