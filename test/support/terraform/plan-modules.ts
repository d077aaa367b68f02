/**
 * Many plans for the price of one: each case a child module of ONE root
 * module, planned against a handcrafted state (see plan.ts), with one init
 * (while the cases are synthesized), one plan and one show. A plan spends
 * most of its time starting the aws provider (~700 MB) and reading its
 * schema, `terraform show -json` as much again.
 *
 * Each module keeps its stack's own provider block, with an override file
 * beside it that lets the provider run offline (offlineAwsOverride), and
 * its `moved` and `removed` blocks; `import` blocks are allowed in the root
 * module only, so they are hoisted into it, aimed at
 * `module.<case>.<address>`. Each case's state is under `module.<case>`.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { ProviderMirror, TerraformCli } from "./detect";
import { offlineRoot } from "./offline";
import { appliedResources, offlineAwsOverride, planOffline, stateFile, type ResourceChange, type StateResource } from "./plan";
import type { TerraformJsonDocument } from "./reduce";

/** One case of the plan: a module of the root. */
export interface PlannedModule {
  /** The module's name: `module.<name>` in the root. */
  readonly name: string;
  /** The stack planned now (reduced to what plans offline), its import blocks included. */
  readonly planned: TerraformJsonDocument;
  /** The stack applied before: the state holds its resources. @default nothing was applied */
  readonly applied?: TerraformJsonDocument;
  /** Where the module's aws provider sends a service's calls, e.g. `{ iam: fakeIam.url }`. @default none: no call is made */
  readonly endpoints?: Readonly<Record<string, string>>;
}

export interface PlanModulesOptions {
  /** The temporary folder's prefix. */
  readonly prefix: string;
  readonly mirror: ProviderMirror;
  readonly cli: TerraformCli;
  /** The account the state's ARNs name. */
  readonly accountId: string;
  /** The cases, made while `terraform init` runs (it needs only the provider). */
  readonly modules: () => Promise<readonly PlannedModule[]> | readonly PlannedModule[];
  /** A line said on stderr before the plan (what is planned, with what). @default none */
  readonly announce?: (names: readonly string[]) => string;
}

export interface PlannedModules {
  /** The temporary folder, for the caller to remove. */
  readonly tmp: string;
  /** By module: its resource changes, addresses (and previous addresses) without the `module.<name>.` prefix. */
  readonly changes: ReadonlyMap<string, ResourceChange[]>;
}

/** What the root module holds of its cases: the modules, their hoisted import blocks, and the state's resources. */
export interface WrittenModules {
  readonly module: Record<string, { source: string }>;
  readonly import: { to: string; id: string }[];
  readonly resources: StateResource[];
}

/** Writes each case as a module folder of `root` (its stack and its override file); returns what the root and the state need. */
export function writeModules(root: string, cases: readonly PlannedModule[], accountId: string): WrittenModules {
  const written: WrittenModules = { module: {}, import: [], resources: [] };
  for (const c of cases) {
    const planned = structuredClone(c.planned);
    for (const block of (planned.import ?? []) as { to: string; id: string }[]) written.import.push({ ...block, to: `module.${c.name}.${block.to}` });
    delete planned.import;
    mkdirSync(join(root, c.name));
    writeFileSync(join(root, c.name, "cdk.tf.json"), `${JSON.stringify(planned, null, 2)}\n`);
    writeFileSync(join(root, c.name, "zz_override.tf.json"), `${JSON.stringify(offlineAwsOverride(c.endpoints), null, 2)}\n`);
    written.module[c.name] = { source: `./${c.name}` };
    if (c.applied !== undefined) written.resources.push(...appliedResources(c.applied, { accountId, module: `module.${c.name}` }));
  }
  return written;
}

/** Plans every case in one root module; on failure, the temporary folder is removed before the error is thrown. */
export async function planModules(options: PlanModulesOptions): Promise<PlannedModules> {
  const terraform = offlineRoot(options.prefix, options.mirror);
  const { tmp, root, env } = terraform;
  try {
    const initializing = terraform.init();
    let written: WrittenModules = { module: {}, import: [], resources: [] };
    try {
      written = writeModules(root, await options.modules(), options.accountId);
    } finally {
      // Never leave terraform running into the temporary folder's removal.
      await initializing.catch(() => undefined);
    }
    await initializing;
    const names = Object.keys(written.module);
    writeFileSync(join(root, "terraform.tfstate"), `${JSON.stringify(stateFile(written.resources, options.cli.version), null, 2)}\n`);
    await terraform.join({ module: written.module, import: written.import });
    if (options.announce) process.stderr.write(`${options.announce(names)}\n`);
    const plan = await planOffline(root, env);
    const changes = new Map<string, ResourceChange[]>();
    for (const name of names) {
      const prefix = `module.${name}.`;
      const strip = (address: string | undefined) => (address?.startsWith(prefix) ? address.slice(prefix.length) : address);
      const own = (plan.resource_changes ?? []).filter((c) => c.address.startsWith(prefix));
      changes.set(
        name,
        own.map((c) => ({ ...c, address: strip(c.address)!, ...(c.previous_address ? { previous_address: strip(c.previous_address) } : {}) })),
      );
    }
    return { tmp, changes };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
