/**
 * Provider version constraints against what the stack uses: a constraint
 * that admits a hashicorp/aws release without a resource or argument the
 * stack writes is refused at validation, not at `terraform plan`.
 */
import { compareVersions, lowestAdmitted } from "../../lib/config/provider-features";
import { expectAccepted, expectRefused, file } from "../support/refusal";

const GRANT = "managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]";
const versions = (aws: string) => `providerVersions: { aws: "${aws}" }`;

describe("the lowest version a constraint admits", () => {
  it.each<[string, string]>([
    ["= 5.40.0", "5.40.0"],
    ["5.40", "5.40.0"],
    ["~> 6.25", "6.25.0"],
    [">= 5.0, < 7.0", "5.0.0"],
    ["> 5.80.0", "5.80.0"],
    ["< 7.0", "0.0.0"],
    ["!= 6.1.0, >= 6.0.0", "6.0.0"],
    [">= 5.72, >= 6.2.1", "6.2.1"],
  ])("%s admits %s", (constraint, lowest) => {
    expect(lowestAdmitted(constraint)).toBe(lowest);
  });

  it("compares versions numerically", () => {
    expect(compareVersions("5.100.0", "5.81.0")).toBeGreaterThan(0);
    expect(compareVersions("6.0", "6.0.0")).toBe(0);
  });
});

describe("provider version constraints against the features a stack uses", () => {
  // [what, cluster lines, workload lines, fragment]
  it.each<[string, string[], string[], string]>([
    ["an exact 5.40.0 with the drift lock (the default)", [versions("= 5.40.0")], [GRANT], "admits hashicorp/aws 5.40.0, older than 5.72.0, the first release with aws_iam_role_policy_attachments_exclusive"],
    ["a lower bound under the drift lock's", [versions(">= 5.0, < 7.0")], [GRANT], "admits hashicorp/aws 5.0.0, older than 5.72.0"],
    ["5.72 without a thumbprint", [versions("~> 5.72"), "oidcThumbprint: false"], [GRANT], "older than 5.81.0, the first release with an OIDC provider without thumbprint_list"],
    ["5.x with a target role", [versions("~> 5.100"), 'accountId: "111122223333"'], [GRANT, "identity: pod-identity", 'podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/reader" }'], "older than 6.0.0, the first release with target_role_arn"],
    ["5.x without session tags", [versions("~> 5.100")], [GRANT, "identity: pod-identity", "podIdentity: { disableSessionTags: true, unpinnedTrust: true }"], "older than 6.0.0, the first release with disable_session_tags"],
    ["5.20 with Pod Identity and no drift lock", [versions("~> 5.20")], [GRANT, "identity: pod-identity", "exclusivePolicies: false"], "older than 5.29.0, the first release with aws_eks_pod_identity_association"],
    ["only an upper bound", [versions("< 7.0")], [GRANT], "admits hashicorp/aws 0.0.0"],
  ])("refuses %s", (_what, cluster, workload, fragment) => {
    expectRefused(file(cluster, workload), 4, "clusters[0].providerVersions.aws", fragment);
  });

  it("refuses a constraint in defaults at its own place", () => {
    const yaml = `defaults:\n  ${versions("= 5.40.0")}\n${file([], [GRANT])}`;
    expectRefused(yaml, 2, "defaults.providerVersions.aws", "older than 5.72.0");
  });

  it.each<[string, string[], string[]]>([
    ["5.72 with the drift lock", [versions("~> 5.72")], [GRANT]],
    ["5.29 with Pod Identity and no drift lock", [versions(">= 5.29.0, < 6.0.0")], [GRANT, "identity: pod-identity", "exclusivePolicies: false"]],
    ["anything without the drift lock, Pod Identity or an unthumbprinted provider", [versions(">= 4.0")], [GRANT, "exclusivePolicies: false"]],
    ["6.x with a target role", [versions("~> 6.0"), 'accountId: "111122223333"'], [GRANT, "identity: pod-identity", 'podIdentity: { targetRoleArn: "arn:aws:iam::444455556666:role/reader" }']],
  ])("accepts %s", (_what, cluster, workload) => {
    expectAccepted(file(cluster, workload));
  });
});
