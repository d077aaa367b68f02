import { format } from "@cdktf/hcl-tools";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Document, parseDocument, visit } from "yaml";
import { syntheticYaml } from "../../bench/configs";
import { loadConfig } from "../../lib/config/load";
import type { IrsaConfig } from "../../lib/model/model";
import { validateConfig } from "../../lib/config/validate";
import { synthesize } from "../../lib/synthesis/synth";
import { validRaw } from "../support/arbitraries";
import { exampleConfigs, PROJECT_ROOT, readTree, tempDir } from "../support/files";
import { canonical } from "../support/hcl";
import { configFrom, oneCluster } from "../support/config";

/** One protected workload that creates its namespace, and one other. */
const PROTECTED_WORKLOADS = `      - { namespace: payments, serviceAccount: api, protect: true, createNamespace: true, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
      - { namespace: orders, serviceAccount: worker, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
`;

/** Loads a config the way the CLI does, with paths relative to the project. */
function load(file: string): IrsaConfig {
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    const result = loadConfig(file);
    if (!result.config) throw new Error(result.errors.join("\n"));
    return result.config;
  } finally {
    process.chdir(cwd);
  }
}

async function synthTo(config: IrsaConfig, hcl: boolean, outdir = tempDir()): Promise<Record<string, string>> {
  await synthesize(config, { outdir, hcl, projectDir: outdir });
  return readTree(outdir);
}

/** A config file with clusters, workloads and every mapping's keys in reverse order. */
function reordered(file: string): string {
  const doc = parseDocument(readFileSync(join(PROJECT_ROOT, file), "utf8")) as Document;
  visit(doc, {
    Map(_, node) {
      node.items.reverse();
    },
    Seq(_, node, path) {
      const parent = path[path.length - 1];
      const key = parent && "key" in parent ? String((parent as { key: { value?: unknown } }).key?.value) : "";
      if (key === "clusters" || key === "workloads") node.items.reverse();
    },
  });
  return doc.toString();
}

const EXAMPLES = exampleConfigs();

/**
 * The output of an example as written, per format: several tests read the
 * same synthesis, so it runs once (the examples are the slowest part of
 * the suite). Tests that synthesize something else still do so themselves.
 */
const examplesOutput = new Map<string, Promise<Record<string, string>>>();
function exampleOutput(file: string, hcl: boolean): Promise<Record<string, string>> {
  const key = `${file} ${hcl}`;
  if (!examplesOutput.has(key)) examplesOutput.set(key, synthTo(load(file), hcl));
  return examplesOutput.get(key)!;
}

describe("synthesize", () => {
  describe.each(EXAMPLES)("%s", (file) => {
    it("writes one JSON stack per cluster, and nothing else, matching the reviewed snapshot", async () => {
      // GIVEN an example config / WHEN synthesized to Terraform JSON
      const config = load(file);
      const tree = await exampleOutput(file, false);
      // THEN each cluster has its own stack folder with cdk.tf.json and irsa-gen's inventory only
      const stackFiles = Object.keys(tree).filter((f) => f.startsWith("stacks/") && !f.endsWith("/irsa-gen.json")).sort();
      expect(stackFiles).toEqual(config.clusters.map((c) => `stacks/${c.name}/cdk.tf.json`).sort());
      expect(Object.keys(tree).filter((f) => f.endsWith("/irsa-gen.json")).sort()).toEqual(config.clusters.map((c) => `stacks/${c.name}/irsa-gen.json`).sort());
      // The snapshot is what a reviewer reads: addresses and values, without
      // cdktf's construct-path metadata (which Terraform ignores).
      for (const name of stackFiles) expect(withoutMetadata(JSON.parse(tree[name]))).toMatchSnapshot(name);
    });

    it("writes HCL that says exactly what the JSON says", async () => {
      // GIVEN both outputs of the same config
      const config = load(file);
      const json = await exampleOutput(file, false);
      const hcl = await exampleOutput(file, true);
      for (const cluster of config.clusters) {
        const hclText = hcl[`stacks/${cluster.name}/cdk.tf`];
        expect(hcl[`stacks/${cluster.name}/cdk.tf.json`]).toBeUndefined();
        // HashiCorp's formatter (hclwrite, as in terraform fmt) finds nothing to change
        expect(await format(hclText)).toBe(hclText);
        // WHEN the HCL is parsed by HashiCorp's parser
        const parsed = await parseHcl(`${cluster.name}.tf`, hclText);
        // THEN it equals the JSON synth, block for block
        expect(canonical(parsed)).toEqual(canonical(JSON.parse(json[`stacks/${cluster.name}/cdk.tf.json`])));
      }
    });

    it.each([false, true])("writes the same bytes as cdktf's own App.synth() (hcl: %s)", async (hcl) => {
      // GIVEN the direct synthesis path and cdktf's plain one
      const config = load(file);
      const plain = tempDir();
      await synthesize(config, { outdir: plain, hcl, projectDir: plain, plain: true });
      // THEN every file, the manifest included, is the same
      expect(await exampleOutput(file, hcl)).toEqual(readTree(plain));
    });

    it("gives byte-identical output when clusters, workloads and keys are reordered", async () => {
      // GIVEN the same config with every order reversed
      const dir = tempDir();
      const copy = join(dir, "reordered.yaml");
      writeFileSync(copy, reordered(file));
      const original = load(file);
      const shuffled = { ...load(copy), sourceFile: original.sourceFile };
      expect(shuffled.clusters).toEqual(original.clusters);
      // WHEN both are synthesized / THEN every byte is the same, in both formats
      for (const hcl of [false, true]) {
        expect(await synthTo(shuffled, hcl)).toEqual(await exampleOutput(file, hcl));
      }
    });
  });

  /** Both paths: every file, the manifest included, is the same. */
  async function expectSameAsAppSynth(config: IrsaConfig, formats: readonly boolean[] = [false, true]): Promise<void> {
    for (const hcl of formats) {
      const direct = tempDir();
      const plain = tempDir();
      await synthesize(config, { outdir: direct, hcl, projectDir: direct });
      await synthesize(config, { outdir: plain, hcl, projectDir: plain, plain: true });
      expect(readTree(direct)).toEqual(readTree(plain));
    }
  }

  it("writes the same bytes as cdktf's own App.synth() for random valid configs", async () => {
    await fc.assert(
      fc.asyncProperty(validRaw, async (raw) => {
        const result = validateConfig("p.yaml", raw);
        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
        // JSON only: each stack's HCL is rendered from that JSON by the same code on both paths
        await expectSameAsAppSynth(result.config!, [false]);
      }),
      { numRuns: 20 },
    );
  });

  it("writes the same bytes as cdktf's own App.synth() for the benchmark's configs, with every feature on", async () => {
    // Pod Identity, adoption, renames, presets, the drift lock, an adopted OIDC provider (see bench/configs.ts);
    // JSON only, as for the random configs
    await expectSameAsAppSynth(configFrom(syntheticYaml(4, 12), "bench.yaml"), [false]);
  });

  it("gives byte-identical output when run twice", async () => {
    const config = load("irsa.yaml");
    const dir = tempDir();
    const first = await synthTo(config, false, dir);
    expect(await synthTo(config, false, dir)).toEqual(first);
  });

  it("writes no absolute path of the machine into the output", async () => {
    // GIVEN an output folder deep below the temp folder
    const outdir = join(tempDir(), "some", "where");
    const tree = await synthTo(load("irsa.yaml"), false, outdir);
    const hclTree = await synthTo(load("irsa.yaml"), true, outdir);
    // THEN neither the folder nor the project's location appears in any file
    for (const content of [...Object.values(tree), ...Object.values(hclTree)]) {
      expect(content).not.toContain(outdir);
      expect(content).not.toContain(PROJECT_ROOT);
      expect(content).not.toContain(process.cwd());
    }
  });

  it("never leaves a cdk.tf beside a cdk.tf.json, and keeps Terraform's own files", async () => {
    // GIVEN a JSON output in which Terraform has been initialized
    const config = load("irsa.yaml");
    const outdir = tempDir();
    await synthTo(config, false, outdir);
    const stack = join(outdir, "stacks", "prod-eu");
    mkdirSync(join(stack, ".terraform"));
    writeFileSync(join(stack, ".terraform.lock.hcl"), "# lock\n");
    // WHEN the HCL is written into the same folder, and then the JSON again
    await synthTo(config, true, outdir);
    expect(existsSync(join(stack, "cdk.tf.json"))).toBe(false);
    expect(existsSync(join(stack, "cdk.tf"))).toBe(true);
    await synthTo(config, false, outdir);
    // THEN only the current format is there, and Terraform's files survived
    expect(existsSync(join(stack, "cdk.tf"))).toBe(false);
    expect(existsSync(join(stack, "cdk.tf.json"))).toBe(true);
    expect(readFileSync(join(stack, ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
  });

  it("refuses a cluster that leaves the config while its stack still manages roles, and writes nothing", async () => {
    // GIVEN a previous output of two clusters
    const outdir = tempDir();
    const config = load("irsa.yaml");
    await synthTo(config, false, outdir);
    const before = readTree(outdir);
    // WHEN one cluster is simply dropped from the config / THEN it is refused, and the output is as it was
    await expect(synthTo({ ...config, clusters: config.clusters.slice(0, 1) }, false, outdir)).rejects.toThrow(/cluster staging-us left the config, but its stack still manages 1 role/);
    expect(readTree(outdir)).toEqual(before);
  });

  it("lets a cluster go once it was retired: its stack is destroyable first, then its files go", async () => {
    // GIVEN a previous output of two clusters
    const outdir = tempDir();
    const config = load("irsa.yaml");
    await synthTo(config, false, outdir);
    // WHEN the second is retired with destroy, and after that apply removed from the config
    const retired = configFrom(readFileSync(join(PROJECT_ROOT, "irsa.yaml"), "utf8").replace("  - name: staging-us\n", "  - name: staging-us\n    retire: destroy\n"));
    const tree = await synthTo({ ...retired, sourceFile: config.sourceFile }, false, outdir);
    // THEN its stack first holds no resource (the next apply destroys them all) ...
    expect(JSON.parse(tree["stacks/staging-us/cdk.tf.json"]).resource).toBeUndefined();
    // ... and then it may leave the config: its generated files go
    await synthTo({ ...config, clusters: config.clusters.slice(0, 1) }, false, outdir);
    expect(existsSync(join(outdir, "stacks", "staging-us", "cdk.tf.json"))).toBe(false);
  });

  it("refuses a protected workload that leaves the config, names its role, and writes nothing", async () => {
    const outdir = tempDir();
    const protectedConfig = configFrom(oneCluster(PROTECTED_WORKLOADS));
    await synthTo(protectedConfig, false, outdir);
    const before = readTree(outdir);
    const without = configFrom(oneCluster(PROTECTED_WORKLOADS.split("\n").slice(1).join("\n")));
    await expect(synthTo(without, false, outdir)).rejects.toThrow(/workload payments\/api of cluster prod left the config, but it is protected: the next apply would destroy its role prod-payments-api/);
    expect(readTree(outdir)).toEqual(before);
  });

  it("lets go of a namespace the config no longer creates, rather than deleting it", async () => {
    const outdir = tempDir();
    await synthTo(configFrom(oneCluster(PROTECTED_WORKLOADS)), false, outdir);
    const tree = await synthTo(configFrom(oneCluster(PROTECTED_WORKLOADS.replace("createNamespace: true", "createNamespace: false"))), false, outdir);
    expect(JSON.parse(tree["stacks/prod/cdk.tf.json"]).removed).toEqual([{ from: "kubernetes_namespace_v1.payments", lifecycle: { destroy: false } }]);
  });
});

/** Terraform JSON without cdktf's `//` metadata entries. */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "//").map(([k, v]) => [k, withoutMetadata(v)]));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

