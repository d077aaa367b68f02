/**
 * `terraform fmt -check` on the HCL of every example config, synthesized the
 * way `irsa-gen synth --hcl` does it. Skipped, with the reason, on machines
 * without a terraform binary.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTerraform, moduleName, reportSkip, runTerraform, synthesizeExample } from "../support/terraform";
import { exampleConfigs } from "../support/files";

const EXAMPLES = exampleConfigs();
const cli = findTerraform();
if (!cli.ok) reportSkip("terraform fmt", cli.reason);

(cli.ok ? describe : describe.skip)("terraform fmt", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "irsa-gen-fmt-"));
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it.each(EXAMPLES)("finds the HCL of %s canonical", async (file) => {
    // GIVEN an example config
    const outdir = join(tmp, moduleName(file, "hcl"));

    // WHEN it is synthesized as HCL
    const stacks = await synthesizeExample(file, outdir, true);

    // THEN every stack has its cdk.tf, and terraform fmt would change none of them
    expect(stacks.length).toBeGreaterThan(0);
    expect(stacks.filter((s) => !existsSync(s.file)).map((s) => s.file)).toEqual([]);
    const fmt = await runTerraform(["fmt", "-check", "-diff", "-recursive", "-no-color", outdir], { cwd: tmp });
    // On failure the diff shows what terraform fmt would change.
    expect({ exitCode: fmt.code, diff: `${fmt.stdout}${fmt.stderr}`.split(tmp).join("<tmp>") }).toEqual({ exitCode: 0, diff: "" });
  });
});
