/**
 * Example configs, and their synthesis through the project's own code path.
 */
import { basename, extname, join } from "node:path";

import { loadConfig } from "../../../lib/config/load";
import type { IrsaConfig } from "../../../lib/model/model";
import { HCL_FILE, JSON_FILE, synthesize } from "../../../lib/synthesis/synth";
import { PROJECT_ROOT } from "../files";

/** Loads a config the way the CLI does, with paths relative to the project. */
export function loadExample(file: string): IrsaConfig {
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    const result = loadConfig(file);
    if (!result.config) throw new Error(`${file} does not load:\n${result.errors.join("\n")}`);
    return result.config;
  } finally {
    process.chdir(cwd);
  }
}

export interface SynthesizedStack {
  readonly name: string;
  /** The stack's folder: `<outdir>/stacks/<name>`. */
  readonly dir: string;
  /** Its generated file (`cdk.tf.json` or `cdk.tf`). */
  readonly file: string;
}

/** `synthesize(loadConfig(file), { outdir, hcl })`, as `irsa-gen synth [--hcl]` does. */
export async function synthesizeExample(file: string, outdir: string, hcl: boolean): Promise<SynthesizedStack[]> {
  const names = await synthesize(loadExample(file), { outdir, hcl, projectDir: outdir });
  return names.map((name) => {
    const dir = join(outdir, "stacks", name);
    return { name, dir, file: join(dir, hcl ? HCL_FILE : JSON_FILE) };
  });
}

/** A Terraform module name for a stack of an example: `<config>__<stack>`. */
export function moduleName(configFile: string, stack: string): string {
  const name = `${basename(configFile, extname(configFile))}__${stack}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}
