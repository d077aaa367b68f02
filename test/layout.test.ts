/**
 * The import direction of lib/ (.dependency-cruiser.cjs, README "Project
 * layout"): each stage imports only the stages before it, with no cycle.
 * dependency-cruiser reads the imports as TypeScript does, type-only ones
 * included.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT, tempDir } from "./support/files";
import { childEnv } from "./support/output";

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly { readonly name: string }[];
}

/** dependency-cruiser's findings for `paths`, run in `cwd` with the project's rules. */
function cruise(cwd: string, paths: readonly string[]): { violations: Violation[]; cruised: number } {
  const bin = join(PROJECT_ROOT, "node_modules", ".bin", "depcruise");
  const result = spawnSync(bin, ["--config", join(PROJECT_ROOT, ".dependency-cruiser.cjs"), "--output-type", "json", ...paths], { cwd, encoding: "utf8", env: childEnv() });
  if (result.error) throw result.error;
  const json = JSON.parse(result.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: json.summary.violations, cruised: json.summary.totalCruised };
}

/** A tree of TypeScript files under a new folder. */
function tree(files: Readonly<Record<string, string>>): string {
  const dir = tempDir();
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("lib/'s import direction", () => {
  it("holds for the whole program", () => {
    // GIVEN main.ts and lib/ / WHEN their imports are read
    const { violations, cruised } = cruise(PROJECT_ROOT, ["main.ts", "lib"]);
    // THEN every module was read, and none imports against the direction
    expect(cruised).toBeGreaterThan(80);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  /** Each breach, in one tree cruised once: what it is, its files, the finding expected. */
  const BREACHES: readonly (readonly [string, Readonly<Record<string, string>>, string])[] = [
    ["an import up the stages", { "lib/model/a.ts": 'import { b } from "../config/b";\nexport const a = b;\n', "lib/config/b.ts": "export const b = 1;\n" }, "model-imports-up: lib/model/a.ts -> lib/config/b.ts"],
    ["a type-only import up the stages", { "lib/common/a.ts": 'import type { B } from "../cli/b";\nexport type A = B;\n', "lib/cli/b.ts": "export type B = number;\n" }, "common-imports-up: lib/common/a.ts -> lib/cli/b.ts"],
    ["a cycle inside one stage", { "lib/model/c.ts": 'import { d } from "./d";\nexport const c = () => d;\n', "lib/model/d.ts": 'import { c } from "./c";\nexport const d = () => c;\n' }, "no-cycles: lib/model/c.ts -> lib/model/d.ts"],
    ["a module outside the stage folders", { "main.ts": 'import { x } from "./lib/x";\nx;\n', "lib/x.ts": "export const x = 1;\n" }, "stage-folders-only: main.ts -> lib/x.ts"],
    ["main.ts reaching past the command line", { "main.ts": 'import { y } from "./lib/output/y";\ny;\n', "lib/output/y.ts": "export const y = 1;\n" }, "main-imports-cli: main.ts -> lib/output/y.ts"],
    ["lib/ importing test code", { "lib/output/a.ts": 'import { t } from "../../test/t";\nexport const a = t;\n', "test/t.ts": "export const t = 1;\n" }, "no-tests-in-lib: lib/output/a.ts -> test/t.ts"],
  ];
  let found: string[] | undefined;
  function breachesFound(): string[] {
    if (found === undefined) {
      // GIVEN one tree holding every breach (main.ts imports both of its files)
      const files: Record<string, string> = {};
      for (const [, parts] of BREACHES) for (const [path, text] of Object.entries(parts)) files[path] = (files[path] ?? "") + text;
      const dir = tree(files);
      // WHEN cruised with the project's rules
      found = cruise(dir, ["main.ts", "lib"]).violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    }
    return found;
  }

  it.each(BREACHES.map(([what, , expected]) => [what, expected]))("finds %s", (_what, expected) => {
    // THEN each breach is found, by the rule that names it
    expect(breachesFound()).toContain(expected);
  });
});
