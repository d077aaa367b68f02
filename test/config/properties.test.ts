import { Testing } from "cdktf";
import fc from "fast-check";
import { ClusterStack } from "../../lib/cluster-stack";
import type { IrsaConfig } from "../../lib/config/model";
import { validateConfig } from "../../lib/config/validate";
import { validRaw } from "../support/arbitraries";
import { tempDir } from "../support/files";

/** Property-based checks: random valid configs, and random damage to them. */

interface TrustStatement {
  condition: { test: string; variable: string; values: string[] }[];
}

/** Synthesizes every cluster and checks each trust policy keeps sub and aud. */
function checkTrustPolicies(config: IrsaConfig): void {
  for (const c of config.clusters) {
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    const tf = JSON.parse(Testing.synth(new ClusterStack(app, { cluster: c })));
    const documents = tf.data?.aws_iam_policy_document ?? {};
    for (const w of c.workloads) {
      const statements: TrustStatement[] = documents[`${w.id}_trust`].statement;
      expect(statements).toHaveLength(1);
      const conditions = statements[0].condition;
      expect(conditions.filter((x) => x.variable.endsWith(":sub"))).toEqual([
        expect.objectContaining({ test: "StringEquals", values: [`system:serviceaccount:${w.namespace}:${w.serviceAccount}`] }),
      ]);
      expect(conditions.filter((x) => x.variable.endsWith(":aud"))).toEqual([
        expect.objectContaining({ test: "StringEquals", values: ["sts.amazonaws.com"] }),
      ]);
    }
  }
}

/** Every path to a value in the raw config. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: "delete" } | { kind: "set"; value: unknown } | { kind: "add"; key: string; value: unknown };

function mutate(raw: unknown, path: (string | number)[], mutation: Mutation): unknown {
  const copy = structuredClone(raw) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (mutation.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (mutation.kind === "set") {
    parent[last] = mutation.value;
  } else {
    const target = parent[last];
    if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, unknown>)[mutation.key] = mutation.value;
  }
  return copy;
}

const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("*", "Payments", "arn:aws:iam::aws:policy/x", "${x}", "", " ", "a/b", "team-*"),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "delete" }),
  junk.map<Mutation>((value) => ({ kind: "set", value })),
  fc.tuple(fc.constantFrom("namespace", "serviceAccount", "roleName", "rolePath", "typo", "protect", "actions"), junk).map<Mutation>(([key, value]) => ({ kind: "add", key, value })),
);

describe("config properties", () => {
  it("accepts and synthesizes every random valid config, and every trust policy keeps sub and aud", () => {
    fc.assert(
      fc.property(validRaw, (raw) => {
        // GIVEN a random valid config / WHEN validated
        const result = validateConfig("p.yaml", raw);
        // THEN it has no errors, and synthesizes with both trust conditions everywhere
        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
        checkTrustPolicies(result.config!);
      }),
      { numRuns: 25 },
    );
  });

  it("either synthesizes a damaged config or refuses it with problems, never crashes", () => {
    fc.assert(
      fc.property(
        validRaw.chain((raw) => fc.tuple(fc.constant(raw), fc.constantFrom(...paths(raw)), mutation)),
        ([raw, path, change]) => {
          // GIVEN a valid config with one random change
          const damaged = mutate(raw, path, change);
          // WHEN validated (this must not throw)
          const result = validateConfig("p.yaml", damaged);
          // THEN it is either refused with at least one error, or fully usable
          if (result.config) checkTrustPolicies(result.config);
          else expect(result.problems.some((p) => p.severity === "error")).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
