import { plural, someOf } from "../../lib/common/plurals";

describe("plural", () => {
  it.each([
    [0, "0 roles"],
    [1, "1 role"],
    [2, "2 roles"],
  ])("counts %d as %s", (n, expected) => {
    expect(plural(n, "role")).toBe(expected);
  });
});

describe("someOf", () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
  it.each([
    [0, ""],
    [1, "r0"],
    [6, "r0, r1, r2, r3, r4, r5"],
    [7, "r0, r1, r2, r3, r4 and 2 more"],
    [100, "r0, r1, r2, r3, r4 and 95 more"],
  ])("GIVEN %d names THEN lists %j (never \"and 1 more\")", (n, expected) => {
    expect(someOf(names(n))).toBe(expected);
  });
});
