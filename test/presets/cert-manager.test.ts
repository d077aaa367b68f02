import { conditionsOn, presetWorkload, statementsFor } from "../support/presets";

const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";

describe("cert-manager", () => {
  it("by default changes only the TXT records of ACME challenges", () => {
    expect(conditionsOn(presetWorkload("cert-manager", { hostedZoneArns: [ZONE] }), "route53:ChangeResourceRecordSets")).toEqual([
      "ForAllValues:StringEquals route53:ChangeResourceRecordSetsRecordTypes=TXT",
      "ForAllValues:StringLike route53:ChangeResourceRecordSetsNormalizedRecordNames=_acme-challenge.*",
    ]);
  });

  it("lifts the record condition when asked, and reads changes in its own partition", () => {
    const workload = presetWorkload("cert-manager", { hostedZoneArns: [ZONE.replace("arn:aws:", "arn:aws-cn:")], acmeChallengeRecordsOnly: false }, "cn-north-1");
    expect(conditionsOn(workload, "route53:ChangeResourceRecordSets")).toEqual([]);
    expect(statementsFor(workload, "route53:GetChange").map((s) => s.resources)).toEqual([["arn:aws-cn:route53:::change/*"]]);
  });
});
