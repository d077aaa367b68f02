import { format } from "@cdktf/hcl-tools";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { DefaultTokenResolver, StringConcat, TerraformElement, Testing, Tokenization, TerraformStack } from "cdktf";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import { RenderedClusterStack } from "../../lib/synthesis/rendered-stack";
import { NESTED_BLOCKS, renderHcl } from "../../lib/synthesis/hcl";
import { hclMetadata } from "../../lib/synthesis/hcl-metadata";
import { escapeLiteral, stringExpression } from "../../lib/synthesis/hcl-strings";
import { asWritten, type JsonObject } from "../../lib/synthesis/terraform-json";
import stableStringify from "json-stable-stringify";
import fc from "fast-check";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateConfig } from "../../lib/config/validate";
import { exampleConfigs, tempDir } from "../support/files";
import { validRaw } from "../support/arbitraries";
import { canonical } from "../support/hcl";
import { findTerraform, loadExample, reportSkip, runTerraform } from "../support/terraform";

const HEADER = { configFile: "irsa.yaml", stack: "prod" };

/** Renders one output value, parses the HCL back with HashiCorp's parser, and returns what Terraform reads. */
async function roundTrip(value: string): Promise<unknown> {
  const hcl = renderHcl({ output: { x: { value } } }, HEADER);
  const parsed = (await parseHcl("x.tf", hcl)) as { output: { x: { value: unknown }[] } };
  return parsed.output.x[0].value;
}

describe("stringExpression", () => {
  it.each([
    ["${aws_iam_role.x.arn}", "aws_iam_role.x.arn"],
    ['${replace(x, "https://", "")}', 'replace(x, "https://", "")'],
    ["${x}:sub", '"${x}:sub"'],
    ["pre-${x}", '"pre-${x}"'],
    ["${x}${y}", '"${x}${y}"'],
    ["$${x}", '"$${x}"'],
    ["%{if x}y%{endif}", '"%{if x}y%{endif}"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["two\nlines\r\n", '"two\\nlines\\r\\n"'],
    ["tab\there", '"tab\\there"'],
    ["bell\u0007", '"bell\\u0007"'],
    ["42", '"42"'],
  ])("%j → %s", (input, expected) => {
    expect(stringExpression(input)).toBe(expected);
  });

  it("refuses an unclosed template sequence instead of guessing", () => {
    expect(() => stringExpression("${x")).toThrow(/unclosed template sequence/);
  });
});

describe("HCL strings read back exactly as written", () => {
  // Each of these was mis-rendered by cdktf 0.21's own HCL renderer.
  it.each([
    ["a heredoc terminator on its own line", 'first\nEOF\nresource "aws_iam_role_policy_attachment" "x" {\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n'],
    ["a JSON unicode escape", "role/\\u002a"],
    ["an unknown escape", "a\\p"],
    ["a trailing newline", "text\n"],
    ["CR LF line ends", "one\r\ntwo\r\n"],
    ["a lone CR", "one\rtwo"],
    ["an expression-looking output", '"x" == "x" ? file("/etc/hostname") : "x"'],
    ["a number-looking output", "42"],
    ["a list-looking output", '["a"]'],
    ["an object-looking output", '{"a": 1}'],
    ["quotes and backslashes", '\\"\\\\"'],
    ["control characters", "\u0000\u0001\u001b[31m\u007f\u0085"],
    ["line and paragraph separators", "a\u2028b\u2029c"],
    ["a comment marker", "# not a comment */ /* // x"],
    ["braces", "}{][)("],
    ["emoji and other planes", "😀 𝔘 \u{10FFFF}"],
    ["the empty string", ""],
  ])("%s", async (_name, value) => {
    // GIVEN an arbitrary string value / WHEN rendered and parsed back / THEN it is the same string
    expect(await roundTrip(value)).toBe(value);
  });
});

describe("renderHcl", () => {
  const document: JsonObject = {
    "//": { metadata: { stackName: "prod" } },
    terraform: {
      required_providers: { aws: { source: "hashicorp/aws", version: "6.25.0" } },
      backend: { s3: { bucket: "b", key: "k", assume_role: { role_arn: "arn:aws:iam::111122223333:role/r" } } },
    },
    provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { "irsa-gen/cluster": "prod", team: "a" } }] }], tls: [{}] },
    data: {
      aws_iam_policy_document: {
        trust: {
          "//": { metadata: { path: "prod/x" } },
          statement: [{ actions: ["sts:AssumeRoleWithWebIdentity"], condition: [{ test: "StringEquals", values: ["a", "b"], variable: "k" }] }],
        },
      },
    },
    resource: {
      aws_iam_role: { r: { name: "n", max_session_duration: 3600, assume_role_policy: "${data.aws_iam_policy_document.trust.json}", lifecycle: { prevent_destroy: true }, tags: {} } },
    },
    output: { r_arn: { value: "${aws_iam_role.r.arn}", description: "d" } },
  };

  it("writes blocks, attributes and nested blocks as hand-written Terraform, in the given order", () => {
    // GIVEN a stack's JSON / WHEN rendered with an element order
    const hcl = renderHcl(document, HEADER, ["provider.aws", "provider.tls", "resource.aws_iam_role.r", "data.aws_iam_policy_document.trust", "output.r_arn"]);
    // THEN the terraform block comes first, then the blocks in that order, attributes before nested blocks
    expect(hcl).toBe(
      [
        "# Generated by irsa-gen from irsa.yaml (stack prod). Do not edit:",
        "# change the config and run `npm run synth:hcl` to regenerate.",
        "",
        "terraform {",
        "  required_providers {",
        "    aws = {",
        '      source  = "hashicorp/aws"',
        '      version = "6.25.0"',
        "    }",
        "  }",
        '  backend "s3" {',
        '    bucket = "b"',
        '    key    = "k"',
        "    assume_role = {",
        '      role_arn = "arn:aws:iam::111122223333:role/r"',
        "    }",
        "  }",
        "}",
        "",
        'provider "aws" {',
        '  region = "eu-west-1"',
        "  default_tags {",
        "    tags = {",
        '      "irsa-gen/cluster" = "prod"',
        '      team               = "a"',
        "    }",
        "  }",
        "}",
        "",
        'provider "tls" {}',
        "",
        'resource "aws_iam_role" "r" {',
        '  name                 = "n"',
        "  max_session_duration = 3600",
        "  assume_role_policy   = data.aws_iam_policy_document.trust.json",
        "  tags                 = {}",
        "  lifecycle {",
        "    prevent_destroy = true",
        "  }",
        "}",
        "",
        'data "aws_iam_policy_document" "trust" {',
        "  statement {",
        '    actions = ["sts:AssumeRoleWithWebIdentity"]',
        "    condition {",
        '      test = "StringEquals"',
        "      values = [",
        '        "a",',
        '        "b",',
        "      ]",
        '      variable = "k"',
        "    }",
        "  }",
        "}",
        "",
        'output "r_arn" {',
        "  value       = aws_iam_role.r.arn",
        '  description = "d"',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("is what HashiCorp's formatter writes, and parses to the same values", async () => {
    const hcl = renderHcl(document, HEADER);
    expect(await format(hcl)).toBe(hcl);
    const parsed = (await parseHcl("x.tf", hcl)) as Record<string, any>;
    expect(parsed.resource.aws_iam_role.r[0].name).toBe("n");
    expect(parsed.data.aws_iam_policy_document.trust[0].statement[0].condition[0].values).toEqual(["a", "b"]);
  });

  it("writes moved, import and removed blocks with bare references", async () => {
    const hcl = renderHcl(
      {
        import: [{ to: "aws_iam_role.r", id: "my-role" }],
        moved: [{ from: "aws_iam_role.old", to: "aws_iam_role.r" }],
        removed: [{ from: "aws_iam_role.gone", lifecycle: { destroy: false } }],
      },
      HEADER,
    );
    expect(hcl).toContain('import {\n  to = aws_iam_role.r\n  id = "my-role"\n}');
    expect(hcl).toContain("moved {\n  from = aws_iam_role.old\n  to   = aws_iam_role.r\n}");
    expect(hcl).toContain("removed {\n  from = aws_iam_role.gone\n  lifecycle {\n    destroy = false\n  }\n}");
    expect(await format(hcl)).toBe(hcl);
  });

  it.each([
    ["a file name with a newline", "evil\nresource \"x\" \"y\" {}\n.yaml"],
    ["a file name with a CR and a separator", "a\rb\u2028c.yaml"],
  ])("keeps the header one comment whatever the config file is called: %s", async (_name, configFile) => {
    // GIVEN a hostile config file name / WHEN it is written into the header
    const hcl = renderHcl({ output: { x: { value: "v" } } }, { configFile, stack: "s" });
    // THEN the file still holds exactly one output and nothing else
    const parsed = (await parseHcl("x.tf", hcl)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["output"]);
    expect(hcl.split("\n")[0]).toMatch(/^# Generated by irsa-gen from .* \(stack s\)\. Do not edit:$/);
  });

  it("refuses what it does not know how to render, instead of dropping it", () => {
    expect(() => renderHcl({ variable: { x: {} } }, HEADER)).toThrow(/top-level key "variable"/);
  });
});

describe("escapeLiteral", () => {
  it("leaves template sequences to the caller and escapes the rest", () => {
    expect(escapeLiteral('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe("asWritten", () => {
  it("gives the JSON as cdk.tf.json holds it: what JSON.parse makes of json-stable-stringify's text, in the same key order", () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("10", "9", "0", "a", "B", "é")), tie("node"), { maxKeys: 5 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value, { maxKeys: 5 }), (document) => {
        // JSON.stringify keeps the key order, so equal text means equal order
        expect(JSON.stringify(asWritten(document))).toBe(JSON.stringify(JSON.parse(stableStringify(document) as string)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("layout", () => {
  it("aligns runs of one-line attributes, broken by multi-line values and blocks, as HashiCorp's formatter does", async () => {
    const hcl = renderHcl(
      {
        resource: {
          kubernetes_service_account_v1: {
            a: {
              name: "x",
              list: ["a", "b"],
              longer_name: 1,
              b: 2,
              nested: [{ k: "v", objects: [{ deep: { x: 1, yy: [[1, 2], [3]] } }] }],
              metadata: [{ name: "n", labels: { k: "v", longer: "w" } }],
            },
          },
        },
      },
      HEADER,
    );
    expect(hcl.split("\n").slice(3)).toEqual([
      'resource "kubernetes_service_account_v1" "a" {',
      '  name = "x"',
      "  list = [",
      '    "a",',
      '    "b",',
      "  ]",
      "  longer_name = 1",
      "  b           = 2",
      "  nested = [",
      "    {",
      '      k = "v"',
      "      objects = [",
      "        {",
      "          deep = {",
      "            x = 1",
      "            yy = [",
      "              [",
      "                1,",
      "                2,",
      "              ],",
      "              [3],",
      "            ]",
      "          }",
      "        },",
      "      ]",
      "    },",
      "  ]",
      "  metadata {",
      '    name = "n"',
      "    labels = {",
      '      k      = "v"',
      '      longer = "w"',
      "    }",
      "  }",
      "}",
      "",
    ]);
    expect(await format(hcl)).toBe(hcl);
  });
});

describe("renderHcl against cdktf's own view of the stacks", () => {
  /** Every example's stacks, constructed as irsa-gen synthesizes them (once for the tests below). */
  let stacks: TerraformStack[] | undefined;
  function exampleStacks(): TerraformStack[] {
    stacks ??= exampleConfigs().flatMap((file) => {
      const app = Testing.app({ stackTraces: false, outdir: tempDir() });
      return loadExample(file).clusters.map((cluster) => new RenderedClusterStack(app, { cluster }));
    });
    return stacks;
  }

  /** The nested-block paths the provider bindings declare (`isBlock`) in an element's HCL attributes. */
  function declaredBlocks(attributes: Record<string, any>, prefix: string, into: Set<string>): void {
    for (const [key, meta] of Object.entries(attributes)) {
      if (!meta || typeof meta !== "object" || !("value" in meta) || meta.value === undefined) continue;
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (!meta.isBlock) continue;
      into.add(path);
      for (const item of Array.isArray(meta.value) ? meta.value : [meta.value]) if (item && typeof item === "object") declaredBlocks(item, path, into);
    }
  }

  /**
   * Every nested-block path a provider binding declares (`isBlock: true`),
   * read from its compiled source: the resource's (or provider's)
   * `synthesizeHclAttributes`, then each block's `…ToHclTerraform` function,
   * recursively. Unlike the examples, this covers blocks no stack uses.
   */
  function bindingBlocks(schema: string): Set<string> {
    const [kind, type] = schema.split(".");
    const [provider, ...rest] = type.split("_");
    const module = kind === "provider" ? "provider" : [...(kind === "data" ? ["data", provider] : []), ...rest].join("-");
    const file = require.resolve(`@cdktf/provider-${provider}/lib/${module}/index.js`);
    const source = readFileSync(file, "utf8");
    // The binding is the one for this type (a wrong module name would read another schema).
    if (kind !== "provider") expect(source).toContain(`tfResourceType = "${type}"`);
    const bodyOf = (start: number) => source.slice(start, source.indexOf("return Object.fromEntries", start));
    const blocksIn = (body: string, prefix: string, into: Set<string>) => {
      for (const m of body.matchAll(/^\s+(\w+): \{\n\s+value: (.*),\n\s+isBlock: true,/gm)) {
        const path = prefix === "" ? m[1] : `${prefix}.${m[1]}`;
        into.add(path);
        const inner = /(\w+ToHclTerraform)\b/.exec(m[2]);
        if (!inner) throw new Error(`${schema} ${path}: no ToHclTerraform function in ${m[2]}`);
        const at = source.indexOf(`function ${inner[1]}(struct)`);
        if (at < 0) throw new Error(`${schema} ${path}: ${inner[1]} not found in ${file}`);
        blocksIn(bodyOf(at), path, into);
      }
      return into;
    };
    const top = source.indexOf("synthesizeHclAttributes() {");
    if (top < 0) throw new Error(`${file}: no synthesizeHclAttributes`);
    return blocksIn(bodyOf(top), "", new Set());
  }

  it.each([
    ["data.aws_iam_policy_document", ["statement", "statement.condition", "statement.not_principals", "statement.principals"]],
    ["resource.kubernetes_service_account_v1", ["image_pull_secret", "metadata", "secret", "timeouts"]],
    ["resource.aws_iam_role", ["inline_policy"]],
  ])("reads the blocks %s's binding declares", (schema, expected) => {
    // GIVEN a binding / WHEN its declared blocks are read / THEN they are the ones its schema has (hashicorp/aws 6.25, kubernetes 2.38)
    expect([...bindingBlocks(schema)].sort()).toEqual(expected);
  });

  it("lists as nested blocks only what the provider bindings declare as blocks, and Terraform's own blocks", () => {
    // GIVEN the renderer's nested-block table
    for (const [schema, paths] of Object.entries(NESTED_BLOCKS)) {
      // THEN each path of a provider's schema is a block its binding declares (any other would turn an attribute into a block)
      if (/^(provider|data|resource)\./.test(schema)) {
        const declared = bindingBlocks(schema);
        for (const path of paths) expect([schema, path, declared.has(path)]).toEqual([schema, path, true]);
      }
    }
    // AND the Terraform language's own blocks are these (https://developer.hashicorp.com/terraform/language: terraform settings, removed)
    const language = Object.fromEntries(Object.entries(NESTED_BLOCKS).filter(([schema]) => !/^(provider|data|resource)\./.test(schema)));
    expect(language).toEqual({ terraform: ["required_providers", "backend", "cloud", "cloud.workspaces"], removed: ["lifecycle"] });
  });

  it("treats as nested blocks every block the provider bindings declare and the examples use", () => {
    // GIVEN every element of every example stack, as cdktf's bindings describe it
    const declared = new Map<string, Set<string>>();
    for (const stack of exampleStacks()) {
      for (const node of stack.node.findAll()) {
        if (!(node instanceof TerraformElement) || !("toHclTerraform" in node)) continue;
        const hcl = Tokenization.resolve(node.toHclTerraform(), { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
        for (const kind of ["resource", "data"] as const) {
          for (const [type, byLabel] of Object.entries<Record<string, any>>(hcl[kind] ?? {})) {
            for (const attributes of Object.values(byLabel)) {
              const set = declared.get(`${kind}.${type}`) ?? new Set<string>();
              declaredBlocks(attributes, "", set);
              declared.set(`${kind}.${type}`, set);
            }
          }
        }
        for (const [type, instances] of Object.entries<any[]>(hcl.provider ?? {})) {
          const set = declared.get(`provider.${type}`) ?? new Set<string>();
          for (const attributes of instances) declaredBlocks(attributes, "", set);
          declared.set(`provider.${type}`, set);
        }
      }
    }
    // THEN every block they use is rendered as a block (lifecycle is Terraform's own meta-argument block)
    expect(declared.size).toBeGreaterThan(5);
    for (const [schema, paths] of declared) {
      for (const path of paths) expect([schema, path, NESTED_BLOCKS[schema]?.includes(path)]).toEqual([schema, path, true]);
    }
  });

  it("writes cdktf's metadata.json, with the cloud block's project that cdktf drops", () => {
    for (const stack of exampleStacks()) {
      // GIVEN cdktf's own HCL metadata and irsa-gen's, from the stack's JSON
      const ours = hclMetadata(JSON.parse(JSON.stringify(stack.toTerraform())));
      // (cdktf's own toHclTerraform: RenderedClusterStack renders its HCL itself)
      const theirs = JSON.parse(JSON.stringify(TerraformStack.prototype.toHclTerraform.call(stack).metadata));
      const cloud = theirs.terraform?.cloud;
      if (cloud?.workspaces && ours.terraform && (ours.terraform as any).cloud.workspaces.project) cloud.workspaces.project = (ours.terraform as any).cloud.workspaces.project;
      // THEN they are the same
      expect(ours).toEqual(theirs);
    }
  });
});

// ---------------------------------------------------------------------------
// Property: arbitrary text in every free-text field is refused with a
// located problem, or the HCL says exactly what the JSON says.

/** Text chosen to break HCL renderers: heredoc markers, escapes, templates, numbers, JSON, every plane. */
const SPECIAL = [
  "EOF", "\nEOF\n", "<<EOF\n", "a\r\nb", "\r", "\n", "\\", "\\u002a", "\\p", '"', "'", "${x}", "%{x}", "$${x}", "%%{", "#{TfToken[TOKEN.3]}", "&{aws:username}",
  "42", "1e3", "true", "null", "[1]", '{"a": 1}', '"x" == "x" ? file("/etc/hostname") : "x"', "# c", "/*", "\t", "\u0000", "\u001b[31m", "\u2028", "e\u0301", "\uD800", "😀", " ",
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "binary", maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 6 })), { maxLength: 4 })
  .map((parts) => parts.join(""));

type Raw = Record<string, any>;
/** Where a text goes: a function that puts it into a copy of the base config. */
const FIELDS: Record<string, (raw: Raw, s: string) => void> = {
  description: (r, s) => (r.clusters[0].workloads[0].description = s),
  "tag key": (r, s) => (r.clusters[0].workloads[0].tags = { [s]: "v" }),
  "tag value": (r, s) => (r.clusters[0].workloads[0].tags = { team: s }),
  "cluster tag value": (r, s) => (r.clusters[0].tags = { team: s }),
  "label value": (r, s) => (r.clusters[0].workloads[0].serviceAccountLabels = { app: s }),
  "annotation key": (r, s) => (r.clusters[0].workloads[0].serviceAccountAnnotations = { [s]: "v" }),
  "annotation value": (r, s) => (r.clusters[0].workloads[0].serviceAccountAnnotations = { "example.com/note": s }),
  "annotation value of a chart's service account": (r, s) => Object.assign(r.clusters[0].workloads[0], { createServiceAccount: false, serviceAccountAnnotations: { "example.com/note": s } }),
  "condition value": (r, s) => (r.clusters[0].workloads[0].policyStatements[0].conditions = [{ test: "StringEquals", variable: "aws:PrincipalTag/team", values: [s] }]),
  "condition key": (r, s) => (r.clusters[0].workloads[0].policyStatements[0].conditions = [{ test: "StringLike", variable: s, values: ["v"] }]),
  resource: (r, s) => (r.clusters[0].workloads[0].policyStatements[0].resources = [`arn:aws:s3:::${s}`]),
  "role path": (r, s) => (r.clusters[0].workloads[0].rolePath = `/${s}/`),
  "local state path": (r, s) => (r.clusters[0].backend = { type: "local", path: s }),
  "s3 state key": (r, s) => (r.clusters[0].backend = { type: "s3", bucket: "state-bucket", key: s }),
  "s3 profile": (r, s) => (r.clusters[0].backend = { type: "s3", bucket: "state-bucket", profile: s }),
  "cloud organization": (r, s) => (r.clusters[0].backend = { type: "cloud", organization: s }),
  "cloud workspace and project": (r, s) => (r.clusters[0].backend = { type: "cloud", organization: "o", workspace: s, project: s }),
};

function baseConfig(): Raw {
  return {
    clusters: [
      {
        name: "prod",
        region: "eu-west-1",
        oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
        workloads: [{ namespace: "payments", serviceAccount: "api", policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] }],
      },
    ],
  };
}

/** HCL of every accepted run, for one `terraform fmt -check` at the end. */
const renderedForFmt: string[] = [];

describe("arbitrary text in every free-text field (property)", () => {
  it("is refused with a located problem, or rendered so that HashiCorp's parser reads exactly the JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(FIELDS)), text, text, async (field, value, configFile) => {
        // GIVEN a config with the text in one field, from a file of any name
        const raw = baseConfig();
        FIELDS[field](raw, value);
        // WHEN validated
        const result = validateConfig(configFile, raw);
        if (!result.config) {
          // THEN it is refused, every problem located
          const errors = result.problems.filter((p) => p.severity === "error");
          expect(errors.length).toBeGreaterThan(0);
          for (const problem of errors) expect(problem.path.length).toBeGreaterThan(0);
          return;
        }
        // OR the HCL parses to exactly the JSON, and is formatted as terraform fmt writes it
        for (const cluster of result.config.clusters) {
          const app = Testing.app({ stackTraces: false, outdir: tempDir() });
          const json = JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))) as JsonObject;
          const hcl = renderHcl(json, { configFile, stack: cluster.name });
          expect(canonical(await parseHcl("cdk.tf", hcl))).toEqual(canonical(json));
          expect(await format(hcl)).toBe(hcl);
          renderedForFmt.push(hcl);
        }
      }),
      { numRuns: 200 },
    );
    expect(renderedForFmt.length).toBeGreaterThan(20);
  });

  it("renders every stack of a random valid config (every feature of the config) so that HashiCorp's parser reads exactly the JSON", async () => {
    await fc.assert(
      fc.asyncProperty(validRaw, async (raw) => {
        // GIVEN a random valid config: Pod Identity, retirement, renames, adoption, protection, backends, every OIDC provider mode
        const result = validateConfig("p.yaml", raw);
        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
        for (const cluster of result.config!.clusters) {
          // WHEN each stack is rendered as HCL
          const app = Testing.app({ stackTraces: false, outdir: tempDir() });
          const json = JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))) as JsonObject;
          const hcl = renderHcl(json, { configFile: "p.yaml", stack: cluster.name });
          // THEN it parses to exactly the JSON, and is formatted as terraform fmt writes it
          expect(canonical(await parseHcl("cdk.tf", hcl))).toEqual(canonical(json));
          expect(await format(hcl)).toBe(hcl);
          renderedForFmt.push(hcl);
        }
      }),
      { numRuns: 30 },
    );
  });

  const cli = findTerraform();
  if (!cli.ok) reportSkip("terraform fmt of the property test's HCL", cli.reason);
  (cli.ok ? it : it.skip)("writes HCL that terraform fmt -check accepts", async () => {
    const dir = tempDir();
    renderedForFmt.forEach((hcl, i) => writeFileSync(join(dir, `run${i}.tf`), hcl));
    const fmt = await runTerraform(["fmt", "-check", "-diff", "-no-color", dir], { cwd: dir });
    expect({ exitCode: fmt.code, diff: fmt.stdout + fmt.stderr }).toEqual({ exitCode: 0, diff: "" });
  });
});


describe("object keys", () => {
  it.each([["𐊀"], ["é"], ["e\u0301x"], ["👩‍👩‍👧"], ["日本"]])("keeps %s aligned as terraform fmt does, and reads back the same", async (key) => {
    // GIVEN a map with a non-ASCII key beside a longer ASCII one
    const hcl = renderHcl({ output: { x: { value: { [key]: "v", "irsa-gen/service-account": "w" } } } }, HEADER);
    // THEN the formatter finds nothing to change, and the key is read back as written
    expect(await format(hcl)).toBe(hcl);
    const parsed = (await parseHcl("x.tf", hcl)) as { output: { x: { value: Record<string, string> }[] } };
    expect(Object.keys(parsed.output.x[0].value)).toContain(key.normalize("NFC"));
  });
});
