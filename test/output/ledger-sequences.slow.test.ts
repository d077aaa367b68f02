/**
 * The ledger law over random sequences of edits (fast-check's model-based
 * testing): a config edited step by step as users do (add, remove, retire,
 * rename with and without the earlier terraformName, finish a rename, drop
 * previously, protect on and off, identity, the agent, every OIDC mode,
 * createNamespace and createServiceAccount, rolePath and roleName, adopt;
 * EKS add-ons added, adopted, retired, removed, protected, moved between
 * IRSA and Pod Identity; a role moved to a team's account and back or to
 * an account of the cluster's own id, the team's deploy role rotated, the
 * cluster's provider there created, looked up or adopted, the team's
 * account dropped from accounts:;
 * and a shared role of two clusters: a workload of either cluster names it,
 * its home moves, a cluster leaves it, it is retired with keep or destroy,
 * deleted, protected and not), each step
 * synthesized as `irsa-gen synth` does, and applied to a simulated
 * Terraform state per stack: its `moved` and `removed` blocks, then what
 * the output manages; the home's stack first (the others name the role by
 * ARN), and for a move of the home in the order the README gives (the new
 * home first) or the other it says is safe too. The simulation is the
 * oracle, independent of lib/'s own accounting:
 * - nothing is created over an object that still exists (a let-go-of
 *   block managed again is imported);
 * - nothing that must not go (a protected role, service account or
 *   association; a namespace; the OIDC provider; an add-on, the agent's
 *   or one with a role, unless retired with destroy) is
 *   destroyed or replaced, but an old name's service account and
 *   association once its rename is said finished;
 * - every destroy and replacement the apply does was announced;
 * - the same config synthesized from a fresh clone (the config and the
 *   ledger only) writes the same stacks and ledger, or is refused alike;
 * - a second synthesis without a change writes the same bytes;
 * - whatever the apply destroys or forgets in another account, the stack
 *   still has that account's provider (Terraform acts on a resource with
 *   the provider its state names);
 * - a shared role not retired exists in AWS after every stack's apply (it
 *   is one object, whichever stacks manage it), and one stack's state
 *   manages it once the step is applied.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { IrsaConfig } from "../../lib/model/model";
import { validateConfig } from "../../lib/config/validate";
import { LedgerRefused } from "../../lib/output/ledger-file";
import type { Judgement } from "../../lib/output/ledger";
import { terraformLabel, workloadLabel } from "../../lib/model/naming";
import { synthesize } from "../../lib/synthesis/synth";
import { readTree, tempDir } from "../support/files";

const ACCOUNT = "111122223333";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/SEQ";
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/SEQ`;
const NAMESPACES = ["a", "b", "a-b", "a--b"];
const ACCOUNTS = ["x", "y"];
/** The team's account, which roles may move to; `platform` is an account of the cluster's own id. */
const TEAM_ACCOUNT = "444455556666";
/** The second cluster, beside prod: where the shared role's workloads also run, and its home may move. */
const GREEN_ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/GREEN";
const CLUSTERS = ["prod", "green"] as const;
type ClusterName = (typeof CLUSTERS)[number];
/** The shared role's key: its blocks are `aws_iam_role.shared_payments_api` and the like, in its home's stack. */
const ROLE = "payments-api";
const ROLE_ADDRESS = "aws_iam_role.shared_payments_api";
/** The namespaces of the shared role's workloads: none of prod's own workloads is ever named so. */
const SHARED_NAMESPACES = ["s", "t"];

interface Workload {
  ns: string;
  sa: string;
  protect: boolean;
  identity: "irsa" | "both" | "pod-identity";
  createNamespace: boolean;
  createServiceAccount: boolean;
  inline: boolean;
  rolePath?: string;
  roleName?: string;
  terraformName?: string;
  previously: { namespace: string; serviceAccount: string; terraformName?: string; finished?: boolean }[];
  retire?: "keep" | "destroy";
  adopt?: boolean;
  /** `roleAccount`: the team's account, or `platform` (the cluster's own id). */
  account?: "team" | "platform";
}

interface Addon {
  name: string;
  protect: boolean;
  identity: "irsa" | "pod-identity";
  adopt?: boolean;
  retire?: "keep" | "destroy";
}

/** A workload naming the shared role. */
interface Member {
  cluster: ClusterName;
  ns: string;
  sa: string;
  identity: "irsa" | "both" | "pod-identity";
  /** `serviceAccountPattern: <sa>-*` (IRSA only) instead of the name. */
  pattern: boolean;
  protect: boolean;
  retire?: "keep";
}

interface SharedRole {
  home: ClusterName;
  protect: boolean;
  retire?: "keep" | "destroy";
  members: Member[];
}

interface Model {
  workloads: Workload[];
  addons: Addon[];
  /** The shared role, while `roles:` holds it. */
  role?: SharedRole;
  /** By cluster: `releasesApplied`. */
  releasesApplied: Partial<Record<ClusterName, string[]>>;
  agent: boolean;
  oidc: "create" | "lookup" | "arn" | "adopt";
  /** The cluster's provider in the team's account. */
  teamOidc: "create" | "lookup" | "adopt";
  /** Which role Terraform assumes in the team's account. */
  teamRole: "deployer" | "deployer-v2";
  /** Whether accounts: still names the team's account. */
  teamListed: boolean;
  /** What the step is allowed to destroy although it must not go otherwise: a finished rename's old name. */
  consent: Set<string>;
  steps: string[];
}

function memberRaw(m: Member): Record<string, unknown> {
  return {
    namespace: m.ns,
    ...(m.pattern ? { serviceAccountPattern: `${m.sa}-*` } : { serviceAccount: m.sa }),
    role: ROLE,
    identity: m.pattern ? "irsa" : m.identity,
    protect: m.protect,
    ...(m.retire ? { retire: m.retire } : {}),
  };
}

function raw(model: Model): unknown {
  const inTeam = model.workloads.some((w) => w.account === "team");
  const members = (cluster: ClusterName) => (model.role?.members ?? []).filter((m) => m.cluster === cluster).map(memberRaw);
  const applied = (cluster: ClusterName) => (model.releasesApplied[cluster] ? { releasesApplied: model.releasesApplied[cluster] } : {});
  return {
    accounts: {
      ...(model.teamListed ? { team: { accountId: TEAM_ACCOUNT, assumeRoleArn: `arn:aws:iam::${TEAM_ACCOUNT}:role/${model.teamRole}`, externalId: "seq" } } : {}),
      platform: { accountId: ACCOUNT, assumeRoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer` },
    },
    ...(model.role
      ? {
          roles: [
            {
              name: ROLE,
              home: model.role.home,
              protect: model.role.protect,
              managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
              policyStatements: [{ actions: ["s3:PutObject"], resources: ["arn:aws:s3:::payments/*"] }],
              ...(model.role.retire ? { retire: model.role.retire } : {}),
            },
          ],
        }
      : {}),
    clusters: [
      {
        name: "prod",
        region: "eu-west-1",
        accountId: ACCOUNT,
        oidcIssuerUrl: ISSUER,
        oidcThumbprint: false,
        podIdentityAgent: model.agent,
        oidcProvider: model.oidc === "arn" ? { arn: PROVIDER_ARN } : model.oidc,
        ...(inTeam && model.teamListed ? { oidcProviders: { team: model.teamOidc } } : {}),
        workloads: model.workloads.map((w): Record<string, unknown> => ({
          namespace: w.ns,
          serviceAccount: w.sa,
          protect: w.protect,
          identity: w.identity,
          createNamespace: w.createNamespace,
          createServiceAccount: w.createServiceAccount,
          managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
          ...(w.inline ? { policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] } : {}),
          ...(w.rolePath ? { rolePath: w.rolePath } : {}),
          ...(w.roleName && !w.adopt ? { roleName: w.roleName } : {}),
          ...(w.terraformName ? { terraformName: w.terraformName } : {}),
          ...(w.previously.length > 0 ? { previously: w.previously } : {}),
          ...(w.retire ? { retire: w.retire } : {}),
          ...(w.adopt ? { adopt: { role: w.roleName } } : {}),
          ...(w.account ? { roleAccount: w.account } : {}),
        })).concat(members("prod")),
        addons: model.addons.map((a) => ({
          name: a.name,
          protect: a.protect,
          identity: a.identity,
          ...(a.adopt ? { adopt: true } : {}),
          ...(a.retire ? { retire: a.retire } : {}),
        })),
        ...applied("prod"),
      },
      {
        name: "green",
        region: "eu-west-1",
        accountId: ACCOUNT,
        oidcIssuerUrl: GREEN_ISSUER,
        oidcThumbprint: false,
        podIdentityAgent: true,
        workloads: members("green"),
        ...applied("green"),
      },
    ],
  };
}

// ---------------------------------------------------------------------------
// The simulated Terraform state

interface StateEntry {
  readonly keys: Record<string, string>;
  /** Must never be destroyed or replaced without the config's consent. */
  readonly mustStay: boolean;
  /** The provider configuration it was applied with (`aws.team`), when not the default. */
  readonly provider?: string;
}
type State = Map<string, StateEntry>;

type Json = Record<string, any>;

/**
 * The values that make Terraform replace each kind of block, read from the
 * JSON (references resolved); an AWS object's account is one of them (the
 * provider configuration it is made with: another account, another object).
 */
function keysOf(type: string, body: Json, stack: Json): Record<string, string> {
  const keys = keysOfType(type, body, stack);
  return type.startsWith("aws_") && typeof body.provider === "string" ? { ...keys, provider: body.provider } : keys;
}

function keysOfType(type: string, body: Json, stack: Json): Record<string, string> {
  const resolve = (value: unknown): string => {
    const m = typeof value === "string" ? /^\$\{(aws_iam_role|kubernetes_namespace_v1)\.([\w-]+)\.(name|metadata\[0\]\.name)\}$/.exec(value) : null;
    if (!m) return String(value);
    const target = stack.resource?.[m[1]]?.[m[2]];
    return m[1] === "aws_iam_role" ? String(target?.name) : String(target?.metadata?.name);
  };
  switch (type) {
    case "aws_iam_role":
      return { name: body.name, path: body.path };
    case "aws_iam_role_policy":
      return { name: body.name, role: resolve(body.role) };
    case "aws_iam_role_policy_attachment":
      return { policy: body.policy_arn, role: resolve(body.role) };
    case "aws_iam_role_policy_attachments_exclusive":
    case "aws_iam_role_policies_exclusive":
      return { role: resolve(body.role_name) };
    case "kubernetes_service_account_v1":
      return { namespace: resolve(body.metadata.namespace), name: body.metadata.name };
    case "kubernetes_namespace_v1":
      return { name: body.metadata.name };
    case "aws_eks_pod_identity_association":
      return { cluster: body.cluster_name, namespace: body.namespace, serviceAccount: body.service_account };
    case "aws_iam_openid_connect_provider":
      return { url: body.url };
    case "aws_eks_addon":
      return { cluster: body.cluster_name, name: body.addon_name };
    default:
      return {};
  }
}

/** Whether the block must stay: a protected workload's role, service account or association (under any of its names), and what a cluster shares. */
function mustStay(cluster: ClusterName, type: string, body: Json, keys: Record<string, string>, model: Model): boolean {
  if (type === "kubernetes_namespace_v1" || type === "aws_iam_openid_connect_provider" || type === "aws_eks_addon") return true;
  if (type === "aws_iam_role") return body.lifecycle?.prevent_destroy === true;
  if (type !== "kubernetes_service_account_v1" && type !== "aws_eks_pod_identity_association") return false;
  const ns = keys.namespace;
  const name = type === "kubernetes_service_account_v1" ? keys.name : keys.serviceAccount;
  if (cluster !== "prod") return sharedMemberStays(cluster, ns, name, model);
  return (
    model.workloads.some((w) => w.protect && w.retire === undefined && [{ namespace: w.ns, serviceAccount: w.sa }, ...w.previously].some((n) => n.namespace === ns && n.serviceAccount === name)) ||
    sharedMemberStays(cluster, ns, name, model)
  );
}

/** A protected workload of the shared role keeps its service account and association. */
function sharedMemberStays(cluster: ClusterName, ns: string, name: string, model: Model): boolean {
  return (model.role?.members ?? []).some((m) => m.cluster === cluster && m.protect && m.retire === undefined && !m.pattern && m.ns === ns && m.sa === name);
}

interface Applied {
  readonly destroyed: string[];
  readonly replaced: string[];
  /** Created over an object that already exists (let go of earlier, still there): the apply would fail. */
  readonly clashes: string[];
  /** Destroyed or forgotten without the provider configuration its state names: the plan would fail. */
  readonly providerless: string[];
}

/** What exists in AWS and the clusters, whatever Terraform manages: objects by type and the values that name them. */
type World = Set<string>;
/** An object of AWS (one account: IAM is global to it) or, for Kubernetes', of the cluster it is in. */
const objectOf = (cluster: ClusterName, address: string, keys: Record<string, string>) => {
  const type = address.slice(0, address.indexOf("."));
  return `${type.startsWith("kubernetes_") ? `${cluster}: ` : ""}${type} ${JSON.stringify(keys)}`;
};
/** The shared role's IAM role, as an object of the account. */
const SHARED_ROLE_OBJECT = objectOf("prod", ROLE_ADDRESS, { name: ROLE, path: "/" });

/** Applies a stack's state blocks, then its resources, to the state: what Terraform would destroy and replace. */
function apply(cluster: ClusterName, state: State, world: World, stack: Json, model: Model): Applied {
  const aliases = new Set(((stack.provider?.aws ?? []) as Json[]).filter((p) => p.alias).map((p) => `aws.${p.alias}`));
  const providerless: string[] = [];
  const needsItsProvider = (address: string) => {
    const provider = state.get(address)?.provider;
    if (provider !== undefined && !aliases.has(provider)) providerless.push(`${address} (${provider})`);
  };
  for (const { from, to } of (stack.moved ?? []) as { from: string; to: string }[]) {
    if (state.has(from) && !state.has(to)) {
      state.set(to, state.get(from)!);
      state.delete(from);
    }
  }
  for (const { from } of (stack.removed ?? []) as { from: string }[]) {
    needsItsProvider(from);
    state.delete(from);
  }
  const next: State = new Map();
  for (const [type, blocks] of Object.entries<Record<string, Json>>(stack.resource ?? {})) {
    for (const [label, body] of Object.entries(blocks)) {
      const keys = keysOf(type, body, stack);
      next.set(`${type}.${label}`, { keys, mustStay: mustStay(cluster, type, body, keys, model), ...(typeof body.provider === "string" ? { provider: body.provider } : {}) });
    }
  }
  const destroyed = [...state.keys()].filter((a) => !next.has(a));
  destroyed.forEach(needsItsProvider);
  const replaced = [...next].filter(([a, e]) => {
    const was = state.get(a);
    return was !== undefined && Object.keys(was.keys).some((k) => k in e.keys && was.keys[k] !== e.keys[k]);
  });
  const imported = new Set(((stack.import ?? []) as { to: string }[]).map((i) => i.to));
  for (const a of [...destroyed, ...replaced.map(([r]) => r)]) world.delete(objectOf(cluster, a, state.get(a)!.keys));
  const clashes: string[] = [];
  for (const [a, e] of next) {
    const created = !state.has(a) || replaced.some(([r]) => r === a);
    if (created && !imported.has(a) && world.has(objectOf(cluster, a, e.keys))) clashes.push(a);
    world.add(objectOf(cluster, a, e.keys));
  }
  state.clear();
  for (const [a, e] of next) state.set(a, e);
  return { destroyed, replaced: replaced.map(([a]) => a), clashes, providerless };
}

// ---------------------------------------------------------------------------
// The real system: synthesize over the previous output, and from a fresh clone

interface Real {
  dir: string;
  /** One Terraform state per stack. */
  states: Record<ClusterName, State>;
  world: World;
}

type Outcome = { refused: string } | { stacks: Record<string, string>; ledger: string; judgement: Judgement };

async function synthIn(config: IrsaConfig, dir: string, outdir: string): Promise<Outcome> {
  let judgement: Judgement | undefined;
  try {
    await synthesize(config, { outdir, hcl: false, projectDir: dir, ledger: { file: join(dir, "irsa.ledger.json"), locked: false }, onLedger: (run) => (judgement = run.judgement) });
  } catch (error) {
    if (error instanceof LedgerRefused) return { refused: error.problems.join("\n") };
    throw error;
  }
  const tree = readTree(outdir);
  const stacks = Object.fromEntries(Object.entries(tree).filter(([f]) => f.endsWith("cdk.tf.json")));
  return { stacks, ledger: readFileSync(join(dir, "irsa.ledger.json"), "utf8"), judgement: judgement! };
}

/** What the sequences exercised, so that a run that tried nothing fails. */
const seen = { applied: 0, refused: 0, destroyed: 0, replaced: 0, released: 0, moved: 0, addons: 0, otherAccount: 0, sharedApplied: 0, handedOver: 0, handedOverOldFirst: 0, sharedReleasesApplied: 0 };

/** The order the stacks of a step are applied in: the shared role's home first (the others name it by ARN). */
type Order = (before: Model, after: Model) => ClusterName[];
const homeFirst: Order = (_, after) => [...CLUSTERS].sort((a, b) => Number(b === after.role?.home) - Number(a === after.role?.home));

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly edit: (model: Model, real: Real) => boolean,
    readonly order: Order = homeFirst,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    const previous = structuredClone({ ...model, consent: [...model.consent] });
    model.consent = new Set();
    if (!this.edit(model, real)) return;
    const result = validateConfig("irsa.yaml", raw(model));
    if (!result.config || result.problems.some((p) => p.severity === "error")) {
      // A config the validator refuses never reaches synthesis: the user fixes it.
      Object.assign(model, { ...previous, consent: new Set(previous.consent) });
      return;
    }
    model.steps.push(this.name);
    const config = result.config;

    // A fresh clone: the config and the ledger, no output folder.
    const fresh = join(real.dir, "fresh");
    rmSync(fresh, { recursive: true, force: true });
    mkdirSync(fresh);
    if (existsSync(join(real.dir, "irsa.ledger.json"))) cpSync(join(real.dir, "irsa.ledger.json"), join(fresh, "irsa.ledger.json"));
    const cloned = await synthIn(config, fresh, join(fresh, "out"));
    const over = await synthIn(config, real.dir, join(real.dir, "out"));

    // THEN the fresh clone decides as the working copy does
    if ("refused" in over) {
      expect({ steps: model.steps, fresh: "refused" in cloned ? cloned.refused : "accepted" }).toEqual({ steps: model.steps, fresh: over.refused });
      Object.assign(model, { ...previous, consent: new Set(previous.consent) });
      seen.refused++;
      return;
    }
    expect("refused" in cloned ? cloned.refused : undefined).toBeUndefined();
    if ("refused" in cloned) return;
    expect(cloned.stacks).toEqual(over.stacks);
    expect(cloned.ledger).toBe(over.ledger);

    // AND a second synthesis without a change writes the same bytes
    const again = await synthIn(config, real.dir, join(real.dir, "out"));
    expect("refused" in again ? again.refused : again.stacks).toEqual(over.stacks);

    // WHEN the output is applied, stack by stack, each to its own state
    const order = this.order(previous as unknown as Model, model);
    const live = model.role !== undefined && model.role.retire === undefined;
    if (previous.role !== undefined && model.role !== undefined && previous.role.home !== model.role.home) {
      seen.handedOver++;
      if (order[0] === previous.role.home) seen.handedOverOldFirst++;
    }
    for (const cluster of order) {
      const stack = JSON.parse(over.stacks[`stacks/${cluster}/cdk.tf.json`]) as Json;
      const state = real.states[cluster];
      const before = new Map(state);
      const { destroyed, replaced, clashes, providerless } = apply(cluster, state, real.world, stack, model);
      const at = { steps: model.steps, stack: cluster };
      // AND what goes in another account goes through that account's provider
      expect({ ...at, providerless }).toEqual({ ...at, providerless: [] });
      seen.otherAccount += [...state.values()].filter((e) => e.provider !== undefined).length > 0 ? 1 : 0;
      // AND nothing is created over what exists (what was let go of is imported when managed again)
      expect({ ...at, clashes }).toEqual({ ...at, clashes: [] });
      seen.applied++;
      seen.destroyed += destroyed.length;
      seen.replaced += replaced.length;
      seen.released += (stack.removed ?? []).length;
      seen.moved += (stack.moved ?? []).length;
      seen.addons += Object.keys(stack.resource?.aws_eks_addon ?? {}).filter((label) => label !== "pod_identity_agent").length;
      // THEN nothing that must stay went without consent
      const lost = [...destroyed, ...replaced].filter((a) => before.get(a)?.mustStay && !model.consent.has(a));
      expect({ ...at, lost }).toEqual({ ...at, lost: [] });
      // AND every destroy and replacement was announced, for this stack
      const changes = over.judgement.changes.filter((c) => c.cluster === cluster);
      const announced = new Set([...changes.flatMap((c) => [...c.destroyed, ...c.replaced.map((r) => r.address)])]);
      const unannounced = [...destroyed, ...replaced].filter((a) => !announced.has(a));
      expect({ ...at, unannounced }).toEqual({ ...at, unannounced: [] });
      // AND a shared role not retired exists in AWS after every stack's apply, a handover's included
      if (live) expect({ ...at, role: real.world.has(SHARED_ROLE_OBJECT) }).toEqual({ ...at, role: true });
    }
    // AND once every stack applied, one state manages it
    if (live) {
      seen.sharedApplied++;
      const managers = CLUSTERS.filter((c) => real.states[c].has(ROLE_ADDRESS));
      expect({ steps: model.steps, managers }).toEqual({ steps: model.steps, managers: [model.role!.home] });
    }
  }

  toString(): string {
    return this.name;
  }
}

// ---------------------------------------------------------------------------
// Edits

const pick = <T>(items: readonly T[], i: number): T | undefined => (items.length === 0 ? undefined : items[i % items.length]);
const label = workloadLabel;
const active = (m: Model) => m.workloads.filter((w) => w.retire === undefined);

/** The role of a workload moved to the team's account, to an account of the cluster's own id, or home. */
const moveRole = fc.tuple(fc.nat(), fc.constantFrom(undefined, "team" as const, "platform" as const)).map(([i, account]) => new Edit(`roleAccount of #${i} ${account}`, (m) => {
  const w = pick(active(m), i);
  if (!w) return false;
  w.account = account;
  return true;
}));

const workloadEdits: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
  fc
    .record({ ns: fc.constantFrom(...NAMESPACES), sa: fc.constantFrom(...ACCOUNTS), protect: fc.boolean(), identity: fc.constantFrom("irsa" as const, "both" as const, "pod-identity" as const), createNamespace: fc.boolean(), createServiceAccount: fc.boolean(), inline: fc.boolean(), adopt: fc.boolean() })
    .map((w) => new Edit(`add ${w.ns}/${w.sa}${w.protect ? " protected" : ""} ${w.identity}${w.adopt ? " adopted" : ""}`, (m) => {
      if (m.workloads.some((o) => label(o.ns, o.sa) === label(w.ns, w.sa))) return false;
      // An adopted role keeps the name it had, whatever the workload is called later.
      m.workloads.push({ ...w, previously: [], adopt: w.adopt || undefined, ...(w.adopt ? { roleName: `legacy-${w.ns}-${w.sa}` } : {}) });
      return true;
    })),
  fc.nat().map((i) => new Edit(`remove #${i}`, (m) => {
    const w = pick(m.workloads, i);
    if (!w) return false;
    m.workloads = m.workloads.filter((o) => o !== w);
    return true;
  })),
  fc.tuple(fc.nat(), fc.constantFrom("keep" as const, "destroy" as const)).map(([i, how]) => new Edit(`retire #${i} ${how}`, (m) => {
    const w = pick(active(m), i);
    if (!w) return false;
    w.retire = how;
    return true;
  })),
  fc.tuple(fc.nat(), fc.constantFrom(...NAMESPACES), fc.constantFrom(...ACCOUNTS), fc.boolean()).map(([i, ns, sa, withName]) => new Edit(`rename #${i} to ${ns}/${sa}${withName ? "" : " (previously without terraformName)"}`, (m) => {
    const w = pick(active(m), i);
    if (!w || m.workloads.some((o) => label(o.ns, o.sa) === label(ns, sa))) return false;
    w.previously.push({ namespace: w.ns, serviceAccount: w.sa, ...(withName && w.terraformName ? { terraformName: w.terraformName } : {}) });
    w.terraformName = undefined;
    w.ns = ns;
    w.sa = sa;
    return true;
  })),
  fc.nat().map((i) => new Edit(`finish the rename of #${i}`, (m) => {
    const w = pick(active(m).filter((o) => o.previously.some((p) => !p.finished)), i);
    if (!w) return false;
    for (const p of w.previously) {
      if (p.finished) continue;
      p.finished = true;
      const id = p.terraformName ?? label(p.namespace, p.serviceAccount);
      m.consent.add(`kubernetes_service_account_v1.${id}`);
      m.consent.add(`aws_eks_pod_identity_association.${id}`);
    }
    return true;
  })),
  fc.nat().map((i) => new Edit(`drop previously of #${i}`, (m) => {
    const w = pick(active(m).filter((o) => o.previously.length > 0), i);
    if (!w) return false;
    w.previously = [];
    return true;
  })),
  fc.nat().map((i) => new Edit(`toggle protect of #${i}`, (m) => {
    const w = pick(m.workloads, i);
    if (!w) return false;
    w.protect = !w.protect;
    return true;
  })),
  fc.tuple(fc.nat(), fc.constantFrom("irsa" as const, "both" as const, "pod-identity" as const)).map(([i, identity]) => new Edit(`identity of #${i} ${identity}`, (m) => {
    const w = pick(active(m), i);
    if (!w) return false;
    w.identity = identity;
    return true;
  })),
  fc.constant(new Edit("toggle the agent", (m) => ((m.agent = !m.agent), true))),
  fc.constantFrom("create" as const, "lookup" as const, "arn" as const, "adopt" as const).map((oidc) => new Edit(`oidcProvider ${oidc}`, (m) => ((m.oidc = oidc), true))),
  fc.tuple(fc.nat(), fc.boolean()).map(([i, which]) => new Edit(`toggle ${which ? "createNamespace" : "createServiceAccount"} of #${i}`, (m) => {
    const w = pick(active(m), i);
    if (!w) return false;
    if (which) w.createNamespace = !w.createNamespace;
    else w.createServiceAccount = !w.createServiceAccount;
    return true;
  })),
  fc.tuple(fc.nat(), fc.constantFrom(undefined, "/irsa/", "/team/")).map(([i, path]) => new Edit(`rolePath of #${i} ${path}`, (m) => {
    const w = pick(active(m), i);
    if (!w) return false;
    w.rolePath = path;
    return true;
  })),
  fc.tuple(fc.nat(), fc.constantFrom(undefined, "custom-a", "custom-b")).map(([i, name]) => new Edit(`roleName of #${i} ${name}`, (m) => {
    const w = pick(active(m).filter((o) => !o.adopt), i);
    if (!w) return false;
    w.roleName = name;
    return true;
  })),
  fc.nat().map((i) => new Edit(`toggle inline policy of #${i}`, (m) => {
    const w = pick(active(m), i);
    if (!w) return false;
    w.inline = !w.inline;
    return true;
  })),
  fc
    .record({ name: fc.constantFrom("aws-ebs-csi-driver", "vpc-cni"), protect: fc.boolean(), identity: fc.constantFrom("irsa" as const, "pod-identity" as const), adopt: fc.boolean() })
    .map((a) => new Edit(`add add-on ${a.name}${a.protect ? " protected" : ""} ${a.identity}${a.adopt ? " adopted" : ""}`, (m) => {
      if (m.addons.some((o) => o.name === a.name)) return false;
      m.addons.push({ ...a, adopt: a.adopt || undefined });
      return true;
    })),
  fc.nat().map((i) => new Edit(`remove add-on #${i}`, (m) => {
    const a = pick(m.addons, i);
    if (!a) return false;
    m.addons = m.addons.filter((o) => o !== a);
    return true;
  })),
  fc.tuple(fc.nat(), fc.constantFrom("keep" as const, "destroy" as const)).map(([i, how]) => new Edit(`retire add-on #${i} ${how}`, (m) => {
    const a = pick(m.addons.filter((o) => o.retire === undefined), i);
    if (!a) return false;
    a.retire = how;
    // Destroying the add-on is what retire: destroy asks for.
    if (how === "destroy") m.consent.add(`aws_eks_addon.${terraformLabel(a.name)}`);
    return true;
  })),
  fc.nat().map((i) => new Edit(`toggle protect of add-on #${i}`, (m) => {
    const a = pick(m.addons, i);
    if (!a) return false;
    a.protect = !a.protect;
    return true;
  })),
  fc.nat().map((i) => new Edit(`toggle identity of add-on #${i}`, (m) => {
    const a = pick(m.addons.filter((o) => o.retire === undefined), i);
    if (!a) return false;
    a.identity = a.identity === "irsa" ? "pod-identity" : "irsa";
    return true;
  })),
  // Three times: most moves are refused (a protected role, Pod Identity), and the rest must be frequent enough to be seen.
  ...Array.from({ length: 3 }, () => moveRole),
  fc.constant(new Edit("rotate the team's deploy role", (m) => ((m.teamRole = m.teamRole === "deployer" ? "deployer-v2" : "deployer"), true))),
  fc.constantFrom("create" as const, "lookup" as const, "adopt" as const).map((mode) => new Edit(`the team's oidcProviders ${mode}`, (m) => ((m.teamOidc = mode), true))),
  fc.constant(new Edit("toggle the team's account in accounts:", (m) => ((m.teamListed = !m.teamListed), true))),
  fc.nat().map((i) => new Edit(`drop adopt of #${i}`, (m) => {
    const w = pick(active(m).filter((o) => o.adopt), i);
    if (!w) return false;
    w.adopt = undefined;
    return true;
  })),
];

const sharedRoleEdits: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
  // The shared role: the first workload naming it brings it into roles:, homed in that workload's cluster.
  fc
    .record({
      cluster: fc.constantFrom(...CLUSTERS),
      ns: fc.constantFrom(...SHARED_NAMESPACES),
      sa: fc.constantFrom(...ACCOUNTS),
      identity: fc.constantFrom("irsa" as const, "both" as const, "pod-identity" as const),
      pattern: fc.boolean(),
      protect: fc.boolean(),
      roleProtect: fc.boolean(),
    })
    .map(({ roleProtect, ...w }) => new Edit(`share: ${w.cluster}'s ${w.ns}/${w.sa}${w.pattern ? "-*" : ""}${w.protect ? " protected" : ""} ${w.identity} names ${ROLE}`, (m) => {
      m.role ??= { home: w.cluster, protect: roleProtect, members: [] };
      if (m.role.members.some((o) => o.cluster === w.cluster && o.ns === w.ns && o.sa === w.sa && o.pattern === w.pattern)) return false;
      m.role.members.push({ ...w });
      return true;
    })),
  fc.boolean().map((newFirst) => new Edit(
    `move ${ROLE}'s home to the other cluster, applying ${newFirst ? "the new home first (as the README says)" : "the old home first"}`,
    (m) => {
      if (!m.role) return false;
      m.role.home = m.role.home === "prod" ? "green" : "prod";
      return true;
    },
    (before, after) => (newFirst ? [after.role!.home, before.role!.home] : [before.role!.home, after.role!.home]),
  )),
  fc.tuple(fc.constantFrom(...CLUSTERS), fc.boolean()).map(([cluster, retire]) => new Edit(`drop ${cluster} from ${ROLE} (${retire ? "retire: keep" : "removed"})`, (m) => {
    if (!m.role?.members.some((o) => o.cluster === cluster && o.retire === undefined)) return false;
    if (retire) for (const o of m.role.members.filter((x) => x.cluster === cluster)) o.retire = "keep";
    else m.role.members = m.role.members.filter((o) => o.cluster !== cluster);
    return true;
  })),
  fc.constantFrom("keep" as const, "destroy" as const).map((how) => new Edit(`retire ${ROLE} ${how} (its workloads removed)`, (m) => {
    if (!m.role || m.role.retire !== undefined) return false;
    m.role.retire = how;
    m.role.members = [];
    return true;
  })),
  fc.constant(new Edit(`delete ${ROLE} from roles:`, (m) => {
    if (!m.role) return false;
    m.role = undefined;
    return true;
  })),
  fc.constant(new Edit(`toggle protect of ${ROLE}`, (m) => {
    if (!m.role) return false;
    m.role.protect = !m.role.protect;
    return true;
  })),
];

/**
 * Saying releases applied (`releasesApplied`), and taking the entries out
 * again as the validator asks once they are stale: the ledger then keeps
 * what every state forgot (`forgotten`), so a later synthesis that manages
 * it again imports it, and refuses an import a stale entry would drop.
 */
const releasesAppliedEdits: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
  fc.constantFrom(...CLUSTERS).map((cluster) => new Edit(`say ${cluster}'s releases of ${ROLE} applied`, (m, real) => {
    // What the ledger says the stack let go of of the role (a handover's old home): every step before was applied whole.
    const ledger = JSON.parse(readFileSync(join(real.dir, "irsa.ledger.json"), "utf8")) as { clusters: Record<string, { released: string[] }> };
    const released = (ledger.clusters[cluster]?.released ?? []).filter((a) => /\.shared_payments_api\b/.test(a));
    if (released.length === 0) return false;
    m.releasesApplied[cluster] = [...new Set([...(m.releasesApplied[cluster] ?? []), ...released])].sort();
    seen.sharedReleasesApplied++;
    return true;
  })),
  fc.constantFrom(...CLUSTERS).map((cluster) => new Edit(`clear ${cluster}'s releasesApplied`, (m) => {
    if (m.releasesApplied[cluster] === undefined) return false;
    delete m.releasesApplied[cluster];
    return true;
  })),
];

/** The shared role's edits count twice, saying its releases applied three times: they are fewer, and each needs the others before it to mean much. */
const edits = [...workloadEdits, ...sharedRoleEdits, ...sharedRoleEdits, ...releasesAppliedEdits, ...releasesAppliedEdits, ...releasesAppliedEdits];

describe("the ledger law over random sequences of edits", () => {
  it("never destroys or replaces what must stay without consent, announces every destroy, and decides alike from a fresh clone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(edits, { maxCommands: 9 }).filter((commands) => [...commands].length >= 6), fc.boolean(), async (commands, shared) => {
        const dir = tempDir();
        const model: Model = {
          workloads: [
            { ns: "a", sa: "x", protect: true, identity: "irsa", createNamespace: true, createServiceAccount: true, inline: true, previously: [] },
            // A role in the team's account from the start, for the edits to move, retire, remove and rename.
            { ns: "b", sa: "y", protect: false, identity: "irsa", createNamespace: false, createServiceAccount: true, inline: false, previously: [], account: "team" },
          ],
          addons: [],
          // Half the sequences start from the README's blue/green start: the role homed in prod, named by a workload there.
          ...(shared ? { role: { home: "prod" as const, protect: false, members: [{ cluster: "prod" as const, ns: "s", sa: "x", identity: "irsa" as const, pattern: false, protect: false }] } } : {}),
          releasesApplied: {},
          agent: false,
          oidc: "create",
          teamOidc: "create",
          teamRole: "deployer",
          teamListed: true,
          consent: new Set(),
          steps: [],
        };
        const real: Real = { dir, states: { prod: new Map(), green: new Map() }, world: new Set() };
        // The first config, applied
        await new Edit("first", () => true).run(model, real);
        await fc.asyncModelRun(() => ({ model, real }), commands);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: Number(process.env.IRSA_SEQUENCES ?? 200) },
    );
    // The sequences reached every kind of outcome.
    process.stderr.write(`ledger sequences: ${JSON.stringify(seen)}\n`);
    for (const [what, count] of Object.entries(seen)) expect([what, count > 0]).toEqual([what, true]);
  }, 1_800_000);
});
