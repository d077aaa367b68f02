/**
 * Earlier names of workloads (`previously`): their blocks are moved, not
 * destroyed, and the role keeps the name it was created with. Pure: no
 * cdktf.
 */
import { defaultRoleName, workloadLabel } from "../model/naming";
import type { ProblemCollector } from "./collector";
import { checkTerraformName } from "./names";
import type { PreviousName } from "../model/model";
import type { ConfigPath } from "./problems";
import type { RawWorkload } from "./schema";

export interface PreviousInput {
  readonly workload: RawWorkload;
  readonly path: ConfigPath;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly id: string;
  readonly checkNamespace: (namespace: string, at: ConfigPath) => void;
  readonly checkServiceAccount: (name: string, at: ConfigPath) => void;
}

/** Earlier names, oldest first; each missing part is the current one. */
export function resolvePrevious(input: PreviousInput, out: ProblemCollector): PreviousName[] {
  const raw = input.workload.previously;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const at = [...input.path, "previously"];
  const seen = new Set<string>([input.id]);
  const names: PreviousName[] = [];
  list.forEach((entry, index) => {
    const where = Array.isArray(raw) ? [...at, index] : at;
    if (entry.namespace === undefined && entry.serviceAccount === undefined && entry.terraformName === undefined) {
      out.error(where, "names nothing", "Give the namespace, serviceAccount or terraformName the workload had before");
      return;
    }
    const namespace = entry.namespace ?? input.namespace;
    const serviceAccount = entry.serviceAccount ?? input.serviceAccount;
    if (entry.namespace !== undefined) input.checkNamespace(entry.namespace, [...where, "namespace"]);
    if (entry.serviceAccount !== undefined) input.checkServiceAccount(entry.serviceAccount, [...where, "serviceAccount"]);
    checkTerraformName(entry.terraformName, [...where, "terraformName"], out);
    const id = entry.terraformName ?? workloadLabel(namespace, serviceAccount);
    if (seen.has(id)) {
      out.error(where, id === input.id ? "gives the workload's current Terraform name" : "repeats an earlier name", "List each earlier name once, oldest first, and never the current one", id);
      return;
    }
    seen.add(id);
    names.push({ namespace, serviceAccount, id, finished: entry.finished ?? false });
  });
  return names;
}

/**
 * The role's name when none is set: the default name of the oldest name
 * the workload had, so that a renamed workload keeps its role (IAM cannot
 * rename a role: a new name would replace it).
 */
export function keptRoleName(cluster: string, previous: readonly PreviousName[], namespace: string, serviceAccount: string): string {
  const first = previous[0];
  return first ? defaultRoleName(cluster, first.namespace, first.serviceAccount) : defaultRoleName(cluster, namespace, serviceAccount);
}
