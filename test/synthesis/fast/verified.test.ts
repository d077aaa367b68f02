/**
 * The fence around the fast path (lib/synthesis/fast/verified.ts): it runs
 * only with the cdktf version it was verified against; with any other,
 * synthesis goes through cdktf's own App.synth() and writes the same bytes.
 */
import { fastPathHolds, installedCdktfVersion, VERIFIED_CDKTF_VERSION } from "../../../lib/synthesis/fast/verified";
import { readTree, tempDir } from "../../support/files";
import { loadExample } from "../../support/terraform";

describe("the fast path's fence", () => {
  it("holds with the installed cdktf, so that every other test exercises the fast path", () => {
    // GIVEN the cdktf this project installs / THEN it is the verified version
    expect(installedCdktfVersion()).toBe(VERIFIED_CDKTF_VERSION);
    expect(fastPathHolds(installedCdktfVersion())).toBe(true);
  });

  it.each(["0.21.1", "0.20.0", "0.22.0-pre.1", "0.21", " 0.21.0", ""])("does not hold with cdktf %j", (version) => {
    // GIVEN another version / THEN the fast path is off
    expect(fastPathHolds(version)).toBe(false);
  });

  it.each([false, true])("with another cdktf, writes through App.synth() the same bytes as the fast path (hcl: %s)", async (hcl) => {
    // GIVEN the example, synthesized on the fast path
    const { synthesize } = await import("../../../lib/synthesis/synth");
    const config = loadExample("irsa.yaml");
    const fast = tempDir();
    await synthesize(config, { outdir: fast, hcl, projectDir: fast });
    // WHEN the installed cdktf is another version
    const notices: string[] = [];
    const other = tempDir();
    await jest.isolateModulesAsync(async () => {
      jest.doMock("../../../lib/synthesis/fast/verified", () => ({ ...jest.requireActual("../../../lib/synthesis/fast/verified"), installedCdktfVersion: () => "0.21.1" }));
      const direct = jest.fn();
      jest.doMock("../../../lib/synthesis/stack-synthesis", () => {
        const actual = jest.requireActual("../../../lib/synthesis/stack-synthesis");
        return { ...actual, synthesizeDirect: (...args: unknown[]) => (direct(), actual.synthesizeDirect(...args)) };
      });
      const isolated = await import("../../../lib/synthesis/synth");
      await isolated.synthesize(config, { outdir: other, hcl, projectDir: other, notice: (line) => notices.push(line) });
      // THEN the direct path was not taken
      expect(direct).not.toHaveBeenCalled();
    });
    jest.dontMock("../../../lib/synthesis/fast/verified");
    jest.dontMock("../../../lib/synthesis/stack-synthesis");
    // THEN the user is told, and the output is the same, byte for byte
    expect(notices.join("\n")).toContain("note: cdktf 0.21.1 is not the version irsa-gen's fast synthesis was verified against (0.21.0): writing through cdktf's own App.synth()");
    expect(readTree(other)).toEqual(readTree(fast));
  });
});
