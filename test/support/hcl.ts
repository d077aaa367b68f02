/**
 * Comparing HCL, as HashiCorp's parser reads it (`@cdktf/hcl2json`), with
 * Terraform JSON.
 */

/** The bare address of an import, moved or removed block (`aws_iam_role.x`). */
const ADDRESS = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/;
/** The keys whose value Terraform reads as an address or a provider configuration (`aws.payments`), not as a string (and the items of `depends_on`). */
const ADDRESS_KEYS = new Set(["to", "from", "provider"]);

/**
 * The shape both formats share: `//` metadata dropped; a single object the
 * same as a list of one (HCL cannot tell one block from a list of one block,
 * and cdktf's JSON writes both); and an address written bare in HCL
 * (`to = aws_iam_role.x`, which the parser reports as `"${aws_iam_role.x}"`)
 * the same as the JSON's `"aws_iam_role.x"`.
 */
export function canonical(value: unknown, key?: string): unknown {
  if (typeof value === "string" && key !== undefined && ADDRESS_KEYS.has(key)) {
    const inner = /^\$\{(.*)\}$/.exec(value)?.[1];
    if (inner !== undefined && ADDRESS.test(inner)) return inner;
  }
  if (Array.isArray(value)) {
    // `depends_on = [aws_eks_addon.x]`: a list of bare addresses, as `to` and `from` are one.
    if (key === "depends_on") return value.map((item) => canonical(item, "to"));
    if (value.length === 1 && isObject(value[0])) return canonical(value[0]);
    return value.map((item) => canonical(item));
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (k !== "//") out[k] = canonical(item, k);
    }
    return [out];
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
