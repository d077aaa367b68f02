/**
 * Names that are properties of Object.prototype (`toString`, `constructor`,
 * `hasOwnProperty`, ...) are names like any other: every one that is a
 * valid EKS cluster name, namespace, service account, Terraform name, tag,
 * label or annotation key goes through every command (validate, synth in
 * JSON and HCL, a second synth over the first's output, report, from-eksctl)
 * and comes out as written, never as "internal error" or a lost block.
 */
import fc from "fast-check";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../lib/cli/cli";
import * as rules from "../lib/model/rules";
import { tempDir } from "./support/files";

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const clusterNames = PROTOTYPE_NAMES.filter((n) => rules.CLUSTER_NAME.test(n));
/** `__proto__` among them: it is refused, with a message, as a Terraform name. */
const terraformNames = PROTOTYPE_NAMES.filter((n) => rules.TERRAFORM_NAME.test(n));
/** Only `constructor` is a DNS-1123 label. */
const kubernetesNames = PROTOTYPE_NAMES.filter((n) => rules.DNS_1123_LABEL.test(n));
const keyNames = PROTOTYPE_NAMES.filter((n) => n !== "__proto__" && rules.isQualifiedKey(n));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

interface WorkloadSpec {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly terraformName?: string;
  readonly createNamespace: boolean;
  readonly key: string;
}
interface ClusterSpec {
  readonly name: string;
  readonly tag: string;
  readonly workloads: readonly WorkloadSpec[];
}

const workloadSpec: fc.Arbitrary<WorkloadSpec> = fc.record({
  namespace: fc.constantFrom(...kubernetesNames, "payments"),
  serviceAccount: fc.constantFrom(...kubernetesNames, "api"),
  terraformName: fc.option(fc.constantFrom(...terraformNames), { nil: undefined }),
  createNamespace: fc.boolean(),
  key: fc.constantFrom(...keyNames),
});
const clusterSpec: fc.Arbitrary<ClusterSpec> = fc.record({
  name: fc.constantFrom(...clusterNames),
  tag: fc.constantFrom(...keyNames),
  // Each terraformName once in a cluster (a second one is a collision, refused as such).
  workloads: fc
    .uniqueArray(workloadSpec, { minLength: 1, maxLength: 3, selector: (w) => `${w.namespace}/${w.serviceAccount}` })
    .map((ws) => ws.map((w, i) => (ws.slice(0, i).some((o) => o.terraformName === w.terraformName) ? { ...w, terraformName: undefined } : w))),
});
const fleetSpec = fc.uniqueArray(clusterSpec, { minLength: 1, maxLength: 2, selector: (c) => c.name.toLowerCase() });

function yamlOf(fleet: readonly ClusterSpec[], createNamespaces = true): string {
  const lines = ["clusters:"];
  for (const c of fleet) {
    lines.push(`  - name: ${c.name}`, "    region: eu-west-1", `    tags: { ${c.tag}: ${c.tag} }`, "    workloads:");
    for (const w of c.workloads) {
      lines.push(
        `      - namespace: ${w.namespace}`,
        `        serviceAccount: ${w.serviceAccount}`,
        ...(w.terraformName !== undefined ? [`        terraformName: "${w.terraformName}"`] : []),
        `        createNamespace: ${createNamespaces && w.createNamespace}`,
        `        tags: { ${w.key}: ${w.key} }`,
        `        serviceAccountLabels: { ${w.key}: v }`,
        `        serviceAccountAnnotations: { ${w.key}: v }`,
        "        policyStatements:",
        `          - actions: ["${w.key.toLowerCase()}:Get*"]`,
        '            resources: ["*"]',
        `            conditions: [{ test: StringEquals, variable: ${w.key}, values: [x] }]`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** What a command did: its exit code and what it printed. */
async function command(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; text: string }> {
  const { io, out, err } = capture();
  const code = await run(argv, env, io);
  return { code, text: [...out, ...err].join("\n") };
}

describe("names of Object.prototype's properties, through every command", () => {
  it("validates, synthesizes (twice, and in HCL) and reports them as written", async () => {
    await fc.assert(
      fc.asyncProperty(fleetSpec, async (fleet) => {
        // GIVEN a fleet named with Object.prototype's properties
        const dir = tempDir();
        const file = join(dir, "irsa.yaml");
        writeFileSync(file, yamlOf(fleet));
        const env = { IRSA_CONFIG: file, CDKTF_OUTDIR: join(dir, "out") };
        const refused = fleet.some((c) => c.workloads.some((w) => w.terraformName === "__proto__"));

        // WHEN it is validated / THEN it is valid, or (a block labelled __proto__) refused with a message, never an internal error
        const validated = await command(["validate"], env);
        expect({ code: validated.code, text: validated.text }).toEqual({ code: refused ? 1 : 0, text: expect.not.stringContaining("internal error") });
        if (refused) {
          expect(validated.text).toContain("cannot be a Terraform name here");
          return;
        }

        // WHEN it is synthesized / THEN every stack, role and namespace is there
        const synthesized = await command(["synth"], env);
        expect({ code: synthesized.code, text: synthesized.text }).toEqual({ code: 0, text: expect.any(String) });
        const stacks = fleet.map((c) => JSON.parse(readFileSync(join(dir, "out", "stacks", c.name, "cdk.tf.json"), "utf8")));
        fleet.forEach((c, i) => {
          expect(Object.keys(stacks[i].resource.aws_iam_role)).toHaveLength(c.workloads.length);
          const created = [...new Set(c.workloads.filter((w) => w.createNamespace).map((w) => w.namespace))].sort();
          expect(Object.keys(stacks[i].resource.kubernetes_namespace_v1 ?? {}).sort()).toEqual(created);
          expect(stacks[i].provider.aws[0].default_tags[0].tags[c.tag]).toBe(c.tag);
        });

        // WHEN it is synthesized again over that output, creating no namespace
        // THEN each namespace it created before is let go of (removed, destroy = false), never kept by a prototype's property
        writeFileSync(file, yamlOf(fleet, false));
        expect((await command(["synth"], env)).code).toBe(0);
        fleet.forEach((c) => {
          const again = JSON.parse(readFileSync(join(dir, "out", "stacks", c.name, "cdk.tf.json"), "utf8"));
          const released = [...new Set(c.workloads.filter((w) => w.createNamespace).map((w) => `kubernetes_namespace_v1.${w.namespace}`))].sort();
          expect((again.removed ?? []).map((r: { from: string }) => r.from).filter((a: string) => a.startsWith("kubernetes_namespace_v1.")).sort()).toEqual(released);
        });

        // WHEN it is synthesized in HCL, and reported / THEN both succeed and name every cluster
        expect((await command(["synth", "--hcl"], { ...env, CDKTF_OUTDIR: join(dir, "hcl") })).code).toBe(0);
        for (const c of fleet) expect(existsSync(join(dir, "hcl", "stacks", c.name, "cdk.tf"))).toBe(true);
        const report = join(dir, "report.md");
        expect((await command(["report", "--out", report], env)).code).toBe(0);
        for (const c of fleet) expect(readFileSync(report, "utf8")).toContain(c.name);
      }),
      { numRuns: 10 },
    );
  });

  it.each(clusterNames)("converts an eksctl ClusterConfig of cluster %s, with a service account constructor/constructor", async (name) => {
    // GIVEN an eksctl ClusterConfig named with a property of Object.prototype
    const dir = tempDir();
    const input = join(dir, "cluster.yaml");
    writeFileSync(
      input,
      [
        "apiVersion: eksctl.io/v1alpha5",
        "kind: ClusterConfig",
        `metadata: { name: ${name}, region: eu-west-1, tags: { ${name}: x } }`,
        "iam:",
        "  withOIDC: true",
        `  ${name}: x`,
        "  serviceAccounts:",
        "  - metadata: { name: constructor, namespace: constructor, labels: { constructor: x } }",
        `    roleName: ${name}-role`,
        '    attachPolicyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]',
        "",
      ].join("\n"),
    );
    // WHEN converted / THEN it succeeds, and what it writes validates with the names as written
    const out = join(dir, "irsa.yaml");
    const converted = await command(["from-eksctl", input, "--out", out], {});
    expect({ code: converted.code, internal: converted.text.includes("internal error") }).toEqual({ code: 0, internal: false });
    // AND the report says nothing of a prototype's functions (an unknown iam key is just unknown)
    expect(converted.text).not.toContain("[native code]");
    expect(converted.text).not.toMatch(/not converted: function/);
    const validated = await command(["validate"], { IRSA_CONFIG: out });
    expect(validated.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(`name: ${name}`);
  });
});
