import Ajv2020 from "ajv/dist/2020";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { configJsonSchema, configReference, REFERENCE_TABLES, SCHEMA_FILE } from "../../lib/config/json-schema";
import { parseConfigText } from "../../lib/config/source";
import { validateConfig } from "../../lib/config/validate";
import { ADDRESSES_REFUSED, own, PRESETS_REFUSED, REFUSED, REFUSED_FILES, STATEMENTS_REFUSED, TEXT_REFUSED, workloads, ZONE } from "../support/bad-configs";
import { ACCOUNTS_REFUSED } from "../support/cross-account";
import { exampleConfigs, PROJECT_ROOT } from "../support/files";
import { check } from "../support/refusal";

const README_FILE = join(PROJECT_ROOT, "README.md");
const schema = configJsonSchema();
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
const accepts = (yaml: string) => validate(load(yaml)) === true;

/**
 * The validator's problems of shape (a key where none is allowed, a type,
 * an enum, a missing value): what the schema must refuse too. Formats,
 * limits and cross-field rules are the validator's alone.
 */
const SHAPE = /^(unknown key|is required|has no value|must be (a string|a list|a mapping|true or false|a whole number|a number|one of|a preset name)|is not a known preset|is not a parameter of preset)/;

/** Mappings whose keys are the user's (tags, labels, annotations): a problem at one of their keys is a rule's, not one of shape. */
const USER_MAPPINGS = ["tags", "serviceAccountLabels", "serviceAccountAnnotations", "accounts", "oidcProviders"];

/** Whether the validator refuses the file for its shape: a key it does not allow (reported at the key), or a message above. */
function refusedForShape(yaml: string): boolean {
  const source = parseConfigText("t.yaml", yaml);
  if (source.problems.length > 0) return false;
  const keyNotAllowed = (p: { atKey?: boolean; path: readonly (string | number)[] }) => p.atKey === true && !USER_MAPPINGS.includes(String(p.path[p.path.length - 2]));
  return validateConfig("t.yaml", source.data).problems.some((p) => p.severity === "error" && (keyNotAllowed(p) || SHAPE.test(p.message)));
}

/** Every property of the schema, with its path, $defs and every branch included. */
function properties(node: unknown, path = ""): [string, Record<string, unknown>][] {
  if (typeof node !== "object" || node === null) return [];
  const out: [string, Record<string, unknown>][] = [];
  const record = node as Record<string, unknown>;
  if (typeof record.properties === "object" && record.properties !== null) {
    for (const [key, value] of Object.entries(record.properties)) out.push([`${path}.${key}`, value as Record<string, unknown>]);
  }
  for (const [key, value] of Object.entries(record)) out.push(...properties(value, `${path}/${key}`));
  return out;
}

describe("irsa.schema.json", () => {
  it("is what the config's zod schemas and their descriptions give (regenerate with npm run schema)", () => {
    expect(JSON.parse(readFileSync(join(PROJECT_ROOT, SCHEMA_FILE), "utf8"))).toEqual(schema);
  });

  it.each(exampleConfigs())("accepts %s, which names it for editors", (file) => {
    const text = readFileSync(join(PROJECT_ROOT, file), "utf8");
    expect(text.split("\n")[0]).toBe(`# yaml-language-server: $schema=${file.includes("/") ? "../" : "./"}${SCHEMA_FILE}`);
    expect({ valid: validate(load(text)), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
  });

  const base = "clusters:\n  - name: prod\n    region: eu-west-1\n    workloads:\n";
  it.each([
    ["a misspelt top-level key", "defualts: {}\n" + base],
    ["a misspelt cluster key", base.replace("    workloads:", "    acountId: '1'\n    workloads:")],
    ["a misspelt workload key", `${base}      - { namespace: a, serviceAcount: b }\n`],
    ["a number for a string", `${base}      - { namespace: a, serviceAccount: 1 }\n`],
    ["an unknown identity", `${base}      - { namespace: a, serviceAccount: b, identity: irsa2 }\n`],
    ["an unknown preset", `${base}      - preset: no-such-add-on\n`],
    ["an unknown backend type", "defaults:\n  backend: { type: gcs }\n" + base],
    ["an s3 backend without a bucket", "defaults:\n  backend: { type: s3 }\n" + base],
    ["a key of another backend type", "defaults:\n  backend: { type: local, bucket: b }\n" + base],
    ["no clusters", "defaults: {}\n"],
    ["a misspelt key in a policy statement", `${base}      - { namespace: a, serviceAccount: b, policyStatements: [{ action: [s3:GetObject], resources: ["*"] }] }\n`],
    ["a condition without values", `${base}      - { namespace: a, serviceAccount: b, policyStatements: [{ actions: [s3:GetObject], resources: ["*"], conditions: [{ test: Bool, variable: aws:SecureTransport }] }] }\n`],
    ["a misspelt parameter beside a one-line preset", `${base}      - { preset: external-dns, hostedZoneArn: ["${ZONE}"] }\n`],
    ["a typo beside a one-line preset", `${base}      - { preset: ebs-csi, serviceAcount: x }\n`],
    ["a parameter of the wrong type", `${base}      - { preset: cert-manager, hostedZoneArns: ["${ZONE}"], acmeChallengeRecordsOnly: "yes" }\n`],
    ["an enum parameter's unknown value", `${base}      - { preset: vpc-cni, ipFamily: ipv5 }\n`],
    ["a misspelt parameter in a presets entry", `${base}      - { namespace: a, serviceAccount: b, presets: [{ name: external-dns, hostedZones: ["${ZONE}"] }] }\n`],
    ["a tag value that is not a string", `${base}      - { namespace: a, serviceAccount: b, tags: { team: [x] } }\n`],
  ])("refuses %s, as the validator does", (_what, yaml) => {
    // GIVEN a config the validator refuses for its shape / THEN the schema refuses it too
    expect(refusedForShape(yaml)).toBe(true);
    expect(accepts(yaml)).toBe(false);
  });

  const tables = [
    ...[...REFUSED, ...PRESETS_REFUSED, ...ADDRESSES_REFUSED, ...TEXT_REFUSED, ...REFUSED_FILES, ...ACCOUNTS_REFUSED].map(([what, yaml]) => [what, yaml] as const),
    ...STATEMENTS_REFUSED.map(([what, lines]) => [what, own(...lines)] as const),
  ];
  const shapeErrors = tables.filter(([, yaml]) => refusedForShape(yaml));
  it("finds shape errors in the bad-config tables (the check below is not empty)", () => {
    expect(shapeErrors.length).toBeGreaterThanOrEqual(10);
  });

  it.each(shapeErrors)("refuses what the validator refuses for shape in the bad-config tables: %s", (_what, yaml) => {
    // GIVEN a config of the validation tests whose problems include one of shape / THEN the schema refuses it too
    expect(accepts(yaml)).toBe(false);
  });

  it("accepts a one-line preset with its parameters, and a presets entry with its own", () => {
    const yaml = `${base}      - { preset: external-dns, hostedZoneArns: ["${ZONE}"] }\n      - { namespace: a, serviceAccount: b, presets: [ebs-csi, { name: cert-manager, hostedZoneArns: ["${ZONE}"], acmeChallengeRecordsOnly: false }] }\n`;
    expect(check(yaml).errors).toEqual([]);
    expect({ valid: validate(load(yaml)), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
  });

  it("describes every property, in plain words and in markdown", () => {
    // GIVEN every property of the schema, in every branch / THEN each has a description (or refers to one in $defs)
    const all = properties(schema);
    expect(all.length).toBeGreaterThan(134);
    const undescribed = all.filter(([, p]) => typeof p.description !== "string" && typeof p.$ref !== "string").map(([path]) => path);
    expect(undescribed).toEqual([]);
    expect(all.filter(([, p]) => typeof p.description === "string" && /`|\]\(/.test(p.description as string)).map(([path]) => path)).toEqual([]);
  });

  it("gives policy statements, backends, regions and presets' parameters their shapes", () => {
    const cluster = (schema.properties as any).clusters.items;
    expect(cluster.properties.backend.oneOf.map((b: any) => b.properties.type.const)).toEqual(["local", "s3", "cloud"]);
    expect(cluster.properties.region.anyOf[0].enum).toContain("eu-west-1");
    const defs = (schema as any).$defs;
    expect(defs["workload.policyStatements"].items.properties.effect.enum).toEqual(["Allow", "Deny"]);
    expect(defs["workload.policyStatements"].items.additionalProperties).toBe(false);
    expect(accepts(workloads("- { preset: external-dns }"))).toBe(false);
  });
});

describe("the README's config reference", () => {
  it.each(REFERENCE_TABLES)("is generated from the schemas' descriptions: %s (regenerate with IRSA_UPDATE_README=1)", (table) => {
    // GIVEN the README's table under the heading / WHEN generated from the descriptions / THEN they are the same
    const readme = readFileSync(README_FILE, "utf8");
    const heading = `\n### ${table}\n\n`;
    const start = readme.indexOf(heading) + heading.length;
    const end = readme.indexOf("\n\n", start);
    const generated = configReference(table);
    if (process.env.IRSA_UPDATE_README) writeFileSync(README_FILE, readme.slice(0, start) + generated + readme.slice(end));
    expect(readme.slice(start, end)).toBe(generated);
  });
});
