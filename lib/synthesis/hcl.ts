/**
 * Plain HCL, rendered from the stack's Terraform JSON.
 *
 * cdktf 0.21 renders HCL with its own string handling, which is not an
 * escaper: multi-line strings become `<<EOF` heredocs whatever they hold (a
 * line `EOF` in a description ends the heredoc and the rest is read as
 * Terraform), backslashes are written raw (`\u002a` becomes `*`), CR LF
 * becomes LF, and output values that start with `"`, `[`, `{` or look like
 * numbers are written as expressions. So irsa-gen renders the HCL itself,
 * from the very JSON object it writes as `cdk.tf.json`: every string is a
 * quoted template with every character that HCL would read differently
 * escaped, and a test parses the result with HashiCorp's parser and holds
 * it equal to the JSON, string for string.
 *
 * Terraform JSON does not say which objects are nested blocks and which are
 * map or object attributes (Terraform decides from the provider's schema),
 * so the nested blocks of each block type irsa-gen writes are listed here;
 * a test holds the list to the blocks that the provider bindings declare.
 *
 * The layout is what `terraform fmt` writes (tests hold it to HashiCorp's
 * formatter): two-space indentation, aligned `=` in runs of one-line
 * attributes, one blank line between top-level blocks, and
 * interpolation-only strings unwrapped (`role = aws_iam_role.x.name`).
 */
import { object, entries, type JsonObject, type JsonValue } from "./terraform-json";
import { objectKey, quoted, stringExpression } from "./hcl-strings";


export interface HclHeader {
  /** The config file the stack was generated from, as shown to the user. */
  readonly configFile: string;
  /** The stack's name. */
  readonly stack: string;
}

/**
 * Nested blocks (as opposed to map or object attributes) by block kind and
 * type, as dotted paths below the block. `lifecycle` is Terraform's own
 * meta-argument block of every resource.
 */
export const NESTED_BLOCKS: Readonly<Record<string, readonly string[]>> = {
  terraform: ["required_providers", "backend", "cloud", "cloud.workspaces"],
  "provider.aws": ["assume_role", "assume_role_with_web_identity", "default_tags", "endpoints", "ignore_tags"],
  "provider.kubernetes": ["exec", "experiments"],
  "data.aws_iam_policy_document": ["statement", "statement.condition", "statement.principals", "statement.not_principals"],
  "resource.kubernetes_namespace_v1": ["metadata", "timeouts"],
  "resource.kubernetes_service_account_v1": ["metadata", "image_pull_secret", "secret", "timeouts"],
  "resource.aws_eks_addon": ["pod_identity_association", "timeouts"],
  removed: ["lifecycle"],
};
const RESOURCE_META_BLOCKS = ["lifecycle"];

/** Labelled blocks: `backend "s3" { ... }`, one per key of the object. */
const LABELLED_BLOCKS: Readonly<Record<string, readonly string[]>> = { terraform: ["backend"] };

/** Attributes whose value is a reference, written bare in HCL (`to = aws_iam_role.x`). */
const REFERENCE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  import: ["to"],
  moved: ["from", "to"],
  removed: ["from"],
};

/** Top-level keys in the order irsa-gen writes them when no element order is given. */
const TOP_LEVEL = ["terraform", "provider", "locals", "data", "resource", "output", "import", "moved", "removed"];

/**
 * Renders a stack's Terraform JSON as HCL.
 *
 * @param order the stack's elements in construct order, as keys
 *   `provider.<type>`, `locals.<name>`, `data.<type>.<label>`,
 *   `resource.<type>.<label>`, `output.<name>`: each workload's blocks then
 *   stand together, as a reader expects. Blocks not named come last, in
 *   JSON order. `import`, `moved` and `removed` blocks always close the file.
 */
export function renderHcl(document: JsonObject, header: HclHeader, order: readonly string[] = []): string {
  for (const key of Object.keys(document)) {
    if (key !== "//" && !TOP_LEVEL.includes(key)) throw new Error(`cannot render the top-level key "${key}" as HCL`);
  }
  const blocks = new Map<string, string>();
  const render = (emit: (lines: Lines) => void): string => {
    const lines = new Lines();
    emit(lines);
    return lines.text();
  };
  const add = (key: string, emit: (lines: Lines) => void) => blocks.set(key, render(emit));

  const terraform = object(document.terraform);
  if (terraform) add("terraform", (lines) => emitBlock(lines, 0, "terraform", terraform, "terraform", ""));
  for (const [type, instances] of entries(document.provider)) {
    const open = `provider ${quoted(type)}`;
    // One blank line between the instances too, as between any top-level blocks.
    blocks.set(`provider.${type}`, (instances as readonly JsonObject[]).map((instance) => render((lines) => emitBlock(lines, 0, open, instance, `provider.${type}`, ""))).join("\n\n"));
  }
  for (const [name, value] of entries(document.locals)) {
    add(`locals.${name}`, (lines) => {
      lines.line(0, "locals {");
      emitAttribute(lines, 1, objectKey(name), value);
      lines.line(0, "}");
    });
  }
  for (const kind of ["data", "resource"] as const) {
    for (const [type, byLabel] of entries(document[kind])) {
      const schema = `${kind}.${type}`;
      for (const [label, body] of entries(byLabel)) add(`${schema}.${label}`, (lines) => emitBlock(lines, 0, `${kind} ${quoted(type)} ${quoted(label)}`, body as JsonObject, schema, ""));
    }
  }
  for (const [name, body] of entries(document.output)) add(`output.${name}`, (lines) => emitBlock(lines, 0, `output ${quoted(name)}`, body as JsonObject, "output", ""));

  const out: string[] = [];
  const take = (key: string) => {
    const text = blocks.get(key);
    if (text !== undefined) out.push(text);
    blocks.delete(key);
  };
  take("terraform");
  for (const key of order) take(key);
  for (const key of [...blocks.keys()]) take(key);
  for (const kind of ["import", "moved", "removed"] as const) {
    for (const body of (document[kind] as readonly JsonObject[] | undefined) ?? []) out.push(render((lines) => emitBlock(lines, 0, kind, body, kind, "")));
  }
  return `${headerLines(header)}\n${out.join("\n\n")}\n`;
}

/**
 * The header comment. The file name is the user's and may hold anything,
 * a newline included: everything but printable characters is escaped, so
 * the comment stays one line and never becomes code.
 */
function headerLines(header: HclHeader): string {
  return [
    `# Generated by irsa-gen from ${commentSafe(header.configFile)} (stack ${commentSafe(header.stack)}). Do not edit:`,
    "# change the config and run `npm run synth:hcl` to regenerate.",
    "",
  ].join("\n");
}

function commentSafe(text: string): string {
  // With the u flag, [\uD800-\uDFFF] matches only surrogates without their pair.
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\uD800-\uDFFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Lines of HCL laid out as `terraform fmt` lays them out: two spaces per
 * level, and the `=` of consecutive one-line attributes at one level
 * aligned. Any other line (a block, the first line of a multi-line value, a
 * list item, a closing bracket) ends a run of aligned attributes, as in
 * `terraform fmt`.
 */
class Lines {
  private readonly out: string[] = [];
  private run: { readonly depth: number; readonly key: string; readonly value: string }[] = [];

  /** A one-line attribute, aligned with its neighbours. */
  attribute(depth: number, key: string, value: string): void {
    if (this.run.length > 0 && this.run[0].depth !== depth) this.flush();
    this.run.push({ depth, key, value });
  }

  /** Any other line. */
  line(depth: number, text: string): void {
    this.flush();
    this.out.push(indent(depth) + text);
  }

  text(): string {
    this.flush();
    return this.out.join("\n");
  }

  private flush(): void {
    if (this.run.length === 0) return;
    let width = 0;
    for (const r of this.run) width = Math.max(width, r.key.length);
    for (const r of this.run) this.out.push(`${indent(r.depth)}${r.key.padEnd(width)} = ${r.value}`);
    this.run = [];
  }
}

const INDENTS: string[] = [];
function indent(depth: number): string {
  return (INDENTS[depth] ??= "  ".repeat(depth));
}

/** What a block's body holds, in the order it is written. */
interface BodyParts {
  /** `to`/`from` open import, moved and removed blocks, as Terraform's docs write them. */
  readonly references: [key: string, address: string][];
  readonly attributes: [key: string, value: JsonValue][];
  /** Nested and labelled blocks: how they open, their body, their path below the top-level block. */
  readonly blocks: [open: string, body: JsonObject, path: string][];
  /** Meta-argument blocks (`lifecycle`), last. */
  readonly metaBlocks: [open: string, body: JsonObject, path: string][];
}

/** A block and its body: `open {`, the body one level deeper, `}`; `open {}` when empty. */
function emitBlock(lines: Lines, depth: number, open: string, body: JsonObject, schema: string, path: string): void {
  const parts = bodyParts(body, schema, path);
  if (parts.references.length + parts.attributes.length + parts.blocks.length + parts.metaBlocks.length === 0) {
    lines.line(depth, `${open} {}`);
    return;
  }
  lines.line(depth, `${open} {`);
  for (const [key, address] of parts.references) lines.attribute(depth + 1, key, address);
  for (const [key, value] of parts.attributes) emitAttribute(lines, depth + 1, objectKey(key), value);
  for (const [inner, innerBody, at] of [...parts.blocks, ...parts.metaBlocks]) emitBlock(lines, depth + 1, inner, innerBody, schema, at);
  lines.line(depth, "}");
}

/** Attributes first, then nested blocks, then meta-argument blocks: how Terraform code is written by hand. */
function bodyParts(body: JsonObject, schema: string, path: string): BodyParts {
  const nested = NESTED_BLOCKS[schema] ?? [];
  const meta = schema.startsWith("resource.") && path === "" ? RESOURCE_META_BLOCKS : [];
  const labelled = path === "" ? LABELLED_BLOCKS[schema] ?? [] : [];
  // A resource's or data source's `provider` names a provider configuration (`aws.payments`): a reference,
  // which Terraform reads quoted only with a deprecation warning ("Quoted references are deprecated").
  const providerReference = path === "" && (schema.startsWith("resource.") || schema.startsWith("data.")) ? ["provider"] : [];
  const references = path === "" ? [...(REFERENCE_ATTRIBUTES[schema] ?? []), ...providerReference] : [];
  const parts: BodyParts = { references: [], attributes: [], blocks: [], metaBlocks: [] };
  for (const [key, value] of Object.entries(body)) {
    if (key === "//" || value === undefined) continue;
    const at = path === "" ? key : `${path}.${key}`;
    if (labelled.includes(key)) {
      for (const [label, inner] of entries(value)) parts.blocks.push([`${key} ${quoted(label)}`, inner as JsonObject, at]);
    } else if (nested.includes(at) || meta.includes(key)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const inner = object(item);
        if (!inner) throw new Error(`cannot render ${schema} ${at}: a block must be an object`);
        (meta.includes(key) ? parts.metaBlocks : parts.blocks).push([key, inner, at]);
      }
    } else if (key === "depends_on" && path === "" && (schema.startsWith("resource.") || schema.startsWith("data."))) {
      // Terraform reads `depends_on` as references: a quoted address is an error in HCL (JSON reads strings as expressions).
      const addresses = Array.isArray(value) ? value : [];
      for (const address of addresses) if (typeof address !== "string" || !/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(address)) throw new Error(`cannot render ${schema} ${key}: not a resource address`);
      parts.references.push([key, `[${addresses.join(", ")}]`]);
    } else if (references.includes(key)) {
      if (typeof value !== "string" || !/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(value)) throw new Error(`cannot render ${schema} ${key}: not a resource address`);
      parts.references.push([key, value]);
    } else {
      parts.attributes.push([key, value]);
    }
  }
  return parts;
}

/** `key = value`: on one line when the value fits one, else opening a multi-line list or object. */
function emitAttribute(lines: Lines, depth: number, key: string, value: JsonValue): void {
  const inline = inlineExpression(value);
  if (inline !== undefined) {
    lines.attribute(depth, key, inline);
    return;
  }
  const list = Array.isArray(value);
  lines.line(depth, `${key} = ${list ? "[" : "{"}`);
  emitItems(lines, depth + 1, value);
  lines.line(depth, list ? "]" : "}");
}

/** The items of a multi-line list (one per line, each followed by a comma) or object (its attributes). */
function emitItems(lines: Lines, depth: number, value: JsonValue): void {
  if (!Array.isArray(value)) {
    for (const [key, item] of Object.entries(value as JsonObject)) if (item !== undefined) emitAttribute(lines, depth, objectKey(key), item);
    return;
  }
  for (const item of value as readonly JsonValue[]) {
    const inline = inlineExpression(item);
    if (inline !== undefined) {
      lines.line(depth, `${inline},`);
      continue;
    }
    const list = Array.isArray(item);
    lines.line(depth, list ? "[" : "{");
    emitItems(lines, depth + 1, item);
    lines.line(depth, list ? "]," : "},");
  }
}

/**
 * A value as a one-line HCL expression; undefined when it takes several
 * lines: lists of several items or of one list or object, objects with
 * attributes.
 */
function inlineExpression(value: JsonValue): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string") return stringExpression(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot render the number ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.length === 1 && (value[0] === null || typeof value[0] !== "object")) return `[${inlineExpression(value[0])}]`;
    return undefined;
  }
  for (const item of Object.values(value as JsonObject)) if (item !== undefined) return undefined;
  return "{}";
}
