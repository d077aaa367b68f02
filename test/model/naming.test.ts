import { defaultRoleName, fitRoleName, ROLE_NAME_MAX, terraformLabel, workloadLabel } from "../../lib/model/naming";
import { ROLE_NAME } from "../../lib/model/rules";

describe("defaultRoleName", () => {
  it("joins cluster, namespace and service account", () => {
    expect(defaultRoleName("prod-eu", "payments", "s3-backup")).toBe("prod-eu-payments-s3-backup");
  });

  it.each([
    ["a long cluster", "c".repeat(100), "payments", "api"],
    ["a long namespace", "prod", "n".repeat(63), "api"],
    ["a long service account", "prod", "payments", "s".repeat(253)],
  ])("cuts %s to 64 valid characters, the same every time", (_what, cluster, namespace, serviceAccount) => {
    const name = defaultRoleName(cluster, namespace, serviceAccount);
    expect(name.length).toBeLessThanOrEqual(ROLE_NAME_MAX);
    expect(name).toMatch(ROLE_NAME);
    expect(defaultRoleName(cluster, namespace, serviceAccount)).toBe(name);
  });

  it("keeps long names that differ only at the end distinct", () => {
    // GIVEN two workloads whose names share the first 64 characters
    const a = defaultRoleName("prod", "payments", `${"x".repeat(60)}-reader`);
    const b = defaultRoleName("prod", "payments", `${"x".repeat(60)}-writer`);
    // THEN the hash of the full name keeps them apart
    expect(a).not.toBe(b);
    expect(a.slice(0, 40)).toBe(b.slice(0, 40));
  });

  it("leaves names of 64 characters alone", () => {
    const name = "r".repeat(64);
    expect(fitRoleName(name)).toBe(name);
  });
});

describe("terraform labels", () => {
  it.each([
    ["payments", "s3-backup", "payments_s3_backup"],
    ["kube-system", "aws-load-balancer-controller", "kube_system_aws_load_balancer_controller"],
    ["default", "api.v2", "default_api_v2"],
    ["1team", "api", "n1team_api"],
  ])("%s/%s → %s", (namespace, serviceAccount, expected) => {
    expect(workloadLabel(namespace, serviceAccount)).toBe(expected);
    expect(expected).toMatch(/^[a-z_][a-z0-9_]*$/);
  });

  it("turns policy names into snake case", () => {
    expect(terraformLabel("AmazonS3ReadOnlyAccess")).toBe("amazon_s3_read_only_access");
  });
});
