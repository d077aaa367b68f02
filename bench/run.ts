/**
 * `npm run bench`: how long irsa-gen takes to synthesize, and how much
 * memory, against a straightforward cdktf app doing the same and against
 * the floor of starting node with the same modules.
 *
 * Configs: the bundled irsa.yaml, then synthetic organisations from 1×10 to
 * 100×100 (clusters × workloads). Variants: see variants.ts. Runs of one
 * config go round-robin over the variants, so that drift of the machine
 * (other load, thermal) spreads over all of them rather than favouring one.
 *
 * Prints one markdown table and writes it to bench/results/latest.md and
 * bench/results/<date>-<commit>.md. Exits 1 when a variant failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { exampleConfig, SMOKE_CONFIG, SYNTHETIC_SHAPES, syntheticConfig, type BenchConfig } from "./configs";
import { killRunning, measure, summarize, type Command, type Sample } from "./measure";
import { parseOptions, USAGE, type Options } from "./options";
import { describeEnvironment, renderMarkdown, type Cell, type Results, type Row } from "./report";
import { checkOutput, prepareWorkspace, shapeOf, VARIANT_KEYS, type Shape, type Variant, type VariantKey, type Workspace } from "./variants";

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Names `--only` accepts besides config names. */
const EXTRA_KEYS = ["floor", "test"] as const;

/** State shared by the runs of one bench. */
interface Bench {
  readonly options: Options;
  readonly workspace: Workspace;
  /** Numbers the temporary output folders and RSS files. */
  counter: number;
  /** Every failure, for the exit code. */
  failures: number;
  /** Medians of the ts-node template so far, to foresee when it gets impractical. */
  readonly templateTimes: { workloads: number; ms: number }[];
  readonly checks: string[];
  readonly notes: string[];
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(`bench: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const unknown = unknownNames(options);
  if (unknown) {
    log(`bench: ${unknown}\n${USAGE}`);
    return 2;
  }
  const root = projectRoot(__dirname);
  const tmp = mkdtempSync(join(tmpdir(), "irsa-bench-"));
  const cleanup = (): void => {
    killRunning();
    if (options.keep) log(`bench: kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      cleanup();
      process.exit(code);
    });
  }
  try {
    return await runBench(options, root, tmp);
  } finally {
    cleanup();
  }
}

/** The project folder, whether this runs compiled (dist/bench/) or not (bench/). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bench", "rss-probe.js"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project folder above ${from}`);
  }
}

async function runBench(options: Options, root: string, tmp: string): Promise<number> {
  log(`bench: preparing in ${tmp}`);
  const workspace = prepareWorkspace(root, tmp);
  // The commit and time when the measuring starts: what the numbers belong to.
  const environment = describeEnvironment(root, workspace.env);
  const bench: Bench = { options, workspace, counter: 0, failures: 0, templateTimes: [], checks: [], notes: [] };
  for (const v of workspace.variants) if (v.unavailable) log(`bench: ${v.key} cannot run: ${v.unavailable}`);

  const { configs, variants, floor, test } = select(options, root, workspace, tmp, bench);

  if (!options.smoke && configs.length > 0) await warmUp(bench, configs[0], variants, floor);

  const floorRuns = options.runs ?? (options.smoke ? 1 : 5);
  if (floor && workspace.floorNote) bench.notes.push(workspace.floorNote);
  const [floorNpm, floorNode] = floor ? await measureFloor(bench, floorRuns) : [undefined, undefined];
  const rows: Row[] = [];
  for (const config of configs) rows.push(await measureConfig(bench, config, variants));
  const testCell = test ? await measureTest(bench) : undefined;
  const ledger = options.smoke || options.only.length > 0 ? undefined : measureLedger(bench, root);

  const results: Results = {
    environment,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    floorNpm,
    floorNode,
    test: testCell,
    rows,
    checks: bench.checks,
    notes: bench.notes,
    ...(ledger !== undefined ? { ledger } : {}),
  };
  const markdown = renderMarkdown(results);
  process.stdout.write(`\n${markdown}`);
  if (options.write ?? (!options.smoke && options.only.length === 0)) writeResults(root, results, markdown);
  else log("bench: partial run, bench/results/ left as it was (--write to write it)");
  return bench.failures > 0 ? 1 : 0;
}

/**
 * The ledger's share of a synthesis at 100 × 100 and 1 × 1000, timed inside
 * one process (scripts/bench-ledger.js): the law runs before any stack is
 * written, so its time adds to every run.
 */
function measureLedger(bench: Bench, root: string): string | undefined {
  log("bench: the ledger and its law (scripts/bench-ledger.js)");
  const run = spawnSync(process.execPath, [join(root, "scripts", "bench-ledger.js")], { cwd: root, env: bench.workspace.env, encoding: "utf8" });
  if (run.status === 0) return run.stdout;
  bench.failures++;
  bench.notes.push(`the ledger's benchmark failed: ${(run.stderr || run.stdout).trim().split("\n")[0]}`);
  return undefined;
}

interface Selection {
  readonly configs: BenchConfig[];
  readonly variants: Variant[];
  readonly floor: boolean;
  readonly test: boolean;
}

const CONFIG_NAMES: readonly string[] = ["example", ...SYNTHETIC_SHAPES.map(([c, w]) => `${c}x${w}`)];
const VARIANT_NAMES: readonly string[] = [...VARIANT_KEYS, ...EXTRA_KEYS];

/** What is wrong with --only, checked before anything is prepared. */
function unknownNames(options: Options): string | undefined {
  const unknown = options.only.filter((n) => !CONFIG_NAMES.includes(n) && !VARIANT_NAMES.includes(n));
  return unknown.length > 0 ? `unknown name for --only: ${unknown.join(", ")}` : undefined;
}

/** The configs and variants to run, after --smoke and --only. */
function select(options: Options, root: string, workspace: Workspace, tmp: string, bench: Bench): Selection {
  const configNames = CONFIG_NAMES;
  const variantNames = VARIANT_NAMES;
  const onlyConfigs = options.only.filter((n) => configNames.includes(n));
  const onlyVariants = options.only.filter((n) => variantNames.includes(n));
  const wantedConfig = (name: string): boolean => (options.smoke ? name === SMOKE_CONFIG : onlyConfigs.length === 0 || onlyConfigs.includes(name));
  const wantedVariant = (name: string): boolean => onlyVariants.length === 0 || onlyVariants.includes(name);

  const configs: BenchConfig[] = [];
  if (wantedConfig("example")) {
    try {
      configs.push(exampleConfig(root, workspace.env));
    } catch (error) {
      bench.failures++;
      bench.notes.push(`irsa.yaml was left out: ${(error as Error).message.split("\n")[0]}`);
      log(`bench: irsa.yaml left out: ${(error as Error).message}`);
    }
  }
  const configDir = join(tmp, "configs");
  mkdirSync(configDir, { recursive: true });
  for (const [clusters, perCluster] of SYNTHETIC_SHAPES) {
    if (wantedConfig(`${clusters}x${perCluster}`)) configs.push(syntheticConfig(configDir, clusters, perCluster));
  }
  return {
    configs,
    variants: workspace.variants.filter((v) => wantedVariant(v.key)),
    floor: wantedVariant("floor"),
    test: options.test && wantedVariant("test"),
  };
}

/** One untimed run of everything first: the file cache is warm for every timed run alike. */
async function warmUp(bench: Bench, config: BenchConfig, variants: readonly Variant[], floor: boolean): Promise<void> {
  log(`bench: warm-up on ${config.name}`);
  for (const variant of variants) if (!variant.unavailable) await runVariant(bench, variant, config, "warm-up");
  if (floor) {
    await runCommand(bench, bench.workspace.floorNpm, "warm-up floor (npm)");
    await runCommand(bench, bench.workspace.floorNode, "warm-up floor (node)");
  }
}

async function measureFloor(bench: Bench, runs: number): Promise<[Cell, Cell]> {
  const npm: Sample[] = [];
  const node: Sample[] = [];
  for (let i = 1; i <= runs; i++) {
    npm.push(await runCommand(bench, bench.workspace.floorNpm, `floor (npm) ${i}/${runs}`));
    node.push(await runCommand(bench, bench.workspace.floorNode, `floor (node) ${i}/${runs}`));
  }
  return [cellOf(npm), cellOf(node)];
}

async function measureTest(bench: Bench): Promise<Cell> {
  return cellOf([await runCommand(bench, bench.workspace.test, "npm test")]);
}

/** All variants on one config, round-robin; returns its row of the table. */
async function measureConfig(bench: Bench, config: BenchConfig, variants: readonly Variant[]): Promise<Row> {
  const runs = bench.options.runs ?? (bench.options.smoke ? 1 : config.workloads <= 100 ? 5 : 3);
  log(`bench: ${config.name} (${config.clusters} × ${config.workloads / config.clusters}), ${runs} run(s) each`);
  const samples = new Map<VariantKey, Sample[]>();
  /** Variants that stop before `runs`, with what the cell says about it. */
  const stopped = new Map<VariantKey, { status: string; note?: string }>();
  const shapes = new Map<VariantKey, Shape>();
  for (const variant of variants) {
    samples.set(variant.key, []);
    if (variant.unavailable) stopped.set(variant.key, { status: "failed (cannot run)" });
    else if (variant.key === "template") {
      const skip = templateSkip(bench, config);
      if (skip) stopped.set(variant.key, { status: skip });
    }
  }
  for (let i = 1; i <= runs; i++) {
    for (const variant of variants) {
      if (stopped.has(variant.key)) continue;
      const sample = await runVariant(bench, variant, config, `${i}/${runs}`, shapes);
      samples.get(variant.key)!.push(sample);
      if (!sample.ok && samples.get(variant.key)!.every((s) => !s.ok)) {
        // Failing from the first run, it fails every time: its time goes to the others.
        // A failure after successful runs is intermittent, and the cell counts it.
        stopped.set(variant.key, { status: "failed" });
      } else if (variant.key === "template" && sample.ms > bench.options.templateLimitMs && i < runs) {
        stopped.set(variant.key, { status: "skipped", note: `(${i} run: over ${bench.options.templateLimitMs / 1000} s, not repeated)` });
      }
    }
  }
  const cells: Partial<Record<VariantKey, Cell>> = {};
  for (const variant of variants) {
    const list = samples.get(variant.key)!;
    const stop = stopped.get(variant.key);
    const summary = summarize(list);
    const failed = list.length - (summary?.runs ?? 0);
    const note = failed > 0 ? `(${failed} of ${list.length} runs failed)` : stop?.note;
    cells[variant.key] = summary ? { summary, note } : { status: stop?.status ?? "failed" };
    if (variant.key === "template" && summary) bench.templateTimes.push({ workloads: config.workloads, ms: summary.medianMs });
  }
  compareShapes(bench, config, shapes);
  return { config, cells };
}

/**
 * Why the ts-node template is not run on this config, if so: beyond the
 * limit per run, measured on a smaller config or foreseen from the last two
 * (time grows about linearly with workloads).
 */
function templateSkip(bench: Bench, config: BenchConfig): string | undefined {
  const limit = bench.options.templateLimitMs;
  const times = bench.templateTimes;
  const last = times[times.length - 1];
  if (!last) return undefined;
  if (last.ms > limit) return `skipped (over ${limit / 1000} s per run from ${last.workloads} workloads)`;
  const before = times[times.length - 2];
  if (!before || last.workloads === before.workloads) return undefined;
  const estimate = last.ms + ((last.ms - before.ms) / (last.workloads - before.workloads)) * (config.workloads - last.workloads);
  if (estimate <= limit) return undefined;
  bench.notes.push(`template skipped on ${config.name}: about ${Math.round(estimate / 1000)} s per run foreseen from the smaller configs, over the ${limit / 1000} s limit.`);
  return `skipped (~${Math.round(estimate / 1000)} s per run foreseen)`;
}

/**
 * One run of one variant on one config, into the variant's output folder
 * for that config, which is then checked (one stack file per cluster). The
 * folder is kept between runs: after the warm-up, every run regenerates
 * over the previous output, as a user does (irsa-gen then reads what the
 * previous output manages and checks what the config would remove).
 *
 * `npm run synth` compiles first when a source of lib/ changed since the
 * last build (scripts/run.js). Someone editing lib/ during the bench would
 * add a compilation to one run: such a run is detected by the build stamp
 * changing, and measured again.
 */
async function runVariant(bench: Bench, variant: Variant, config: BenchConfig, label: string, shapes?: Map<VariantKey, Shape>): Promise<Sample> {
  const stampFile = join(bench.workspace.root, "dist", ".sources");
  const readStamp = (): string => (existsSync(stampFile) ? readFileSync(stampFile, "utf8") : "");
  for (let attempt = 1; ; attempt++) {
    const outdir = join(bench.workspace.tmp, "out", `${config.name}-${variant.key}`);
    const stamp = readStamp();
    let sample = await runCommand(bench, variant.command(config, outdir), `${config.name} ${variant.key} ${label}`, false);
    try {
      const rebuilt = (variant.key === "json" || variant.key === "hcl") && readStamp() !== stamp;
      if (rebuilt && attempt === 1) {
        log("  (irsa-gen was recompiled during this run: measuring it again)");
        bench.notes.push(`${config.name} ${variant.key}: one run was repeated because lib/ changed during it and \`npm run synth\` recompiled.`);
        continue;
      }
      if (sample.ok) {
        const problem = checkOutput(outdir, config, variant.stackFile);
        if (problem) sample = { ...sample, ok: false, failure: `wrong output: ${problem}` };
      }
      if (sample.ok && shapes && variant.stackFile === "cdk.tf.json" && !shapes.has(variant.key)) shapes.set(variant.key, shapeOf(outdir));
      report(bench, sample, `${config.name} ${variant.key} ${label}`);
      return sample;
    } finally {
      // A failed run's folder goes: the next run starts from nothing rather than from half an output.
      if (!sample.ok) rmSync(outdir, { recursive: true, force: true });
    }
  }
}

async function runCommand(bench: Bench, command: Command, label: string, print = true): Promise<Sample> {
  const rssDir = join(bench.workspace.tmp, "rss");
  mkdirSync(rssDir, { recursive: true });
  const sample = await measure(command, join(rssDir, `${++bench.counter}.txt`), bench.options.timeoutMs);
  if (print) report(bench, sample, label);
  return sample;
}

/** One progress line per run; a failure with the end of its output. */
function report(bench: Bench, sample: Sample, label: string): void {
  const peak = sample.peakKb === undefined ? "" : `  ${Math.round(sample.peakKb / 1024)} MB (${sample.processes} node processes)`;
  log(`  ${label.padEnd(28)} ${(sample.ms / 1000).toFixed(2).padStart(7)} s${peak}${sample.ok ? "" : "  FAILED"}`);
  if (!sample.ok) {
    bench.failures++;
    const failure = sample.failure ?? "failed";
    log(failure.replace(/^/gm, "    | "));
    // The results keep the gist: the exit and the first lines that are not npm's own warnings.
    const gist = failure.split("\n").filter((l) => !/^npm (warn|notice)/.test(l)).slice(0, 3).join(" / ");
    bench.notes.push(`${label} failed: ${gist.replace(/\|/g, "\\|")}`);
  }
}

function cellOf(samples: readonly Sample[]): Cell {
  const summary = summarize(samples);
  if (!summary) return { status: "failed" };
  const failed = samples.length - summary.runs;
  return { summary, note: failed > 0 ? `(${failed} failed)` : undefined };
}

/** Our output and the baseline's must hold the same kinds of blocks, or the comparison is unfair. */
function compareShapes(bench: Bench, config: BenchConfig, shapes: ReadonlyMap<VariantKey, Shape>): void {
  const ours = shapes.get("json");
  if (!ours) return;
  for (const key of ["compiled", "template"] as const) {
    const theirs = shapes.get(key);
    if (!theirs) continue;
    const onlyOurs = [...ours.kinds].filter((k) => !theirs.kinds.has(k));
    const onlyTheirs = [...theirs.kinds].filter((k) => !ours.kinds.has(k));
    const same = onlyOurs.length === 0 && onlyTheirs.length === 0;
    bench.checks.push(
      `${config.name}: ours ${ours.blocks} blocks, ${key} ${theirs.blocks}; ` +
        (same ? `same ${ours.kinds.size} kinds of blocks` : `kinds differ (only ours: ${onlyOurs.join(", ") || "none"}; only ${key}: ${onlyTheirs.join(", ") || "none"})`),
    );
  }
}

/** latest.md and <date>-<commit>.md, each written whole or not at all. */
function writeResults(root: string, results: Results, markdown: string): void {
  const dir = join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const date = results.environment.date.toISOString().slice(0, 10);
  for (const name of ["latest.md", `${date}-${results.environment.commit}.md`]) {
    const file = join(dir, name);
    writeFileSync(`${file}.tmp`, markdown);
    renameSync(`${file}.tmp`, file);
    log(`bench: wrote ${file}`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  },
);
