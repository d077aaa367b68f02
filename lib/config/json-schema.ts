/**
 * irsa.schema.json: a JSON Schema of the config file for editors (the YAML
 * language server of VS Code and others completes and checks keys as one
 * types), generated from the same zod schemas the validator uses, with the
 * descriptions those schemas carry (schema.ts). The README's config tables
 * are generated from the same descriptions (`configReference`); tests keep
 * the published file and the README in step with both.
 *
 * The schema checks shape: keys (objects are closed wherever the validator
 * is strict, a one-line preset's parameters included), types, enums, one
 * shape per backend type and per preset; formats, limits and cross-field
 * rules stay the validator's, with its located messages. Pure.
 */
import { z } from "zod";
import { KNOWN_REGIONS } from "../aws/partition";
import type { ParameterSpec, Preset } from "../presets/preset";
import { PRESETS } from "../presets/registry";
import { addonSchema, BACKEND_SCHEMAS, CLUSTER_OWN_KEYS, clusterSchema, defaultsSchema, fileSchema, INHERITED_KEYS, itemSchemaOf, workloadSchema, type KeyDoc } from "./schema";

export const SCHEMA_FILE = "irsa.schema.json";

type JsonSchema = { [key: string]: unknown };

/** Markdown to plain text: code spans and links unwrapped, emphasis dropped. */
function plain(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*([^*]+)\*/g, "$1")
    .replace(/\\\|/g, "|")
    .trim();
}

/** A key's words: the meaning, and the default when there is one. */
function described(doc: KeyDoc, inherited = false): { description: string; markdownDescription: string } {
  const meaning = `${inherited ? "*inherited*; " : ""}${doc.description}`;
  const fallback = doc.defaultText && doc.defaultText !== "none" ? `Default: ${doc.defaultText}.` : "";
  const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);
  return { description: [sentence(plain(meaning)), plain(fallback)].filter(Boolean).join(" "), markdownDescription: [sentence(meaning), fallback].filter(Boolean).join(" ") };
}

/**
 * The JSON Schema of a zod schema: each list the validator reads item by
 * item gets its items' shape (ITEM_SCHEMAS), and each key's description
 * (meaning and default) is written in plain text and in markdown.
 */
function jsonOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const item = itemSchemaOf(ctx.zodSchema);
      if (!item) return;
      const json = ctx.jsonSchema as JsonSchema;
      if (json.type === "array") json.items = jsonOf(item);
      else Object.assign(json, jsonOf(item));
    },
  }) as JsonSchema;
  return withDescriptions(rest);
}

/** Turns each node's `description` (markdown) and `defaultText` into the descriptions editors show. */
function withDescriptions(node: JsonSchema): JsonSchema {
  if (typeof node.description === "string" && node.markdownDescription === undefined) {
    Object.assign(node, described({ description: node.description, ...(typeof node.defaultText === "string" ? { defaultText: node.defaultText } : {}) }));
  }
  delete node.defaultText;
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((v) => typeof v === "object" && v !== null && withDescriptions(v as JsonSchema));
    else if (typeof value === "object" && value !== null) withDescriptions(value as JsonSchema);
  }
  return node;
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return schema.properties as Record<string, JsonSchema>;
}

/** One preset parameter, from its declaration (the validator builds its check from the same data). */
function parameterJson(spec: ParameterSpec): JsonSchema {
  const words = { description: spec.description, markdownDescription: spec.description };
  switch (spec.kind) {
    case "arns":
      return { ...words, type: "array", items: { type: "string", pattern: `^arn:[a-z-]+:${spec.service}:` }, ...(spec.required ? { minItems: 1 } : {}), examples: [[spec.example]] };
    case "enum":
      return { ...words, enum: [...spec.values], default: spec.default };
    case "string":
      return { ...words, type: "string", ...(spec.pattern ? { pattern: spec.pattern.source } : {}) };
    case "boolean":
      return { ...words, type: "boolean", default: spec.default };
  }
}

function parametersOf(preset: Preset): { properties: Record<string, JsonSchema>; required: string[] } {
  const properties = Object.fromEntries(Object.entries(preset.parameters).map(([key, spec]) => [key, parameterJson(spec)]));
  const required = Object.entries(preset.parameters)
    .filter(([, spec]) => spec.kind === "arns" && spec.required)
    .map(([key]) => key);
  return { properties, required };
}

/**
 * The workload schema, with a closed shape for each preset of the one-line
 * form and of `presets:`. The workload's keys are written once, in `$defs`,
 * and referred to by every form.
 */
function workloadJson(defs: Record<string, JsonSchema>): JsonSchema {
  const workload = jsonOf(workloadSchema);
  // A name alone only for a preset that needs no parameter.
  const withoutRequired = [...PRESETS.values()].filter((p) => parametersOf(p).required.length === 0).map((p) => p.name);
  const { preset: linePreset, ...own } = propertiesOf(workload);
  own.presets.items = {
    anyOf: [
      { type: "string", enum: withoutRequired },
      ...[...PRESETS.values()].map((preset) => {
        const params = parametersOf(preset);
        return {
          type: "object",
          description: preset.title,
          properties: { name: { const: preset.name, description: preset.title }, ...params.properties },
          required: ["name", ...params.required],
          additionalProperties: false,
        };
      }),
    ],
  };
  const refs: Record<string, JsonSchema> = {};
  for (const [key, property] of Object.entries(own)) {
    defs[`workload.${key}`] = property;
    refs[key] = { $ref: `#/$defs/workload.${key}` };
  }
  // A workload without `preset:`, or the one-line form of one preset: its
  // parameters beside the workload's own keys, and nothing else (as the
  // validator splits them: a typo of either is refused).
  const { properties: _all, ...shape } = workload;
  const lineForms = [...PRESETS.values()].map((preset) => {
    const params = parametersOf(preset);
    return {
      type: "object",
      description: `${preset.title} (one-line preset)`,
      properties: { ...refs, preset: { ...linePreset, const: preset.name }, ...params.properties },
      required: ["preset", ...params.required],
      additionalProperties: false,
    };
  });
  return { anyOf: [{ ...shape, properties: refs }, ...lineForms] };
}

/** `backend:` as editors check it: one closed shape per backend type. */
function backendJson(property: JsonSchema): JsonSchema {
  const { type: _any, ...words } = property;
  return { ...words, oneOf: BACKEND_SCHEMAS.map(jsonOf) };
}

/** The schema of the whole file. */
export function configJsonSchema(): JsonSchema {
  const root = jsonOf(fileSchema);
  const top = propertiesOf(root);
  const defaults = jsonOf(defaultsSchema);
  propertiesOf(defaults).backend = backendJson(propertiesOf(defaults).backend);
  const cluster = top.clusters.items as JsonSchema;
  const clusterProperties = propertiesOf(cluster);
  clusterProperties.backend = backendJson(clusterProperties.backend);
  // Completion offers every region irsa-gen knows; a newer one is the validator's to judge (allowUnknownRegion).
  clusterProperties.region = { ...clusterProperties.region, anyOf: [{ enum: [...KNOWN_REGIONS].sort() }, { type: "string", pattern: "^[a-z0-9-]+$" }] };
  delete clusterProperties.region.type;
  const defs: Record<string, JsonSchema> = {};
  clusterProperties.workloads.items = workloadJson(defs);
  // A shared role's presets are a workload's, with their parameters' shapes.
  propertiesOf(top.roles.items as JsonSchema).presets = { $ref: "#/$defs/workload.presets" };
  // An add-on's role keys are a workload's: the same definitions, presets' shapes included.
  const addonProperties = propertiesOf(clusterProperties.addons.items as JsonSchema);
  for (const key of Object.keys(addonProperties)) {
    if ((addonSchema.shape as Record<string, unknown>)[key] === (workloadSchema.shape as Record<string, unknown>)[key]) addonProperties[key] = { $ref: `#/$defs/workload.${key}` };
  }
  top.clusters.minItems = 1;
  top.defaults = { ...defaults, description: top.defaults.description, markdownDescription: top.defaults.markdownDescription };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "irsa-gen config (irsa.yaml)",
    description: "Clusters and workloads for irsa-gen: one IAM role per Kubernetes service account on Amazon EKS. Shape only: `npm run validate` checks formats, limits and every cross-field rule.",
    ...root,
    $defs: defs,
  };
}

/** The README's config tables, by heading. */
export const REFERENCE_TABLES = ["Top level", "Cluster", "Workload", "Add-on"] as const;

/** The README's table of one part of the file, from the same descriptions as the JSON Schema. */
export function configReference(table: (typeof REFERENCE_TABLES)[number]): string {
  const [shape, keys] =
    table === "Top level"
      ? [fileSchema.shape as Record<string, z.ZodType>, Object.keys(fileSchema.shape)]
      : table === "Cluster"
        ? [clusterSchema.shape as Record<string, z.ZodType>, CLUSTER_OWN_KEYS]
        : table === "Workload"
          ? [workloadSchema.shape as Record<string, z.ZodType>, Object.keys(workloadSchema.shape)]
          : [addonSchema.shape as Record<string, z.ZodType>, Object.keys(addonSchema.shape)];
  const rows = keys.map((key) => {
    const doc = shape[key].meta() as KeyDoc;
    // An add-on inherits its role's settings as a workload does, but not the mechanism (see addonSchema).
    const inherited = (table === "Workload" || (table === "Add-on" && key !== "identity")) && INHERITED_KEYS.includes(key);
    const cell = (text: string) => text.replace(/\|/g, "\\|");
    return `| \`${key}\` | ${cell(`${inherited ? "*inherited*; " : ""}${doc.description}`)} |${doc.defaultText ? ` ${cell(doc.defaultText)} ` : " "}|`;
  });
  return ["| key | meaning | default |", "| --- | --- | --- |", ...rows].join("\n");
}
