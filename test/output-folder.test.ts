/**
 * The output folder: irsa-gen writes only into a folder of its own, touches
 * only what it wrote, never goes through a symbolic link, publishes all at
 * once, and one run at a time.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IrsaConfig } from "../lib/config/model";
import { OutputFolderError } from "../lib/output-errors";
import { writeOutputFolder } from "../lib/output-folder";
import { currentOwner } from "../lib/output-lock";
import { retiredStacks } from "../lib/retired-stacks";
import { synthesize } from "../lib/synth";
import { configFrom } from "./support/config";
import { PROJECT_ROOT, readTree, snapshotTree, tempDir } from "./support/files";
import { displayName } from "../lib/cli";

const MAIN = join(PROJECT_ROOT, "dist", "main.js");
const LOCK_MESSAGE = /^irsa-gen: another irsa-gen run \(pid \d+ on .+, started .+\) is writing this output folder \(.+\/\.irsa-gen\/lock\)\. Wait for it to finish/m;
const NOTHING_WRITTEN = "Nothing was written; the previous output is as it was.";

/**
 * The YAML of clusters named `names`, each with one workload whose service
 * account is `serviceAccount`. The S3 backend keeps the output free of paths
 * relative to the output folder, so outputs in different folders compare.
 */
/**
 * Clusters with one workload each; those in `retired` are retired with
 * `retire: destroy`, as a cluster must be before it may leave the config.
 */
function clustersYaml(names: readonly string[], serviceAccount = "app", retired: readonly string[] = []): string {
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
function clusters(names: readonly string[], serviceAccount?: string, file?: string, retired?: readonly string[]): IrsaConfig {
  return configFrom(clustersYaml(names, serviceAccount, retired), file);
}

/** Writes `clustersYaml` into `file`, for the compiled program; returns the same config loaded. */
function configFile(file: string, names: readonly string[], serviceAccount?: string, retired?: readonly string[]): IrsaConfig {
  writeFileSync(file, clustersYaml(names, serviceAccount, retired));
  return clusters(names, serviceAccount, file, retired);
}

/** A folder written by irsa-gen with `config`. */
async function written(config: IrsaConfig, hcl = false, outdir = join(tempDir(), "out")): Promise<string> {
  await synthesize(config, { outdir, hcl });
  return outdir;
}

/** The output as users see it: every file but irsa-gen's own state. */
function outputTree(outdir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(outdir)).filter(([path]) => !path.startsWith(".irsa-gen/")));
}

/** Runs `synthesize`, expecting it to refuse; returns the error. */
async function refused(config: IrsaConfig, outdir: string, hcl = false): Promise<OutputFolderError> {
  const error = await synthesize(config, { outdir, hcl }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutputFolderError);
  return error as OutputFolderError;
}

function write(path: string, content: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
}

describe("the output folder is irsa-gen's own", () => {
  it("refuses a folder with files irsa-gen did not write, changing nothing", async () => {
    // GIVEN a folder that someone else's cdktf app wrote
    const outdir = tempDir();
    write(join(outdir, "manifest.json"), '{ "mine": true }\n');
    write(join(outdir, "stacks", "network", "cdk.tf"), 'resource "aws_vpc" "main" {}\n');
    write(join(outdir, "stacks", "network", "metadata.json"), "{}\n");
    write(join(outdir, "stacks", "legacy", "cdk.tf.json"), '{ "resource": {} }\n');
    const before = snapshotTree(outdir);
    // WHEN irsa-gen is pointed at it, in either format
    for (const hcl of [false, true]) {
      const error = await refused(clusters(["network", "legacy"]), outdir, hcl);
      // THEN it refuses, names what is not its own and how to fix it, and writes nothing
      expect(error.message).toMatch(/^irsa-gen: the output folder is not irsa-gen's: .+ \(.+\)\. irsa-gen writes only into a new or empty folder, or one it wrote itself: point CDKTF_OUTDIR at another folder/);
      expect(error.nothingWritten).toBe(true);
      expect(snapshotTree(outdir)).toEqual(before);
    }
  });

  it("names a stack file without irsa-gen's signature in a folder that otherwise looks like its own", async () => {
    // GIVEN an unmarked folder: cdktf's manifest, and a stack file someone else wrote
    const outdir = await written(clusters(["prod"]));
    rmSync(join(outdir, ".irsa-gen"), { recursive: true });
    write(join(outdir, "stacks", "network", "cdk.tf"), 'resource "aws_vpc" "main" {}\n');
    const before = snapshotTree(outdir);
    // WHEN irsa-gen runs / THEN that file is named, and nothing changes
    const error = await refused(clusters(["prod"]), outdir);
    expect(error.message).toContain(`it holds a stack file without irsa-gen's header or tag (${join(outdir, "stacks", "network", "cdk.tf")})`);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("refuses the working directory as the output folder", async () => {
    // GIVEN a project folder, and CDKTF_OUTDIR=.
    const project = tempDir();
    write(join(project, "irsa.yaml"), clustersYaml(["prod"]));
    write(join(project, "package.json"), "{}\n");
    const before = snapshotTree(project);
    const cwd = process.cwd();
    process.chdir(project);
    try {
      // WHEN irsa-gen writes into "." / THEN it refuses, and the project is untouched
      const error = await refused(clusters(["prod"]), ".");
      expect(error.message).toBe(
        `irsa-gen: the output folder is the working directory or one above it, which irsa-gen does not own (${project}). Point CDKTF_OUTDIR at a folder of its own, such as cdktf.out (the default).`,
      );
    } finally {
      process.chdir(cwd);
    }
    expect(snapshotTree(project)).toEqual(before);
  });

  it("keeps the files of others inside a folder of its own, and deletes only what it wrote", async () => {
    // GIVEN a folder irsa-gen wrote (staging retired), to which others added files
    const outdir = await written(clusters(["prod", "staging"], undefined, undefined, ["staging"]));
    const others = {
      "README.md": "# our Terraform\n",
      "metadata.json": "{}\n",
      "stacks/prod/.terraform.lock.hcl": "# lock\n",
      "stacks/prod/.terraform/providers/x": "binary\n",
      "stacks/prod/terraform.tfstate": "{}\n",
      "stacks/staging/notes.txt": "notes\n",
      "stacks/network/cdk.tf": 'resource "aws_vpc" "main" {}\n',
    };
    for (const [path, content] of Object.entries(others)) write(join(outdir, path), content);
    // WHEN it writes HCL, and staging left the config
    await synthesize(clusters(["prod"]), { outdir, hcl: true });
    // THEN the others' files are as they were, and only irsa-gen's files changed
    const tree = readTree(outdir);
    for (const [path, content] of Object.entries(others)) expect(tree[path]).toBe(content);
    expect(Object.keys(tree).filter((p) => /(^|\/)(cdk\.tf(\.json)?|metadata\.json)$/.test(p) && !(p in others)).sort()).toEqual([
      "stacks/prod/cdk.tf",
      "stacks/prod/metadata.json",
    ]);
  });

  it("refuses a file it did not write under the name of one of its files", async () => {
    // GIVEN a folder of its own, and someone's cdk.tf beside irsa-gen's cdk.tf.json
    const outdir = await written(clusters(["prod"]));
    write(join(outdir, "stacks", "prod", "cdk.tf"), 'resource "aws_vpc" "main" {}\n');
    const before = snapshotTree(outdir);
    // WHEN irsa-gen writes / THEN it refuses rather than leave Terraform two definitions, or delete the file
    const error = await refused(clusters(["prod"], "other"), outdir);
    expect(error.message).toContain(`a file irsa-gen did not write has the name of one of irsa-gen's files (${join(outdir, "stacks", "prod", "cdk.tf")})`);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("takes over a folder written by the previous version, keeping Terraform's files and removing its old scratch folders", async () => {
    // GIVEN an output as irsa-gen wrote it before it kept a record: the same
    // files, without .irsa-gen/ (the bytes of the generated files are the
    // same); Terraform initialized in a stack; a scratch folder of a killed run beside it
    const parent = tempDir();
    const outdir = await written(clusters(["prod", "staging"]), false, join(parent, "out"));
    rmSync(join(outdir, ".irsa-gen"), { recursive: true });
    for (const stack of ["prod", "staging"]) rmSync(join(outdir, "stacks", stack, "irsa-gen.json"));
    const terraform = {
      "stacks/prod/.terraform.lock.hcl": "# lock\n",
      "stacks/prod/.terraform/modules/modules.json": "{}\n",
      "stacks/prod/terraform.tfstate": '{ "version": 4 }\n',
    };
    for (const [path, content] of Object.entries(terraform)) write(join(outdir, path), content);
    const oldScratch = join(parent, ".out.synth-Ab12Cd");
    cpSync(join(outdir, "stacks", "staging"), join(oldScratch, "stacks", "staging"), { recursive: true });
    // WHEN the new version writes HCL into it
    const notices: string[] = [];
    await synthesize(clusters(["prod", "staging"]), { outdir, hcl: true, notice: (l) => notices.push(l) });
    // THEN it says so, Terraform's files are untouched, and the output is what it writes into a new folder
    expect(notices).toContain(
      `irsa-gen: taking over ${outdir}, written by an earlier irsa-gen (3 generated files, recognised by their header or tag); .irsa-gen/output.json now records what irsa-gen writes there.`,
    );
    expect(notices).toContain(`irsa-gen: removed the scratch folder of an interrupted earlier run (${oldScratch}).`);
    expect(existsSync(oldScratch)).toBe(false);
    const tree = readTree(outdir);
    for (const [path, content] of Object.entries(terraform)) expect(tree[path]).toBe(content);
    const fresh = await written(clusters(["prod", "staging"]), true);
    expect(outputTree(outdir)).toEqual({ ...outputTree(fresh), ...terraform });
    expect(existsSync(join(outdir, ".irsa-gen", "output.json"))).toBe(true);
  });

  it("refuses a damaged record, and says how to recover", async () => {
    const outdir = await written(clusters(["prod"]));
    writeFileSync(join(outdir, ".irsa-gen", "output.json"), '{ "files": { "../../etc/passwd": "x" } }');
    const before = snapshotTree(outdir);
    const error = await refused(clusters(["prod"]), outdir);
    expect(error.message).toBe(
      `irsa-gen: irsa-gen's record of the files it wrote is damaged (${join(outdir, ".irsa-gen", "output.json")}). Delete it and run again: irsa-gen then recognises its files by their header or tag.`,
    );
    expect(snapshotTree(outdir)).toEqual(before);
  });
});

describe("symbolic links", () => {
  /** A folder outside the output folder holding files named like irsa-gen's. */
  function outside(): { dir: string; before: Record<string, string> } {
    const dir = tempDir();
    write(join(dir, "cdk.tf.json"), '{ "precious": true }\n');
    write(join(dir, "cdk.tf"), "# precious\n");
    write(join(dir, "metadata.json"), "{}\n");
    return { dir, before: snapshotTree(dir) };
  }

  it("leaves a linked stack folder alone, and refuses to write a stack through one", async () => {
    // GIVEN a folder of its own with a stack folder that links outside
    const target = outside();
    const outdir = await written(clusters(["prod"]));
    symlinkSync(target.dir, join(outdir, "stacks", "linked"));
    // WHEN a config without that stack is written / THEN the link and its target stay as they are
    await synthesize(clusters(["prod"], "other"), { outdir, hcl: true });
    expect(snapshotTree(target.dir)).toEqual(target.before);
    // WHEN a config with a stack of that name is written / THEN irsa-gen refuses, writing nothing
    const before = snapshotTree(outdir);
    const error = await refused(clusters(["prod", "linked"]), outdir);
    expect(error.message).toContain(`a folder irsa-gen writes into is a symbolic link, and irsa-gen never writes through one (${join(outdir, "stacks", "linked")})`);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(snapshotTree(target.dir)).toEqual(target.before);
  });

  it("deletes nothing through a retired stack folder that became a link", async () => {
    // GIVEN a stack irsa-gen wrote, whose folder was replaced by a link outside
    const target = outside();
    const outdir = await written(clusters(["prod", "old"]));
    rmSync(join(outdir, "stacks", "old"), { recursive: true });
    symlinkSync(target.dir, join(outdir, "stacks", "old"));
    // WHEN that cluster leaves the config / THEN nothing behind the link is deleted
    await synthesize(clusters(["prod"]), { outdir, hcl: false });
    expect(snapshotTree(target.dir)).toEqual(target.before);
  });

  it("refuses to replace a file of its own that became a link, writing nothing", async () => {
    const target = outside();
    const outdir = await written(clusters(["prod"]));
    const file = join(outdir, "stacks", "prod", "cdk.tf.json");
    rmSync(file);
    symlinkSync(join(target.dir, "cdk.tf.json"), file);
    const before = snapshotTree(outdir);
    for (const hcl of [false, true]) {
      const error = await refused(clusters(["prod"], "other"), outdir, hcl);
      expect(error.message).toContain(`a symbolic link is where irsa-gen writes a file, and irsa-gen never writes through one (${file})`);
      expect(snapshotTree(outdir)).toEqual(before);
      expect(snapshotTree(target.dir)).toEqual(target.before);
    }
  });

  it("refuses an output folder that is a link", async () => {
    const target = tempDir();
    const link = join(tempDir(), "out");
    symlinkSync(target, link);
    const error = await refused(clusters(["prod"]), link);
    expect(error.message).toBe(
      `irsa-gen: the output folder is a symbolic link, and irsa-gen never writes through one (${link}). Point CDKTF_OUTDIR at the folder it links to (${target}).`,
    );
    expect(readdirSync(target)).toEqual([]);
  });
});

describe("a failed run", () => {
  it("leaves the previous output as it was, with no scratch left, when synthesis fails", async () => {
    // GIVEN a previous output
    const outdir = await written(clusters(["prod"]));
    const before = snapshotTree(outdir);
    // WHEN a run fails half-way through writing its new output
    const failure = writeOutputFolder({ outdir }, (scratch) => {
      write(join(scratch, "stacks", "prod", "cdk.tf.json"), "{}");
      throw new Error("synthesis failed");
    });
    // THEN the error is the run's, and the folder is byte for byte as before (no scratch, no lock)
    await expect(failure).rejects.toThrow("synthesis failed");
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("leaves no trace in a folder it created", async () => {
    const outdir = join(tempDir(), "new", "out");
    await expect(writeOutputFolder({ outdir }, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(join(outdir, ".."))).toBe(false);
  });
});

describe("retiredStacks", () => {
  it("deletes the generated files of each stack that left the config, and only those", () => {
    const previous = new Map([
      ["manifest.json", "h"],
      ["stacks/a/cdk.tf.json", "h"],
      ["stacks/b/cdk.tf", "h"],
      ["stacks/b/metadata.json", "h"],
      ["stacks/c/cdk.tf.json", "h"],
    ]);
    expect(retiredStacks(previous, new Set(["a"]))).toEqual([
      { stack: "b", remove: ["stacks/b/cdk.tf", "stacks/b/metadata.json"] },
      { stack: "c", remove: ["stacks/c/cdk.tf.json"] },
    ]);
  });
});

interface ChildResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The compiled program, run as a child process so that it can be killed. */
function runMain(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return runNode([MAIN, ...args], env);
}

/**
 * A child process that publishes the output already synthesized in `from`
 * into `outdir`, through the compiled publication alone: the same steps as
 * the program's, without loading cdktf (a tenth of the time).
 */
function publishInChild(from: string, outdir: string, env: Record<string, string>): Promise<ChildResult> {
  const script = `
    const { cpSync } = require("node:fs");
    const { join } = require("node:path");
    const { writeOutputFolder } = require(${JSON.stringify(join(PROJECT_ROOT, "dist", "lib", "output-folder.js"))});
    const [from, outdir] = process.argv.slice(1);
    writeOutputFolder({ outdir }, (scratch) => {
      cpSync(join(from, "manifest.json"), join(scratch, "manifest.json"));
      cpSync(join(from, "stacks"), join(scratch, "stacks"), { recursive: true });
    });`;
  return runNode(["-e", script, from, outdir], env);
}

function runNode(args: string[], env: Record<string, string>): Promise<ChildResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status, signal) => done({ status, signal, stdout, stderr }));
  });
}

describe("publication killed at any point (compiled, in a child process)", () => {
  beforeAll(() => {
    // The compiled program must be built from the current sources.
    const build = spawnSync(process.execPath, [join(PROJECT_ROOT, "scripts", "run.js"), "--build-only"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
  }, 120_000);

  // From JSON with k1–k4 to HCL with k2–k5 and another service account:
  // one stack retired, three switching format with new content, one new.
  // Publication then has 20 steps (the commit, 16 changes of files: each
  // stack's inventory, Terraform file and metadata; the record, the journal,
  // the scratch).
  const OLD = ["k1", "k2", "k3", "k4"];
  const NEW = ["k2", "k3", "k4", "k5"];
  const STEPS = 20;
  // Every point, from before the commit to after the last step: small
  // enough to try them all, which random points would only sample.
  const KILL_POINTS = Array.from({ length: STEPS + 1 }, (_, n) => n);

  /** Each kill point's folder, killed run and expectations; the runs go in parallel. */
  interface Killed {
    readonly outdir: string;
    readonly config: IrsaConfig;
    readonly oldTree: Record<string, string>;
    readonly newTree: Record<string, string>;
    readonly result: ChildResult;
  }
  const killed = new Map<number, Promise<Killed>>();
  beforeAll(() => {
    for (const killAfter of KILL_POINTS) killed.set(killAfter, killDuringPublication(killAfter));
  });

  async function killDuringPublication(killAfter: number): Promise<Killed> {
    // The old output (JSON), with Terraform initialized in k2, and the new config (HCL)
    const dir = tempDir();
    const oldOutput = await written(clusters(OLD, undefined, undefined, ["k1"]), false, join(dir, "old"));
    write(join(oldOutput, "stacks", "k2", ".terraform.lock.hcl"), "# lock\n");
    const config = configFile(join(dir, "new.yaml"), NEW, "renamed");
    const newOutput = await written(config, true, join(dir, "new"));
    const outdir = join(dir, "out");
    cpSync(oldOutput, outdir, { recursive: true });
    const result = await publishInChild(newOutput, outdir, { IRSA_GEN_TEST_KILL_AFTER_STEPS: String(killAfter) });
    return { outdir, config, result, oldTree: outputTree(oldOutput), newTree: { ...outputTree(newOutput), "stacks/k2/.terraform.lock.hcl": "# lock\n" } };
  }

  it.each(KILL_POINTS.map((n) => [n]))(
    "after step %i, leaves every stack complete in the old or the new output, and the next run finishes it",
    async (killAfter) => {
      // GIVEN the old output, WHEN publishing the new one is killed after step `killAfter`
      const { outdir, config, result, oldTree, newTree } = await killed.get(killAfter)!;
      expect(result.signal).toBe("SIGKILL");

      // THEN each stack folder holds the old or the new Terraform file, never none;
      // both only in the one stack being switched at that moment
      const tree = outputTree(outdir);
      const terraformFiles = (t: Record<string, string>, stack: string) =>
        JSON.stringify(Object.fromEntries(["cdk.tf", "cdk.tf.json"].filter((f) => t[`stacks/${stack}/${f}`] !== undefined).map((f) => [f, t[`stacks/${stack}/${f}`]])));
      const states = [...new Set([...OLD, ...NEW])].map((stack) => {
        const [now, before, after] = [tree, oldTree, newTree].map((t) => terraformFiles(t, stack));
        if (now === before) return "old";
        if (now === after) return "new";
        if (now === terraformFiles({ ...oldTree, ...newTree }, stack)) return "switching";
        return `broken: ${stack} holds ${now}`;
      });
      expect(states.filter((s) => s.startsWith("broken"))).toEqual([]);
      expect(states.filter((s) => s === "switching").length).toBeLessThanOrEqual(1);
      // Before the commit, nothing at all has changed.
      if (killAfter === 0) expect(tree).toEqual(oldTree);

      // WHEN the next run starts
      const notices: string[] = [];
      const journalLeft = existsSync(join(outdir, ".irsa-gen", "journal.json"));
      expect(journalLeft).toBe(killAfter >= 1 && killAfter < STEPS - 1);
      await synthesize(config, { outdir, hcl: true, notice: (l) => notices.push(l) });
      // THEN it finished the interrupted run first, and the folder holds exactly
      // the new output and Terraform's file, with no scratch, journal or lock
      expect(notices.some((l) => l.startsWith("irsa-gen: finishing the publication of an earlier run"))).toBe(journalLeft);
      expect(outputTree(outdir)).toEqual(newTree);
      expect(readdirSync(join(outdir, ".irsa-gen"))).toEqual(["output.json"]);
    },
  );

  it("finishes an interrupted run before anything else, whatever the next run writes", async () => {
    // GIVEN the program (dist/main.js) killed half-way through publication, after its commit
    const dir = tempDir();
    const outdir = await written(clusters(OLD, undefined, undefined, ["k1"]), false, join(dir, "out"));
    const config = configFile(join(dir, "new.yaml"), NEW, "renamed", NEW);
    const result = await runMain(["--hcl"], { IRSA_CONFIG: config.sourceFile, CDKTF_OUTDIR: outdir, IRSA_GEN_TEST_KILL_AFTER_STEPS: "6" });
    expect(result.signal).toBe("SIGKILL");
    // WHEN the next run writes yet another config, as JSON
    await synthesize(clusters(["k9"]), { outdir, hcl: false });
    // THEN no file of either earlier output is left: the interrupted run was
    // finished (and recorded) first, then replaced as a whole
    expect(Object.keys(outputTree(outdir)).sort()).toEqual(["manifest.json", "stacks/k9/cdk.tf.json", "stacks/k9/irsa-gen.json"]);
  });
});

describe("one run at a time", () => {
  it("refuses while another live run holds the lock, without writing anything", async () => {
    // GIVEN a folder whose lock a live process (this one) holds
    const outdir = await written(clusters(["prod"]));
    writeFileSync(join(outdir, ".irsa-gen", "lock"), JSON.stringify(currentOwner()));
    const before = snapshotTree(outdir);
    // WHEN another run starts / THEN it stops, naming the owner and the lock file, and writes nothing
    const error = await refused(clusters(["prod"], "other"), outdir, true);
    expect(error.message).toMatch(LOCK_MESSAGE);
    expect(error.message).toContain(`(pid ${process.pid} on `);
    expect(error.nothingWritten).toBe(true);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  it("takes over the lock of a run that died", async () => {
    // GIVEN the lock of a process that is gone
    const outdir = await written(clusters(["prod"]));
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(outdir, ".irsa-gen", "lock"), JSON.stringify({ ...currentOwner(), pid: dead, processStart: undefined }));
    // WHEN a run starts / THEN it writes, and leaves no lock
    await synthesize(clusters(["prod"], "other"), { outdir, hcl: false });
    expect(readTree(outdir)["stacks/prod/cdk.tf.json"]).toContain("prod-team-other");
    expect(existsSync(join(outdir, ".irsa-gen", "lock"))).toBe(false);
  });

  it("waits for the owner of a lock just created, and takes over one that never got an owner", async () => {
    // GIVEN an empty lock file: a run that has just created it, or was killed right then
    const outdir = await written(clusters(["prod"]));
    const lock = join(outdir, ".irsa-gen", "lock");
    writeFileSync(lock, "");
    // WHEN it is fresh / THEN it counts as held
    const error = await refused(clusters(["prod"], "other"), outdir);
    expect(error.message).toContain(`another irsa-gen run (an unknown process) is writing this output folder (${lock})`);
    // WHEN it is old / THEN it is taken over
    utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    await synthesize(clusters(["prod"], "other"), { outdir, hcl: false });
    expect(readTree(outdir)["stacks/prod/cdk.tf.json"]).toContain("prod-team-other");
  });

  (existsSync("/proc/self/stat") ? it : it.skip)("takes over a lock whose pid now belongs to another process", async () => {
    // GIVEN a lock naming this process's pid, but another start time: the pid was reused
    const outdir = await written(clusters(["prod"]));
    writeFileSync(join(outdir, ".irsa-gen", "lock"), JSON.stringify({ ...currentOwner(), processStart: "1" }));
    await synthesize(clusters(["prod"], "other"), { outdir, hcl: false });
    expect(readTree(outdir)["stacks/prod/cdk.tf.json"]).toContain("prod-team-other");
  });

  it("never interleaves four runs started at once: the folder holds one run's whole output", async () => {
    // GIVEN four configs with clusters of their own, in both formats, and a previous output
    const dir = tempDir();
    const outdir = await written(clusters(["previous"], undefined, undefined, ["previous"]), false, join(dir, "out"));
    const runs = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        // Retired, so that any run's output may follow any other's.
        const names = [`r${i}-a`, `r${i}-b`];
        const config = configFile(join(dir, `r${i}.yaml`), names, undefined, names);
        const hcl = i % 2 === 1;
        // The command line names the config as the project sees it (HCL headers).
        const shown = { ...config, sourceFile: displayName(config.sourceFile, PROJECT_ROOT) };
        return { hcl, file: config.sourceFile, expected: outputTree(await written(shown, hcl, join(dir, `expected-${i}`))) };
      }),
    );
    // WHEN they run at the same time
    const results = await Promise.all(runs.map((r) => runMain(r.hcl ? ["--hcl"] : [], { IRSA_CONFIG: r.file, CDKTF_OUTDIR: outdir })));
    // THEN each either wrote or was refused with the lock message, and the folder is exactly one writer's output
    for (const result of results) {
      expect([0, 1]).toContain(result.status);
      if (result.status === 1) {
        expect(result.stderr).toMatch(LOCK_MESSAGE);
        expect(result.stderr).toContain(NOTHING_WRITTEN);
      }
    }
    const final = outputTree(outdir);
    const matches = runs.filter((r, i) => results[i].status === 0 && JSON.stringify(r.expected) === JSON.stringify(final));
    expect(matches).toHaveLength(1);
    expect(readdirSync(join(outdir, ".irsa-gen"))).toEqual(["output.json"]);
  });
});

