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
import { readdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, delimiter, extname, join, resolve } from "node:path";
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
