import { App, DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformOutput, TerraformStack, Token, Tokenization } from "cdktf";
import stringify from "json-stable-stringify";
import fc from "fast-check";
import { RenderedClusterStack } from "../../../lib/synthesis/rendered-stack";
import { asWritten } from "../../../lib/synthesis/terraform-json";
import { holdsTokenText, isLiteralString, literalCopy, overridesOf } from "../../../lib/synthesis/fast/literal-terraform";
import { configFrom } from "../../support/config";
import { exampleConfigs, PROJECT_ROOT, tempDir } from "../../support/files";
import { readFileSync } from "node:fs";
import { join } from "node:path";

let scope: TerraformStack | undefined;

/** What cdktf's resolver makes of a value, in a stack. */
function resolved(value: unknown): unknown {
  scope ??= new TerraformStack(new App({ outdir: tempDir(), stackTraces: false }), "s");
  return Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/**
 * Strings that are literal by construction: no token marker can come out of
 * fc.string(), and none holds a number so large that literalCopy takes it
 * for an encoded number token (≥ 1e280, see TOKEN_MAGNITUDE): with at most
 * ten characters, that needs an exponent of three digits.
 */
const literalString = fc.string().filter((s) => !/[eE][-+|.]*\d{3}/.test(s));

/**
 * Object keys: literal strings but `__proto__`, which cdktf's resolver and
 * literalCopy both turn into the copy's prototype (the key is lost either
 * way; the two copies differ in which array became the prototype).
 */
const literalKey = literalString.filter((k) => k !== "__proto__");

/** JSON-like values with undefined here and there, and strings cdktf's number-token pattern matches: all literal. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    literalString,
    fc.constantFrom("3e4", "a1e-5b", "-.e+", "1.5E3", "ns-0001e2", "${aws_iam_role.x.arn}", "&{aws:username}", "e", ""),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true, max: 1e250, min: -1e250 }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  ),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(literalKey, tie("node"), { maxKeys: 4 })),
})).node;

describe("literalCopy", () => {
  it("copies every literal value, to exactly what cdktf's resolver returns", () => {
    fc.assert(
      fc.property(value, (v) => {
        // GIVEN a literal value / WHEN copied
        const copy = literalCopy(v);
        // THEN it is not refused (a refusal would hide a wrong copy behind cdktf's fallback), and it is what cdktf resolves it to
        expect({ refused: copy === undefined && v !== undefined }).toEqual({ refused: false });
        expect(copy).toStrictEqual(resolved(v));
      }),
      { numRuns: 300 },
    );
  });

  it.each<[string, unknown, unknown]>([
    ["null", null, null],
    ["null in an object", { a: null, b: "x" }, { a: null, b: "x" }],
    ["null in a list", [null, 1, undefined, null], [null, 1, null]],
    ["undefined in an object, dropped", { a: undefined, b: { c: undefined, d: null } }, { b: { d: null } }],
    ["false, zero and the empty string", { f: false, z: 0, e: "", l: [] }, { e: "", f: false, l: [], z: 0 }],
  ])("copies %s as cdktf writes it", (_what, input, expected) => {
    // GIVEN a literal value / WHEN copied / THEN it is the value cdktf's resolver gives, spelled out
    expect(resolved(input)).toStrictEqual(expected);
    expect(literalCopy(input)).toStrictEqual(expected);
  });

  it("takes strings with number-like parts as literals, as cdktf does", () => {
    for (const text of ["arn:aws:iam::123456789012:role/x-3e4f", "1e5", "0x1e3", "sha-9e8e7d"]) {
      expect(isLiteralString(text)).toBe(true);
      expect(literalCopy({ text })).toEqual(resolved({ text }));
    }
  });

  it("refuses every kind of token, so that cdktf's resolver takes over", () => {
    const tokens: unknown[] = [
      Token.asString(Fn.upper("a")),
      `prefix ${Token.asString(Fn.upper("a"))}`,
      Token.asList(Fn.split(",", "a,b")),
      Token.asNumber(Fn.abs(1)),
      `n=${Token.asNumber(Fn.abs(1))}`,
      { [Token.asString(Fn.upper("key"))]: "value" },
      Token.asStringMap(Fn.merge([{ a: "b" }])),
      Fn.upper("a"),
      Lazy.stringValue({ produce: () => "x" }),
      new Date(0),
      () => "f",
      { nested: [{ deeper: Token.asString(Fn.lower("A")) }] },
      -1.8881545897087626e289,
    ];
    for (const token of tokens) expect(literalCopy({ a: token })).toBeUndefined();
  });
});

describe("holdsTokenText", () => {
  it("finds token markers and encoded number tokens in written JSON, and nothing in plain JSON", () => {
    expect(holdsTokenText(JSON.stringify({ a: Token.asString(Fn.upper("a")) }))).toBe(true);
    expect(holdsTokenText(JSON.stringify({ a: Token.asNumber(Fn.abs(1)) }))).toBe(true);
    expect(holdsTokenText(JSON.stringify({ a: "${aws_iam_role.x.arn}", b: 1e5, c: "3e4" }))).toBe(false);
    // the same on the bytes as written
    expect(holdsTokenText(Buffer.from(JSON.stringify({ a: Token.asString(Fn.upper("a")) })))).toBe(true);
    expect(holdsTokenText(Buffer.from(JSON.stringify({ a: Token.asNumber(Fn.abs(1)) })))).toBe(true);
    expect(holdsTokenText(Buffer.from(JSON.stringify({ a: "${aws_iam_role.x.arn}", b: 1e5, c: "1e+20" })))).toBe(false);
  });
});

describe("overridesOf", () => {
  it("builds what TerraformStack.addOverride builds", () => {
    const calls: [string, unknown][] = [
      ["terraform.required_providers.aws.source", "hashicorp/aws"],
      ["import", [{ to: "a", id: "b" }]],
      ["terraform.required_version", ">= 1.5"],
      ["moved", undefined],
      ["a.b", "scalar"],
      ["a.b.c", "deeper"],
      ["list", [1]],
      ["list.x", 2],
    ];
    const stack = new TerraformStack(new App({ outdir: tempDir(), stackTraces: false }), "s");
    for (const [path, v] of calls) stack.addOverride(path, v);
    const overrides = overridesOf(calls);
    const { "//": metadata, ...tf } = stack.toTerraform();
    expect(Object.keys(overrides)).toEqual(metadata.metadata.overrides.stack);
    expect(literalCopy(overrides)).toEqual(tf);
    expect(overrides).toEqual({
      terraform: { required_providers: { aws: { source: "hashicorp/aws" } }, required_version: ">= 1.5" },
      import: [{ to: "a", id: "b" }],
      moved: undefined,
      a: { b: { c: "deeper" } },
      list: { x: 2 },
    });
  });
});

describe("the rendered stack's literal path", () => {
  /** The stack's JSON as the synthesizer writes it, both ways, and whether the literal path was taken. */
  function bothWays(stack: RenderedClusterStack): { literal: string; resolved: string; wroteLiteral: boolean } {
    stack.literal = true;
    const literal = stringify(stack.toTerraform(), { space: 2 }) as string;
    const wroteLiteral = stack.wroteLiteral;
    stack.literal = false;
    return { literal, resolved: stringify(stack.toTerraform(), { space: 2 }) as string, wroteLiteral };
  }

  it.each(exampleConfigs())("writes every stack of %s as cdktf does, without resolving", (file) => {
    const config = configFrom(readFileSync(join(PROJECT_ROOT, file), "utf8"), file);
    for (const cluster of config.clusters) {
      const app = new App({ outdir: tempDir(), stackTraces: false });
      const result = bothWays(new RenderedClusterStack(app, { cluster }));
      expect(result.wroteLiteral).toBe(true);
      expect(result.literal).toBe(result.resolved);
    }
  });

  it.each(exampleConfigs())("builds every stack of %s in written order: nothing left for the HCL renderer to sort", (file) => {
    const config = configFrom(readFileSync(join(PROJECT_ROOT, file), "utf8"), file);
    for (const cluster of config.clusters) {
      // GIVEN a stack on the literal path
      const stack = new RenderedClusterStack(new App({ outdir: tempDir(), stackTraces: false }), { cluster });
      stack.literal = true;
      // WHEN its document is built
      const document = stack.toTerraform();
      // THEN asWritten finds every key in order and returns the very same object: its keys are in cdk.tf.json's order
      expect(stack.wroteLiteral).toBe(true);
      expect(asWritten(document)).toBe(document);
      expect(JSON.stringify(document)).toBe(JSON.stringify(JSON.parse(stringify(document) as string)));
    }
  });

  it("leaves a stack that holds a token to cdktf's resolver", () => {
    const config = configFrom(readFileSync(join(PROJECT_ROOT, "irsa.yaml"), "utf8"));
    const stack = new RenderedClusterStack(new App({ outdir: tempDir(), stackTraces: false }), { cluster: config.clusters[0] });
    new TerraformOutput(stack, "token", { value: Fn.upper("a") });
    const result = bothWays(stack);
    expect(result.wroteLiteral).toBe(false);
    expect(result.literal).toBe(result.resolved);
    expect(result.literal).toContain('"value": "${upper(\\"a\\")}"');
  });
});
