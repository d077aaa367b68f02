/**
 * IAM tags: the AWS provider's default tags (file and cluster tags, merged
 * key by key, plus the generator's own) reach every resource; a workload's
 * tags are its role's own. IAM allows 50 tags per resource, counting the
 * default tags, and treats tag keys that differ only in case as one key.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
import type { ProblemCollector } from "./collector";
import { formatPath, type ConfigPath } from "./problems";
import * as rules from "../model/rules";
import { compare } from "../common/compare";
import { CLUSTER_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, SERVICE_ACCOUNT_TAG } from "../model/tags";

const RESERVED_PREFIX = "irsa-gen/";

/** One layer of tags as written, and where. */
export interface TagLayer {
  readonly path: ConfigPath;
  readonly entries: readonly (readonly [string, string])[];
}

/**
 * Reads one layer of tags (`defaults:`, a cluster, a workload): key and
 * value formats, and the keys the generator owns. Entries with problems are
 * left out.
 */
export function readTags(raw: unknown, path: ConfigPath, out: ProblemCollector): TagLayer {
  if (raw === undefined) return { path, entries: [] };
  const entries: [string, string][] = [];
  for (const [key, value] of out.stringMap(raw, path)) {
    const at = [...path, key];
    let ok = true;
    if (!rules.TAG_KEY.test(key) || key.toLowerCase().startsWith("aws:")) {
      out.error(at, "is not a valid IAM tag key", "Use 1 to 128 letters, digits, spaces and _.:/=+-@, not starting with aws:", key, true);
      ok = false;
    } else if (key.toLowerCase() === MANAGED_BY_TAG || key.toLowerCase().startsWith(RESERVED_PREFIX)) {
      out.error(at, `is a tag key irsa-gen reserves: it sets ${MANAGED_BY_TAG}, ${CLUSTER_TAG} and ${SERVICE_ACCOUNT_TAG} on what it creates, and one value would silently replace the other`, "Use another key", key, true);
      ok = false;
    }
    if (!rules.TAG_VALUE.test(value)) {
      out.error(at, "is not a valid IAM tag value", "Use at most 256 letters, digits, spaces and _.:/=+-@", value);
      ok = false;
    }
    if (ok) entries.push([key, value]);
  }
  return { path, entries };
}

/** Tags by key, with where each was written. */
export type TagSet = ReadonlyMap<string, { readonly value: string; readonly path: ConfigPath }>;

/**
 * The AWS provider's default tags of a cluster: the layers merged key by
 * key (a later layer's value for the same key wins), plus the generator's.
 */
export function providerTags(layers: readonly TagLayer[], clusterName: string, out: ProblemCollector): { readonly tags: Record<string, string>; readonly set: TagSet } {
  const set = mergeLayers(layers, new Map(), out);
  const generated = new Map(set);
  generated.set(MANAGED_BY_TAG, { value: MANAGED_BY_VALUE, path: [] });
  generated.set(CLUSTER_TAG, { value: clusterName, path: [] });
  if (generated.size > rules.TAGS_MAX) {
    const last = [...layers].reverse().find((l) => l.entries.length > 0);
    out.error(last?.path ?? [], `gives every resource ${generated.size} default tags, counting the 2 irsa-gen adds; IAM allows ${rules.TAGS_MAX}`, "Remove tags", generated.size);
  }
  return { tags: toRecord(generated), set: generated };
}

/**
 * A role's own tags. With the provider's default tags (a role's own value
 * for the same key wins) they must stay within IAM's 50.
 */
export function roleTags(layer: TagLayer, extra: readonly (readonly [string, string])[], provider: TagSet, out: ProblemCollector): Record<string, string> {
  const own = mergeLayers([layer], provider, out);
  const all = new Map(own);
  for (const [key, value] of extra) all.set(key, { value, path: [] });
  const union = new Set([...provider.keys(), ...all.keys()]);
  if (union.size > rules.TAGS_MAX) {
    out.error(layer.entries.length > 0 ? layer.path : layer.path.slice(0, -1), `gives the role ${union.size} tags together with the AWS provider's default tags (the file's and the cluster's tags, and irsa-gen's own); IAM allows ${rules.TAGS_MAX} per role`, "Remove tags here or from the cluster's and the file's tags", union.size);
  }
  return toRecord(all);
}

/** Merges layers; keys that differ only in case are refused (IAM would see one key twice). */
function mergeLayers(layers: readonly TagLayer[], before: TagSet, out: ProblemCollector): Map<string, { value: string; path: ConfigPath }> {
  const merged = new Map<string, { value: string; path: ConfigPath }>();
  const byLower = new Map<string, { key: string; path: ConfigPath }>();
  for (const [key, entry] of before) byLower.set(key.toLowerCase(), { key, path: entry.path });
  for (const layer of layers) {
    for (const [key, value] of layer.entries) {
      const at = [...layer.path, key];
      const other = byLower.get(key.toLowerCase());
      if (other && other.key !== key) {
        out.error(at, `differs from the tag key "${other.key}"${other.path.length > 0 ? ` (at ${formatPath(other.path)})` : ""} only in case: IAM tag keys ignore case, so the role would get one key twice`, `Spell it "${other.key}"`, key, true);
        continue;
      }
      byLower.set(key.toLowerCase(), { key, path: at });
      merged.set(key, { value, path: at });
    }
  }
  return merged;
}

function toRecord(tags: ReadonlyMap<string, { readonly value: string }>): Record<string, string> {
  return Object.fromEntries([...tags].map(([key, { value }]) => [key, value] as const).sort(([a], [b]) => compare(a, b)));
}
