import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parameterReference, presetTable } from "../../lib/presets/table";

/** The text between `<!-- name:begin -->` and `<!-- name:end -->` in a project file. */
function section(file: string, name: string): string {
  const text = readFileSync(join(__dirname, "..", "..", file), "utf8");
  const match = new RegExp(`<!-- ${name}:begin -->\\n([\\s\\S]*?)\\n?<!-- ${name}:end -->`).exec(text);
  if (!match) throw new Error(`${file} has no ${name} section`);
  return match[1].trim();
}

describe("the preset documentation", () => {
  it("README's table is the registry's (regenerate with npm run --silent presets)", () => {
    expect(section("README.md", "presets")).toBe(presetTable());
  });

  it("docs/presets.md describes every parameter of every preset (regenerate with npm run --silent presets -- --parameters)", () => {
    expect(section("docs/presets.md", "parameters")).toBe(parameterReference());
  });
});
