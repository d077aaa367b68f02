import { entries, type JsonObject, type JsonValue } from "./terraform-json";

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
