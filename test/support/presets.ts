import { partitionOf } from "../../lib/aws/partition";
import { checkSource } from "../../lib/config/load";
import type { WorkloadConfig } from "../../lib/model/model";
import { parseConfigText } from "../../lib/config/source";
import type { ArnListParameter, Preset } from "../../lib/presets/preset";

/** One region per partition a preset must serve. */
export const PARTITION_REGIONS = ["eu-west-1", "cn-north-1", "us-gov-west-1"] as const;

/** A one-cluster config whose only workload is `preset: <name>` with these parameters (JSON is YAML). */
export function presetFile(name: string, params: Record<string, unknown> = {}, region = "eu-west-1", accountId: string | null = "111122223333"): string {
  const account = accountId === null ? {} : { accountId };
  return JSON.stringify({ clusters: [{ name: "prod", region, ...account, workloads: [{ preset: name, ...params }] }] }, null, 2);
}

/** The validated workload of `presetFile`; fails the test with every problem otherwise. */
export function presetWorkload(name: string, params: Record<string, unknown> = {}, region = "eu-west-1"): WorkloadConfig {
  // Not through ./config: that one loads cdktf and the providers, which these tests never need.
  const result = checkSource(parseConfigText("t.yaml", presetFile(name, params, region)));
  if (!result.config) throw new Error(result.errors.join("\n"));
  return result.config.clusters[0].workloads[0];
}

/** The problems `presetFile` is refused with (none when it is valid). */
export function presetErrors(name: string, params: Record<string, unknown> = {}, region = "eu-west-1", accountId: string | null = "111122223333"): readonly string[] {
  return checkSource(parseConfigText("t.yaml", presetFile(name, params, region, accountId))).errors;
}

/** A spec's example ARN moved into the partition and region of `region`. */
export function exampleArn(spec: ArnListParameter, region: string): string {
  const [, , service, exampleRegion, ...rest] = spec.example.split(":");
  return ["arn", partitionOf(region).id, service, exampleRegion === "" ? "" : region, ...rest].join(":");
}

/**
 * Parameters that switch on everything a preset can grant: every ARN list
 * filled with its example, and each switch set as `switches` says.
 */
export function sampleParams(preset: Preset, region: string, switches: "default" | "flipped" = "default"): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(preset.parameters)) {
    if (spec.kind === "arns") params[key] = [exampleArn(spec, region)];
    if (spec.kind === "boolean" && switches === "flipped") params[key] = !spec.default;
  }
  return params;
}

/** Every action a workload's inline policy allows. */
export function allowedActions(workload: WorkloadConfig): string[] {
  return [...new Set(workload.policyStatements.filter((s) => s.effect === "Allow").flatMap((s) => s.actions))].sort();
}

/** The statements of a workload that allow `action`. */
export function statementsFor(workload: WorkloadConfig, action: string): WorkloadConfig["policyStatements"] {
  return workload.policyStatements.filter((s) => s.actions.includes(action));
}

/** `test variable=values` of every condition on statements allowing `action`, for compact assertions. */
export function conditionsOn(workload: WorkloadConfig, action: string): string[] {
  return statementsFor(workload, action).flatMap((s) => (s.conditions ?? []).map((c) => `${c.test} ${c.variable}=${c.values.join(",")}`));
}
