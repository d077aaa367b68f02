/**
 * Synthesis into a scratch folder, then publication into the output folder.
 *
 * Nothing in the output folder changes until the whole app has synthesized,
 * so a failure leaves the previous output as it was. What publication
 * replaces, and how it stays all-or-nothing, is output/folder.ts's concern.
 */
import { dictionaryOf } from "../common/dictionary";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ClusterConfig, IrsaConfig } from "../model/model";
import { LedgerNotWritten, LedgerRefused, runLedger, writeLedger, type LedgerOptions, type LedgerRun } from "../output/ledger-file";
import { HCL_FILE, JSON_FILE } from "../output/files";
import { writeOutputFolder } from "../output/folder";
import type { RunContext, Written } from "./stack-synthesis";
import { fastPathHolds, installedCdktfVersion, VERIFIED_CDKTF_VERSION } from "./fast/verified";
import { stopThreads, takeHelpers, taken, takeOrder, threadCount, type Job } from "./fast/threads";

export interface SynthOptions {
  /** The output folder, e.g. `cdktf.out`. */
  readonly outdir: string;
  /** Plain HCL (`cdk.tf`) instead of Terraform JSON (`cdk.tf.json`). */
  readonly hcl: boolean;
  /** Where the project is, for relative local-state paths. @default the working directory */
  readonly projectDir?: string;
  /**
   * Threads to synthesize in, the main thread included; they share out the
   * clusters (see fast/threads.ts).
   * @default one per core for large configs, else 1
   */
  readonly workers?: number;
  /**
   * Synthesize with cdktf's own `App.synth()` instead of the direct path.
   * Both write the same bytes (a test holds them to it); this one is slower.
   * @default false
   */
  readonly plain?: boolean;
  /**
   * Told, one line each, what publication did besides writing this output
   * (see `OutputFolderProps.notice`).
   * @default nothing is told
   */
  readonly notice?: (line: string) => void;
  /**
   * The committed ledger (see ledger.ts): read before anything is written,
   * rewritten after publication. Without it, the law runs against the
   * output folder's record alone.
   * @default none
   */
  readonly ledger?: LedgerOptions;
  /**
   * Told what the law decided, once it ran (before anything is written).
   * @default nothing is told
   */
  readonly onLedger?: (run: Omit<LedgerRun, "write">) => void;
}

export { HCL_FILE, JSON_FILE, LedgerNotWritten, LedgerRefused };

/**
 * Synthesizes every cluster's stack into `options.outdir`; returns the stack names.
 * Throws an OutputFolderError when the output folder cannot be written, and
 * LedgerRefused when the law refuses the change, or the ledger cannot be trusted.
 */
export async function synthesize(config: IrsaConfig, options: SynthOptions): Promise<string[]> {
  let ledgerRun: LedgerRun | undefined;
  await writeOutputFolder({ outdir: options.outdir, notice: options.notice }, async (scratch) => {
    // The law runs here, under the output folder's lock, before anything
    // is written: against the ledger, else the output folder's record.
    const run = runLedger(config, options.outdir, options.ledger);
    ledgerRun = run;
    options.onLedger?.(run);
    for (const note of run.notes) options.notice?.(`note: ${note}.`);
    for (const warning of run.judgement.warnings) options.notice?.(`warning: ${warning}.`);
    const releases = dictionaryOf(run.judgement.releases);
    const reimports = dictionaryOf(run.judgement.reimports);
    const formerAccounts = dictionaryOf(run.judgement.formerAccounts);
    const context: RunContext = { sourceFile: config.sourceFile, outdir: options.outdir, hcl: options.hcl, projectDir: options.projectDir, synthDir: scratch, releases, reimports, formerAccounts, ledger: run.judgement.next.clusters };
    const cdktf = installedCdktfVersion();
    if (options.plain || !fastPathHolds(cdktf)) {
      if (!options.plain) options.notice?.(`note: cdktf ${cdktf} is not the version irsa-gen's fast synthesis was verified against (${VERIFIED_CDKTF_VERSION}): writing through cdktf's own App.synth(), slower, same Terraform.`);
      await stopThreads();
      (await loadStackSynthesis()).synthesizePlain(config.clusters, context);
      return undefined;
    }
    // cdktf's Manifest creates stacks/ without `recursive`: threads racing
    // to create it would fail with EEXIST.
    mkdirSync(join(scratch, "stacks"), { recursive: true });
    const threads = threadCount(config.clusters.length, workloadCount(config.clusters), options.workers);
    // Helpers prepared for a config that turned out to need fewer go now.
    await stopThreads(threads - 1);
    // With helpers, they get their work before this thread loads cdktf.
    const written = threads <= 1 ? (await loadStackSynthesis()).synthesizeDirect(config.clusters, context) : await synthesizeInThreads(config.clusters, context, threads);
    (await loadStackSynthesis()).writeManifest(context, written.stacks);
    return new Map(Object.entries(written.hashes));
  });
  // The output is published: the ledger follows it (a failure here leaves
  // the two disagreeing, which the next run notices and explains).
  if (options.ledger && ledgerRun?.write !== undefined) writeLedger(options.ledger.file, ledgerRun.write);
  return config.clusters.map((c) => c.name);
}

/**
 * Synthesizes in `threads` threads, the main thread one of them: each takes
 * the next cluster until none is left (see fast/threads.ts). Should any
 * thread fail, the others are stopped before the error is passed on, so
 * that nothing writes into the scratch folder any more.
 */
async function synthesizeInThreads(clusters: readonly ClusterConfig[], context: RunContext, threads: number): Promise<Written> {
  const job: Job<RunContext> = { clusters: takeOrder(clusters), context, next: new SharedArrayBuffer(4) };
  const helpers = takeHelpers<Written>(threads - 1);
  const runs = helpers.map((helper) => helper.run(job));
  try {
    const { synthesizeDirect } = await loadStackSynthesis();
    const parts = [synthesizeDirect(taken(job.clusters, job.next), context), ...(await Promise.all(runs))];
    return { stacks: Object.assign({}, ...parts.map((p) => p.stacks)), hashes: Object.assign({}, ...parts.map((p) => p.hashes)) };
  } catch (error) {
    await Promise.all(helpers.map((helper) => helper.stop()));
    throw error;
  }
}

/**
 * cdktf and the providers, loaded only here: once the config is valid and
 * the ledger law passed, and after helpers got their work.
 */
function loadStackSynthesis(): Promise<typeof import("./stack-synthesis")> {
  return import("./stack-synthesis");
}

function workloadCount(clusters: readonly ClusterConfig[]): number {
  return clusters.reduce((n, c) => n + c.workloads.length, 0);
}
