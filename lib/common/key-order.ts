/**
 * The order of an object's keys in written Terraform JSON: cdktf writes
 * `cdk.tf.json` with json-stable-stringify, which sorts every object's keys
 * by UTF-16 code units (`Array.prototype.sort`'s default, the order of
 * `compare`). The literal path builds its documents in this order, and the
 * HCL renderer writes blocks and attributes in it.
 */

/** Whether `keys` are in written order already (most of what cdktf's bindings give is). */
export function inWrittenOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** `keys` in written order: the same array when they are in it already, else sorted in place. */
export function writtenOrder(keys: string[]): string[] {
  return inWrittenOrder(keys) ? keys : keys.sort();
}
