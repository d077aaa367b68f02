/**
 * The command line: load the config, validate it, synthesize or report.
 * Bad input is reported as problems with file, line and column; it never
 * reaches cdktf and never produces a stack trace. So is an output folder
 * that cannot be written: the user can fix both, and a stack trace would
 * only bury the one line that says how.
 */
import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { checkSource, formatReport } from "../config/load";
import { readConfigFile } from "../config/source";
import type { IrsaConfig } from "../model/model";
import { OutputFolderError } from "../output/errors";
import { LedgerNotWritten, LedgerRefused, synthesize } from "../synthesis/synth";
import { describeChanges, ledgerFileFor, type ClusterChanges } from "../output/ledger";
import { runLedger, type LedgerOptions } from "../output/ledger-file";
import { prepareThreads, stopThreads } from "../synthesis/fast/threads";
import { plural } from "../common/plurals";
// The other commands' modules are loaded by their commands only: synthesis,
// the common case, does not wait for them (see README, Performance).

import { parseArguments, usageError } from "./arguments";
import type { Io } from "./io";

export const USAGE = `usage: irsa-gen [command] [config.yaml] [options]

commands:
  synth (default)   Terraform JSON, one stack per cluster, into $CDKTF_OUTDIR (default cdktf.out),
                    and the ledger beside the config (irsa.yaml → irsa.ledger.json)
    --hcl           plain HCL instead, into $CDKTF_OUTDIR (default cdktf.out.hcl)
    --locked        the ledger must exist and match; it is never rewritten (default with CI=true)
    --state <dir>   judge the change against applied states instead (<dir>/<cluster>.json,
                    each written by terraform show -json)
    --json          what the next apply does, as JSON on standard output
  validate          check the config, and what it does to what the ledger manages; writes nothing
    --locked, --json, --state  as for synth
  report            who may assume each role and what it may do, into irsa-report.md
    --json          the same as JSON on standard output (for CI diffs)
    --out <file>    write the report there instead (a new file, or a report irsa-gen wrote)
  schema            the JSON Schema of the config file, for editors (irsa.schema.json)
  presets           the permission presets (a markdown table)
    --parameters    what each preset parameter means, and which are required
  from-eksctl <ClusterConfig.yaml>…
                    convert eksctl ClusterConfig files into an irsa.yaml (from-eksctl --help)
  --help            this text

The config is the file given, else $IRSA_CONFIG, else irsa.yaml.
Set CHECKPOINT_DISABLE=1 on runners without internet access (no version
checks by cdktf or terraform).`;

/** Where `report` writes the markdown report by default. */
export const REPORT_FILE = "irsa-report.md";

const COMMANDS = ["synth", "validate", "report", "presets", "schema"] as const;
type Command = (typeof COMMANDS)[number];

/** The options each command takes; any other is an error, never ignored. */
const OPTIONS: Readonly<Record<Command, readonly string[]>> = {
  synth: ["hcl", "locked", "json", "state"],
  validate: ["locked", "json", "state"],
  report: ["json", "out"],
  presets: ["parameters"],
  schema: [],
};

interface Invocation {
  readonly command: Command;
  readonly file?: string;
  readonly values: { readonly hcl?: boolean; readonly locked?: boolean; readonly state?: string; readonly json?: boolean; readonly parameters?: boolean; readonly out?: string; readonly help?: boolean };
}

/** Parses the arguments, or says what is wrong with them. */
export function parseInvocation(argv: readonly string[]): Invocation | { readonly error: string } {
  const parsed = parseArguments<Invocation["values"]>(argv, {
    hcl: { type: "boolean" },
    locked: { type: "boolean" },
    state: { type: "string" },
    json: { type: "boolean" },
    parameters: { type: "boolean" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if ("error" in parsed) return parsed;
  const positionals = [...parsed.positionals];
  const command = (COMMANDS as readonly string[]).includes(positionals[0] ?? "") ? (positionals.shift() as Command) : "synth";
  if (positionals.length > 1) return { error: `one config file at a time (got ${positionals.map((p) => `"${p}"`).join(", ")})` };
  if ((command === "presets" || command === "schema") && positionals.length > 0) return { error: `${command} reads no config (got "${positionals[0]}")` };
  const wrong = Object.keys(parsed.values).filter((o) => o !== "help" && !OPTIONS[command].includes(o));
  if (wrong.length > 0) {
    const owner = COMMANDS.find((c) => OPTIONS[c].includes(wrong[0]));
    return { error: `--${wrong[0]} is not an option of ${command}${owner ? ` (it is one of ${owner})` : ""}` };
  }
  return { command, ...(positionals[0] !== undefined ? { file: positionals[0] } : {}), values: parsed.values };
}

/** Runs one command; returns the exit code. */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  // A converter with arguments of its own (parsed in cli/from-eksctl.ts).
  if (argv[0] === "from-eksctl") return (await import("./from-eksctl")).fromEksctl(argv.slice(1), io);
  const invocation = parseInvocation(argv);
  if ("error" in invocation) return usageError(io, "irsa-gen", invocation.error, USAGE);
  if (invocation.values.help) {
    io.out(USAGE);
    return 0;
  }
  if (invocation.command === "presets") {
    const { parameterReference, presetTable } = await import("../presets/table");
    io.out(invocation.values.parameters ? parameterReference() : presetTable());
    return 0;
  }
  if (invocation.command === "schema") {
    const { configJsonSchema } = await import("../config/json-schema");
    io.out(JSON.stringify(configJsonSchema(), null, 2));
    return 0;
  }
  const file = invocation.file ?? (env.IRSA_CONFIG || "irsa.yaml");
  try {
    return await runOnConfig(invocation as Invocation & { command: ConfigCommand }, file, env, io);
  } finally {
    await stopThreads();
  }
}

type ConfigCommand = Exclude<Command, "presets" | "schema">;

/** The commands that read a config: validate, report, synth. */
async function runOnConfig(invocation: Invocation & { command: ConfigCommand }, file: string, env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const source = readConfigFile(file);
  // A large config's synthesis threads load cdktf while the config is validated.
  if (invocation.command === "synth" && source.problems.length === 0) prepareThreads(source.data);
  const result = checkSource(source);
  for (const warning of result.warnings) io.err(warning);
  if (!result.config) {
    io.err(formatReport(file, result));
    io.err("Nothing was written.");
    return 1;
  }
  // Generated files name the config as the project sees it, never by an absolute path of this machine.
  const config: IrsaConfig = { ...result.config, sourceFile: displayName(file, process.cwd()) };
  const clusters = config.clusters.length;
  const workloads = config.clusters.reduce((n, c) => n + c.workloads.length, 0);
  switch (invocation.command) {
    case "validate": {
      const ledger = ledgerOptions(file, invocation.values, env);
      let changes: readonly ClusterChanges[];
      try {
        // The ledger alone: the output folder is synth's, and may hold another config's output.
        const run = runLedger(config, undefined, ledger);
        for (const warning of run.judgement.warnings) io.err(`warning: ${warning}.`);
        changes = run.judgement.changes;
        const addons = config.clusters.reduce((n, c) => n + c.addons.length, 0);
        if (!invocation.values.json) io.out(`${file}: valid (${plural(clusters, "cluster")}, ${plural(workloads, "workload")}${addons > 0 ? `, ${plural(addons, "add-on")}` : ""})`);
        tellChanges(run.origin, ledger.file, changes, invocation.values.json === true, io);
      } catch (error) {
        if (!(error instanceof LedgerRefused)) throw error;
        refusedByLedger(file, error, io);
        return 1;
      }
      return 0;
    }
    case "report": {
      const { buildReport, renderJson, renderMarkdown } = await import("../report/report");
      const report = buildReport(config);
      if (invocation.values.json && invocation.values.out === undefined) {
        io.out(renderJson(report).trimEnd());
        return 0;
      }
      const target = invocation.values.out ?? REPORT_FILE;
      const { writeReport } = await import("../report/write");
      try {
        writeReport(target, invocation.values.json ? renderJson(report) : renderMarkdown(report));
      } catch (error) {
        if (!(error instanceof OutputFolderError)) throw error;
        io.err(error.message);
        io.err("Nothing was written.");
        debug(error, env, io);
        return 1;
      }
      const retired = config.clusters.reduce((n, c) => n + c.workloads.filter((w) => w.retire !== undefined).length, 0);
      io.out(`${target}: ${plural(clusters, "cluster")}, ${plural(workloads - retired, "role")}${retired > 0 ? ` and ${retired} retired` : ""}`);
      return 0;
    }
    case "synth": {
      // `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT (and CDKTF_OUTDIR); the npm script passes --hcl.
      const hcl = invocation.values.hcl === true || env.SYNTH_HCL_OUTPUT === "true";
      const outdir = env.CDKTF_OUTDIR || (hcl ? "cdktf.out.hcl" : "cdktf.out");
      let stacks: string[];
      try {
        const ledger = ledgerOptions(file, invocation.values, env);
        stacks = await synthesize(config, {
          outdir,
          hcl,
          notice: io.err,
          ledger,
          onLedger: (run) => tellChanges(run.origin, ledger.file, run.judgement.changes, invocation.values.json === true, io),
        });
      } catch (error) {
        if (error instanceof LedgerRefused) {
          refusedByLedger(file, error, io);
          io.err(NOTHING_WRITTEN);
          return 1;
        }
        if (error instanceof LedgerNotWritten) {
          io.err(error.message);
          return 1;
        }
        if (!(error instanceof OutputFolderError)) throw error;
        io.err(error.message);
        if (error.nothingWritten) io.err(NOTHING_WRITTEN);
        debug(error, env, io);
        return 1;
      }
      if (invocation.values.json) return 0;
      io.out(`${hcl ? "HCL" : "Terraform JSON"} for ${plural(stacks.length, "stack")} (${plural(workloads, "workload")}) in ${outdir}: ${stacks.join(", ")}`);
      return 0;
    }
  }
}

/** The ledger beside the config; locked with --locked or on CI (CI=true), as `npm ci` treats a lockfile. */
function ledgerOptions(file: string, values: Invocation["values"], env: NodeJS.ProcessEnv): LedgerOptions {
  return {
    file: ledgerFileFor(file),
    locked: values.locked === true || env.CI === "true" || env.CI === "1",
    ...(values.state !== undefined ? { stateDir: values.state } : {}),
  };
}

/** What the next apply does to the managed addresses: one line per cluster that changes, or JSON. */
function tellChanges(origin: string, ledgerFile: string, changes: readonly ClusterChanges[], json: boolean, io: Io): void {
  if (json) {
    io.out(JSON.stringify({ previous: origin, ledger: ledgerFile, clusters: changes }, null, 2));
    return;
  }
  if (origin === "first run") io.out(`no ledger (${ledgerFile}) and no previous output: a first run; commit the ledger synth writes with the config`);
  else if (origin === "applied state") io.out(`compared with the applied states (--state) where given, else with the ledger (${ledgerFile})`);
  else if (origin === "output folder") io.out(`no ledger (${ledgerFile}): compared with the previous output folder instead; synth writes the ledger, commit it with the config`);
  const lines = describeChanges(changes);
  for (const line of lines) io.out(line);
  if (lines.length === 0 && origin !== "first run") io.out("the next apply changes no managed address");
}

function refusedByLedger(file: string, error: LedgerRefused, io: Io): void {
  io.err(`${file}: ${plural(error.problems.length, "problem")} with what the generated Terraform manages`);
  for (const problem of error.problems) io.err(`  ${problem}.`);
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

/** The config file relative to the project when it is inside it, else its name alone. */
export function displayName(file: string, projectDir: string): string {
  const path = relative(projectDir, resolve(projectDir, file));
  return path === "" || path.startsWith("..") || isAbsolute(path) ? basename(file) : path.split(sep).join("/");
}

