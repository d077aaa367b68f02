/**
 * irsa.schema.json: a JSON Schema of the config file for editors (the YAML
 * language server of VS Code and others completes and checks keys as one
 * types), generated from the same zod schemas the validator uses, with the
 * README's config tables as descriptions. A test keeps the published file
 * in step with both. Pure: the README's text is passed in.
 *
 * The schema checks shape only (keys, types, enums); formats, limits and
 * cross-field rules stay the validator's, with its located messages.
 */
import { z } from "zod";
import { PRESETS } from "../presets/registry";
import { clusterSchema, defaultsSchema, workloadSchema } from "./schema";

export const SCHEMA_FILE = "irsa.schema.json";

type JsonSchema = { [key: string]: unknown };

/** `key → meaning (default …)` from the README's table under each heading. */
export function readmeDescriptions(readme: string, heading: string): Record<string, string> {
  const start = readme.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`the README has no "### ${heading}" section`);
  const section = readme.slice(start + 1).split(/\n#{2,3} /)[0];
  const out: Record<string, string> = {};
  for (const line of section.split("\n")) {
    const cells = /^\| `([^`]+)`(?: \/ `[^`]+`)? \| (.*?) \| ?(.*?) ?\|$/.exec(line);
    if (!cells) continue;
    const meaning = plain(cells[2]);
    const fallback = plain(cells[3]);
    out[cells[1]] = fallback && fallback !== "none" ? `${meaning}. Default: ${fallback}.` : `${meaning}.`;
  }
  return out;
}

/** Markdown to plain text: code spans and links unwrapped, emphasis dropped. */
function plain(text: string): string {
  return text
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*([^*]+)\*/g, "$1")
    .replace(/\\\|/g, "|")
    .trim();
}

function jsonOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

function describe(schema: JsonSchema, descriptions: Record<string, string>): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  for (const [key, property] of Object.entries(properties)) if (descriptions[key]) property.description = descriptions[key];
  return schema;
}

/** The schema of the whole file. */
export function configJsonSchema(readme: string): JsonSchema {
  const top = readmeDescriptions(readme, "Top level");
  const clusterKeys = readmeDescriptions(readme, "Cluster");
  const workloadKeys = readmeDescriptions(readme, "Workload");
  const presetNames = [...PRESETS.keys()].sort();

  const workload = describe(jsonOf(workloadSchema), workloadKeys);
  const properties = workload.properties as Record<string, JsonSchema>;
  properties.preset = { ...properties.preset, enum: presetNames };
  properties.presets = {
    ...properties.presets,
    items: {
      anyOf: [
        { type: "string", enum: presetNames },
        { type: "object", properties: { name: { type: "string", enum: presetNames } }, required: ["name"], additionalProperties: true },
      ],
    },
  };
  // The one-line form `- preset: <name>` takes the preset's parameters beside it.
  const oneLinePreset: JsonSchema = { ...workload, required: ["preset"], additionalProperties: true };

  const cluster = describe(jsonOf(clusterSchema), { ...workloadKeys, ...clusterKeys });
  (cluster.properties as Record<string, JsonSchema>).workloads = {
    ...(cluster.properties as Record<string, JsonSchema>).workloads,
    items: { anyOf: [workload, oneLinePreset] },
  };
  const defaults = describe(jsonOf(defaultsSchema), { ...workloadKeys, ...clusterKeys });

  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "irsa-gen config (irsa.yaml)",
    description: "Clusters and workloads for irsa-gen: one IAM role per Kubernetes service account on Amazon EKS. Shape only: `npm run validate` checks formats, limits and every cross-field rule.",
    type: "object",
    properties: {
      defaults: { ...defaults, description: top.defaults },
      clusters: { type: "array", items: cluster, description: top.clusters },
    },
    required: ["clusters"],
    additionalProperties: false,
  };
}
