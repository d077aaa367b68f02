import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import { checkSource, type LoadResult } from "../../lib/config/load";
import { parseConfigText } from "../../lib/config/source";
import { convertClusterConfigs, type ConversionResult } from "../../lib/eksctl/convert";
import type { ReportItem, ReportKind } from "../../lib/eksctl/report";
import { configFrom, type TerraformJson } from "../support/config";
import { tempDir } from "../support/files";

export const FIXTURES = join(__dirname, "fixtures");

/** Converts fixtures, named as a user would give them (relative names). */
export function convertFixtures(files: readonly string[], roleFiles: readonly string[] = []): ConversionResult {
  const read = (name: string) => ({ file: name, text: readFileSync(join(FIXTURES, name), "utf8") });
  return convertClusterConfigs(files.map(read), roleFiles.map(read));
}

/** The converted YAML; fails the test with the errors when there is none. */
export function yamlOf(result: ConversionResult): string {
  if (result.yaml === undefined) throw new Error(`no YAML:\n${result.errors.join("\n")}`);
  return result.yaml;
}

/** irsa-gen's own verdict on a converted file. */
export function validateConverted(yaml: string): LoadResult {
  return checkSource(parseConfigText("irsa.yaml", yaml));
}

/** Every report item of a kind, across files. */
export function itemsOf(result: ConversionResult, kind?: ReportKind): ReportItem[] {
  return result.files.flatMap((f) => f.items).filter((i) => kind === undefined || i.kind === kind);
}

/** The path of an item as the report prints it, e.g. `iam.serviceAccounts[2].subjectPattern`. */
export function pathsOf(items: readonly ReportItem[]): string[] {
  return items.map((i) => i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, ""));
}

/** Each cluster's stack synthesized, by cluster name. */
export function synthAll(yaml: string): Record<string, TerraformJson> {
  const config = configFrom(yaml, "irsa.yaml");
  const stacks: Record<string, TerraformJson> = {};
  for (const cluster of config.clusters) {
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    stacks[cluster.name] = JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))) as TerraformJson;
  }
  return stacks;
}

/** `to <- id` of each import block, sorted. */
export function importsOf(tf: TerraformJson): string[] {
  return ((tf as unknown as { import?: { to: string; id: string }[] }).import ?? []).map((i) => `${i.to} <- ${i.id}`).sort();
}
