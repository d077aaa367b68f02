/**
 * `defaults:` and inheritance: a workload's setting comes from the workload,
 * else from its cluster, else from `defaults:`; a cluster's setting from the
 * cluster, else from `defaults:`. Tags are the exception: they are merged
 * key by key (see tags.ts).
 *
 * Every setting remembers where it was written, so that a bad value under
 * `defaults:` is reported once, at its own line, not at every workload that
 * inherits it.
 */
import type { ProblemCollector } from "./collector";
import type { ConfigPath } from "./problems";
import { defaultsSchema, type RawCluster, type RawDefaults, type RawWorkload } from "./schema";

/** A setting and where it was written. */
export interface Setting<T> {
  readonly value: T;
  readonly path: ConfigPath;
}

/** `defaults:` as far as it can be read; `{}` when absent. */
export function readDefaults(raw: unknown, out: ProblemCollector): Partial<RawDefaults> {
  if (raw === undefined) return {};
  return out.shapeLenient(defaultsSchema, raw, ["defaults"]) ?? {};
}

type ClusterKey = keyof RawCluster & keyof RawDefaults;
type WorkloadKey = keyof RawWorkload & keyof RawDefaults;

/** A cluster setting: the cluster's own, else the default. */
export function pick<T>(key: ClusterKey, cluster: Partial<RawCluster>, defaults: Partial<RawDefaults>, clusterPath: ConfigPath): Setting<T> | undefined {
  if (cluster[key] !== undefined) return { value: cluster[key] as T, path: [...clusterPath, key] };
  if (defaults[key] !== undefined) return { value: defaults[key] as T, path: ["defaults", key] };
  return undefined;
}

/** A workload setting: the workload's own, else its cluster's, else the default. */
export function pickForWorkload<T>(
  key: WorkloadKey,
  workload: Partial<RawWorkload>,
  workloadPath: ConfigPath,
  cluster: Partial<RawCluster>,
  defaults: Partial<RawDefaults>,
  clusterPath: ConfigPath,
): Setting<T> | undefined {
  if (workload[key] !== undefined) return { value: workload[key] as T, path: [...workloadPath, key] };
  return pick<T>(key, cluster, defaults, clusterPath);
}
