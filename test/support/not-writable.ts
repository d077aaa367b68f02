/**
 * The "not writable" cases of test/cli.test.ts: a folder irsa-gen may not
 * write, made with permissions. Permissions mean nothing to root, so the
 * test runs this in a child process as an unprivileged user when it runs as
 * root (test/support/unprivileged.js), and as itself otherwise.
 */
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../lib/cli/cli";
import { snapshotTree } from "./files";

/** Which folder is made read-only: the output folder's parent, or a stack folder of a previous output. */
export type Where = "parent" | "stack";

export interface NotWritableResult {
  /** Who ran the case: root ignores permissions, and the case proves nothing as root. */
  readonly uid: number;
  /** Whether the folder was indeed not writable for that user. */
  readonly denied: boolean;
  readonly code: number;
  readonly err: readonly string[];
  /** Whether everything below `dir` is as it was before the run. */
  readonly unchanged: boolean;
}

export async function notWritable(where: Where, dir: string, config: string): Promise<NotWritableResult> {
  const quiet = { out: () => undefined, err: () => undefined };
  const outdir = where === "parent" ? join(dir, "parent", "out") : join(dir, "out");
  const locked = where === "parent" ? join(dir, "parent") : join(outdir, "stacks", "prod-eu");
  mkdirSync(join(dir, "parent"));
  // A stack folder: of a previous output.
  if (where === "stack" && (await run([], { IRSA_CONFIG: config, CDKTF_OUTDIR: outdir }, quiet)) !== 0) throw new Error("the previous output failed");
  chmodSync(locked, 0o555);
  try {
    let denied = false;
    try {
      mkdirSync(join(locked, "probe"));
    } catch {
      denied = true;
    }
    const before = snapshotTree(dir);
    const err: string[] = [];
    const code = await run(["--hcl"], { IRSA_CONFIG: config, CDKTF_OUTDIR: outdir }, { out: () => undefined, err: (l) => err.push(l) });
    return { uid: process.getuid?.() ?? -1, denied, code, err, unchanged: JSON.stringify(snapshotTree(dir)) === JSON.stringify(before) };
  } finally {
    chmodSync(locked, 0o755);
  }
}
