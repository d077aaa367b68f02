/**
 * A stack's Terraform JSON without cdktf's token resolution, when there is
 * nothing to resolve.
 *
 * `TerraformStack.toTerraform()` passes every element's JSON through cdktf's
 * `resolve()`, and then the whole document once more: it walks every value,
 * makes a resolution context for each, and tests every string for token
 * markers. Our stacks hold no tokens (references are written as expressions,
 * see expression.ts), so for them that walk only copies the document and
 * drops undefined values; it was most of the synthesis time.
 *
 * `literalTerraform` builds the same document as `toTerraform()`, step for
 * step and with public API only, but copies each part instead of resolving
 * it, after checking that the part is literal: plain objects and arrays,
 * strings without token markers (`${TfToken[`, `#{TfToken[`, `&{TfToken[`)
 * or an encoded number token, numbers that are no encoded token, booleans
 * and null. Anything else (a token, a resolvable object, a class instance,
 * a function) makes it return undefined, and the caller takes cdktf's own
 * path. A test holds the result to `App.synth()` byte for byte.
 */
import { TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";
import { inWrittenOrder, writtenOrder } from "../../common/key-order";

/** cdktf's token markers all end in this (`${TfToken[`, `#{TfToken[`, `&{TfToken[`). */
const TOKEN_MARKER = "TfToken[";

/**
 * What cdktf's resolver takes for a number inside a string
 * (`NUMBER_TOKEN_REGEX` in cdktf/lib/tokens/private/encoding.js), and the
 * three characters every match holds, to rule most strings out at once.
 */
const NUMBER_IN_STRING = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
const NUMBER_CORE = /[-|\d.+]e[-|\d.eE+]/;

/**
 * cdktf encodes a number token as a double whose top 16 bits are 0xfdff
 * (0xfbff in lists): about -1.9 × 10^298 (-1.9 × 10^289). No number this
 * large in magnitude is treated as a literal; below it, none is a token.
 */
const TOKEN_MAGNITUDE = 1e280;

/** cdktf's resolver refuses to go deeper (a cycle, it assumes). */
const MAX_DEPTH = 200;

/** A value that is not literal: the caller falls back to cdktf's resolver. */
class NotLiteral extends Error {}
const NOT_LITERAL = new NotLiteral();

function isTokenNumber(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n) >= TOKEN_MAGNITUDE;
}

/** Whether cdktf's resolver would write this string unchanged. */
export function isLiteralString(text: string): boolean {
  if (text.includes(TOKEN_MARKER)) return false;
  if (!NUMBER_CORE.test(text)) return true;
  NUMBER_IN_STRING.lastIndex = 0;
  for (let match = NUMBER_IN_STRING.exec(text); match; match = NUMBER_IN_STRING.exec(text)) {
    if (isTokenNumber(parseFloat(match[0]))) return false;
  }
  return true;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * What cdktf's resolver returns for a literal value: a deep copy without
 * undefined values (in objects and in arrays). Throws NOT_LITERAL otherwise.
 * Keys are copied in sorted order, as the JSON is written: the HCL renderer
 * then finds them in order (see `asWritten` in hcl.ts).
 */
function copy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case "string":
      if (!isLiteralString(value)) throw NOT_LITERAL;
      return value;
    case "number":
      if (isTokenNumber(value)) throw NOT_LITERAL;
      return value;
    case "boolean":
    case "undefined":
      return value;
    case "object": {
      if (value === null) return null;
      if (depth > MAX_DEPTH) throw NOT_LITERAL;
      if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (const item of value) {
          const copied = copy(item, depth + 1);
          if (copied !== undefined) out.push(copied);
        }
        return out;
      }
      if (!isPlainObject(value)) throw NOT_LITERAL;
      const out: Record<string, unknown> = {};
      for (const key of writtenOrder(Object.keys(value))) {
        if (!isLiteralString(key)) throw NOT_LITERAL;
        const copied = copy((value as Record<string, unknown>)[key], depth + 1);
        if (copied !== undefined) out[key] = copied;
      }
      return out;
    }
    default:
      throw NOT_LITERAL;
  }
}


/** A literal value as cdktf's resolver would return it; undefined when it is not literal. */
export function literalCopy<T>(value: T): T | undefined {
  try {
    return copy(value, 0) as T;
  } catch (error) {
    if (error === NOT_LITERAL) return undefined;
    throw error;
  }
}

/**
 * cdktf's `deepMerge` (cdktf/lib/util.js), for literal values: objects are
 * merged, arrays concatenated, an undefined value deletes the key. An
 * object merged where the target has nothing is taken as it is instead of
 * copied key by key: the same content, and every object merged here is a
 * copy of this build's own, or comes from the overrides, whose keys are
 * copied at the end (see `build`). Objects that got keys of another are
 * recorded in `merged`: their keys may no longer be in order.
 */
function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>, merged: Set<object>): void {
  merged.add(target);
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      if (target[key] === undefined) target[key] = value;
      else {
        if (typeof target[key] !== "object") target[key] = {};
        deepMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>, merged);
      }
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...existing, ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}

/** The stack's elements in cdktf's order (pre-order, not into nested stacks). */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) terraformElements(child, into);
  }
  return into;
}

/**
 * The stack-level overrides as `TerraformStack.addOverride` records them,
 * replayed from the calls in order.
 */
export function overridesOf(calls: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const [path, value] of calls) {
    const parts = path.split(".");
    let current = overrides;
    while (parts.length > 1) {
      const key = parts.shift()!;
      const next = current[key];
      if (next == null || typeof next !== "object" || Array.isArray(next)) current[key] = {};
      current = current[key] as Record<string, unknown>;
    }
    current[parts.shift()!] = value;
  }
  return overrides;
}

/**
 * What `stack.toTerraform()` returns, when every part of it is literal, with
 * every object's keys in sorted order, as written; otherwise undefined.
 * `overrides` are the stack's `addOverride` calls, in order (cdktf keeps
 * them private).
 */
export function literalTerraform(stack: TerraformStack, overrides: readonly (readonly [string, unknown])[]): Record<string, unknown> | undefined {
  try {
    return build(stack, overridesOf(overrides));
  } catch (error) {
    if (error === NOT_LITERAL) return undefined;
    throw error;
  }
}

/**
 * `TerraformStack.toTerraform()` (cdktf/lib/terraform-stack.js), with `copy`
 * for `resolve`; every object's keys in the order `cdk.tf.json` holds them
 * (see `asWritten` in hcl.ts), so the HCL renderer need not sort it again.
 */
function build(stack: TerraformStack, rawOverrides: Record<string, unknown>): Record<string, unknown> {
  const merged = new Set<object>();
  const tf: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {
    version: stack.node.tryGetContext("cdktfVersion"),
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const elements = terraformElements(stack);
  for (const element of elements) deepMerge(metadata, copy(element.toMetadata(), 0) as Record<string, unknown>, merged);
  const outputs: Record<string, unknown> = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    const nested = element.node.path
      .split("/")
      .reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {});
    deepMerge(outputs, nested, merged);
  }
  tf["//"] = { metadata, outputs };
  for (const element of elements) deepMerge(tf, copy(element.toTerraform(), 0) as Record<string, unknown>, merged);
  // Throws NOT_LITERAL should the overrides hold anything but literals.
  copy(rawOverrides, 0);
  deepMerge(tf, rawOverrides, merged);
  // cdktf resolves the whole document once more. What the elements gave is
  // copied already (checked, without undefined, and deepMerge stores no
  // undefined): only the metadata and what the overrides reached remain.
  for (const key of ["//", ...Object.keys(rawOverrides)]) {
    if (!(key in tf)) continue;
    const copied = copy(tf[key], 0);
    if (copied === undefined) delete tf[key];
    else tf[key] = copied;
  }
  // Copies are in order; what deepMerge added keys to may not be.
  for (const object of merged) inOrder(object as Record<string, unknown>);
  return tf;
}

/** Puts an object's keys in sorted order, in place, unless they are already. */
function inOrder(object: Record<string, unknown>): void {
  const keys = Object.keys(object);
  if (inWrittenOrder(keys)) return;
  const entries = writtenOrder(keys).map((key) => [key, object[key]] as const);
  for (const [key] of entries) delete object[key];
  for (const [key, value] of entries) object[key] = value;
}

/**
 * Whether written Terraform JSON holds anything of a token: a marker, or a
 * number as large as an encoded number token (see TOKEN_MAGNITUDE). The last
 * guard of the literal path: such a file is written again by cdktf's own.
 */
export function holdsTokenText(text: string | Buffer): boolean {
  if (text.includes(TOKEN_MARKER)) return true;
  // Written bytes are searched as they are; decoded only when an exponent is there at all.
  if (typeof text !== "string" && !text.includes("e+2") && !text.includes("e+3")) return false;
  return /\de\+(?:2[89]\d|3\d\d)/.test(text.toString());
}
