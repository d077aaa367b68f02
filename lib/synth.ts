/**
 * Synthesis into a scratch folder, then publication into the output folder.
 *
 * Nothing in the output folder changes until the whole app has synthesized,
 * so a failure leaves the previous output as it was. Files that Terraform
 * keeps in a stack folder (.terraform/, the lock file, local state) are left
 * alone; only the generated files are replaced.
 */
import { App, TerraformStack } from "cdktf";
import stringify from "json-stable-stringify";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { ClusterStack } from "./cluster-stack";
import type { IrsaConfig } from "./config/model";
import { postProcessHcl } from "./hcl";

export interface SynthOptions {
  /** The output folder, e.g. `cdktf.out`. */
  readonly outdir: string;
  /** Plain HCL (`cdk.tf`) instead of Terraform JSON (`cdk.tf.json`). */
  readonly hcl: boolean;
  /** Where the project is, for relative local-state paths. @default the working directory */
  readonly projectDir?: string;
  /**
   * Synthesize with cdktf's own `App.synth()` instead of the direct path.
   * Both write the same bytes (a test holds them to it); this one is slower.
   * @default false
   */
  readonly plain?: boolean;
}

/** The file cdktf writes for each stack in each mode. */
export const JSON_FILE = "cdk.tf.json";
export const HCL_FILE = "cdk.tf";
/** Written beside `cdk.tf` in HCL mode only. */
const HCL_METADATA_FILE = "metadata.json";

/** Builds the app: one stack per cluster. */
export function buildApp(config: IrsaConfig, options: SynthOptions & { readonly synthDir: string }): App {
  // Stack traces in construct metadata cost a captured trace per resource
  // and are never read by Terraform.
  // cdktf 0.21's TerraformStack reads the output mode from SYNTH_HCL_OUTPUT
  // only, ignoring the App's hclOutput, so the variable must agree with the
  // mode while the stacks are constructed.
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(options.hcl);
  try {
    const app = new App({ outdir: options.synthDir, hclOutput: options.hcl, stackTraces: false });
    for (const cluster of config.clusters) {
      const stackDir = resolve(options.outdir, "stacks", cluster.name);
      const stateDir = relative(stackDir, resolve(options.projectDir ?? process.cwd())).split(sep).join("/") || ".";
      new ClusterStack(app, { cluster, stateDir });
    }
    return app;
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}

/** Synthesizes every cluster's stack into `options.outdir`; returns the stack names. */
export async function synthesize(config: IrsaConfig, options: SynthOptions): Promise<string[]> {
  const outdir = resolve(options.outdir);
  mkdirSync(dirname(outdir), { recursive: true });
  const scratch = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}.synth-`));
  try {
    const app = buildApp(config, { ...options, synthDir: scratch });
    if (options.plain) app.synth();
    else writeStacks(app, options.hcl);
    if (options.hcl) {
      for (const cluster of config.clusters) {
        const file = join(scratch, "stacks", cluster.name, HCL_FILE);
        const cloudProject = cluster.backend.type === "cloud" ? cluster.backend.project : undefined;
        const hcl = postProcessHcl(readFileSync(file, "utf8"), { configFile: config.sourceFile, stack: cluster.name, cloudProject });
        writeFileSync(file, hcl);
      }
    }
    publish(scratch, outdir, options.hcl);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return config.clusters.map((c) => c.name);
}

/**
 * Writes each stack as `App.synth()` does, minus the work our stacks never
 * need: its preparing pass resolves every element once more to discover
 * cross-stack references (our stacks have none), and it runs aspects and
 * validations (we use neither). That pass was a third of the synthesis
 * time. Only public API is used: the app's manifest, `toTerraform()` and
 * `toHclTerraform()`, serialized with the same stable stringify as cdktf.
 */
function writeStacks(app: App, hcl: boolean): void {
  for (const stack of app.node.children.filter(TerraformStack.isStack)) {
    const manifest = app.manifest.forStack(stack);
    mkdirSync(join(app.outdir, manifest.workingDirectory), { recursive: true });
    if (hcl) {
      const { hcl: text, metadata } = stack.toHclTerraform();
      writeFileSync(join(app.outdir, manifest.synthesizedStackPath), text);
      writeFileSync(join(app.outdir, manifest.stackMetadataPath), stringify(metadata, { space: 2 }) as string);
    } else {
      writeFileSync(join(app.outdir, manifest.synthesizedStackPath), stringify(stack.toTerraform(), { space: 2 }) as string);
    }
  }
  app.manifest.writeToFile();
}

/**
 * Moves the generated files into place, each by an atomic rename, and
 * removes the generated file of the other mode: a `cdk.tf` beside a
 * `cdk.tf.json` makes Terraform see every block twice.
 */
function publish(scratch: string, outdir: string, hcl: boolean): void {
  const stale = hcl ? [JSON_FILE] : [HCL_FILE, HCL_METADATA_FILE];
  const current = new Set(readdirSync(join(scratch, "stacks")));
  const stacksDir = join(outdir, "stacks");
  if (existsSync(stacksDir)) {
    for (const stack of readdirSync(stacksDir)) {
      const dir = join(stacksDir, stack);
      if (!statSync(dir).isDirectory()) continue;
      // A cluster removed from the config: its generated files go, so that
      // nothing deploys it by accident; Terraform's own files stay.
      const generated = current.has(stack) ? stale : [JSON_FILE, HCL_FILE, HCL_METADATA_FILE];
      for (const name of generated) if (existsSync(join(dir, name))) unlinkSync(join(dir, name));
    }
  }
  moveTree(scratch, outdir);
}

function moveTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) moveTree(source, target);
    else renameSync(source, target);
  }
}
