import { ClusterStack } from "../../lib/constructs/cluster-stack";
import type { ClusterConfig, IrsaConfig, RoleAccountConfig } from "../../lib/model/model";
import { formatProblem } from "../../lib/config/problems";
import { parseConfigText } from "../../lib/config/source";
import { validateConfig } from "../../lib/config/validate";
import { judge, type Judgement, type Ledger } from "../../lib/output/ledger";
import { Testing } from "cdktf";
import { tempDir } from "./files";

/** A validated config from YAML text; fails the test with every problem otherwise. */
export function configFrom(yaml: string, file = "test.yaml"): IrsaConfig {
  const source = parseConfigText(file, yaml);
  const result = validateConfig(file, source.data);
  const errors = [...source.problems, ...result.problems].filter((p) => p.severity === "error");
  if (!result.config || errors.length > 0) {
    throw new Error(errors.map((p) => formatProblem(file, source.locate(p.path, p.atKey), p)).join("\n"));
  }
  return result.config;
}

/** The ledger a config writes on a first run (the law finds nothing to refuse). */
export function ledgerOf(yaml: string): Ledger {
  const verdict = judge(undefined, configFrom(yaml));
  expect(verdict.problems).toEqual([]);
  return verdict.next;
}

/** The law's verdict on going from `before` (a config, or its ledger) to `after` (a config). */
export function step(before: string | Ledger, after: string): Judgement {
  return judge(typeof before === "string" ? ledgerOf(before) : before, configFrom(after));
}

/** The one cluster of a YAML config. */
export function clusterFrom(yaml: string): ClusterConfig {
  const config = configFrom(yaml);
  if (config.clusters.length !== 1) throw new Error(`expected one cluster, got ${config.clusters.length}`);
  return config.clusters[0];
}

/**
 * The synthesized Terraform JSON of one cluster's stack; with `applied`,
 * as synthesized after that config's ledger (what the law lets go of).
 */
export function synthCluster(yaml: string, applied?: string): TerraformJson {
  const app = Testing.app({ stackTraces: false, outdir: tempDir() });
  const cluster = clusterFrom(yaml);
  let releases: readonly string[] | undefined;
  let reimports: readonly { to: string; id: string }[] | undefined;
  let formerAccounts: readonly RoleAccountConfig[] | undefined;
  if (applied !== undefined) {
    const verdict = judge(judge(undefined, configFrom(applied)).next, configFrom(yaml));
    if (verdict.problems.length > 0) throw new Error(verdict.problems.join("\n"));
    releases = verdict.releases.get(cluster.name);
    reimports = verdict.reimports.get(cluster.name);
    formerAccounts = verdict.formerAccounts.get(cluster.name);
  }
  const stack = new ClusterStack(app, { cluster, releases, reimports, formerAccounts });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** The parts of Terraform JSON the tests read. */
export interface TerraformJson {
  readonly terraform: Record<string, any>;
  readonly provider: Record<string, any[]>;
  readonly data?: Record<string, Record<string, any>>;
  readonly resource?: Record<string, Record<string, any>>;
  readonly output?: Record<string, any>;
  readonly locals?: Record<string, any>;
}

/** A minimal valid cluster with the given workloads (YAML, indented by 6). */
export function oneCluster(workloads: string, clusterExtra = "", region = "eu-west-1"): string {
  return `clusters:
  - name: prod
    region: ${region}
${clusterExtra}    workloads:
${workloads}`;
}
