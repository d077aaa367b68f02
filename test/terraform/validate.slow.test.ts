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
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  awsAddresses,
  formatDiagnostic,
  loadExample,
  moduleName,
  NEWER_ARGUMENTS,
  offlineRoot,
  offlineTerraform,
  reduceToAws,
  synthesizeExample,
  type Diagnostic,
  type TerraformJsonDocument,
  type ValidateOutput,
} from "../support/terraform";
import { Testing } from "cdktf";
import fc from "fast-check";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import type { ClusterConfig } from "../../lib/model/model";
import { validateConfig } from "../../lib/config/validate";
import { validRaw } from "../support/arbitraries";
import { exampleConfigs } from "../support/files";

const { skipReason, mirror } = offlineTerraform("terraform validate");

interface StackCase {
  readonly file: string;
  readonly stack: string;
  readonly module: string;
}

const DOES_NOT_LOAD = "(config does not load)";

/** The part of `terraform providers schema -json` read here. */
interface ProviderSchemas {
  readonly provider_schemas: Record<string, { readonly resource_schemas: Record<string, { readonly block: { readonly attributes?: object; readonly block_types?: object } }> }>;
}

/** A stack's `terraform` block, as far as the aws requirement. */
interface AwsRequirement {
  readonly required_providers?: { readonly aws?: { readonly version?: string } };
}

/**
 * The stacks of random valid configs (test/support/arbitraries.ts: every
 * feature of the config), from a fixed seed so that a failure can be
 * reproduced; module names `random<n>__<cluster>`.
 */
const RANDOM_CONFIGS = 8;
function randomStacks(): { module: string; cluster: ClusterConfig }[] {
  return fc.sample(validRaw, { numRuns: RANDOM_CONFIGS, seed: 2026 }).flatMap((raw, i) => {
    const result = validateConfig(`random${i}.yaml`, raw);
    if (!result.config) throw new Error(`random config ${i} is refused: ${JSON.stringify(result.problems)}`);
    return result.config.clusters.map((cluster) => ({ module: moduleName(`random${i}.yaml`, cluster.name), cluster }));
  });
}
const isRandom = (module: string) => /^random\d+__/.test(module);

const sortByTarget = (imports: readonly { to: string; id: string }[]) => [...imports].sort((a, b) => a.to.localeCompare(b.to));

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
  /** Per module: the synthesized stack, before reduction. */
  const originals = new Map<string, TerraformJsonDocument>();
  /** Per module: the arguments the reduction removed because the mirror's provider is older than they are. */
  const notChecked = new Map<string, string[]>();
  /** The mirror's provider version, and its schema: the arguments of each resource type it knows. */
  let awsVersion: string;
  let mirrorArguments: Map<string, Set<string>>;

  beforeAll(async () => {
    const { version } = mirror!;
    awsVersion = version;
    // The mirror only: no registry, no network. init needs only the
    // provider, so it runs while the stacks are synthesized.
    const terraform = offlineRoot("irsa-gen-validate-", mirror!);
    ({ tmp, root } = terraform);
    const initializing = terraform.init();

    // Synthesize every example (and the random configs), reduce each stack, write it as a module.
    const modules: Record<string, { source: string }> = {};
    const addModule = (name: string, original: TerraformJsonDocument) => {
      const { json, removed } = reduceToAws(original, { awsVersion: version });
      for (const block of (json.import ?? []) as { to: string; id: string }[]) hoisted.push({ ...block, to: `module.${name}.${block.to}` });
      delete json.import;
      originals.set(name, original);
      reduced.set(name, json);
      const kept = new Set(awsAddresses(json));
      // Only a token data source that nothing but the Kubernetes provider read may go.
      dropped.set(
        name,
        awsAddresses(original).filter((a) => !kept.has(a) && !(a.startsWith("data.aws_eks_cluster_auth.") && removed.includes(a))),
      );
      notChecked.set(
        name,
        removed.filter((r) => Object.keys(NEWER_ARGUMENTS).some((type) => r.startsWith(`${type}.`))),
      );
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, "cdk.tf.json"), `${JSON.stringify(json, null, 2)}\n`);
      modules[name] = { source: `./${name}` };
    };
    try {
      for (const [i, file] of exampleConfigs().entries()) {
        if (STACKS.some((s) => s.file === file && s.stack === DOES_NOT_LOAD)) continue;
        const stacks = await synthesizeExample(file, join(tmp, "synth", String(i)), false);
        for (const stack of stacks) addModule(moduleName(file, stack.name), JSON.parse(readFileSync(stack.file, "utf8")) as TerraformJsonDocument);
      }
      for (const { module, cluster } of randomStacks()) {
        const app = Testing.app({ stackTraces: false, outdir: join(tmp, "random") });
        addModule(module, JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))) as TerraformJsonDocument);
      }
    } finally {
      // Never leave terraform running into the temporary folder's removal.
      await initializing.catch(() => undefined);
    }

    await initializing;
    // The stacks join the root module now.
    await terraform.join({ module: modules, ...(hoisted.length > 0 ? { import: hoisted } : {}) });
    const validate = await terraform.run(["validate", "-json", "-no-color"]);
    try {
      result = JSON.parse(validate.stdout) as ValidateOutput;
    } catch {
      throw new Error(`terraform validate printed no JSON (exit ${validate.code}):\n${validate.stdout}\n${validate.stderr}`);
    }
    for (const d of result.diagnostics.filter((d) => d.severity === "warning")) console.warn(`terraform validate: ${formatDiagnostic(d)}`);

    // The mirror's own schema, to hold NEWER_ARGUMENTS to what that provider lacks.
    const schema = await terraform.run(["providers", "schema", "-json"]);
    if (schema.code !== 0) throw new Error(`terraform providers schema failed (exit ${schema.code}):\n${schema.stderr}`);
    const schemas = JSON.parse(schema.stdout) as ProviderSchemas;
    const aws = Object.entries(schemas.provider_schemas).find(([source]) => source.endsWith("/hashicorp/aws"))?.[1];
    if (!aws) throw new Error(`terraform providers schema has no hashicorp/aws: ${Object.keys(schemas.provider_schemas).join(", ")}`);
    mirrorArguments = new Map(
      Object.entries(aws.resource_schemas).map(([type, { block }]) => [type, new Set([...Object.keys(block.attributes ?? {}), ...Object.keys(block.block_types ?? {})])]),
    );

    // Said on every run, not only when something is missing: what validated what, and what it could not check.
    const lines = [...reduced.keys()].map((name) => {
      const required = (originals.get(name)?.terraform as AwsRequirement | undefined)?.required_providers?.aws?.version;
      const missing = notChecked.get(name) ?? [];
      return `  ${name}: requires hashicorp/aws ${required}, validated with ${version}${missing.length > 0 ? `; not checked (newer than ${version}): ${missing.join(", ")}` : ""}`;
    });
    process.stderr.write(`terraform validate: hashicorp/aws ${version} from the mirror at ${mirror!.root} validated:\n${lines.join("\n")}\n`);
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

  it("accepts the AWS side of every stack of random valid configs, every feature of the config among them", () => {
    // GIVEN the stacks of the random configs (beforeAll), all of them reduced and validated
    const modules = [...reduced.keys()].filter(isRandom);
    expect(modules.length).toBeGreaterThanOrEqual(RANDOM_CONFIGS);
    // THEN the reduction kept their AWS blocks, and Terraform reports no error in any
    for (const module of modules) expect({ module, dropped: dropped.get(module), errors: errorsOf(module) }).toEqual({ module, dropped: [], errors: [] });
  });

  it("validates the import blocks of the examples, each aimed at its own stack", () => {
    // GIVEN the examples that adopt what exists (examples/existing-clusters.yaml, examples/pod-identity.yaml, examples/addons.yaml)
    // THEN every one of their import blocks, and no other, reached the root module aimed into its own stack, and Terraform found each target
    const fromExamples = hoisted.filter((i) => !isRandom(i.to.split(".")[1]));
    expect(fromExamples.map((i) => i.to).sort()).toEqual([
      "module.addons__platform-eu.aws_eks_addon.vpc_cni",
      "module.existing-clusters__legacy-ap.aws_iam_openid_connect_provider.cluster",
      "module.existing-clusters__legacy-eu.aws_iam_role.kube_system_cluster_autoscaler",
      "module.existing-clusters__legacy-eu.aws_iam_role_policy.kube_system_cluster_autoscaler",
      "module.existing-clusters__legacy-eu.aws_iam_role_policy_attachment.kube_system_cluster_autoscaler_legacy_eu_autoscaler_extra",
      "module.existing-clusters__legacy-us.aws_iam_openid_connect_provider.cluster",
      "module.existing-clusters__legacy-us.aws_iam_role.reports_exporter",
      "module.existing-clusters__legacy-us.aws_iam_role_policy_attachment.reports_exporter_amazon_s3_read_only_access",
      "module.pod-identity__apps-eu.aws_eks_pod_identity_association.ops_backup",
      "module.pod-identity__apps-eu.aws_iam_role.ops_backup",
      "module.pod-identity__apps-eu.aws_iam_role_policy_attachment.ops_backup_awsbackup_service_role_policy_for_s3_backup",
    ]);
    // AND each with the id its synthesized stack gives it; only the Kubernetes side's imports stayed behind with their blocks
    const ids = [...originals]
      .filter(([name]) => !isRandom(name))
      .flatMap(([name, json]) => ((json.import ?? []) as { to: string; id: string }[]).map((i) => ({ to: `module.${name}.${i.to}`, id: i.id })));
    expect(sortByTarget(fromExamples)).toEqual(sortByTarget(ids.filter((i) => i.to.split(".")[2].startsWith("aws_"))));
    expect(ids.filter((i) => !i.to.split(".")[2].startsWith("aws_"))).toEqual([
      { to: "module.existing-clusters__legacy-us.kubernetes_service_account_v1.reports_exporter", id: "reports/exporter" },
    ]);
  });

  it("keeps one module per stack free of root-only constructs", () => {
    // GIVEN each stack's module as written to disk for Terraform
    for (const name of reduced.keys()) {
      const written = JSON.parse(readFileSync(join(root, name, "cdk.tf.json"), "utf8")) as TerraformJsonDocument;
      // THEN none needs to be a root module to validate as it would there: no import block, no variable without a default
      expect({ name, imports: written.import ?? [] }).toEqual({ name, imports: [] });
      const required = Object.entries(written.variable ?? {}).filter(([, v]) => (v as { default?: unknown }).default === undefined);
      expect({ name, required: required.map(([k]) => k) }).toEqual({ name, required: [] });
    }
  });

  it("says which provider version validated each stack, and which arguments it could not check", () => {
    // GIVEN the stacks, which require hashicorp/aws ~> 6.25, and the mirror's provider (5.100.0 on these machines)
    const before6 = Number(awsVersion.split(".")[0]) < 6;
    // THEN each stack was validated with the mirror's version, and what that version lacks is named, stack by stack
    const NOT_CHECKED_BEFORE_6: Record<string, string[]> = {
      "pod-identity__apps-eu": ["aws_eks_pod_identity_association.analytics_reader.target_role_arn", "aws_eks_pod_identity_association.batch_legacy_sdk.disable_session_tags"],
    };
    for (const name of [...reduced.keys()].filter((n) => !isRandom(n))) {
      const original = originals.get(name)?.terraform as AwsRequirement | undefined;
      const validated = reduced.get(name)?.terraform as AwsRequirement | undefined;
      expect({ name, requires: original?.required_providers?.aws?.version, validatedWith: validated?.required_providers?.aws?.version, notChecked: notChecked.get(name) }).toEqual({
        name,
        // examples/existing-clusters.yaml pins its own constraint for legacy-us
        requires: name === "existing-clusters__legacy-us" ? ">= 6.25, < 7.0" : "~> 6.25",
        validatedWith: awsVersion,
        notChecked: before6 ? NOT_CHECKED_BEFORE_6[name] ?? [] : [],
      });
    }
  });

  it("removes from the stacks no argument but those listed in NEWER_ARGUMENTS, each one said", () => {
    // GIVEN each stack as synthesized and as validated
    for (const [name, json] of reduced) {
      const original = originals.get(name)!;
      // WHEN their AWS resources are compared argument by argument
      const removedArguments: string[] = [];
      for (const [type, blocks] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
        for (const [label, body] of Object.entries(blocks)) {
          const before = original.resource?.[type]?.[label] as Record<string, unknown> | undefined;
          for (const argument of Object.keys(before ?? {})) if (!(argument in body)) removedArguments.push(`${type}.${label}.${argument}`);
        }
      }
      // THEN every argument that went is in the one reviewed list, and is among those the test says it could not check
      const unlisted = removedArguments.filter((a) => {
        const [type, , argument] = a.split(".");
        return !(NEWER_ARGUMENTS[type] ?? []).some((n) => n.argument === argument);
      });
      expect({ name, unlisted, unsaid: removedArguments.filter((a) => !(notChecked.get(name) ?? []).includes(a)) }).toEqual({ name, unlisted: [], unsaid: [] });
    }
  });

  it("lists in NEWER_ARGUMENTS exactly the arguments the stacks use that the mirror's provider lacks", () => {
    // GIVEN the mirror's own schema (terraform providers schema)
    // THEN each listed argument is missing from it when the mirror is older than the version that added it, and present otherwise
    for (const [type, newer] of Object.entries(NEWER_ARGUMENTS)) {
      for (const { argument, since } of newer) {
        const before = awsVersion.localeCompare(since, undefined, { numeric: true }) < 0;
        expect({ type, argument, since, mirrorHasIt: mirrorArguments.get(type)?.has(argument) }).toEqual({ type, argument, since, mirrorHasIt: !before });
      }
    }
    // AND every argument the synthesized stacks give an AWS resource is in the mirror's schema or in the list
    const META = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each"]);
    const unknown = new Set<string>();
    for (const original of originals.values()) {
      for (const [type, blocks] of Object.entries<Record<string, Record<string, unknown>>>(original.resource ?? {})) {
        if (!type.startsWith("aws_")) continue;
        for (const body of Object.values(blocks)) {
          for (const argument of Object.keys(body)) {
            if (META.has(argument) || mirrorArguments.get(type)?.has(argument)) continue;
            if ((NEWER_ARGUMENTS[type] ?? []).some((n) => n.argument === argument)) continue;
            unknown.add(`${type}.${argument}`);
          }
        }
      }
    }
    expect([...unknown]).toEqual([]);
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
