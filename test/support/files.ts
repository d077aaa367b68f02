import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const created: string[] = [];

/** A new temporary folder, removed after the test file's tests (see test/setup.ts). */
export function tempDir(prefix = "irsa-gen-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every file below `dir`, as relative path → content. */
export function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

/**
 * Everything below `dir` as it is on disk, links not followed: relative path
 * → `dir`, `link <target>`, or `file <content>`. Two equal snapshots mean
 * nothing was written, created, deleted or re-pointed.
 */
export function snapshotTree(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      const stats = lstatSync(path);
      const key = relative(dir, path);
      if (stats.isSymbolicLink()) entries[key] = `link ${readlinkSync(path)}`;
      else if (stats.isDirectory()) {
        entries[key] = "dir";
        walk(path);
      } else entries[key] = `file ${readFileSync(path, "base64")}`;
    }
  };
  walk(dir);
  return entries;
}

/** The example configs shipped with the project: irsa.yaml and examples/*.yaml. */
export function exampleConfigs(): string[] {
  const root = join(__dirname, "..", "..");
  const examples = readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join("examples", f));
  return ["irsa.yaml", ...examples];
}

export const PROJECT_ROOT = join(__dirname, "..", "..");

/**
 * Says why a test is skipped on this machine (not a Terraform check: those
 * use reportSkip in terraform.ts, which CI turns into a failure). Written to
 * stderr directly, so jest shows it even when it drops console output.
 */
export function reportSkippedCase(what: string, reason: string): void {
  process.stderr.write(`${what} skipped: ${reason}\n`);
}
