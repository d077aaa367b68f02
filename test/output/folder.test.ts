/**
 * The output folder: irsa-gen writes only into a folder of its own, touches
 * only what it wrote, never goes through a symbolic link, publishes all at
 * once, and one run at a time. (The compiled program in child processes,
 * killed at every step of publication and four at once:
 * output-folder-processes.slow.test.ts, in `npm run test:slow`.)
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeOutputFolder } from "../../lib/output/folder";
import { currentOwner } from "../../lib/output/lock";
import { retiredStacks } from "../../lib/output/retired-stacks";
import { synthesize } from "../../lib/synthesis/synth";
import { readTree, snapshotTree, tempDir } from "../support/files";
import { clusters, clustersYaml, LOCK_MESSAGE, outputTree, refused, write, written } from "../support/output";

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
});

