import { conditionsOn, presetErrors, presetWorkload, statementsFor } from "../support/presets";

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

describe("efs-csi", () => {
  it("deletes only access points tagged by the driver", () => {
    expect(conditionsOn(presetWorkload("efs-csi"), "elasticfilesystem:DeleteAccessPoint")).toEqual(["StringEquals aws:ResourceTag/efs.csi.aws.com/cluster=true"]);
  });
});

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
