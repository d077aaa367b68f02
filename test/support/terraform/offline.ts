/**
 * Terraform run offline: only the mirror, no registry, no network; the tests
 * skip with the reason when Terraform or the mirror is missing (and fail in
 * CI).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { findAwsProviderMirror, findTerraform, mirrorCliConfig, terraformEnv, type ProviderMirror, type TerraformCli } from "./detect";
import { runTerraform, type RunResult } from "./run";
import type { TerraformJsonDocument } from "./reduce";

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
