/**
 * Terraform JSON as `cdk.tf.json` holds it: its values, and the order cdktf
 * writes them in. The HCL renderer and the literal path both work on this
 * shape.
 */
import { inWrittenOrder, writtenOrder } from "../common/key-order";

/** A value of Terraform JSON. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

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
  let changed = !inWrittenOrder(keys);
  const copies = new Map<string, unknown>();
  for (const key of keys) {
    const item = record[key];
    const copy = item === undefined ? undefined : sorted(item);
    if (copy !== item || copy === undefined) changed = true;
    copies.set(key, copy);
  }
  if (!changed) return value;
  // Built as JSON.parse builds objects: a key named `__proto__` is an own
  // property, never the prototype (an assignment would set the prototype).
  return Object.fromEntries(writtenOrder(keys).flatMap((key) => (copies.get(key) === undefined ? [] : [[key, copies.get(key)] as const])));
}

export function object(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function entries(value: JsonValue | undefined): [string, JsonValue][] {
  const found = object(value);
  return found ? Object.entries(found) : [];
}
