import { allowedActions, presetWorkload, statementsFor } from "../support/presets";

const BUCKET = "arn:aws:s3:::velero-backups";

describe("velero", () => {
  it("reads and writes objects only in its buckets", () => {
    const workload = presetWorkload("velero", { bucketArns: [BUCKET] });
    expect(statementsFor(workload, "s3:PutObject").map((s) => s.resources)).toEqual([[`${BUCKET}/*`]]);
    expect(statementsFor(workload, "s3:ListBucket").map((s) => s.resources)).toEqual([[BUCKET]]);
    expect(allowedActions(workload)).toContain("ec2:CreateSnapshot");
  });

  it("drops EC2 when volume snapshots are off", () => {
    expect(allowedActions(presetWorkload("velero", { bucketArns: [BUCKET], volumeSnapshots: false })).filter((a) => a.startsWith("ec2:"))).toEqual([]);
  });
});
