/**
 * What the output folder's tests share: configs of a few small clusters,
 * outputs written from them, and the compiled program run as a child
 * process (so that it can be killed).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IrsaConfig } from "../../lib/model/model";
import { OutputFolderError } from "../../lib/output/errors";
import { synthesize } from "../../lib/synthesis/synth";
import { configFrom } from "./config";
import { PROJECT_ROOT, readTree, tempDir } from "./files";

/** The program as `npm run synth` runs it (the bundle, see scripts/run.js). */
export const MAIN = join(PROJECT_ROOT, "scripts", "run.js");
export const LOCK_MESSAGE = /^irsa-gen: another irsa-gen run \(pid \d+ on .+, started .+\) is writing this output folder \(.+\/\.irsa-gen\/lock\)\. Wait for it to finish/m;
export const NOTHING_WRITTEN = "Nothing was written; the previous output is as it was.";

/**
 * The YAML of clusters named `names`, each with one workload whose service
 * account is `serviceAccount`. The S3 backend keeps the output free of paths
 * relative to the output folder, so outputs in different folders compare.
 */
/**
 * Clusters with one workload each; those in `retired` are retired with
 * `retire: destroy`, as a cluster must be before it may leave the config.
 */
export function clustersYaml(names: readonly string[], serviceAccount = "app", retired: readonly string[] = []): string {
  const clusters = names.map(
    (name) => `  - name: ${name}
    region: eu-west-1
${retired.includes(name) ? "    retire: destroy\n" : ""}    workloads:
      - { namespace: team, serviceAccount: ${serviceAccount}, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
`,
  );
  return `defaults:\n  backend: { type: s3, bucket: example-state }\nclusters:\n${clusters.join("")}`;
}

/** The config of `clustersYaml`, as loaded from `file` (named in the HCL's header). */
export function clusters(names: readonly string[], serviceAccount?: string, file?: string, retired?: readonly string[]): IrsaConfig {
  return configFrom(clustersYaml(names, serviceAccount, retired), file);
}

/** Writes `clustersYaml` into `file`, for the compiled program; returns the same config loaded. */
export function configFile(file: string, names: readonly string[], serviceAccount?: string, retired?: readonly string[]): IrsaConfig {
  writeFileSync(file, clustersYaml(names, serviceAccount, retired));
  return clusters(names, serviceAccount, file, retired);
}

/** A folder written by irsa-gen with `config`. */
export async function written(config: IrsaConfig, hcl = false, outdir = join(tempDir(), "out")): Promise<string> {
  await synthesize(config, { outdir, hcl });
  return outdir;
}

/** The output as users see it: every file but irsa-gen's own state. */
export function outputTree(outdir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(outdir)).filter(([path]) => !path.startsWith(".irsa-gen/")));
}

/** Runs `synthesize`, expecting it to refuse; returns the error. */
export async function refused(config: IrsaConfig, outdir: string, hcl = false): Promise<OutputFolderError> {
  const error = await synthesize(config, { outdir, hcl }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutputFolderError);
  return error as OutputFolderError;
}

export function write(path: string, content: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
}

export interface ChildResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The compiled program, run as a child process so that it can be killed. */
export function runMain(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return runNode([MAIN, ...args], env);
}

/**
 * A child process that publishes the output already synthesized in `from`
 * into `outdir`, through the compiled publication alone: the same steps as
 * the program's, without loading cdktf (a tenth of the time).
 */
export function publishInChild(from: string, outdir: string, env: Record<string, string>): Promise<ChildResult> {
  const script = `
    const { cpSync } = require("node:fs");
    const { join } = require("node:path");
    const { writeOutputFolder } = require(${JSON.stringify(join(PROJECT_ROOT, "dist", "lib", "output", "folder.js"))});
    const [from, outdir] = process.argv.slice(1);
    writeOutputFolder({ outdir }, (scratch) => {
      cpSync(join(from, "manifest.json"), join(scratch, "manifest.json"));
      cpSync(join(from, "stacks"), join(scratch, "stacks"), { recursive: true });
    });`;
  return runNode(["-e", script, from, outdir], env);
}

/**
 * The environment of a child the tests run: this one's, and `extra`, but
 * never CI=true unless the test says so: CI's ledger lock (as npm ci's on a
 * lockfile) would refuse the configs the tests write without a ledger.
 */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const { CI: _ci, ...inherited } = process.env;
  return { ...inherited, ...extra };
}

export function runNode(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: childEnv(env) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status, signal) => done({ status, signal, stdout, stderr }));
  });
}
