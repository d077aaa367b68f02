/** Which mechanisms each identity uses (lib/model/mechanisms.ts): the one table everything asks. */
import { DEFAULT_IDENTITY, mechanismsOf } from "../../lib/model/mechanisms";
import type { Identity } from "../../lib/model/model";

describe("mechanismsOf", () => {
  it.each<[Identity, boolean, boolean]>([
    ["irsa", true, false],
    ["pod-identity", false, true],
    ["both", true, true],
  ])("GIVEN identity %s THEN IRSA is %s and EKS Pod Identity is %s", (identity, irsa, podIdentity) => {
    expect(mechanismsOf(identity)).toEqual({ irsa, podIdentity });
  });

  it("defaults to IRSA, the mechanism that works in every partition", () => {
    expect(DEFAULT_IDENTITY).toBe("irsa");
  });
});
