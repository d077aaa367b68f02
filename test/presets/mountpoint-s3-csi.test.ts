import { presetErrors, presetWorkload, statementsFor } from "../support/presets";

describe("mountpoint-s3-csi", () => {
  const bucket = "arn:aws:s3:::datasets";

  it("lists the buckets and reads and writes their objects, nothing else", () => {
    const workload = presetWorkload("mountpoint-s3-csi", { bucketArns: [bucket] });
    expect(statementsFor(workload, "s3:ListBucket").map((s) => s.resources)).toEqual([[bucket]]);
    expect(statementsFor(workload, "s3:PutObject").map((s) => s.resources)).toEqual([[`${bucket}/*`]]);
  });

  it("drops the write actions when read-only, and narrows objects to the given paths", () => {
    const workload = presetWorkload("mountpoint-s3-csi", { bucketArns: [bucket], objectArns: [`${bucket}/team-a/*`], readOnly: true });
    expect(statementsFor(workload, "s3:PutObject")).toEqual([]);
    expect(statementsFor(workload, "s3:DeleteObject")).toEqual([]);
    expect(statementsFor(workload, "s3:GetObject").map((s) => s.resources)).toEqual([[`${bucket}/team-a/*`]]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["an object path outside the buckets", { bucketArns: [bucket], objectArns: ["arn:aws:s3:::other/x/*"] }, "objectArns[0]: is not inside one of bucketArns"],
    ["an object path given as a bucket", { bucketArns: [`${bucket}/prefix`] }, "bucketArns[0]: is not the ARN of a bucket (no object path) (service s3)"],
  ])("refuses %s", (_what, params, message) => {
    expect(presetErrors("mountpoint-s3-csi", params).join("\n")).toContain(`clusters[0].workloads[0].${message}`);
  });
});
