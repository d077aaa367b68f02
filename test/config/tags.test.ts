import { expectAccepted, expectRefused, file, GRANT } from "../support/refusal";

const tags = (count: number, prefix: string) => `{ ${Array.from({ length: count }, (_, i) => `${prefix}${i}: v`).join(", ")} }`;

describe("tags", () => {
  it("refuses more than 50 tags on a role once the provider's default tags are added", () => {
    // GIVEN 5 file tags, 20 cluster tags, 24 role tags: 49 of the user's, 52 with irsa-gen's 3
    const yaml = `defaults:\n  tags: ${tags(5, "d")}\n${file([`tags: ${tags(20, "c")}`], [GRANT, `tags: ${tags(24, "w")}`])}`;
    // THEN the role's tags are refused, counting the union
    expectRefused(yaml, 11, "clusters[0].workloads[0].tags", "gives the role 52 tags together with the AWS provider's default tags");
  });

  it("counts a key the role and the cluster both set once", () => {
    const result = expectAccepted(file([`tags: ${tags(20, "c")}`], [GRANT, `tags: ${tags(27, "c")}`]));
    expect(Object.keys(result.config.clusters[0].workloads[0].tags)).toHaveLength(28);
  });

  it.each<[string, string, number, string, string]>([
    ["managed-by on a cluster", file(["tags: { managed-by: me }"], [GRANT]), 4, "clusters[0].tags.managed-by", "is a tag key irsa-gen reserves"],
    ["Managed-By on a workload", file([], [GRANT, "tags: { Managed-By: me }"]), 8, "clusters[0].workloads[0].tags.Managed-By", "is a tag key irsa-gen reserves"],
    ["an irsa-gen/ key in defaults", `defaults:\n  tags: { irsa-gen/owner: me }\n${file([], [GRANT])}`, 2, "defaults.tags.irsa-gen/owner", "is a tag key irsa-gen reserves"],
    ["__proto__", file([], [GRANT, "tags: { __proto__: x }"]), 8, "clusters[0].workloads[0].tags.__proto__", "cannot be used as a key"],
    ["keys that differ only in case", file(["tags: { Team: a }"], [GRANT, "tags: { team: b }"]), 9, "clusters[0].workloads[0].tags.team", 'differs from the tag key "Team" (at clusters[0].tags.Team) only in case'],
  ])("refuses %s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));

  it("merges the file's and the cluster's tags key by key, the cluster's value winning", () => {
    // GIVEN tags in defaults and on the cluster, one key in both
    const result = expectAccepted(`defaults:\n  tags: { team: platform, cost: shared }\n${file(["tags: { team: payments }"], [GRANT])}`);
    // THEN the provider's default tags hold both, and the generator's
    expect(result.config.clusters[0].tags).toEqual({ cost: "shared", "irsa-gen/cluster": "prod", "managed-by": "irsa-gen", team: "payments" });
  });
});
