import { conditionsOn, presetWorkload,  } from "../support/presets";

describe("efs-csi", () => {
  it("deletes only access points tagged by the driver", () => {
    expect(conditionsOn(presetWorkload("efs-csi"), "elasticfilesystem:DeleteAccessPoint")).toEqual(["StringEquals aws:ResourceTag/efs.csi.aws.com/cluster=true"]);
  });
});
