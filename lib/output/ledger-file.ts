/**
 * Reading and writing the ledger file (see ledger.ts), and deciding what the
 * previous state of the managed addresses is: the ledger, else the output
 * folder's record of an irsa-gen from before ledgers, else a first run.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readInventories } from "./inventory";
import { join } from "node:path";
import { dictionaryOf } from "../common/dictionary";
import { compareWithOutput, judge, LEDGER_VERSION, ledgerFromInventories, ledgerFromState, parseLedger, renderLedger, type Judgement, type Ledger } from "./ledger";
import type { IrsaConfig } from "../model/model";

/** The ledger cannot be trusted or written as asked: nothing was written. */
export class LedgerRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
  }
}

export interface LedgerOptions {
  /** The ledger's file (beside the config). */
  readonly file: string;
  /**
   * As `npm ci` does with a lockfile: the ledger must exist and match what
   * this config generates; it is never rewritten. On with `CI=true`.
   */
  readonly locked: boolean;
  /**
   * A folder of applied states, `<cluster>.json` each, as `terraform show
   * -json` prints them: for those clusters the law runs against what is
   * applied instead of the ledger.
   * @default none
   */
  readonly stateDir?: string;
}

/** What the law ran against, and its verdict. */
export interface LedgerRun {
  readonly judgement: Judgement;
  /** The ledger file's text as it was, undefined when there was none. */
  readonly text: string | undefined;
  /** Where the previous state came from, for the first line a run prints. */
  readonly origin: "applied state" | "ledger" | "output folder" | "first run";
  /** What the run should say besides the law's verdict (an output folder behind the ledger). */
  readonly notes: readonly string[];
  /** The ledger file to write after a successful synthesis, or undefined when it is already right. */
  readonly write: string | undefined;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new LedgerRefused([`${file}: cannot be read (${(error as Error).message}). Make it readable; irsa-gen never runs without the ledger it was given`]);
  }
}

/**
 * Runs the law for `config` against the ledger (or the output folder's
 * record when there is no ledger; without `options`, there is none to read
 * or write). Throws LedgerRefused when the ledger cannot be read, disagrees
 * with the output folder, or (locked) is missing or out of date, and when
 * the law refuses a change.
 */
export function runLedger(config: IrsaConfig, outdir: string | undefined, options: LedgerOptions | undefined): LedgerRun {
  const file = options?.file ?? "";
  const text = options === undefined ? undefined : readIfExists(file);
  let ledger: Ledger | undefined;
  if (text !== undefined) {
    const parsed = parseLedger(text);
    if (typeof parsed === "string") {
      throw new LedgerRefused([
        `${file}: cannot be read as irsa-gen's ledger: ${parsed}. Restore it from version control (git checkout -- ${file}); only if it is lost for good, delete it: the output folder's record (if there is one) is then trusted instead, and protection of what neither records is off for that run`,
      ]);
    }
    ledger = parsed;
  }
  const inventories = outdir === undefined ? new Map() : readInventories(outdir);
  const notes: string[] = [];
  if (ledger && inventories.size > 0) {
    const { disagree, behind } = compareWithOutput(ledger, inventories);
    if (behind.length > 0) notes.push(`the output folder ${outdir} is one synthesis behind the ledger ${file} for ${behind.join(", ")} (the config was synthesized into another folder since): the ledger is trusted`);
    if (disagree.length > 0) {
      throw new LedgerRefused([
        `the ledger ${file} and the output folder ${outdir} disagree about what is managed: ${disagree.join("; ")}. ` +
          `If the ledger is right (it is committed with the config, or you synthesized the config into another folder since, e.g. JSON into cdktf.out and now HCL into cdktf.out.hcl), synthesize into a fresh folder (set CDKTF_OUTDIR) or delete ${outdir}; ` +
          `if the output folder is right (the ledger is stale, e.g. an older commit), delete ${file} and synthesize again: the output folder's record then becomes the ledger`,
      ]);
    }
  }
  const recorded = ledger ?? (inventories.size > 0 ? ledgerFromInventories(inventories) : undefined);
  const stateDir = options?.stateDir;
  const previous = stateDir === undefined ? recorded : withStates(recorded, config, stateDir);
  const origin = stateDir !== undefined ? "applied state" : ledger ? "ledger" : previous ? "output folder" : "first run";
  const judgement = judge(previous, config, ledger);
  if (judgement.problems.length > 0) throw new LedgerRefused(judgement.problems);
  if (options === undefined) return { judgement, text, origin, notes, write: undefined };
  const rendered = renderLedger(judgement.next);
  if (options.locked) {
    if (text === undefined) {
      throw new LedgerRefused([`${file}: no ledger, and CI=true forbids writing one. Synthesize once where you edit the config, and commit ${file} with it`]);
    }
    if (rendered !== text) {
      throw new LedgerRefused([
        `${file} does not match what this config generates, and CI=true forbids rewriting it. Synthesize where you edit the config, review what it says the next apply does, and commit the ledger with the config`,
      ]);
    }
  }
  return { judgement, text, origin, notes, write: rendered === text ? undefined : rendered };
}

/**
 * The previous ledger with each cluster whose applied state is in `dir`
 * (`<cluster>.json`) taken from that state instead.
 */
function withStates(recorded: Ledger | undefined, config: IrsaConfig, dir: string): Ledger {
  const clusters = dictionaryOf(Object.entries(recorded?.clusters ?? {}));
  const problems: string[] = [];
  for (const name of new Set([...Object.keys(clusters), ...config.clusters.map((c) => c.name)])) {
    const file = join(dir, `${name}.json`);
    const text = readIfExists(file);
    if (text === undefined) continue;
    const state = ledgerFromState(text, clusters[name]);
    if (typeof state === "string") problems.push(`${file}: cannot be read as the applied state of cluster ${name}: ${state}. Write it with terraform show -json in the stack's folder (cdktf.out/stacks/${name})`);
    else clusters[name] = state;
  }
  if (problems.length > 0) throw new LedgerRefused(problems);
  return { version: LEDGER_VERSION, clusters };
}

/** The output was published, but the ledger could not be written beside the config. */
export class LedgerNotWritten extends Error {}

/** Writes the ledger whole or not at all (a rename replaces it in one step). */
export function writeLedger(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new LedgerNotWritten(
      `irsa-gen: the output is written, but the ledger ${file} could not be (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Make its folder writable and synthesize again: until then the ledger and the output folder disagree, and the next run says so`,
    );
  }
}
