/**
 * Writing stacks with cdktf: the part of synthesis that loads cdktf and the
 * providers. synth.ts loads it once the config is valid and the ledger
 * law passed, after handing the helper threads their work: a config that
 * is refused never waits for cdktf, and helpers never wait for this thread.
 */
import { App, type AppConfig, type Manifest } from "cdktf";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { RenderedClusterStack } from "./rendered-stack";
import { dictionaryOf } from "../common/dictionary";
import type { ClusterConfig, RoleAccountConfig } from "../model/model";
import { INVENTORY_FILE, inventoryText } from "../output/inventory";
import type { ClusterLedger } from "../output/ledger";
import { holdsTokenText } from "./fast/literal-terraform";
import { HCL_FILE, HCL_METADATA_FILE, hashOf, JSON_FILE, STACKS_DIR } from "../output/files";

/** What one synthesis run needs to know besides the clusters. */
export interface RunContext {
  readonly sourceFile: string;
  readonly outdir: string;
  readonly hcl: boolean;
  readonly projectDir?: string;
  /** Where cdktf writes, before publication. */
  readonly synthDir: string;
  /** By cluster: what the previous output created and the config no longer does, to let go of (see inventory.ts). */
  readonly releases?: Readonly<Record<string, readonly string[]>>;
  /** By cluster: what it manages again after letting go of it, to import (see ledger.ts). */
  readonly reimports?: Readonly<Record<string, readonly { readonly to: string; readonly id: string }[]>>;
  /** By cluster: accounts its roles left, in which its stack still destroys or lets go of something (see ledger.ts). */
  readonly formerAccounts?: Readonly<Record<string, readonly RoleAccountConfig[]>>;
  /** By cluster: its part of the ledger the output will match, recorded beside its stack (see inventory.ts). */
  readonly ledger: Readonly<Record<string, ClusterLedger>>;
}

/**
 * Runs `body` with SYNTH_HCL_OUTPUT matching the mode: cdktf 0.21's
 * TerraformStack reads the output mode from that variable only, ignoring the
 * App's `hclOutput`.
 */
function inMode<T>(hcl: boolean, body: () => T): T {
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    return body();
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

/**
 * Runs `body` without the stack traces cdktf records for its own use.
 *
 * cdktf records a creation stack trace for every nested block of every
 * resource (`ComplexList`, through `Error.captureStackTrace` with no depth
 * limit), only to quote it should a token be misused; our stacks hold no
 * tokens (see expression.ts). Capturing those traces was a fifth of the
 * synthesis time, and rendering them as text an eighth before that. So
 * `Error.captureStackTrace` leaves its target as it is (cdktf then records
 * an empty trace), and a trace is never rendered as text. Errors thrown
 * meanwhile keep their messages and their own traces (`new Error` does not
 * go through `Error.captureStackTrace`), and the command line never shows
 * stack traces anyway. Restored as soon as the stacks are written.
 */
function withoutStackTraces<T>(body: () => T): T {
  const previousText = Error.prepareStackTrace;
  const previousCapture = Error.captureStackTrace;
  Error.prepareStackTrace = () => "";
  Error.captureStackTrace = () => undefined;
  try {
    return body();
  } finally {
    Error.prepareStackTrace = previousText;
    Error.captureStackTrace = previousCapture;
  }
}

function newApp(context: RunContext): App {
  // Stack traces in construct metadata cost a captured trace per resource
  // and are never read by Terraform.
  return prototypeSafeApp({ outdir: context.synthDir, hclOutput: context.hcl, stackTraces: false });
}

function addStack(app: App, cluster: ClusterConfig, context: RunContext): RenderedClusterStack {
  const stackDir = resolve(context.outdir, "stacks", cluster.name);
  const stateDir = relative(stackDir, resolve(context.projectDir ?? process.cwd())).split(sep).join("/") || ".";
  return new RenderedClusterStack(app, { cluster, stateDir, releases: context.releases?.[cluster.name], reimports: context.reimports?.[cluster.name], formerAccounts: context.formerAccounts?.[cluster.name], sourceFile: context.sourceFile });
}

/** Writes the stack's record (its part of the ledger) beside its generated file; returns what it wrote. */
function writeInventory(cluster: ClusterConfig, context: RunContext): Buffer {
  const content = Buffer.from(inventoryText(cluster.name, context.ledger[cluster.name]));
  writeFileSync(join(context.synthDir, STACKS_DIR, cluster.name, INVENTORY_FILE), content);
  return content;
}

/** What synthesis wrote in one thread: the manifest entries, and the hashes of the files (see `ProduceOutput`). */
export interface Written {
  readonly stacks: Manifest["stacks"];
  readonly hashes: Readonly<Record<string, string>>;
}

/**
 * cdktf's own path: every stack in one app, `App.synth()`. In HCL mode each
 * stack renders its own `cdk.tf` (see `ClusterStack.toHclTerraform`).
 * Without cdktf's creation stack traces, as on the direct path: they never
 * reach the output.
 */
export function synthesizePlain(clusters: readonly ClusterConfig[], context: RunContext): void {
  withoutStackTraces(() => inMode(context.hcl, () => {
    const app = newApp(context);
    for (const cluster of clusters) addStack(app, cluster, context);
    app.synth();
    for (const cluster of clusters) writeInventory(cluster, context);
  }));
}

/**
 * Writes the stacks as `App.synth()` does, minus the work our stacks never
 * need, one cluster at a time:
 *
 * - `App.synth()` first prepares every stack, resolving every element once
 *   more to discover cross-stack references (our stacks have none): a third
 *   of the synthesis time;
 * - each stack is dropped from the app once written, so memory holds one
 *   cluster at a time, not the whole organisation;
 * - each stack's JSON is built without cdktf's token resolution when it
 *   holds no token (see literal-terraform.ts), with cdktf's own resolution
 *   as the fallback; the written text is checked for token markers, and
 *   written again by cdktf's own path should it hold any.
 *
 * Each stack is written by its own cdktf synthesizer (`stack.synthesizer`,
 * public API), which runs what can fail in `App.synth()`: aspects, every
 * construct's validations, error annotations; in HCL mode it writes what
 * the stack renders (see `ClusterStack.toHclTerraform`). A test holds the
 * result to `App.synth()`'s byte for byte. Returns the manifest entries,
 * and the hashes of the files written, from the bytes read back for the
 * token check: publication need not read them again.
 */
export function synthesizeDirect(clusters: Iterable<ClusterConfig>, context: RunContext): Written {
  return withoutStackTraces(() => {
    const app = inMode(context.hcl, () => newApp(context));
    const session = { outdir: app.outdir, manifest: app.manifest, skipValidation: false };
    const hashes: Record<string, string> = {};
    for (const cluster of clusters) {
      // The stack's synthesizer takes the output mode from SYNTH_HCL_OUTPUT when the stack is created.
      const stack = inMode(context.hcl, () => addStack(app, cluster, context));
      stack.literal = true;
      stack.synthesizer.synthesize(session);
      const folder = `${STACKS_DIR}/${cluster.name}`;
      const stackFile = context.hcl ? HCL_FILE : JSON_FILE;
      const path = join(app.outdir, folder, stackFile);
      let content = readFileSync(path);
      if (stack.wroteLiteral && holdsTokenText(content)) {
        stack.literal = false;
        stack.synthesizer.synthesize(session);
        content = readFileSync(path);
      }
      hashes[`${folder}/${stackFile}`] = hashOf(content);
      if (context.hcl) hashes[`${folder}/${HCL_METADATA_FILE}`] = hashOf(readFileSync(join(app.outdir, folder, HCL_METADATA_FILE)));
      hashes[`${folder}/${INVENTORY_FILE}`] = hashOf(writeInventory(cluster, context));
      app.node.tryRemoveChild(stack.node.id);
    }
    return { stacks: app.manifest.stacks, hashes };
  });
}

/** Writes the app's manifest (`manifest.json`) with the stacks every thread wrote. */
export function writeManifest(context: RunContext, stacks: Manifest["stacks"]): void {
  const manifest = inMode(context.hcl, () => newApp(context).manifest);
  Object.assign(manifest.stacks, stacks);
  manifest.writeToFile();
}

/**
 * A cdktf App whose tables of stacks by name have no prototype: the
 * constructs library keeps a construct's children, and cdktf's manifest its
 * stacks, in plain objects, so a stack named `toString` would meet
 * `Object.prototype.toString` ("There is already a Construct with name
 * 'toString'"). Both tables are created empty and filled later; starting
 * them without a prototype makes them what they would be as `Map`s.
 * (constructs 10.7 `Node.addChild`; cdktf 0.21 `Manifest.forStack`.)
 */
export function prototypeSafeApp(config: AppConfig): App {
  const app = new App(config);
  const node = app.node as unknown as { _children?: Record<string, unknown> };
  node._children = dictionaryOf(Object.entries(node._children ?? {}));
  const manifest = app.manifest as unknown as { stacks: Record<string, unknown> };
  manifest.stacks = dictionaryOf(Object.entries(manifest.stacks));
  return app;
}
