/**
 * The command line: load the config, validate it, synthesize.
 * Bad input is reported as problems with file, line and column; it never
 * reaches cdktf and never produces a stack trace. So is an output folder
 * that cannot be written: the user can fix both, and a stack trace would
 * only bury the one line that says how.
 */
import { formatReport, loadConfig } from "./config/load";
import { OutputFolderError } from "./output-errors";
import { parameterReference, presetTable } from "./presets/table";
import { synthesize } from "./synth";

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `usage: irsa-gen [synth [--hcl] | validate | presets [--parameters]]

  synth (default)  Terraform JSON, one stack per cluster, into $CDKTF_OUTDIR (default cdktf.out)
  synth --hcl      plain HCL instead, into $CDKTF_OUTDIR (default cdktf.out.hcl)
  validate         check the config only
  presets          list the permission presets (a markdown table)
  presets --parameters
                   what each preset parameter means (markdown)

The config is $IRSA_CONFIG, else irsa.yaml.`;

/** Runs one command; returns the exit code. */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const known = new Set(["synth", "validate", "presets", "--parameters", "--hcl", "--help", "-h"]);
  const unknown = argv.filter((a) => !known.has(a));
  if (unknown.length > 0 || argv.includes("--help") || argv.includes("-h")) {
    (unknown.length > 0 ? io.err : io.out)(unknown.length > 0 ? `irsa-gen: unknown argument "${unknown[0]}"\n${USAGE}` : USAGE);
    return unknown.length > 0 ? 2 : 0;
  }
  if (argv.includes("presets")) {
    io.out(argv.includes("--parameters") ? parameterReference() : presetTable());
    return 0;
  }
  const file = env.IRSA_CONFIG || "irsa.yaml";
  // `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT; the npm script passes --hcl.
  const hcl = argv.includes("--hcl") || env.SYNTH_HCL_OUTPUT === "true";
  const result = loadConfig(file);
  for (const warning of result.warnings) io.err(warning);
  if (!result.config) {
    io.err(formatReport(file, result));
    io.err("Nothing was written.");
    return 1;
  }
  const clusters = result.config.clusters;
  const workloads = clusters.reduce((n, c) => n + c.workloads.length, 0);
  if (argv.includes("validate")) {
    io.out(`${file}: valid (${plural(clusters.length, "cluster")}, ${plural(workloads, "workload")})`);
    return 0;
  }
  const outdir = env.CDKTF_OUTDIR || (hcl ? "cdktf.out.hcl" : "cdktf.out");
  let stacks: string[];
  try {
    stacks = await synthesize(result.config, { outdir, hcl, notice: io.err });
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    io.err(error.message);
    if (error.nothingWritten) io.err(NOTHING_WRITTEN);
    debug(error, env, io);
    return 1;
  }
  io.out(`${hcl ? "HCL" : "Terraform JSON"} for ${plural(stacks.length, "stack")} (${plural(workloads, "workload")}) in ${outdir}: ${stacks.join(", ")}`);
  return 0;
}

/** Said after a problem only when it is true: the run stopped before changing anything. */
export const NOTHING_WRITTEN = "Nothing was written; the previous output is as it was.";

/**
 * Reports an error that is not the user's to fix: a bug. Returns the exit
 * code. The stack trace is for the bug report, shown with IRSA_DEBUG=1.
 */
export function reportInternalError(error: unknown, env: NodeJS.ProcessEnv, io: Io): number {
  io.err(`irsa-gen: internal error: ${error instanceof Error ? error.message : String(error)}`);
  io.err("Please report this with the config that caused it (IRSA_DEBUG=1 shows where it happened).");
  debug(error, env, io);
  return 2;
}

function debug(error: unknown, env: NodeJS.ProcessEnv, io: Io): void {
  if (env.IRSA_DEBUG === "1" && error instanceof Error && error.stack) io.err(error.stack);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
