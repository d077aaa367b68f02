/**
 * What is measured, and the temporary projects it needs.
 *
 * - json, hcl: irsa-gen exactly as a user runs it (`npm run synth`, `npm run synth:hcl`);
 * - template: the straightforward baseline app (baseline/main.ts) in a copy
 *   of cdktf's TypeScript template, `npx cdktf synth` with ts-node;
 * - compiled: the same app compiled with tsc, started with node;
 * - floor: node loading what irsa-gen imports, through npm and directly;
 * - test: `npm test`.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchConfig } from "./configs";
import type { Command } from "./measure";

export type VariantKey = "json" | "hcl" | "template" | "compiled";

export const VARIANT_KEYS: readonly VariantKey[] = ["json", "hcl", "template", "compiled"];

export interface Variant {
  readonly key: VariantKey;
  readonly title: string;
  /** The file each stack folder must hold afterwards. */
  readonly stackFile: string;
  /** Why the variant cannot run at all, if so (reported in every row). */
  readonly unavailable?: string;
  command(config: BenchConfig, outdir: string): Command;
}

/** Everything the variants need, prepared once in the temporary folder. */
export interface Workspace {
  readonly root: string;
  readonly tmp: string;
  /** The environment of every measured command. */
  readonly env: NodeJS.ProcessEnv;
  readonly variants: readonly Variant[];
  readonly floorNpm: Command;
  readonly floorNode: Command;
  readonly test: Command;
  /** Said in the results when the floor ran without the project's npm script. */
  readonly floorNote?: string;
}

/** The npm script that runs floor.js (see bench/README.md). */
export const FLOOR_SCRIPT = "bench:floor";

const NPM = "npm";

/**
 * The environment of a command as a user's shell would give it: without the
 * npm_* variables of the `npm run bench` around us (they would change how
 * the inner npm behaves), without settings of ours, with cdktf's telemetry
 * off, and with the RSS probe preloaded into every node process.
 */
export function commandEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || ["INIT_CWD", "IRSA_CONFIG", "CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT", "CI"].includes(key)) continue;
    env[key] = value;
  }
  const probe = join(root, "bench", "rss-probe.js");
  env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(probe)}`].filter(Boolean).join(" ");
  env.CHECKPOINT_DISABLE = "1";
  return env;
}

export function prepareWorkspace(root: string, tmp: string): Workspace {
  const env = commandEnv(root);
  const app = join(tmp, "baseline-app");
  mkdirSync(app, { recursive: true });
  const templateProblem = prepareTemplateApp(root, app);
  const compiledDir = join(app, "compiled");
  const compileProblem = compileBaseline(root, compiledDir);

  const json: Variant = {
    key: "json",
    title: "ours JSON",
    stackFile: "cdk.tf.json",
    command: (config, outdir) => npmRun(root, "synth", { ...env, IRSA_CONFIG: config.file, CDKTF_OUTDIR: outdir }),
  };
  const hcl: Variant = {
    key: "hcl",
    title: "ours HCL",
    stackFile: "cdk.tf",
    command: (config, outdir) => npmRun(root, "synth:hcl", { ...env, IRSA_CONFIG: config.file, CDKTF_OUTDIR: outdir }),
  };
  const template: Variant = {
    key: "template",
    title: "template (ts-node, cdktf synth)",
    stackFile: "cdk.tf.json",
    unavailable: templateProblem,
    // --output: the variant's own folder, as for the other variants (see runVariant in run.ts).
    command: (config, outdir) => ({ file: "npx", args: ["cdktf", "synth", "--output", outdir], cwd: app, env: { ...env, IRSA_CONFIG: config.file } }),
  };
  const compiled: Variant = {
    key: "compiled",
    title: "baseline compiled (node)",
    stackFile: "cdk.tf.json",
    unavailable: compileProblem,
    command: (config, outdir) => ({
      file: process.execPath,
      args: [join(compiledDir, "main.js")],
      cwd: app,
      env: { ...env, IRSA_CONFIG: config.file, CDKTF_OUTDIR: outdir },
    }),
  };

  const floorScript = floorCommand(root, tmp, env);
  return {
    root,
    tmp,
    env,
    variants: [json, hcl, template, compiled],
    floorNpm: floorScript.command,
    floorNode: { file: process.execPath, args: [join(root, "bench", "floor.js")], cwd: root, env },
    test: { file: NPM, args: ["test"], cwd: root, env },
    floorNote: floorScript.note,
  };
}

function npmRun(root: string, script: string, env: NodeJS.ProcessEnv): Command {
  return { file: NPM, args: ["run", script], cwd: root, env };
}

/**
 * `npm run bench:floor` in the project. Until package.json has that
 * script, the same line runs from a throwaway package.json, which costs npm
 * the same start-up; the results say so.
 */
function floorCommand(root: string, tmp: string, env: NodeJS.ProcessEnv): { command: Command; note?: string } {
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  if (scripts[FLOOR_SCRIPT]) return { command: npmRun(root, FLOOR_SCRIPT, env) };
  const dir = join(tmp, "floor-npm");
  mkdirSync(dir, { recursive: true });
  const line = `node ${JSON.stringify(join(root, "bench", "floor.js"))}`;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "irsa-bench-floor", private: true, scripts: { [FLOOR_SCRIPT]: line } }, null, 2));
  return {
    command: npmRun(dir, FLOOR_SCRIPT, env),
    note: `package.json has no "${FLOOR_SCRIPT}" script: the floor ran the same line from a temporary package.json.`,
  };
}

/**
 * A copy of what `cdktf init --template=typescript` gives a user (cdktf.json
 * with `"app": "npx ts-node main.ts"`, tsconfig.json, package.json), taken
 * from the installed cdktf-cli, with baseline/main.ts as its main.ts and the
 * project's node_modules linked in. Returns why it cannot be used, if so.
 */
function prepareTemplateApp(root: string, app: string): string | undefined {
  const template = join(root, "node_modules", "cdktf-cli", "bundle", "templates", "typescript");
  if (!existsSync(template)) return `cdktf's TypeScript template was not found in ${template}`;
  if (!resolvable(root, "ts-node/package.json")) return "ts-node is not installed (it is a devDependency of the bench)";
  const fill = (name: string, values: Record<string, string>): string => {
    let text = readFileSync(join(template, name), "utf8");
    for (const [key, value] of Object.entries(values)) text = text.split(key).join(value);
    return text;
  };
  // cdktf 0.21 has no future flags (cdktf/lib/features.js), so the template's
  // {{futureFlags}} line is empty for every new project.
  const cdktfJson = fill("cdktf.json", { "{{projectId}}": "irsa-bench-baseline", "{{sendCrashReports}}": "false", "{{futureFlags}}": "" });
  const packageJson = fill("package.json", { "{{ $base }}": "irsa-bench-baseline" });
  try {
    JSON.parse(cdktfJson);
    JSON.parse(packageJson);
  } catch (error) {
    return `cdktf's template changed shape: ${(error as Error).message}`;
  }
  writeFileSync(join(app, "cdktf.json"), cdktfJson);
  writeFileSync(join(app, "package.json"), packageJson);
  copyFileSync(join(template, "tsconfig.json"), join(app, "tsconfig.json"));
  copyFileSync(join(root, "bench", "baseline", "main.ts"), join(app, "main.ts"));
  symlinkSync(join(root, "node_modules"), join(app, "node_modules"), "dir");
  return undefined;
}

/** Compiles baseline/main.ts with its template-like tsconfig into `outDir`. */
function compileBaseline(root: string, outDir: string): string | undefined {
  if (!resolvable(root, "typescript/bin/tsc")) return "typescript is not installed";
  const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "bench", "baseline", "tsconfig.json"), "--outDir", outDir], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status === 0 && existsSync(join(outDir, "main.js"))) return undefined;
  return `bench/baseline/main.ts did not compile:\n${`${result.stdout}${result.stderr}`.trim().split("\n").slice(-15).join("\n")}`;
}

function resolvable(root: string, request: string): boolean {
  try {
    require.resolve(request, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

/** Why `outdir` does not hold one `stackFile` per cluster, if it does not. */
export function checkOutput(outdir: string, config: BenchConfig, stackFile: string): string | undefined {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return `no ${stacks}`;
  const written = readdirSync(stacks).filter((s) => existsSync(join(stacks, s, stackFile))).length;
  return written === config.clusters ? undefined : `${written} of ${config.clusters} stacks have a ${stackFile}`;
}

/** What a JSON output holds: kinds of blocks (`resource.aws_iam_role`, `provider.tls`, `output`, `import`) and their number. */
export interface Shape {
  readonly kinds: ReadonlySet<string>;
  /** Resources, data sources, outputs and `import`, `moved` and `removed` blocks over all stacks. */
  readonly blocks: number;
}

export function shapeOf(outdir: string): Shape {
  const kinds = new Set<string>();
  let blocks = 0;
  const stacks = join(outdir, "stacks");
  for (const stack of readdirSync(stacks)) {
    const tf = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8")) as Record<string, Record<string, unknown>>;
    for (const section of ["resource", "data"]) {
      for (const [type, byLabel] of Object.entries(tf[section] ?? {})) {
        kinds.add(`${section}.${type}`);
        blocks += Object.keys(byLabel as object).length;
      }
    }
    for (const provider of Object.keys(tf.provider ?? {})) kinds.add(`provider.${provider}`);
    const outputs = Object.keys(tf.output ?? {}).length;
    if (outputs > 0) kinds.add("output");
    blocks += outputs;
    for (const kind of ["import", "moved", "removed"]) {
      const list = (tf as Record<string, unknown>)[kind];
      if (!Array.isArray(list) || list.length === 0) continue;
      kinds.add(kind);
      blocks += list.length;
    }
  }
  return { kinds, blocks };
}
