/**
 * Presets in a workload: the one-line form (`- preset: external-dns` with
 * its parameters beside it) and the `presets:` list, each preset's
 * parameters checked, then its statements and managed policies rendered.
 *
 * Each parameter is checked by a zod schema made from its declaration in
 * lib/presets (the declarations stay plain data, which the docs table is
 * generated from): the ARN lists' service, resource form, partition and
 * account, the required scopes, enums and switches with their defaults.
 */
import { z } from "zod";
import { explainArn } from "../aws/arn";
import type { PartitionInfo } from "../aws/partition";
import type { ParameterSpec, Preset, PresetContext, PresetParams } from "../presets/preset";
import { findPreset, PRESETS } from "../presets/registry";
import { isMapping, type ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import type { PolicyStatement } from "../model/model";
import { normalizeStatement } from "./policies";
import { closest, type ConfigPath } from "./problems";
import { WORKLOAD_KEYS } from "./schema";

/** What presets may know of the cluster; without a partition (no valid region) nothing is rendered. */
export interface PresetCluster {
  readonly partition?: PartitionInfo;
  readonly context?: PresetContext;
}

export interface RenderedPresets {
  /** The presets' statements, in the order the presets are written. */
  readonly statements: PolicyStatement[];
  /** The presets' AWS managed policies. */
  readonly managedPolicyArns: string[];
  /** The names of the presets applied, in order. */
  readonly names: string[];
  /** The one-line preset, whose chart's namespace and service account are the workload's defaults. */
  readonly linePreset?: Preset;
}

/**
 * Splits a workload written in the one-line form into the workload's own
 * keys and the preset's parameters. Keys that are neither are reported.
 */
export function splitLinePreset(raw: Record<string, unknown>, path: ConfigPath, out: ProblemCollector): { preset?: Preset; params: Record<string, unknown>; rest: Record<string, unknown> } {
  if (typeof raw.preset !== "string") return { params: {}, rest: raw };
  const preset = lookupPreset(raw.preset, [...path, "preset"], out);
  const params: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (WORKLOAD_KEYS.includes(key)) rest[key] = value;
    else if (!preset) continue; // the preset is unknown: its parameters cannot be told from typos
    else if (Object.hasOwn(preset.parameters, key)) params[key] = value;
    else {
      const suggestion = closest(key, [...WORKLOAD_KEYS, ...Object.keys(preset.parameters)]);
      out.error([...path, key], "unknown key", suggestion ? `Did you mean "${suggestion}"?` : `Remove it; ${preset.name} takes ${describeParams(preset)}`, key, true);
    }
  }
  return { preset, params, rest };
}

/** Applies the one-line preset and the `presets:` list, in that order. */
export function applyPresets(
  line: { readonly preset?: Preset; readonly params: Record<string, unknown> },
  list: readonly unknown[] | undefined,
  path: ConfigPath,
  cluster: PresetCluster,
  out: ProblemCollector,
): RenderedPresets {
  const rendered: RenderedPresets = { statements: [], managedPolicyArns: [], names: [], ...(line.preset ? { linePreset: line.preset } : {}) };
  const apply = (preset: Preset, params: Record<string, unknown>, at: ConfigPath): void => {
    if (rendered.names.includes(preset.name)) {
      out.error(at, "is applied twice to this workload", "Apply each preset once, with all its parameters", preset.name);
      return;
    }
    rendered.names.push(preset.name);
    const result = renderPreset(preset, params, at, cluster, out);
    rendered.statements.push(...result.statements);
    rendered.managedPolicyArns.push(...result.managedPolicyArns);
  };
  if (line.preset) apply(line.preset, line.params, path);
  (list ?? []).forEach((ref, index) => {
    const at = [...path, "presets", index];
    if (typeof ref === "string") {
      const preset = lookupPreset(ref, at, out);
      if (preset) apply(preset, {}, at);
    } else if (isMapping(ref) && typeof ref.name === "string") {
      const { name, ...params } = ref;
      const preset = lookupPreset(name as string, [...at, "name"], out);
      if (preset) apply(preset, params, at);
    } else {
      out.error(at, "must be a preset name, or a mapping with name: and the preset's parameters", "Write it as - ebs-csi, or as - { name: external-dns, hostedZoneArns: [...] }", ref);
    }
  });
  return rendered;
}

function lookupPreset(name: string, at: ConfigPath, out: ProblemCollector): Preset | undefined {
  const preset = findPreset(name);
  if (!preset) {
    const suggestion = closest(name, PRESETS.keys());
    out.error(at, "is not a known preset", suggestion ? `Did you mean "${suggestion}"?` : `Use one of ${[...PRESETS.keys()].join(", ")}`, name);
  }
  return preset;
}

function describeParams(preset: Preset): string {
  const names = Object.keys(preset.parameters);
  return names.length === 0 ? "no parameters" : `the parameters ${names.join(", ")}`;
}

function renderPreset(preset: Preset, given: Record<string, unknown>, at: ConfigPath, cluster: PresetCluster, out: ProblemCollector): { statements: PolicyStatement[]; managedPolicyArns: string[] } {
  const none = { statements: [], managedPolicyArns: [] };
  const errorsBefore = out.errorCount;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(preset.parameters, key)) {
      const suggestion = closest(key, Object.keys(preset.parameters));
      out.error([...at, key], `is not a parameter of preset ${preset.name}`, suggestion ? `Did you mean "${suggestion}"?` : `Remove it; ${preset.name} takes ${describeParams(preset)}`, key, true);
    }
  }
  const params: Record<string, string | boolean | readonly string[] | undefined> = {};
  for (const [key, spec] of Object.entries(preset.parameters)) {
    const value = out.check(parameterSchema(preset, key, spec, cluster), given[key], [...at, key]) as PresetParams[string];
    if (value !== undefined) params[key] = value;
  }
  if (out.errorCount > errorsBefore || !cluster.context) return none;
  const checked: PresetParams = params;
  for (const problem of preset.check?.(checked) ?? []) {
    const where = given[problem.parameter] === undefined ? at : [...at, problem.parameter, ...(problem.index === undefined ? [] : [problem.index])];
    out.error(where, problem.message, problem.fix, problem.value);
  }
  if (out.errorCount > errorsBefore) return none;
  return {
    statements: preset.statements(checked, cluster.context).map(normalizeStatement),
    managedPolicyArns: preset.managedPolicyArns?.(cluster.context) ?? [],
  };
}

const schemas = new Map<string, z.ZodType>();

/** The zod schema of one parameter of one preset, for a cluster's partition and account (built once per combination). */
function parameterSchema(preset: Preset, key: string, spec: ParameterSpec, cluster: PresetCluster): z.ZodType {
  const id = `${preset.name} ${key} ${cluster.context?.region ?? ""} ${cluster.partition?.id ?? ""} ${cluster.context?.accountId ?? ""}`;
  let schema = schemas.get(id);
  if (!schema) {
    schema = buildSchema(preset, key, spec, cluster);
    schemas.set(id, schema);
  }
  return schema;
}

function buildSchema(preset: Preset, key: string, spec: ParameterSpec, cluster: PresetCluster): z.ZodType {
  switch (spec.kind) {
    case "arns": {
      const partition = cluster.partition;
      const example = partition ? spec.example.replace(/^arn:aws:/, `arn:${partition.id}:`) : spec.example;
      const account = spec.sameAccount ? cluster.context?.accountId : undefined;
      return z
        .unknown()
        .superRefine((list, ctx) => {
          if (list === undefined || (Array.isArray(list) && list.length === 0)) {
            if (spec.required) {
              ctx.addIssue({ code: "custom", message: `is required by preset ${preset.name}`, input: list, params: { fix: `List the ARNs it may use, e.g. ${key}: ["${example}"]; the preset never falls back to "*"` } });
            }
            return;
          }
          if (!Array.isArray(list)) {
            ctx.addIssue({ code: "custom", message: "must be a list of ARNs", input: list, params: { fix: `Write ${key}: ["${example}"]` } });
            return;
          }
          list.forEach((text, index) => {
            const issue = (message: string, fix: string) => ctx.addIssue({ code: "custom", message, path: [index], input: text, params: { fix, value: text } });
            if (typeof text !== "string") {
              ctx.addIssue({ code: "custom", message: "must be a string", path: [index], input: text, params: { expected: "string" } });
              return;
            }
            const what = spec.resource ? `is not the ARN of ${article(spec.resource.name)} ${spec.resource.name} (service ${spec.service})` : `is not an ARN of service ${spec.service}`;
            const read = explainArn(text);
            if ("problem" in read) return issue(text.startsWith("arn:") ? read.problem : what, `Write it like ${example}`);
            const { arn } = read;
            if (arn.service !== spec.service || (spec.resource !== undefined && !spec.resource.pattern.test(arn.resource))) {
              return issue(what, `Write it like ${example}`);
            }
            if (partition && arn.partition !== partition.id) {
              return issue(`is in partition ${arn.partition}, but ${cluster.context?.region ?? "the cluster's region"} is in ${partition.id}`, `Write it as arn:${partition.id}:${text.split(":").slice(2).join(":")}`);
            }
            if (account !== undefined && arn.account !== account) {
              return issue(`is in account ${arn.account}, not in the cluster's account ${account}`, `Use a ${spec.resource?.name ?? "resource"} of account ${account}`);
            }
            return undefined;
          });
        })
        .transform((list) => (!Array.isArray(list) || list.length === 0 ? undefined : [...new Set(list as string[])].sort(compare)));
    }
    case "enum":
      return z.enum(spec.values as [string, ...string[]]).default(spec.default);
    case "string":
      return z
        .string()
        .optional()
        .superRefine((value, ctx) => {
          if (value !== undefined && spec.pattern && !spec.pattern.test(value)) {
            ctx.addIssue({ code: "custom", message: `is not valid for preset ${preset.name}`, input: value, params: { fix: spec.description, value } });
          }
        });
    case "boolean":
      return z.boolean().default(spec.default);
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}
