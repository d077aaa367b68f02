/**
 * The ordering law as Terraform itself sees it: `terraform graph` of the AWS
 * side of every example stack (reduced as for `terraform validate`) must
 * order every block after what it acts on (test/support/ordering.ts). The
 * JSON-level check in test/ordering.test.ts covers random configs; this one
 * holds that the references it reads are the edges Terraform builds.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exampleConfigs } from "../support/files";
import { missingEdges, requiredEdges } from "../support/ordering";
import { moduleName, offlineRoot, offlineTerraform, reduceToAws, synthesizeExample, type TerraformJsonDocument } from "../support/terraform";

const { skipReason, mirror } = offlineTerraform("terraform graph");

/** `"[root] module.m.aws_iam_role.x (expand)" -> "[root] module.m.data.y.z (expand)"` as edges per module. */
export function graphEdges(dot: string): Map<string, Map<string, Set<string>>> {
  const byModule = new Map<string, Map<string, Set<string>>>();
  const node = (text: string): [string, string] | undefined => {
    const m = /^\[root\] module\.([^.]+)\.(.+?)(?: \((?:expand|close)\))?$/.exec(text);
    return m ? [m[1], m[2]] : undefined;
  };
  for (const m of dot.matchAll(/"([^"]+)"\s*->\s*"([^"]+)"/g)) {
    const from = node(m[1]);
    const to = node(m[2]);
    if (!from || !to || from[0] !== to[0]) continue;
    const edges = byModule.get(from[0]) ?? new Map<string, Set<string>>();
    byModule.set(from[0], edges);
    if (!edges.has(from[1])) edges.set(from[1], new Set());
    edges.get(from[1])!.add(to[1]);
  }
  return byModule;
}

(skipReason ? describe.skip : describe)("terraform graph (AWS side, offline)", () => {
  let tmp: string;
  const reduced = new Map<string, TerraformJsonDocument>();
  let graph: Map<string, Map<string, Set<string>>>;

  beforeAll(async () => {
    const { version } = mirror!;
    const terraform = offlineRoot("irsa-gen-graph-", mirror!);
    ({ tmp } = terraform);
    const { root } = terraform;
    const initializing = terraform.init();
    const modules: Record<string, { source: string }> = {};
    for (const [i, file] of exampleConfigs().entries()) {
      for (const stack of await synthesizeExample(file, join(tmp, "synth", String(i)), false)) {
        const name = moduleName(file, stack.name);
        const { json } = reduceToAws(JSON.parse(readFileSync(stack.file, "utf8")), { awsVersion: version });
        delete json.import;
        reduced.set(name, json);
        mkdirSync(join(root, name));
        writeFileSync(join(root, name, "cdk.tf.json"), `${JSON.stringify(json, null, 2)}\n`);
        modules[name] = { source: `./${name}` };
      }
    }
    await initializing;
    await terraform.join({ module: modules });
    const dot = await terraform.run(["graph", "-type=plan", "-no-color"]);
    if (dot.code !== 0) throw new Error(`terraform graph failed (exit ${dot.code}):\n${dot.stdout}\n${dot.stderr}`);
    graph = graphEdges(dot.stdout);
  }, 180_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("orders every block of every example stack after what it acts on", () => {
    // GIVEN every example stack's AWS side / WHEN Terraform builds its graph
    expect(reduced.size).toBeGreaterThanOrEqual(6);
    let checked = 0;
    for (const [name, stack] of reduced) {
      // THEN each required edge is a path in Terraform's own graph
      checked += requiredEdges(stack).edges.length;
      expect({ name, missing: missingEdges(stack, graph.get(name) ?? new Map()) }).toEqual({ name, missing: [] });
    }
    // The drift locks of the examples are among what was checked.
    expect(checked).toBeGreaterThanOrEqual(20);
    expect([...reduced.values()].some((s) => Object.keys(s.resource?.aws_iam_role_policies_exclusive ?? {}).length > 0)).toBe(true);
  });
});
