/**
 * The results as markdown: where they were measured, one table, and the
 * checks and notes a reader needs to trust it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";
import type { BenchConfig } from "./configs";
import type { Summary } from "./measure";
import type { VariantKey } from "./variants";

/** One measured thing: its numbers, or why there are none. */
export interface Cell {
  readonly summary?: Summary;
  /** `failed`, `skipped (...)`: shown instead of numbers when there is no summary. */
  readonly status?: string;
  /** Shown after the numbers, e.g. `(1 run: over the limit)`. */
  readonly note?: string;
}

export interface Row {
  readonly config: BenchConfig;
  readonly cells: Partial<Record<VariantKey, Cell>>;
}

export interface Environment {
  readonly date: Date;
  readonly commit: string;
  /** Whether tracked files differ from the commit. */
  readonly dirty: boolean;
  readonly machine: string;
  readonly software: string;
}

export interface Results {
  readonly environment: Environment;
  readonly command: string;
  readonly floorNpm?: Cell;
  readonly floorNode?: Cell;
  readonly test?: Cell;
  readonly rows: readonly Row[];
  readonly checks: readonly string[];
  readonly notes: readonly string[];
  /** What the ledger and its law cost beside a whole synthesis (scripts/bench-ledger.js), its table as printed. */
  readonly ledger?: string;
}

export function describeEnvironment(root: string, env: NodeJS.ProcessEnv): Environment {
  const git = (...args: string[]): string | undefined => {
    try {
      // --no-optional-locks: reading the status must not rewrite the index.
      return execFileSync("git", ["--no-optional-locks", ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return undefined;
    }
  };
  const version = (name: string): string => {
    try {
      return (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  let npm = "?";
  try {
    npm = execFileSync("npm", ["--version"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    // Reported as "?".
  }
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return {
    date: new Date(),
    commit: git("rev-parse", "--short", "HEAD") ?? "unknown",
    dirty: (git("status", "--porcelain", "--untracked-files=no") ?? "") !== "",
    machine: `${cpu}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB memory, ${type()} ${release()}`,
    software: `Node ${process.version}, npm ${npm}, cdktf ${version("cdktf")}, cdktf-cli ${version("cdktf-cli")}, TypeScript ${version("typescript")}, ts-node ${version("ts-node")}`,
  };
}

const seconds = (ms: number): string => (ms < 10_000 ? (ms / 1000).toFixed(2) : (ms / 1000).toFixed(1));

/** `0.58 s (0.55–0.61) · 102 MB`, or the reason there is no number. */
export function formatCell(cell: Cell | undefined): string {
  if (!cell) return "–";
  const s = cell.summary;
  if (!s) return cell.status ?? "–";
  const spread = s.runs > 1 ? ` (${seconds(s.minMs)}–${seconds(s.maxMs)})` : "";
  const peak = s.peakMb === undefined ? "" : ` · ${Math.round(s.peakMb)} MB`;
  const note = cell.note ? ` ${cell.note}` : "";
  return `${seconds(s.medianMs)} s${spread}${peak}${note}`;
}

const median = (cell: Cell | undefined): number | undefined => cell?.summary?.medianMs;

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b <= 0 ? "–" : `${(a / b).toFixed(2)}×`;
}

/**
 * Below this many workloads the cost per workload drowns in start-up noise
 * (and in the baseline loading fewer modules than the floor): not shown.
 */
const PER_WORKLOAD_FROM = 100;

function perWorkload(total: number | undefined, floor: number | undefined, workloads: number): string {
  if (total === undefined || floor === undefined || workloads < PER_WORKLOAD_FROM) return "–";
  return ((total - floor) / workloads).toFixed(2);
}

export function renderMarkdown(results: Results): string {
  const { environment: e } = results;
  const floorNpm = median(results.floorNpm);
  const floorNode = median(results.floorNode);
  const lines = [
    "# irsa-gen synthesis benchmark",
    "",
    `- date: ${e.date.toISOString().replace(/\.\d+Z$/, "Z")}`,
    `- commit: ${e.commit}${e.dirty ? " (with uncommitted changes)" : ""}`,
    `- machine: ${e.machine}`,
    `- software: ${e.software}`,
    `- command: \`${results.command}\``,
    "",
    results.floorNpm || results.floorNode
      ? `Floor (node loading what irsa-gen imports, then exiting): through npm ${formatCell(results.floorNpm)}; node alone ${formatCell(results.floorNode)}.`
      : "Floor: not measured.",
    "",
    "| config | clusters | workloads | ours JSON | ours HCL | template (ts-node, cdktf synth) | baseline compiled (node) | JSON − floor | ms/workload ours | ms/workload baseline | template / ours | compiled / ours | HCL / JSON |",
    "| --- | --: | --: | --- | --- | --- | --- | --: | --: | --: | --: | --: | --: |",
  ];
  for (const { config, cells } of results.rows) {
    const json = median(cells.json);
    const aboveFloor = json === undefined || floorNpm === undefined ? "–" : `${Math.round(json - floorNpm)} ms`;
    lines.push(
      `| ${config.name} | ${config.clusters} | ${config.workloads} | ${formatCell(cells.json)} | ${formatCell(cells.hcl)} | ${formatCell(cells.template)} | ${formatCell(cells.compiled)} | ${aboveFloor} | ${perWorkload(json, floorNpm, config.workloads)} | ${perWorkload(median(cells.compiled), floorNode, config.workloads)} | ${ratio(median(cells.template), json)} | ${ratio(median(cells.compiled), json)} | ${ratio(median(cells.hcl), json)} |`,
    );
  }
  lines.push(
    "",
    "Each cell: median wall time (min–max over the runs) · peak RSS of the largest process of the command's tree (npm, tsc, the app, ts-node, cdktf's CLI), 1 MB = 2^20 bytes.",
    "ours JSON / HCL: `npm run synth` / `npm run synth:hcl`, as a user runs them. template: bench/baseline/main.ts, a straightforward one-construct-per-resource app, in a copy of cdktf's TypeScript template, run by `npx cdktf synth` (ts-node). baseline compiled: the same app compiled with tsc, run by `node main.js` (no npm).",
    `JSON − floor: what synthesis itself costs over starting node and loading the modules, through npm both. ms/workload: (median − floor) / workloads, against the npm floor for ours and the node floor for the compiled baseline, from ${PER_WORKLOAD_FROM} workloads. Ratios: medians; above 1× means slower than ours JSON.`,
  );
  if (results.test) lines.push("", `\`npm test\` (once): ${formatCell(results.test)}.`);
  if (results.ledger !== undefined) lines.push("", "## The ledger and its law", "", "```", results.ledger.trimEnd(), "```");
  if (results.checks.length > 0) lines.push("", "## Checks", "", ...results.checks.map((c) => `- ${c}`));
  if (results.notes.length > 0) lines.push("", "## Notes", "", ...results.notes.map((n) => `- ${n}`));
  return `${lines.join("\n")}\n`;
}
