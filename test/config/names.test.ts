import { check, expectRefused, GRANT } from "../support/refusal";

/** Names IAM and file systems compare ignoring case. */
describe("names unique ignoring case", () => {
  const clusters = (...lines: string[]) => ["clusters:", ...lines.map((l) => `  - ${l}`), ""].join("\n");
  const workload = (roleName: string) => `[{ namespace: x, serviceAccount: y, roleName: ${roleName}, ${GRANT} }]`;

  it("refuses role names equal ignoring case in one account, across clusters", () => {
    // GIVEN Shared-Role and shared-role in one account
    const yaml = clusters(
      `{ name: a, region: eu-west-1, accountId: "111122223333", workloads: ${workload("Shared-Role")} }`,
      `{ name: b, region: eu-west-1, accountId: "111122223333", workloads: ${workload("shared-role")} }`,
    );
    // THEN the second is refused, naming the first
    expectRefused(yaml, 3, "clusters[1].workloads[0].roleName", 'which x/y of cluster a has as "Shared-Role" (IAM role names ignore case) (first at t.yaml:2:');
    expect(check(yaml).errors[0]).toContain("clusters[0].workloads[0].roleName)");
  });

  it("compares a cluster without accountId with every account", () => {
    const yaml = clusters(`{ name: a, region: eu-west-1, accountId: "111122223333", workloads: ${workload("r")} }`, `{ name: b, region: eu-west-1, workloads: ${workload("R")} }`);
    expectRefused(yaml, 3, "clusters[1].workloads[0].roleName", "IAM role names ignore case");
  });

  it("accepts one role name in two accounts", () => {
    const yaml = clusters(`{ name: a, region: eu-west-1, accountId: "111122223333", workloads: ${workload("r")} }`, `{ name: b, region: eu-west-1, accountId: "444455556666", workloads: ${workload("R")} }`);
    expect(check(yaml).errors).toEqual([]);
  });

  it("refuses cluster names equal ignoring case: their stack folders collide on case-insensitive file systems", () => {
    const yaml = clusters(`{ name: Prod, region: eu-west-1, workloads: ${workload("a")} }`, `{ name: prod, region: eu-west-1, workloads: ${workload("b")} }`);
    expectRefused(yaml, 3, "clusters[1].name", "differs from the cluster Prod only in case: each cluster is a stack folder, and on case-insensitive file systems (macOS, Windows) the two are one folder (first at t.yaml:2:13 clusters[0].name)");
  });
});
