/**
 * The preset table of docs/presets.md and `npm run presets`, rendered from
 * the registry so that the documentation cannot drift from the code.
 */
import type { ParameterSpec, Preset } from "./preset";
import { PRESETS } from "./registry";

function describeParameter(name: string, spec: ParameterSpec): string {
  switch (spec.kind) {
    case "arns":
      return `\`${name}\`${spec.required ? " (required)" : ""}`;
    case "enum":
      return `\`${name}\`: ${spec.values.join(" \\| ")} (default ${spec.default})`;
    case "boolean":
      return `\`${name}\` (default ${spec.default})`;
    case "string":
      return `\`${name}\` (default ${spec.defaultDescription})`;
  }
}

function row(preset: Preset): string {
  const params = Object.entries(preset.parameters).map(([name, spec]) => describeParameter(name, spec));
  const cells = [
    `\`${preset.name}\``,
    preset.title,
    `${preset.defaultNamespace} / ${preset.defaultServiceAccount}`,
    preset.serviceAccountCreatedBy ?? "irsa-gen",
    params.length > 0 ? params.join("<br>") : "none",
    preset.source,
  ];
  return `| ${cells.join(" | ")} |`;
}

/** A markdown table of every preset: name, add-on, default service account and who creates it, parameters, source. */
export function presetTable(presets: Iterable<Preset> = PRESETS.values()): string {
  return [
    "| preset | add-on | namespace / service account | service account created by | parameters | policy source |",
    "| --- | --- | --- | --- | --- | --- |",
    ...[...presets].map(row),
  ].join("\n");
}

/** Whether a parameter must be given, or what it is when it is not. */
function need(spec: ParameterSpec): string {
  switch (spec.kind) {
    case "arns":
      return spec.required ? "required" : "optional";
    case "enum":
    case "boolean":
      return `optional, default ${spec.default}`;
    case "string":
      return `optional, default ${spec.defaultDescription}`;
  }
}

/** Each parameter of each preset with its meaning, for the reference below the table. */
export function parameterReference(presets: Iterable<Preset> = PRESETS.values()): string {
  return [...presets]
    .filter((p) => Object.keys(p.parameters).length > 0)
    .map((p) => [`### ${p.name}`, "", ...Object.entries(p.parameters).map(([name, spec]) => `- \`${name}\` (${need(spec)}): ${spec.description}${spec.kind === "arns" ? `, e.g. \`${spec.example}\`` : ""}.`)].join("\n"))
    .join("\n\n");
}
