/**
 * Finding a `terraform` binary and a local mirror of the hashicorp/aws
 * provider, from the places Terraform itself looks; nothing here hard-codes
 * a machine path.
 */
import { spawnSync } from "node:child_process";

import { readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join, resolve } from "node:path";

/** `{ ok: true, ...value }` or why not. */
export type Found<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly reason: string };

/**
 * The environment for every Terraform run: the caller's, minus every `TF_*`
 * variable (a TF_PLUGIN_CACHE_DIR, TF_DATA_DIR, TF_CLI_ARGS_* or
 * TF_WORKSPACE from the developer's shell would change what init and
 * validate do), without telemetry lookups and without prompts.
 */
export function terraformEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("TF_")) env[key] = value;
  return { ...env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0", ...extra };
}

// Detection

export interface TerraformCli {
  readonly version: string;
  /** Terraform's platform, e.g. `linux_amd64`: the mirror's `<os_arch>` folder. */
  readonly platform: string;
}

let cachedCli: Found<TerraformCli> | undefined;

/** `terraform` on PATH, asked for its version and platform. */
export function findTerraform(): Found<TerraformCli> {
  if (cachedCli) return cachedCli;
  const run = spawnSync("terraform", ["version", "-json"], { env: terraformEnv(), encoding: "utf8", timeout: 20_000 });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    cachedCli = { ok: false, reason: code === "ENOENT" ? "no terraform binary on PATH" : `\`terraform version -json\` failed: ${run.error.message}` };
  } else if (run.status !== 0) {
    cachedCli = { ok: false, reason: `\`terraform version -json\` exited with ${run.status}: ${run.stderr.trim()}` };
  } else {
    try {
      const info = JSON.parse(run.stdout) as { terraform_version?: string; platform?: string };
      if (!info.terraform_version || !info.platform) throw new Error("no terraform_version or platform");
      cachedCli = { ok: true, version: info.terraform_version, platform: info.platform };
    } catch (e) {
      cachedCli = { ok: false, reason: `cannot read \`terraform version -json\` (${(e as Error).message}): ${run.stdout.slice(0, 200)}` };
    }
  }
  return cachedCli;
}

export interface ProviderMirror {
  /** The folder holding `registry.terraform.io/hashicorp/aws/...`. */
  readonly root: string;
  /** The newest aws version with a binary for the platform, e.g. `5.100.0`. */
  readonly version: string;
  /** Where the root came from, e.g. `IRSA_TF_PROVIDER_MIRROR`. */
  readonly origin: string;
}

const AWS = join("registry.terraform.io", "hashicorp", "aws");

/**
 * A local filesystem mirror (unpacked layout) of hashicorp/aws:
 * `<root>/registry.terraform.io/hashicorp/aws/<version>/<platform>/terraform-provider-aws_*`.
 *
 * Looked for, in order:
 * 1. `IRSA_TF_PROVIDER_MIRROR` (when set, the only place looked at);
 * 2. the CLI config file (TF_CLI_CONFIG_FILE, else ~/.terraformrc): every
 *    `filesystem_mirror` path and the `plugin_cache_dir` (same layout);
 * 3. Terraform's implied local mirrors on Unix: ~/.terraform.d/plugins,
 *    $XDG_DATA_HOME/terraform/plugins (~/.local/share/...), and
 *    <each of $XDG_DATA_DIRS>/terraform/plugins (/usr/local/share, /usr/share);
 * 4. a bounded scan (depth ≤ 3, hidden folders skipped, at most a few
 *    thousand folders read) of /opt and /usr/local/share.
 */
export function findAwsProviderMirror(platform: string, env: NodeJS.ProcessEnv = process.env): Found<ProviderMirror> {
  const looked: string[] = [];
  const tryRoot = (root: string, origin: string): ProviderMirror | undefined => {
    looked.push(root);
    const version = awsVersionIn(root, platform);
    return version ? { root, version, origin } : undefined;
  };

  const explicit = env.IRSA_TF_PROVIDER_MIRROR;
  if (explicit) {
    const found = tryRoot(resolve(expandPath(explicit, env)), "IRSA_TF_PROVIDER_MIRROR");
    return found
      ? { ok: true, ...found }
      : { ok: false, reason: `IRSA_TF_PROVIDER_MIRROR=${explicit} holds no ${AWS}/<version>/${platform}/terraform-provider-aws_*` };
  }

  const candidates: [string, string][] = [];
  const cliConfig = env.TF_CLI_CONFIG_FILE || join(homedir(), ".terraformrc");
  for (const dir of cliConfigDirs(cliConfig, env)) candidates.push([dir, cliConfig]);
  const home = homedir();
  const dataHome = env.XDG_DATA_HOME || join(home, ".local", "share");
  const dataDirs = (env.XDG_DATA_DIRS || "/usr/local/share:/usr/share").split(delimiter).filter(Boolean);
  for (const dir of [join(home, ".terraform.d", "plugins"), join(dataHome, "terraform", "plugins"), ...dataDirs.map((d) => join(d, "terraform", "plugins"))]) {
    candidates.push([dir, "implied local mirror"]);
  }
  const seen = new Set<string>();
  for (const [dir, origin] of candidates) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const found = tryRoot(dir, origin);
    if (found) return { ok: true, ...found };
  }
  for (const top of ["/opt", "/usr/local/share"]) {
    looked.push(`${top} (depth ≤ 3)`);
    for (const dir of scanForMirrors(top, 3)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      const version = awsVersionIn(dir, platform);
      if (version) return { ok: true, root: dir, version, origin: `scan of ${top}` };
    }
  }
  return { ok: false, reason: `no hashicorp/aws provider mirror for ${platform} found (looked in ${looked.join(", ")}; set IRSA_TF_PROVIDER_MIRROR to one)` };
}

/** The newest aws version under a mirror root with a provider binary for the platform. */
function awsVersionIn(root: string, platform: string): string | undefined {
  const dir = join(root, AWS);
  if (!isDir(dir)) return undefined;
  const versions = readdirSync(dir).filter((v) => /^\d+\.\d+\.\d+/.test(v) && hasProviderBinary(join(dir, v, platform)));
  return versions.sort(compareVersions).pop();
}

function hasProviderBinary(dir: string): boolean {
  return isDir(dir) && readdirSync(dir).some((f) => f.startsWith("terraform-provider-aws_"));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The `filesystem_mirror` paths and `plugin_cache_dir` of a CLI config file (HCL or JSON). */
export function cliConfigDirs(file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const dirs: string[] = [];
  if (file.endsWith(".json")) {
    try {
      const visit = (node: unknown, key?: string): void => {
        if (Array.isArray(node)) node.forEach((n) => visit(n, key));
        else if (node && typeof node === "object") {
          for (const [k, v] of Object.entries(node)) {
            if (key === "filesystem_mirror" && k === "path" && typeof v === "string") dirs.push(v);
            else if (k === "plugin_cache_dir" && typeof v === "string") dirs.push(v);
            else visit(v, k);
          }
        }
      };
      visit(JSON.parse(text));
    } catch {
      return [];
    }
  } else {
    const noComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)(#|\/\/).*$/gm, "$1");
    for (const block of noComments.matchAll(/filesystem_mirror\s*\{([^}]*)\}/g)) {
      const path = /\bpath\s*=\s*"([^"]*)"/.exec(block[1]);
      if (path) dirs.push(path[1]);
    }
    const cache = /^\s*plugin_cache_dir\s*=\s*"([^"]*)"/m.exec(noComments);
    if (cache) dirs.push(cache[1]);
  }
  return dirs.map((d) => resolve(expandPath(d, env)));
}

function expandPath(path: string, env: NodeJS.ProcessEnv): string {
  const expanded = path.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? "");
  return expanded === "~" || expanded.startsWith("~/") ? join(homedir(), expanded.slice(1)) : expanded;
}

/** Folders at most `depth` below `top` (itself included) that hold `registry.terraform.io/hashicorp/aws`. */
function scanForMirrors(top: string, depth: number): string[] {
  const found: string[] = [];
  let budget = 5000;
  let level = [top];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const next: string[] = [];
    for (const dir of level) {
      if (isDir(join(dir, AWS))) found.push(dir);
      if (d === depth) continue;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (--budget < 0) return found;
        // Real folders only: following links could loop or leave the bound.
        if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules" && entry.name !== "registry.terraform.io") {
          next.push(join(dir, entry.name));
        }
      }
    }
    level = next;
  }
  return found;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A CLI config that installs hashicorp/aws from the mirror only, and nothing from the network. */
export function mirrorCliConfig(mirrorRoot: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirrorRoot)}
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
`;
}
