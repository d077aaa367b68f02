/**
 * `terraform validate` on the AWS side of every stack of every example
 * config, synthesized the way `irsa-gen synth` does it.
 *
 * Offline: the aws provider comes from a local filesystem mirror, found by
 * findAwsProviderMirror; the kubernetes and tls providers are not needed
 * because each stack is reduced to its AWS blocks first (reduceToAws). On
 * machines without terraform or without such a mirror the tests skip, with
 * the reason.
 *
 * How Terraform runs, and why: the aws provider binary is ~700 MB, and what
 * costs is starting it and reading its schema (~2.2–3.4 s per `terraform
 * validate` on 2 cores), not init (the unpacked mirror is symlinked into
 * .terraform, not copied: ~0.5 s). Measured with the 6 example stacks:
 * one root module per stack, initialized once and validated by swapping
 * its config file in, took 0.5 s + 13.5 s; the layout used here takes
 * 0.5 s + 3.4 s: Terraform reads the provider schema once (~1.5 s), and
 * each stack adds only a start of the plugin for its provider block (~0.2 s).
 *
 * The layout: each reduced stack is written unchanged into its own folder
 * and called as a child module of a root module that holds nothing else
 * but the aws requirement; ONE init (run while the stacks are synthesized),
 * ONE validate. Terraform validates a child module as it does a root module
 * (arguments, types, references, provider configuration), and each module
 * keeps its own provider block. What would differ are root-only
 * constructs: variables without a default are errors in a child module
 * (the generated stacks have none, which a test below checks), and `import`
 * blocks are allowed in the root module only, so each stack's import blocks
 * are hoisted into the root, aimed at `module.<stack>.<address>`: Terraform
 * then checks each import's target exists in its stack. One consequence: a malformed file (a JSON syntax error, an
 * unknown top-level block) in one stack stops Terraform before it checks
 * the others, so fixing it may reveal more; "the whole configuration is
 * valid" fails until none is left.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  awsAddresses,
  findAwsProviderMirror,
  findTerraform,
  formatDiagnostic,
  loadExample,
  mirrorCliConfig,
  moduleName,
  NEWER_ARGUMENTS,
  reduceToAws,
  reportSkip,
  runTerraform,
  synthesizeExample,
  terraformEnv,
  type Diagnostic,
  type ProviderMirror,
  type TerraformJsonDocument,
  type ValidateOutput,
} from "../support/terraform";
import { exampleConfigs } from "../support/files";

const cli = findTerraform();
const mirror = cli.ok ? findAwsProviderMirror(cli.platform) : undefined;
const skipReason = !cli.ok ? cli.reason : mirror && !mirror.ok ? mirror.reason : undefined;
if (skipReason) reportSkip("terraform validate", skipReason);

interface StackCase {
  readonly file: string;
  readonly stack: string;
  readonly module: string;
}

const DOES_NOT_LOAD = "(config does not load)";

/** Every stack of every example, known before synthesis so each gets its own test. */
const STACKS: StackCase[] = exampleConfigs().flatMap((file) => {
  try {
    return loadExample(file).clusters.map((c) => ({ file, stack: c.name, module: moduleName(file, c.name) }));
  } catch {
    // Its test below fails with the config's problems; the other examples are still validated.
    return [{ file, stack: DOES_NOT_LOAD, module: moduleName(file, "_") }];
  }
});

(skipReason ? describe.skip : describe)("terraform validate (AWS side, offline)", () => {
  let tmp: string;
  let root: string;
  let result: ValidateOutput;
  const reduced = new Map<string, TerraformJsonDocument>();
  /** Per module: the aws_* blocks of the synthesized stack that its reduced copy lacks. */
  const dropped = new Map<string, string[]>();
  /** The stacks' import blocks, in the root module, aimed into each stack's module. */
  const hoisted: { to: string; id: string }[] = [];
  const importCounts = new Map<string, number>();

  beforeAll(async () => {
    const { root: mirrorRoot, version } = mirror as ProviderMirror & { ok: true };
    tmp = mkdtempSync(join(tmpdir(), "irsa-gen-validate-"));
    root = join(tmp, "root");
    mkdirSync(root);

    // The mirror only: no registry, no network.
    const cliConfig = join(tmp, "cli.tfrc");
    writeFileSync(cliConfig, mirrorCliConfig(mirrorRoot));
    const env = terraformEnv({ TF_CLI_CONFIG_FILE: cliConfig });

    // init needs only the provider, so it runs while the stacks are
    // synthesized; it reads the root folder's own files, and the root
    // module's only file until then is this one.
    const providers = { terraform: { required_providers: { aws: { source: "hashicorp/aws", version } } } };
    writeFileSync(join(root, "providers.tf.json"), `${JSON.stringify(providers, null, 2)}\n`);
    const initializing = runTerraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: root, env });

    // Synthesize every example, reduce each stack, write it as a module.
    const modules: Record<string, { source: string }> = {};
    try {
      for (const [i, file] of exampleConfigs().entries()) {
        if (STACKS.some((s) => s.file === file && s.stack === DOES_NOT_LOAD)) continue;
        const stacks = await synthesizeExample(file, join(tmp, "synth", String(i)), false);
        for (const stack of stacks) {
          const name = moduleName(file, stack.name);
          const original = JSON.parse(readFileSync(stack.file, "utf8")) as TerraformJsonDocument;
          const { json, removed } = reduceToAws(original, { awsVersion: version });
          for (const block of (json.import ?? []) as { to: string; id: string }[]) hoisted.push({ ...block, to: `module.${name}.${block.to}` });
          importCounts.set(name, (json.import ?? []).length);
          delete json.import;
          reduced.set(name, json);
          const kept = new Set(awsAddresses(json));
          // Only a token data source that nothing but the Kubernetes provider read may go.
          dropped.set(
            name,
            awsAddresses(original).filter((a) => !kept.has(a) && !(a.startsWith("data.aws_eks_cluster_auth.") && removed.includes(a))),
          );
          const newer = removed.filter((r) => Object.keys(NEWER_ARGUMENTS).some((type) => r.startsWith(`${type}.`)));
          if (newer.length > 0) process.stderr.write(`terraform validate (aws ${version}): not checked, newer than the mirror: ${newer.join(", ")}\n`);
          mkdirSync(join(root, name));
          writeFileSync(join(root, name, "cdk.tf.json"), `${JSON.stringify(json, null, 2)}\n`);
          modules[name] = { source: `./${name}` };
        }
      }
    } finally {
      // Never leave terraform running into the temporary folder's removal.
      await initializing.catch(() => undefined);
    }

    const init = await initializing;
    if (init.code !== 0) throw new Error(`terraform init failed (exit ${init.code}):\n${init.stdout}\n${init.stderr}`);
    // The stacks join the root module now; `terraform get` records the
    // local modules (~0.05 s) as init would have.
    writeFileSync(join(root, "main.tf.json"), `${JSON.stringify({ module: modules, ...(hoisted.length > 0 ? { import: hoisted } : {}) }, null, 2)}\n`);
    const get = await runTerraform(["get", "-no-color"], { cwd: root, env });
    if (get.code !== 0) throw new Error(`terraform get failed (exit ${get.code}):\n${get.stdout}\n${get.stderr}`);
    const validate = await runTerraform(["validate", "-json", "-no-color"], { cwd: root, env });
    try {
      result = JSON.parse(validate.stdout) as ValidateOutput;
    } catch {
      throw new Error(`terraform validate printed no JSON (exit ${validate.code}):\n${validate.stdout}\n${validate.stderr}`);
    }
    for (const d of result.diagnostics.filter((d) => d.severity === "warning")) console.warn(`terraform validate: ${formatDiagnostic(d)}`);
  }, 180_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** The diagnostics of one module's files, or of no file at all. */
  const errorsOf = (module: string | undefined): string[] =>
    result.diagnostics
      .filter((d: Diagnostic) => d.severity === "error")
      .filter((d) => (module === undefined ? !d.range : d.range?.filename.startsWith(`${module}/`)))
      .map(formatDiagnostic);

  it.each(STACKS)("accepts $file, stack $stack", ({ file, module }) => {
    // GIVEN the example's stack, synthesized and reduced to its AWS side (beforeAll)
    // THEN it loaded, the reduction kept its AWS blocks, and Terraform reports no error in it
    expect(() => loadExample(file)).not.toThrow();
    expect(reduced.has(module)).toBe(true);
    expect(dropped.get(module)).toEqual([]);
    expect(errorsOf(module)).toEqual([]);
  });

  it("validates the import blocks of the examples, each aimed at its own stack", () => {
    // GIVEN the examples that adopt what exists / THEN their import blocks reached the root, and Terraform found each target
    expect(hoisted.length).toBeGreaterThanOrEqual(5);
    expect(hoisted.map((i) => i.to)).toContain("module.existing-clusters__legacy-us.aws_iam_openid_connect_provider.cluster");
    expect([...importCounts.values()].reduce((a, b) => a + b, 0)).toBe(hoisted.length);
  });

  it("keeps one module per stack free of root-only constructs", () => {
    // GIVEN the reduced stacks / THEN none needs to be a root module to validate as it would there
    for (const [name, json] of reduced) {
      expect({ name, imports: json.import ?? [] }).toEqual({ name, imports: [] });
      const required = Object.entries(json.variable ?? {}).filter(([, v]) => (v as { default?: unknown }).default === undefined);
      expect({ name, required: required.map(([k]) => k) }).toEqual({ name, required: [] });
    }
  });

  it("finds the whole configuration valid", () => {
    // GIVEN every reduced stack / WHEN validated together / THEN Terraform says valid
    expect(errorsOf(undefined)).toEqual([]);
    expect({ valid: result.valid, errors: result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic) }).toEqual({
      valid: true,
      errors: [],
    });
  });
});
