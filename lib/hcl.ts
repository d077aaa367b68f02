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

/** A value of Terraform JSON. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

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
  const blocks = new Map<string, string[]>();
  const add = (key: string, lines: string[]) => blocks.set(key, lines);

  const terraform = object(document.terraform);
  if (terraform) add("terraform", block("terraform", [], terraform, "terraform"));
  for (const [type, instances] of entries(document.provider)) {
    add(`provider.${type}`, (instances as readonly JsonObject[]).flatMap((instance, i) => [...(i > 0 ? [""] : []), ...block("provider", [type], instance, `provider.${type}`)]));
  }
  for (const [name, value] of entries(document.locals)) add(`locals.${name}`, ["locals {", attribute(name, value), "}"]);
  for (const kind of ["data", "resource"] as const) {
    for (const [type, byLabel] of entries(document[kind])) {
      for (const [label, body] of entries(byLabel)) add(`${kind}.${type}.${label}`, block(kind, [type, label], body as JsonObject, `${kind}.${type}`));
    }
  }
  for (const [name, body] of entries(document.output)) add(`output.${name}`, block("output", [name], body as JsonObject, "output"));

  const out: string[][] = [];
  const take = (key: string) => {
    const lines = blocks.get(key);
    if (lines) out.push(lines);
    blocks.delete(key);
  };
  take("terraform");
  for (const key of order) take(key);
  for (const key of [...blocks.keys()]) take(key);
  for (const kind of ["import", "moved", "removed"] as const) {
    for (const body of (document[kind] as readonly JsonObject[] | undefined) ?? []) out.push(block(kind, [], body, kind));
  }
  return `${headerLines(header)}\n${layout(out.map((lines) => lines.join("\n")).join("\n\n"))}`;
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

/** A block and its body, unindented (the layout indents). */
function block(kind: string, labels: readonly string[], body: JsonObject, schema: string): string[] {
  const open = [kind, ...labels.map((l) => quoted(l))].join(" ");
  const lines = bodyLines(body, schema, "");
  return lines.length === 0 ? [`${open} {}`] : [`${open} {`, ...lines, "}"];
}

/** Attributes first, then nested blocks, then meta-argument blocks: how Terraform code is written by hand. */
function bodyLines(body: JsonObject, schema: string, path: string): string[] {
  const nested = NESTED_BLOCKS[schema] ?? [];
  const meta = schema.startsWith("resource.") && path === "" ? RESOURCE_META_BLOCKS : [];
  const labelled = path === "" ? LABELLED_BLOCKS[schema] ?? [] : [];
  const references = path === "" ? REFERENCE_ATTRIBUTES[schema] ?? [] : [];
  // `to`/`from` open import, moved and removed blocks, as Terraform's docs write them.
  const referenceLines: string[] = [];
  const attributes: string[] = [];
  const blocks: string[] = [];
  const metaBlocks: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//" || value === undefined) continue;
    const at = path === "" ? key : `${path}.${key}`;
    if (labelled.includes(key)) {
      for (const [label, inner] of entries(value)) blocks.push(...wrap(`${key} ${quoted(label)}`, bodyLines(inner as JsonObject, schema, at)));
    } else if (nested.includes(at) || meta.includes(key)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const inner = object(item);
        if (!inner) throw new Error(`cannot render ${schema} ${at}: a block must be an object`);
        (meta.includes(key) ? metaBlocks : blocks).push(...wrap(key, bodyLines(inner, schema, at)));
      }
    } else if (references.includes(key)) {
      if (typeof value !== "string" || !/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/.test(value)) throw new Error(`cannot render ${schema} ${key}: not a resource address`);
      referenceLines.push(`${key} = ${value}`);
    } else {
      attributes.push(attribute(key, value));
    }
  }
  return [...referenceLines, ...attributes, ...blocks, ...metaBlocks];
}

function wrap(open: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [`${open} {}`] : [`${open} {`, ...lines, "}"];
}

function attribute(key: string, value: JsonValue): string {
  return `${objectKey(key)} = ${expressionOf(value)}`;
}

/** A value as an HCL expression; multi-line for lists of several items and for objects. */
function expressionOf(value: JsonValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return stringExpression(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot render the number ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.length === 1 && (value[0] === null || typeof value[0] !== "object")) return `[${expressionOf(value[0])}]`;
    return ["[", ...value.map((item) => `${expressionOf(item)},`), "]"].join("\n");
  }
  const fields = Object.entries(value as JsonObject).filter(([, v]) => v !== undefined);
  if (fields.length === 0) return "{}";
  return ["{", ...fields.map(([k, v]) => attribute(k, v)), "}"].join("\n");
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Words HCL reads as something else than a name in some positions; quoted to be safe. */
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);

/**
 * An object key. Keys set the alignment of the `=` after them, which
 * `terraform fmt` counts in grapheme clusters; Unicode's segmentation rules
 * differ between versions, so any non-ASCII character of a key is written
 * as an escape (`\u00e9`): the key is then ASCII and its width certain.
 */
function objectKey(key: string): string {
  if (IDENTIFIER.test(key) && !KEYWORDS.has(key)) return key;
  return quoted(key).replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A string as a quoted HCL literal with no template sequences: for block labels and keys. */
function quoted(text: string): string {
  if (/[$%]\{/.test(text)) throw new Error(`cannot render ${JSON.stringify(text)} as a name: it holds a template sequence`);
  return `"${escapeLiteral(text)}"`;
}

/**
 * A Terraform JSON string as an HCL expression. Both read `${…}` and `%{…}`
 * as template sequences and `$${`, `%%{` as their escapes, so those are
 * copied as they are; everything else is escaped where HCL's quoted
 * template would read it differently. A string that is exactly one
 * interpolation is written as its expression, as `terraform fmt` prefers.
 */
export function stringExpression(text: string): string {
  const parts = templateParts(text);
  if (parts.length === 1 && parts[0].kind === "interpolation") return parts[0].text.slice(2, -1).trim();
  return `"${parts.map((p) => (p.kind === "literal" ? escapeLiteral(p.text) : p.text)).join("")}"`;
}

interface TemplatePart {
  readonly kind: "literal" | "interpolation" | "directive" | "escape";
  readonly text: string;
}

/** Splits a template into literal text and template sequences (`${…}`, `%{…}`, `$${`, `%%{`). */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  const flush = () => {
    if (literal !== "") parts.push({ kind: "literal", text: literal });
    literal = "";
  };
  while (i < text.length) {
    const c = text[i];
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      flush();
      parts.push({ kind: "escape", text: text.slice(i, i + 3) });
      i += 3;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      const close = closingBrace(text, i + 2);
      if (close < 0) throw new Error(`cannot render ${JSON.stringify(text)}: an unclosed template sequence`);
      flush();
      parts.push({ kind: c === "$" ? "interpolation" : "directive", text: text.slice(i, close + 1) });
      i = close + 1;
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  return parts;
}

/** The index of the `}` closing a sequence whose body starts at `start`; quoted strings inside are skipped. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * Escapes literal text for an HCL quoted template: `\` and `"`, line
 * breaks and tabs by name, other control characters (and the Unicode line
 * and paragraph separators) as `\uNNNN`. Template sequences never reach
 * here (see templateParts), so `$` and `%` stay as they are.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals
 */
export function escapeLiteral(text: string): string {
  return text.replace(/[\\"\p{Cc}\u2028\u2029]/gu, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
}

/**
 * The `metadata.json` cdktf writes beside `cdk.tf`: the stack's `//`
 * metadata, each block's `//` entry, and the terraform block, as cdktf's
 * own HCL synthesis writes it (a test holds the two equal).
 */
export function hclMetadata(document: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  if (document["//"] !== undefined) out["//"] = document["//"];
  for (const kind of ["data", "resource"] as const) {
    const byType: Record<string, JsonValue> = {};
    for (const [type, byLabel] of entries(document[kind])) {
      byType[type] = Object.fromEntries(entries(byLabel).map(([label, body]) => [label, { "//": (body as JsonObject)["//"] }]));
    }
    if (Object.keys(byType).length > 0) out[kind] = byType;
  }
  if (document.terraform !== undefined) out.terraform = document.terraform;
  return out;
}

/**
 * Terraform JSON as `cdk.tf.json` holds it, read back: cdktf writes it with
 * json-stable-stringify, which sorts every object's keys (by UTF-16 code
 * units, `Array.prototype.sort`'s default) and drops undefined values. The
 * HCL follows the same order. (Keys that are array indices come first in
 * any JavaScript object, here as after JSON.parse.) Parts already in that
 * shape are shared, not copied.
 */
export function asWritten(value: unknown): JsonObject {
  return sorted(value) as JsonObject;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const copy = item === undefined ? null : sorted(item);
      if (copy !== item) changed = true;
      return copy;
    });
    return changed ? items : value;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let changed = false;
  for (let i = 0; i < keys.length && !changed; i++) changed = record[keys[i]] === undefined || (i > 0 && keys[i - 1] > keys[i]);
  const items = keys.map((key) => {
    const item = record[key];
    const copy = item === undefined ? undefined : sorted(item);
    if (copy !== item) changed = true;
    return copy;
  });
  if (!changed) return value;
  const out: Record<string, unknown> = {};
  const order = keys.map((key, i) => [key, items[i]] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, item] of order) if (item !== undefined) out[key] = item;
  return out;
}

function object(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function entries(value: JsonValue | undefined): [string, JsonValue][] {
  const found = object(value);
  return found ? Object.entries(found) : [];
}

// ---------------------------------------------------------------------------
// Layout

/** A string literal found in HCL text: `[start, end)` including its quotes. */
function readString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === "\\") i += 2;
    else if ((text[i] === "$" || text[i] === "%") && text[i + 1] === "{") i = closingBrace(text, i + 2) + 1 || text.length;
    else i++;
  }
  return i + 1;
}

interface Line {
  readonly text: string;
  /** Bracket depth before the line. */
  readonly depth: number;
  /** Bracket depth after the line. */
  readonly depthAfter: number;
}

/** Splits HCL into trimmed lines with their bracket depth (outside strings and comments). */
function lines(text: string): Line[] {
  const out: Line[] = [];
  let depth = 0;
  let lineStart = 0;
  let lineDepth = 0;
  const flush = (end: number) => {
    out.push({ text: text.slice(lineStart, end).trim(), depth: lineDepth, depthAfter: depth });
    lineStart = end + 1;
    lineDepth = depth;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = readString(text, i);
    } else if (c === "#") {
      const newline = text.indexOf("\n", i);
      i = newline < 0 ? text.length : newline;
    } else {
      if (c === "\n") flush(i);
      else if (c === "{" || c === "[" || c === "(") depth++;
      else if (c === "}" || c === "]" || c === ")") depth--;
      i++;
    }
  }
  if (lineStart < text.length) flush(text.length);
  return out;
}

/** `key = value` on one line; the key is an identifier or a quoted string. */
const ATTRIBUTE = /^([A-Za-z_][\w-]*|"(?:[^"\\]|\\.)*")\s*=\s*(.*)$/;

/**
 * Indents by bracket depth, aligns the `=` of consecutive one-line
 * attributes, and keeps one blank line between top-level blocks and none
 * inside them. Multi-line values (`tags = {`) are not aligned and end a run
 * of aligned lines, as in `terraform fmt`.
 */
export function layout(text: string): string {
  const all = lines(text).filter((l) => l.text !== "");
  const out: string[] = [];
  let run: { indent: string; key: string; value: string }[] = [];
  const flushRun = () => {
    const width = Math.max(...run.map((r) => r.key.length));
    for (const r of run) out.push(`${r.indent}${r.key.padEnd(width)} = ${r.value}`);
    run = [];
  };
  for (const line of all) {
    const closing = /^[}\])]+/.exec(line.text)?.[0].length ?? 0;
    const indent = "  ".repeat(Math.max(0, line.depth - closing));
    const attribute = line.depth === line.depthAfter ? ATTRIBUTE.exec(line.text) : null;
    if (run.length > 0 && (!attribute || run[0].indent !== indent)) flushRun();
    if (line.depth === 0 && out.length > 0 && run.length === 0) out.push("");
    if (attribute) {
      run.push({ indent, key: attribute[1], value: attribute[2] });
      continue;
    }
    const assignment = ATTRIBUTE.exec(line.text);
    out.push(indent + (assignment ? `${assignment[1]} = ${assignment[2]}` : line.text));
  }
  if (run.length > 0) flushRun();
  return `${out.join("\n")}\n`;
}
