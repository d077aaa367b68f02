import Ajv2020 from "ajv/dist/2020";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { configJsonSchema, readmeDescriptions, SCHEMA_FILE } from "../../lib/config/json-schema";
import { exampleConfigs, PROJECT_ROOT } from "../support/files";

const README = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
const schema = configJsonSchema(README);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

describe("irsa.schema.json", () => {
  it("is what the config's zod schemas and the README's tables give (regenerate with npm run schema)", () => {
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
    ["no clusters", "defaults: {}\n"],
  ])("refuses %s, as the validator does", (_what, yaml) => {
    expect(validate(load(yaml))).toBe(false);
  });

  it("describes keys with the README's words", () => {
    const workload = readmeDescriptions(README, "Workload");
    expect(workload.serviceAccount).toMatch(/^the service account's name, a DNS-1123 subdomain; never a wildcard.*\. Default: required, or the preset's\.$/);
    expect(JSON.stringify(schema)).toContain(workload.identity);
    expect(readmeDescriptions(README, "Top level").clusters).toBe("the clusters, each one stack (required, not empty).");
  });
});
