import { oneCluster, synthCluster } from "../support/config";
import { errorsOf, WORKLOAD } from "../support/lifecycle";

describe("provider versions", () => {
  it("writes constraints compatible with the bindings, not exact pins", () => {
    const tf = synthCluster(oneCluster(WORKLOAD));
    expect(tf.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 6.25" });
    expect(tf.terraform.required_providers.kubernetes).toEqual({ source: "hashicorp/kubernetes", version: "~> 2.38" });
    expect(tf.terraform.required_providers.tls).toEqual({ source: "hashicorp/tls", version: "~> 4.1" });
  });

  it("takes the organisation's constraints from defaults and clusters", () => {
    const tf = synthCluster(`defaults:\n  providerVersions: { aws: ">= 6.25, < 7.0", tls: "4.1.0" }\n${oneCluster(WORKLOAD, '    providerVersions: { aws: "6.30.0" }\n')}`);
    expect(tf.terraform.required_providers.aws.version).toBe("6.30.0");
    expect(tf.terraform.required_providers.tls.version).toBe("4.1.0");
  });

  it("refuses what is no version constraint", () => {
    expect(errorsOf(oneCluster(WORKLOAD, '    providerVersions: { aws: "latest" }\n')).join("\n")).toContain("is not a Terraform version constraint");
  });
});
