import { expectAccepted, expectRefused, file, GRANT } from "../support/refusal";

describe("regions", () => {
  const inRegion = (region: string, extra: string[] = []) => file(extra, [GRANT.replace("arn:aws:", region.startsWith("cn-") ? "arn:aws-cn:" : region.startsWith("us-gov-") ? "arn:aws-us-gov:" : "arn:aws:")]).replace("eu-west-1", region);

  it("refuses a region that has the form of one but does not exist", () => {
    expectRefused(inRegion("eu-west-9"), 3, "clusters[0].region", "is not a known region of partition aws");
  });

  it.each(["eu-west-1", "ap-southeast-7", "mx-central-1", "cn-northwest-1", "us-gov-east-1"])("accepts %s", (region) => {
    expectAccepted(inRegion(region));
  });

  it("accepts a region newer than the list with allowUnknownRegion, and warns", () => {
    // GIVEN allowUnknownRegion on the cluster
    const result = expectAccepted(inRegion("eu-west-9", ["allowUnknownRegion: true"]));
    // THEN a warning says it is not in the list
    expect(result.warnings).toEqual([expect.stringContaining("clusters[0].region: warning: is not in irsa-gen's list of regions of partition aws")]);
  });

  it("takes allowUnknownRegion from defaults", () => {
    const result = expectAccepted(`defaults:\n  allowUnknownRegion: true\n${inRegion("ap-south-9")}`);
    expect(result.warnings.join("\n")).toContain("allowUnknownRegion (at defaults.allowUnknownRegion) accepts it");
  });
});
