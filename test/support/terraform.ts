/**
 * Terraform's own verdict on the generated output: finding a `terraform`
 * binary and a local mirror of the hashicorp/aws provider, reducing a stack
 * to what can be validated offline, and running Terraform.
 *
 * Nothing here hard-codes a machine path: the binary comes from PATH and the
 * mirror from the places Terraform itself looks (see findAwsProviderMirror).
 * When either is missing the Terraform tests skip with the reason.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, delimiter, extname, join, resolve } from "node:path";
import { partitionOf } from "../../lib/aws/partition";
import { loadConfig } from "../../lib/config/load";
import type { IrsaConfig } from "../../lib/config/model";
import { HCL_FILE, JSON_FILE, synthesize } from "../../lib/synth";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");

/** `{ ok: true, ...value }` or why not. */
export type Found<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly reason: string };

// ---------------------------------------------------------------------------
// Environment

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

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
// Running Terraform

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs terraform asynchronously (the event loop, and so jest's timers, stay alive). */
export function runTerraform(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn("terraform", args, { cwd: options.cwd, env: options.env ?? terraformEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** One diagnostic of `terraform validate -json`. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number; readonly column: number } };
  readonly snippet?: { readonly context?: string | null; readonly code?: string };
}

export interface ValidateOutput {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly Diagnostic[];
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.range ? `${d.range.filename}:${d.range.start.line}:${d.range.start.column}` : "(no file)";
  const context = d.snippet?.context ? ` in ${d.snippet.context}` : "";
  return `${d.severity}: ${where}${context}: ${d.summary}${d.detail ? `\n    ${d.detail.replace(/\n/g, "\n    ")}` : ""}`;
}

// ---------------------------------------------------------------------------
// Example configs and synthesis through the project's own code path

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

// ---------------------------------------------------------------------------
// Reduction to the AWS side

/** A thumbprint in the shape IAM wants (40 hex digits); the value is never sent anywhere. */
export const PLACEHOLDER_THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

/** Terraform JSON, loosely typed: the reduction walks it generically. */
export type TerraformJsonDocument = Record<string, any>;

export interface ReducedStack {
  readonly json: TerraformJsonDocument;
  /** What was removed, as Terraform addresses (`kubernetes_namespace_v1.orders`, `provider.tls`, `output.x`, ...). */
  readonly removed: readonly string[];
}

export interface ReduceOptions {
  /** The aws provider version to require (the mirror's). */
  readonly awsVersion: string;
  readonly thumbprint?: string;
}

/**
 * Arguments that hashicorp/aws gained after the mirror's version, with the
 * first version that has them: @cdktf/provider-aws 21.22.1 is hashicorp/aws
 * 6.25.0, and the mirror may be older (5.100.0 on these machines).
 *
 * The one reviewed list of what Terraform's checks cannot check: reduceToAws
 * removes these arguments, and nothing else, when the mirror is older than
 * `since`. test/terraform/validate.slow.test.ts holds the list to the
 * mirror's own schema (each entry missing there exactly when the mirror is
 * older than `since`; every argument the stacks use either known there or
 * listed here) and to the stacks (no other argument removed); the validate
 * and plan tests print which version checked which stack, and what they
 * could not check. Add an entry only with its `since` from the provider's
 * changelog.
 */
export const NEWER_ARGUMENTS: Readonly<Record<string, readonly { readonly argument: string; readonly since: string }[]>> = {
  aws_eks_pod_identity_association: [
    { argument: "target_role_arn", since: "6.0.0" },
    { argument: "disable_session_tags", since: "6.0.0" },
  ],
};

function olderThan(version: string, than: string): boolean {
  const a = version.split(".").map(Number);
  const b = than.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** Resource and data source types kept: the AWS provider's and Terraform's built-ins. */
function keepsType(type: string): boolean {
  return type.startsWith("aws_") || type === "terraform_data" || type === "terraform_remote_state";
}

/**
 * A copy of a stack with only its AWS side, which `terraform validate` can
 * check with nothing but the aws provider installed:
 *
 * - every resource and data source of another provider (kubernetes_*, tls_*)
 *   is removed, with that provider's configuration and required_providers
 *   entry; `data.aws_eks_cluster_auth` goes too when only the Kubernetes
 *   provider used its token;
 * - a reference to a TLS certificate's fingerprint (the OIDC provider's
 *   `thumbprint_list`) becomes a literal thumbprint;
 * - locals and outputs that refer to removed blocks are removed; so are
 *   `depends_on` entries naming them;
 * - aws is required as `hashicorp/aws` at `options.awsVersion`; the backend
 *   or cloud block is removed.
 *
 * - arguments newer than the mirror's aws provider (NEWER_ARGUMENTS) are
 *   removed, each reported in `removed` as `<address>.<argument>`, so the
 *   test can show what the older provider could not check.
 *
 * Any other reference from a kept block to a removed one throws: the
 * reduction never silently changes what an AWS block means.
 */
export function reduceToAws(stack: TerraformJsonDocument, options: ReduceOptions): ReducedStack {
  const json: TerraformJsonDocument = structuredClone(stack);
  const thumbprint = options.thumbprint ?? PLACEHOLDER_THUMBPRINT;
  const removed: string[] = [];

  for (const [type, newer] of Object.entries(NEWER_ARGUMENTS)) {
    for (const { argument, since } of newer) {
      if (!olderThan(options.awsVersion, since)) continue;
      for (const [name, body] of Object.entries<Record<string, unknown>>(json.resource?.[type] ?? {})) {
        if (argument in body) {
          delete body[argument];
          removed.push(`${type}.${name}.${argument}`);
        }
      }
    }
  }

  // Every resource, data source and local address of the stack.
  const known = new Set<string>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(json[kind] ?? {})) {
      for (const name of Object.keys(blocks)) known.add(`${prefix}${type}.${name}`);
    }
  }
  for (const name of Object.keys(json.locals ?? {})) known.add(`local.${name}`);

  const gone = new Set<string>();
  const removeBlock = (kind: "resource" | "data", type: string, name: string) => {
    delete json[kind][type][name];
    if (Object.keys(json[kind][type]).length === 0) delete json[kind][type];
    const address = `${kind === "data" ? "data." : ""}${type}.${name}`;
    gone.add(address);
    removed.push(address);
  };
  for (const kind of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(json[kind] ?? {})) {
      if (keepsType(type)) continue;
      for (const name of Object.keys(blocks)) removeBlock(kind, type, name);
    }
  }

  for (const name of Object.keys(json.provider ?? {})) {
    if (name === "aws") continue;
    delete json.provider[name];
    removed.push(`provider.${name}`);
  }

  // Locals that refer to removed blocks go, transitively.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, value] of Object.entries(json.locals ?? {})) {
      if (referencesIn(value, known).some((r) => gone.has(r))) {
        delete json.locals[name];
        gone.add(`local.${name}`);
        removed.push(`local.${name}`);
        changed = true;
      }
    }
  }

  // import, moved and removed blocks aimed at removed blocks go (their
  // addresses are bare, not references, so they are matched by address).
  for (const kind of ["import", "moved", "removed"] as const) {
    if (!Array.isArray(json[kind])) continue;
    json[kind] = json[kind].filter((block: Record<string, string>) => {
      const target = kind === "removed" ? block.from : block.to;
      const type = target.split(".")[0];
      const keep = kind === "removed" ? keepsType(type) : !gone.has(target);
      if (!keep) removed.push(`${kind}:${target}`);
      return keep;
    });
    if (json[kind].length === 0) delete json[kind];
  }

  // Outputs that show removed blocks go.
  for (const [name, value] of Object.entries(json.output ?? {})) {
    if (referencesIn(value, known).some((r) => gone.has(r))) {
      delete json.output[name];
      removed.push(`output.${name}`);
    }
  }

  // In what is kept: literal thumbprints, depends_on without removed blocks,
  // and no other reference to anything removed.
  const rewrite = (node: unknown, path: string): unknown => {
    if (typeof node === "string") {
      const fingerprint = /^\$\{\s*data\.tls_certificate\.[\w-]+\.certificates\[\d+\]\.sha1_fingerprint\s*\}$/.exec(node);
      if (fingerprint && gone.has(referencesIn(node, known)[0])) return thumbprint;
      const dangling = referencesIn(node, known).filter((r) => gone.has(r));
      if (dangling.length > 0) throw new Error(`${path} refers to ${dangling.join(", ")}, which the AWS-only copy does not have: ${node}`);
      return node;
    }
    if (Array.isArray(node)) return node.map((n, i) => rewrite(n, `${path}[${i}]`));
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === "//") out[key] = value;
        else if (key === "depends_on" && Array.isArray(value)) {
          out[key] = value.filter((d) => !(typeof d === "string" && referencesIn(`\${${d}}`, known).some((r) => gone.has(r))));
        } else out[key] = rewrite(value, `${path}.${key}`);
      }
      return out;
    }
    return node;
  };

  // aws_eks_cluster_auth only feeds the Kubernetes provider's token: drop it
  // unless something kept reads it.
  for (const name of Object.keys(json.data?.aws_eks_cluster_auth ?? {})) {
    const address = `data.aws_eks_cluster_auth.${name}`;
    const { [name]: _self, ...siblings } = json.data.aws_eks_cluster_auth;
    const rest = { ...json, data: { ...json.data, aws_eks_cluster_auth: siblings } };
    if (!referencesIn(rest, known).includes(address)) removeBlock("data", "aws_eks_cluster_auth", name);
  }

  for (const key of Object.keys(json)) {
    if (key === "terraform" || key === "//") continue;
    json[key] = rewrite(json[key], key);
  }
  if (json.data && Object.keys(json.data).length === 0) delete json.data;
  if (json.resource && Object.keys(json.resource).length === 0) delete json.resource;

  const terraform = { ...(json.terraform ?? {}) };
  for (const key of ["backend", "cloud"]) {
    if (terraform[key] !== undefined) {
      delete terraform[key];
      removed.push(`terraform.${key}`);
    }
  }
  for (const name of Object.keys(terraform.required_providers ?? {})) {
    if (name !== "aws") removed.push(`terraform.required_providers.${name}`);
  }
  // Anything else of aws's entry (configuration_aliases) stays.
  const aws = terraform.required_providers?.aws;
  terraform.required_providers = { aws: { ...(typeof aws === "object" ? aws : {}), source: "hashicorp/aws", version: options.awsVersion } };
  json.terraform = terraform;
  return { json, removed };
}

/**
 * The resource, data source and local addresses (from `known`) that a value
 * refers to in its `${...}` interpolations.
 */
export function referencesIn(value: unknown, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === "string") {
      for (const expression of interpolations(node)) {
        // A traversal starts after anything but a name character, a dot or a closing bracket.
        for (const m of expression.matchAll(/(?<![\w.\]-])((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)/g)) {
          if (known.has(m[1])) found.add(m[1]);
        }
      }
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") for (const [key, v] of Object.entries(node)) if (key !== "//") visit(v);
  };
  visit(value);
  return [...found];
}

/** The expressions of the `${...}` interpolations in a template string (`$${` is a literal). */
function interpolations(template: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] === "$" && template[i + 1] === "$") {
      i++;
      continue;
    }
    if (template[i] !== "$" || template[i + 1] !== "{") continue;
    let depth = 0;
    let j = i + 2;
    let inString = false;
    for (; j < template.length; j++) {
      const c = template[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    out.push(template.slice(i + 2, j));
    i = j;
  }
  return out;
}

/** The addresses of a stack's aws_* resources and data sources, sorted. */
export function awsAddresses(stack: TerraformJsonDocument): string[] {
  const out: string[] = [];
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(stack[kind] ?? {})) {
      if (type.startsWith("aws_")) for (const name of Object.keys(blocks)) out.push(`${prefix}${type}.${name}`);
    }
  }
  return out.sort();
}

/**
 * Terraform and a local mirror of hashicorp/aws, as every offline Terraform
 * check needs them, or why `what` is skipped (reported once, here; with
 * IRSA_REQUIRE_TERRAFORM set, a failure instead). `minMinor`: the oldest
 * Terraform 1.x the check needs, with why.
 */
export function offlineTerraform(what: string, minMinor?: { readonly minor: number; readonly why: string }): { readonly skipReason?: string; readonly mirror?: ProviderMirror; readonly cli?: TerraformCli } {
  const cli = findTerraform();
  if (!cli.ok) return skipped(what, cli.reason);
  const match = /^(\d+)\.(\d+)\./.exec(cli.version);
  if (minMinor && match && (Number(match[1]) === 0 || (Number(match[1]) === 1 && Number(match[2]) < minMinor.minor))) return skipped(what, `terraform ${cli.version} is older than 1.${minMinor.minor}, which ${minMinor.why}`);
  const mirror = findAwsProviderMirror(cli.platform);
  if (!mirror.ok) return skipped(what, mirror.reason);
  return { cli, mirror };
}

function skipped(what: string, reason: string): { skipReason: string } {
  reportSkip(what, reason);
  return { skipReason: reason };
}

/** A root module in a temporary folder, for Terraform to run in offline: only the mirror, no registry, no network. */
export interface OfflineRoot {
  /** The temporary folder, to remove afterwards. */
  readonly tmp: string;
  /** The root module's folder, `<tmp>/root`. */
  readonly root: string;
  /** Terraform's environment: the CLI config that installs from the mirror only. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `terraform init` (writing the aws requirement first); rejects with Terraform's output when it fails. */
  init(): Promise<void>;
  /**
   * Writes the root's `main.tf.json` (the stacks as child modules, and what
   * else the root holds: import blocks, which only a root may) and records
   * the local modules as init would have (`terraform get`, ~0.05 s).
   */
  join(root: TerraformJsonDocument): Promise<void>;
  /** Runs a Terraform command in the root. */
  run(args: readonly string[]): Promise<RunResult>;
}

export function offlineRoot(prefix: string, mirror: ProviderMirror): OfflineRoot {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const root = join(tmp, "root");
  mkdirSync(root);
  const cliConfig = join(tmp, "cli.tfrc");
  writeFileSync(cliConfig, mirrorCliConfig(mirror.root));
  const env = terraformEnv({ TF_CLI_CONFIG_FILE: cliConfig });
  const run = (args: readonly string[]) => runTerraform(args, { cwd: root, env });
  return {
    tmp,
    root,
    env,
    run,
    async init() {
      // init needs only the provider: callers run it while they synthesize, before the root holds anything else.
      writeFileSync(join(root, "providers.tf.json"), `${JSON.stringify({ terraform: { required_providers: { aws: { source: "hashicorp/aws", version: mirror.version } } } }, null, 2)}\n`);
      const init = await run(["init", "-backend=false", "-input=false", "-no-color"]);
      if (init.code !== 0) throw new Error(`terraform init failed (exit ${init.code}):\n${init.stdout}\n${init.stderr}`);
    },
    async join(document) {
      writeFileSync(join(root, "main.tf.json"), `${JSON.stringify(document, null, 2)}\n`);
      const get = await run(["get", "-no-color"]);
      if (get.code !== 0) throw new Error(`terraform get failed (exit ${get.code}):\n${get.stdout}\n${get.stderr}`);
    },
  };
}

/**
 * Set by CI (.ci/run): Terraform's checks must run there, so a missing
 * binary or provider mirror fails the suite instead of skipping it.
 */
export const REQUIRE_TERRAFORM = "IRSA_REQUIRE_TERRAFORM";

/**
 * Says why a Terraform test file is skipped. Written to stderr directly:
 * jest drops the console output of a test file whose tests are all skipped
 * when it runs several files, so a console.warn would never be seen.
 * Throws instead when IRSA_REQUIRE_TERRAFORM is set, which fails the file.
 */
export function reportSkip(what: string, reason: string): void {
  if (process.env[REQUIRE_TERRAFORM]) throw new Error(`${what} cannot be skipped (${REQUIRE_TERRAFORM} is set): ${reason}`);
  process.stderr.write(`${what} skipped: ${reason}\n`);
}

// ---------------------------------------------------------------------------
// Planning offline

/**
 * The aws provider's settings that let `terraform plan` run without AWS, as
 * a Terraform override file to write beside a generated stack (named
 * `*_override.tf.json`, so the generated file stays as it was): static fake
 * credentials, and none of the calls the provider makes when it is
 * configured (STS for the credentials and the account, the EC2 metadata
 * service, the region list). Nothing here reaches a network as long as the
 * plan reads no data source that calls AWS and no resource is refreshed
 * (`-refresh=false`) or imported.
 *
 * `endpoints` sends a service's calls elsewhere, e.g. `{ iam: fakeIam.url }`.
 *
 * `allowed_account_ids` is unset: with `skip_requesting_account_id` the
 * provider does not know the account, so a stack that pins one (a config
 * with `accountId`) would be refused before planning anything.
 */
export function offlineAwsOverride(endpoints: Readonly<Record<string, string>> = {}, aliases: Readonly<Record<string, Readonly<Record<string, string>>>> = {}): TerraformJsonDocument {
  const offline = (endpointsOf: Readonly<Record<string, string>>) => ({
    ...(Object.keys(endpointsOf).length > 0 ? { endpoints: [endpointsOf] } : {}),
    access_key: "AKIAIOSFODNN7EXAMPLE",
    secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    allowed_account_ids: null,
    // A call that should not happen fails at once instead of retrying.
    max_retries: 1,
  });
  // An aliased provider (another account) is overridden by its alias; its
  // assume_role block stays as generated, so `sts` should name an endpoint
  // that answers AssumeRole (startFakeSts).
  const aliased = Object.entries(aliases).map(([alias, e]) => ({ alias, ...offline(e) }));
  return { provider: { aws: aliased.length > 0 ? [offline(endpoints), ...aliased] : offline(endpoints) } };
}

/** A Terraform state file (format version 4), as much of it as the tests write. */
export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, unknown>;
  readonly resources: readonly StateResource[];
}

export interface StateResource {
  readonly module?: string;
  readonly mode: "managed";
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly { readonly schema_version: number; readonly attributes: Record<string, unknown>; readonly sensitive_attributes: readonly unknown[] }[];
}

export interface AppliedOptions {
  /** The account the ARNs name. @default "123456789012" */
  readonly accountId?: string;
  /** The account of each aliased AWS provider, by alias: the ARNs of its resources name it. @default accountId */
  readonly accounts?: Readonly<Record<string, string>>;
  /** The module the stack is called as, e.g. `module.rename`; absent, the root module. */
  readonly module?: string;
}

/** A state (format version 4) holding `resources`, e.g. from appliedResources. */
export function stateFile(resources: readonly StateResource[], terraformVersion: string): TerraformState {
  return { version: 4, terraform_version: terraformVersion, serial: 1, lineage: "3f1b0a52-6d2e-4c11-9a7e-2b8f0c4d5e61", outputs: {}, resources };
}

interface Place {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

/**
 * What AWS computes for each resource type the stacks create, as far as a
 * plan reads it: ids and ARNs in the provider's formats, and the computed
 * attributes a read would have filled (a null one plans as "known after
 * apply", an update). `tagsAll`: the type has `tags_all` (the provider's
 * default tags merged with the resource's own). Every one of these types is
 * at schema version 0 in hashicorp/aws 5.100 (`terraform providers schema`).
 */
const APPLIED: Readonly<Record<string, { readonly tagsAll: boolean; readonly computed: (a: Record<string, any>, at: Place) => Record<string, unknown> }>> = {
  aws_iam_openid_connect_provider: {
    tagsAll: true,
    computed: (a, at) => {
      const arn = `arn:${at.partition}:iam::${at.account}:oidc-provider/${String(a.url).replace(/^https:\/\//, "")}`;
      // Without a thumbprint in the config, IAM fetched one (provider ≥ 5.81).
      return { id: arn, arn, thumbprint_list: a.thumbprint_list ?? [PLACEHOLDER_THUMBPRINT] };
    },
  },
  aws_iam_role: {
    tagsAll: true,
    computed: (a, at) => ({
      id: a.name,
      arn: `arn:${at.partition}:iam::${at.account}:role${a.path ?? "/"}${a.name}`,
      unique_id: `AROA${digest(String(a.name)).slice(0, 17).toUpperCase()}`,
      create_date: "2026-01-01T00:00:00Z",
      force_detach_policies: a.force_detach_policies ?? false,
      managed_policy_arns: a.managed_policy_arns ?? [],
    }),
  },
  aws_iam_role_policy: { tagsAll: false, computed: (a) => ({ id: `${a.role}:${a.name}` }) },
  aws_iam_role_policy_attachment: { tagsAll: false, computed: (a) => ({ id: `${a.role}-${digest(String(a.policy_arn)).slice(0, 26)}` }) },
  aws_iam_role_policy_attachments_exclusive: { tagsAll: false, computed: () => ({}) },
  aws_iam_role_policies_exclusive: { tagsAll: false, computed: () => ({}) },
  aws_eks_pod_identity_association: {
    tagsAll: true,
    computed: (a, at) => {
      const id = `a-${digest(`${a.cluster_name}/${a.namespace}/${a.service_account}`).slice(0, 17)}`;
      return { id, association_id: id, association_arn: `arn:${at.partition}:eks:${at.region}:${at.account}:podidentityassociation/${a.cluster_name}/${id}` };
    },
  },
};

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The alias of a resource's `provider` argument (`aws.payments` → `payments`); undefined for the default provider. */
function aliasOf(provider: unknown): string | undefined {
  return typeof provider === "string" && provider.startsWith("aws.") ? provider.slice("aws.".length) : undefined;
}

/** Resource arguments that are Terraform's, not the provider's. */
const META_ARGUMENTS = new Set(["//", "count", "for_each", "provider", "depends_on", "lifecycle", "connection", "provisioner"]);

/**
 * The state's resources for "this stack was applied": every managed
 * resource of a (reduced) stack, with its arguments as written and what AWS
 * would have computed (APPLIED: ids, ARNs, `tags_all`, ...).
 *
 * A reference to another resource's attribute (`${aws_iam_role.x.name}`) is
 * resolved against that resource's state, and a policy document's JSON
 * (`${data.aws_iam_policy_document.x.json}`) is rendered from the data
 * source's statements (policyDocumentJson): IAM compares policies by
 * meaning, so the plan sees no change when the document is unchanged.
 * Anything else it cannot stand in for (another expression, a resource
 * type it does not know) throws: the state never silently differs from
 * what applying the stack would have left.
 */
export function appliedResources(stack: TerraformJsonDocument, options: AppliedOptions = {}): StateResource[] {
  const provider = (stack.provider?.aws ?? [])[0] ?? {};
  const region: string = provider.region ?? "us-east-1";
  const at: Place = { partition: partitionOf(region).id, account: options.accountId ?? "123456789012", region };
  const defaultTags: Record<string, string> = { ...(provider.default_tags?.[0]?.tags ?? {}) };
  const resources: Record<string, Record<string, Record<string, unknown>>> = stack.resource ?? {};
  const documents: Record<string, Record<string, unknown>> = stack.data?.aws_iam_policy_document ?? {};
  const done = new Map<string, Record<string, unknown>>();
  const resolving = new Set<string>();

  const resolve = (value: unknown, path: string): unknown => {
    if (typeof value === "string" && value.includes("${")) {
      const document = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(value);
      if (document) {
        const body = documents[document[1]];
        if (!body) throw new Error(`appliedResources: ${path} refers to a policy document the stack does not have: ${value}`);
        return policyDocumentJson(resolve(body, `data.aws_iam_policy_document.${document[1]}`) as Record<string, unknown>);
      }
      const reference = /^\$\{([\w-]+)\.([\w-]+)\.([\w-]+)\}$/.exec(value);
      if (reference && reference[1] !== "data") {
        const target = attributesOf(reference[1], reference[2])[reference[3]];
        if (target === undefined) throw new Error(`appliedResources: ${path} refers to ${reference[3]} of ${reference[1]}.${reference[2]}, which the state does not have`);
        return target;
      }
      throw new Error(`appliedResources: ${path} is an expression this cannot stand in for: ${value}`);
    }
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${path}[${i}]`));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${path}.${k}`)]));
    return value;
  };

  const attributesOf = (type: string, name: string): Record<string, unknown> => {
    const address = `${type}.${name}`;
    const known = done.get(address);
    if (known) return known;
    const applied = APPLIED[type];
    if (!applied) throw new Error(`appliedResources: no stand-in for what AWS computes for a ${type} (${address})`);
    const body = resources[type]?.[name];
    if (!body) throw new Error(`appliedResources: ${address} is not in the stack`);
    if (resolving.has(address)) throw new Error(`appliedResources: ${address} refers to itself`);
    resolving.add(address);
    const attributes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) if (!META_ARGUMENTS.has(key)) attributes[key] = resolve(value, `${address}.${key}`);
    const alias = aliasOf(body.provider);
    Object.assign(attributes, applied.computed(attributes, alias === undefined ? at : { ...at, account: options.accounts?.[alias] ?? at.account }));
    if (applied.tagsAll) attributes.tags_all = { ...defaultTags, ...((attributes.tags as Record<string, string> | undefined) ?? {}) };
    resolving.delete(address);
    done.set(address, attributes);
    return attributes;
  };

  const providerAddress = `${options.module ? `${options.module}.` : ""}provider["registry.terraform.io/hashicorp/aws"]`;
  return Object.entries(resources).flatMap(([type, blocks]) =>
    Object.entries(blocks).map(([name, body]) => ({
      ...(options.module ? { module: options.module } : {}),
      mode: "managed" as const,
      type,
      name,
      // A resource of an aliased provider (another account) is recorded with it, as Terraform records it.
      provider: aliasOf(body.provider) === undefined ? providerAddress : `${providerAddress}.${aliasOf(body.provider)}`,
      instances: [{ schema_version: 0, attributes: attributesOf(type, name), sensitive_attributes: [] }],
    })),
  );
}

/**
 * The IAM policy JSON of an `aws_iam_policy_document` data source's
 * arguments (statements with actions, resources, principals and
 * conditions; their `not_` forms), as the provider renders it up to what
 * IAM's policy comparison ignores (the order of conditions and principals,
 * a one-element list against a string). Throws on arguments it does not
 * render (source or override documents).
 */
export function policyDocumentJson(document: Record<string, any>): string {
  const known = new Set(["statement", "version", "policy_id"]);
  const unknown = Object.keys(document).filter((k) => k !== "//" && !known.has(k));
  if (unknown.length > 0) throw new Error(`policyDocumentJson: cannot render ${unknown.join(", ")}`);
  const principals = (list: readonly { type: string; identifiers: string[] }[]) =>
    Object.fromEntries(list.map((p) => [p.type, p.identifiers.length === 1 ? p.identifiers[0] : p.identifiers]));
  const statements = (document.statement ?? []).map((s: Record<string, any>) => {
    const out: Record<string, unknown> = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? "Allow";
    for (const [key, name] of [["actions", "Action"], ["not_actions", "NotAction"], ["resources", "Resource"], ["not_resources", "NotResource"]] as const) {
      if (s[key] !== undefined) out[name] = s[key].length === 1 ? s[key][0] : s[key];
    }
    if (s.principals) out.Principal = principals(s.principals);
    if (s.not_principals) out.NotPrincipal = principals(s.not_principals);
    if (s.condition) {
      const conditions: Record<string, Record<string, unknown>> = {};
      for (const c of s.condition as { test: string; variable: string; values: string[] }[]) {
        if (conditions[c.test]?.[c.variable] !== undefined) throw new Error(`policyDocumentJson: cannot render two ${c.test} conditions on ${c.variable}`);
        conditions[c.test] = { ...conditions[c.test], [c.variable]: c.values.length === 1 ? c.values[0] : c.values };
      }
      out.Condition = conditions;
    }
    return out;
  });
  return JSON.stringify({ Version: document.version ?? "2012-10-17", ...(document.policy_id ? { Id: document.policy_id } : {}), Statement: statements });
}

/** One entry of a saved plan's `resource_changes` (`terraform show -json <plan>`). */
export interface ResourceChange {
  readonly address: string;
  /** Where the state came from when a `moved` block moved it. */
  readonly previous_address?: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    /** e.g. `["no-op"]`, `["update"]`, `["create"]`, `["delete"]`, `["delete","create"]`, `["forget"]`. */
    readonly actions: readonly string[];
    readonly before: Record<string, any> | null;
    readonly after: Record<string, any> | null;
    /** Per attribute of `after`: `true` when it is known only after apply. */
    readonly after_unknown?: Record<string, unknown>;
    /** Present when the plan imports the object (`import` block). */
    readonly importing?: { readonly id?: string };
  };
}

/**
 * The attributes a change sets to another value, or to one known only
 * after apply, sorted.
 */
export function changedAttributes(change: ResourceChange["change"]): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => unknown[key] === true || JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/** A saved plan as `terraform show -json` prints it, as much of it as the tests read. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly [key: string]: unknown;
}

/**
 * `terraform plan` without touching anything outside the working folder:
 * no refresh (nothing is read from AWS), no prompt, no lock, saved to a
 * file, then read back with `terraform show -json`. Throws with Terraform's
 * output when either fails.
 */
export async function planOffline(cwd: string, env: NodeJS.ProcessEnv): Promise<PlanJson> {
  const plan = await runTerraform(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=tfplan"], { cwd, env });
  if (plan.code !== 0) throw new Error(`terraform plan failed in ${cwd} (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
  const show = await runTerraform(["show", "-json", "-no-color", "tfplan"], { cwd, env });
  if (show.code !== 0) throw new Error(`terraform show failed in ${cwd} (exit ${show.code}):\n${show.stdout}\n${show.stderr}`);
  return JSON.parse(show.stdout) as PlanJson;
}

// ---------------------------------------------------------------------------
// An IAM endpoint for imports

/** A role that exists outside Terraform, as IAM describes it. */
export interface ExistingRole {
  readonly name: string;
  /** @default "/" */
  readonly path?: string;
  readonly assumeRolePolicy: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Inline policies by name. */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
  readonly attachedPolicyArns?: readonly string[];
}

/** An IAM OIDC provider that exists outside Terraform. */
export interface ExistingOidcProvider {
  readonly arn: string;
  /** With https://, as Terraform writes it. */
  readonly url: string;
}

export interface FakeIam {
  /** The endpoint, for the aws provider's `endpoints { iam = … }`. */
  readonly url: string;
  /** Every call received, as `Action` or `Action RoleName`. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * An IAM query API on 127.0.0.1 that answers the reads the aws provider
 * makes to import roles and their policies (GetRole, ListRolePolicies,
 * GetRolePolicy, ListAttachedRolePolicies, ListRoleTags) from `roles`, so
 * that `terraform plan` can plan an import without AWS. Any other call is
 * refused with an error naming it, so a plan that needs more fails instead
 * of passing on made-up answers. Requests are not authenticated; ARNs are
 * in the `aws` partition.
 */
export async function startFakeIam(roles: readonly ExistingRole[], accountId = "123456789012", providers: readonly ExistingOidcProvider[] = []): Promise<FakeIam> {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const providerByArn = new Map(providers.map((p) => [p.arn, p]));
  const calls: string[] = [];
  const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const members = (items: readonly string[], body: (item: string) => string) => items.map((i) => `<member>${body(i)}</member>`).join("");
  const answer = (action: string, result: string) =>
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></${action}Response>`;
  const failure = (code: string, message: string) =>
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;

  const respond = (params: URLSearchParams): { status: number; body: string } => {
    const action = params.get("Action") ?? "";
    if (action === "ListOpenIDConnectProviders") {
      calls.push(action);
      return { status: 200, body: answer(action, `<OpenIDConnectProviderList>${members([...providerByArn.keys()], (arn) => `<Arn>${xml(arn)}</Arn>`)}</OpenIDConnectProviderList>`) };
    }
    if (action === "GetOpenIDConnectProvider") {
      const arn = params.get("OpenIDConnectProviderArn") ?? "";
      calls.push(`${action} ${arn}`);
      const provider = providerByArn.get(arn);
      if (!provider) return { status: 404, body: failure("NoSuchEntity", `OpenIDConnect Provider not found for arn ${arn}`) };
      return {
        status: 200,
        body: answer(
          action,
          `<Url>${xml(provider.url.replace(/^https:\/\//, ""))}</Url><ClientIDList>${members(["sts.amazonaws.com"], xml)}</ClientIDList>` +
            `<ThumbprintList>${members([PLACEHOLDER_THUMBPRINT], xml)}</ThumbprintList><CreateDate>2020-01-01T00:00:00Z</CreateDate><Tags></Tags>`,
        ),
      };
    }
    const roleName = params.get("RoleName") ?? "";
    calls.push(roleName ? `${action} ${roleName}` : action);
    const role = byName.get(roleName);
    if (!role) return { status: 404, body: failure("NoSuchEntity", `The role with name ${roleName} cannot be found.`) };
    const tags = Object.entries(role.tags ?? {});
    const tagXml = `<Tags>${tags.map(([k, v]) => `<member><Key>${xml(k)}</Key><Value>${xml(v)}</Value></member>`).join("")}</Tags>`;
    switch (action) {
      case "GetRole": {
        const path = role.path ?? "/";
        return {
          status: 200,
          body: answer(
            action,
            `<Role><Path>${xml(path)}</Path><RoleName>${xml(role.name)}</RoleName><RoleId>AROA${digest(role.name).slice(0, 17).toUpperCase()}</RoleId>` +
              `<Arn>arn:aws:iam::${accountId}:role${xml(path)}${xml(role.name)}</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>` +
              `<AssumeRolePolicyDocument>${xml(encodeURIComponent(role.assumeRolePolicy))}</AssumeRolePolicyDocument>` +
              `${role.description !== undefined ? `<Description>${xml(role.description)}</Description>` : ""}<MaxSessionDuration>3600</MaxSessionDuration>${tagXml}</Role>`,
          ),
        };
      }
      case "ListRoleTags":
        return { status: 200, body: answer(action, `${tagXml}<IsTruncated>false</IsTruncated>`) };
      case "ListRolePolicies":
        return { status: 200, body: answer(action, `<PolicyNames>${members(Object.keys(role.inlinePolicies ?? {}), xml)}</PolicyNames><IsTruncated>false</IsTruncated>`) };
      case "GetRolePolicy": {
        const name = params.get("PolicyName") ?? "";
        const document = role.inlinePolicies?.[name];
        if (document === undefined) return { status: 404, body: failure("NoSuchEntity", `The role policy with name ${name} cannot be found.`) };
        return {
          status: 200,
          body: answer(action, `<RoleName>${xml(role.name)}</RoleName><PolicyName>${xml(name)}</PolicyName><PolicyDocument>${xml(encodeURIComponent(document))}</PolicyDocument>`),
        };
      }
      case "ListAttachedRolePolicies": {
        const arns = role.attachedPolicyArns ?? [];
        const attached = members(arns, (arn) => `<PolicyName>${xml(arn.slice(arn.lastIndexOf("/") + 1))}</PolicyName><PolicyArn>${xml(arn)}</PolicyArn>`);
        return { status: 200, body: answer(action, `<AttachedPolicies>${attached}</AttachedPolicies><IsTruncated>false</IsTruncated>`) };
      }
      default:
        return { status: 400, body: failure("InvalidAction", `this test endpoint does not answer ${action}`) };
    }
  };

  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const query = request.url?.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
      const { status, body: text } = respond(new URLSearchParams(body || query));
      response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return listening(server, calls);
}

/** A test endpoint on loopback: its URL, the calls it answered, and how to stop it. */
async function listening(server: Server, calls: string[]): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // The provider may have left a keep-alive connection open.
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------
// An STS endpoint for the providers of other accounts

export interface FakeSts {
  /** The endpoint, for the aws provider's `endpoints { sts = … }`. */
  readonly url: string;
  /** Every call received, as `AssumeRole <RoleArn> <ExternalId or -> <RoleSessionName or ->`, or the action. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * An STS query API on 127.0.0.1 that answers AssumeRole with made-up
 * temporary credentials, recording what was asked (the role, the external
 * id, the session name), so that an AWS provider with `assume_role` can be
 * configured offline and the test can see which role it assumed. Any other
 * call is refused, naming it.
 */
export async function startFakeSts(): Promise<FakeSts> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const params = new URLSearchParams(body || (request.url?.split("?")[1] ?? ""));
      const action = params.get("Action") ?? "";
      let status = 200;
      let text: string;
      if (action === "AssumeRole") {
        const role = params.get("RoleArn") ?? "";
        calls.push(`AssumeRole ${role} ${params.get("ExternalId") ?? "-"} ${params.get("RoleSessionName") ?? "-"}`);
        const account = role.split(":")[4] ?? "123456789012";
        text =
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
          `<Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>` +
          `<SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${role.split("/").pop()}/session</Arn><AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId></AssumedRoleUser>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></AssumeRoleResponse>`;
      } else {
        calls.push(action);
        status = 400;
        text = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>this test endpoint does not answer ${action}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;
      }
      response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return listening(server, calls);
}

// ---------------------------------------------------------------------------
// An EKS endpoint for the cluster's data source

export interface FakeEks {
  /** The endpoint, for the aws provider's `endpoints { eks = … }`. */
  readonly url: string;
  /** Every call received, as `DescribeCluster <name>`. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * An EKS REST API on 127.0.0.1 that answers DescribeCluster
 * (`GET /clusters/<name>`) for `clusters` (name → issuer URL), with what
 * `data.aws_eks_cluster` reads of it here: the ARN, the status and the OIDC
 * issuer. Any other call is refused, naming it.
 */
export async function startFakeEks(clusters: Readonly<Record<string, string>>, accountId = "123456789012", region = "eu-west-1"): Promise<FakeEks> {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const match = /^\/clusters\/([^/?]+)/.exec(request.url ?? "");
      const name = match ? decodeURIComponent(match[1]) : undefined;
      calls.push(name !== undefined && request.method === "GET" ? `DescribeCluster ${name}` : `${request.method} ${request.url}`);
      const issuer = name !== undefined ? clusters[name] : undefined;
      const [status, body] =
        request.method === "GET" && issuer !== undefined
          ? [
              200,
              {
                cluster: {
                  name,
                  arn: `arn:aws:eks:${region}:${accountId}:cluster/${name}`,
                  // The aws provider's data source dereferences these without a nil check (5.100.0).
                  createdAt: 1577836800,
                  status: "ACTIVE",
                  version: "1.31",
                  platformVersion: "eks.1",
                  endpoint: `https://${name}.example.invalid`,
                  roleArn: `arn:aws:iam::${accountId}:role/eks-cluster`,
                  certificateAuthority: { data: "LS0tLS1CRUdJTg==" },
                  identity: { oidc: { issuer } },
                  kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
                  vpcConfig: { subnetIds: [], securityGroupIds: [], endpointPrivateAccess: false, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
                  accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" },
                  tags: {},
                },
              },
            ]
          : [404, { message: `this test endpoint does not answer ${request.method} ${request.url}` }];
      const text = JSON.stringify(body);
      response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...(status === 404 ? { "x-amzn-ErrorType": "ResourceNotFoundException" } : {}) });
      response.end(text);
    });
  });
  return listening(server, calls);
}
