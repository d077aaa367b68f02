import { conditionsOn, presetWorkload, statementsFor } from "../support/presets";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("ebs-csi", () => {
  it("creates and deletes only volumes and snapshots the driver tagged", () => {
    const workload = presetWorkload("ebs-csi");
    expect(conditionsOn(workload, "ec2:DeleteVolume")).toEqual([
      "StringLike aws:ResourceTag/ebs.csi.aws.com/cluster=true",
      "StringLike aws:ResourceTag/CSIVolumeName=*",
      "StringLike ec2:ResourceTag/kubernetes.io/created-for/pvc/name=*",
    ]);
    expect(conditionsOn(workload, "ec2:CreateTags")).toEqual(["StringEquals ec2:CreateAction=CreateSnapshot,CreateVolume"]);
    expect(statementsFor(workload, "kms:CreateGrant")).toEqual([]);
  });

  it("grants KMS only on the given keys, grants only for AWS resources", () => {
    const workload = presetWorkload("ebs-csi", { kmsKeyArns: [KEY] });
    expect(statementsFor(workload, "kms:CreateGrant").map((s) => s.resources)).toEqual([[KEY]]);
    expect(conditionsOn(workload, "kms:CreateGrant")).toEqual(["Bool kms:GrantIsForAWSResource=true"]);
    expect(statementsFor(workload, "kms:Decrypt").map((s) => s.resources)).toEqual([[KEY]]);
  });
});
