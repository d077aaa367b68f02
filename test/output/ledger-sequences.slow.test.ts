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
 * account dropped from accounts:),
 * each step synthesized as `irsa-gen synth` does, and applied to a
 * simulated Terraform state: its `moved` and `removed` blocks, then what
 * the output manages. The simulation is the oracle, independent of lib/'s
 * own accounting:
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
 *   the provider its state names).
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

interface Model {
  workloads: Workload[];
  addons: Addon[];
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

function raw(model: Model): unknown {
  const inTeam = model.workloads.some((w) => w.account === "team");
  return {
    accounts: {
      ...(model.teamListed ? { team: { accountId: TEAM_ACCOUNT, assumeRoleArn: `arn:aws:iam::${TEAM_ACCOUNT}:role/${model.teamRole}`, externalId: "seq" } } : {}),
      platform: { accountId: ACCOUNT, assumeRoleArn: `arn:aws:iam::${ACCOUNT}:role/deployer` },
    },
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
        workloads: model.workloads.map((w) => ({
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
        })),
        addons: model.addons.map((a) => ({
          name: a.name,
          protect: a.protect,
          identity: a.identity,
          ...(a.adopt ? { adopt: true } : {}),
          ...(a.retire ? { retire: a.retire } : {}),
        })),
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
function mustStay(type: string, body: Json, keys: Record<string, string>, model: Model): boolean {
  if (type === "kubernetes_namespace_v1" || type === "aws_iam_openid_connect_provider" || type === "aws_eks_addon") return true;
  if (type === "aws_iam_role") return body.lifecycle?.prevent_destroy === true;
  if (type !== "kubernetes_service_account_v1" && type !== "aws_eks_pod_identity_association") return false;
  const ns = keys.namespace;
  const name = type === "kubernetes_service_account_v1" ? keys.name : keys.serviceAccount;
  return model.workloads.some((w) => w.protect && w.retire === undefined && [{ namespace: w.ns, serviceAccount: w.sa }, ...w.previously].some((n) => n.namespace === ns && n.serviceAccount === name));
}

interface Applied {
  readonly destroyed: string[];
  readonly replaced: string[];
  /** Created over an object that already exists (let go of earlier, still there): the apply would fail. */
  readonly clashes: string[];
  /** Destroyed or forgotten without the provider configuration its state names: the plan would fail. */
  readonly providerless: string[];
}

/** What exists in AWS and the cluster, whatever Terraform manages: objects by type and the values that name them. */
type World = Set<string>;
const objectOf = (address: string, keys: Record<string, string>) => `${address.slice(0, address.indexOf("."))} ${JSON.stringify(keys)}`;

/** Applies a stack's state blocks, then its resources, to the state: what Terraform would destroy and replace. */
function apply(state: State, world: World, stack: Json, model: Model): Applied {
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
      next.set(`${type}.${label}`, { keys, mustStay: mustStay(type, body, keys, model), ...(typeof body.provider === "string" ? { provider: body.provider } : {}) });
    }
  }
  const destroyed = [...state.keys()].filter((a) => !next.has(a));
  destroyed.forEach(needsItsProvider);
  const replaced = [...next].filter(([a, e]) => {
    const was = state.get(a);
    return was !== undefined && Object.keys(was.keys).some((k) => k in e.keys && was.keys[k] !== e.keys[k]);
  });
  const imported = new Set(((stack.import ?? []) as { to: string }[]).map((i) => i.to));
  for (const a of [...destroyed, ...replaced.map(([r]) => r)]) world.delete(objectOf(a, state.get(a)!.keys));
  const clashes: string[] = [];
  for (const [a, e] of next) {
    const created = !state.has(a) || replaced.some(([r]) => r === a);
    if (created && !imported.has(a) && world.has(objectOf(a, e.keys))) clashes.push(a);
    world.add(objectOf(a, e.keys));
  }
  state.clear();
  for (const [a, e] of next) state.set(a, e);
  return { destroyed, replaced: replaced.map(([a]) => a), clashes, providerless };
}

// ---------------------------------------------------------------------------
// The real system: synthesize over the previous output, and from a fresh clone

interface Real {
  dir: string;
  state: State;
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
const seen = { applied: 0, refused: 0, destroyed: 0, replaced: 0, released: 0, moved: 0, addons: 0, otherAccount: 0 };

class Edit implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    readonly edit: (model: Model) => boolean,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    const previous = structuredClone({ ...model, consent: [...model.consent] });
    model.consent = new Set();
    if (!this.edit(model)) return;
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

    // WHEN the output is applied to the state
    const stack = JSON.parse(over.stacks["stacks/prod/cdk.tf.json"]) as Json;
    const before = new Map(real.state);
    const { destroyed, replaced, clashes, providerless } = apply(real.state, real.world, stack, model);
    // AND what goes in another account goes through that account's provider
    expect({ steps: model.steps, providerless }).toEqual({ steps: model.steps, providerless: [] });
    seen.otherAccount += [...real.state.values()].filter((e) => e.provider !== undefined).length > 0 ? 1 : 0;
    // AND nothing is created over what exists (what was let go of is imported when managed again)
    expect({ steps: model.steps, clashes }).toEqual({ steps: model.steps, clashes: [] });
    seen.applied++;
    seen.destroyed += destroyed.length;
    seen.replaced += replaced.length;
    seen.released += (stack.removed ?? []).length;
    seen.moved += (stack.moved ?? []).length;
    seen.addons += Object.keys(stack.resource?.aws_eks_addon ?? {}).filter((label) => label !== "pod_identity_agent").length;
    // THEN nothing that must stay went without consent
    const lost = [...destroyed, ...replaced].filter((a) => before.get(a)?.mustStay && !model.consent.has(a));
    expect({ steps: model.steps, lost }).toEqual({ steps: model.steps, lost: [] });
    // AND every destroy and replacement was announced
    const announced = new Set([...over.judgement.changes.flatMap((c) => [...c.destroyed, ...c.replaced.map((r) => r.address)])]);
    const unannounced = [...destroyed, ...replaced].filter((a) => !announced.has(a));
    expect({ steps: model.steps, unannounced }).toEqual({ steps: model.steps, unannounced: [] });
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

const edits: fc.Arbitrary<fc.AsyncCommand<Model, Real>>[] = [
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

describe("the ledger law over random sequences of edits", () => {
  it("never destroys or replaces what must stay without consent, announces every destroy, and decides alike from a fresh clone", async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(edits, { maxCommands: 9 }).filter((commands) => [...commands].length >= 6), async (commands) => {
        const dir = tempDir();
        const model: Model = {
          workloads: [
            { ns: "a", sa: "x", protect: true, identity: "irsa", createNamespace: true, createServiceAccount: true, inline: true, previously: [] },
            // A role in the team's account from the start, for the edits to move, retire, remove and rename.
            { ns: "b", sa: "y", protect: false, identity: "irsa", createNamespace: false, createServiceAccount: true, inline: false, previously: [], account: "team" },
          ],
          addons: [],
          agent: false, oidc: "create", teamOidc: "create", teamRole: "deployer", teamListed: true, consent: new Set(), steps: [] };
        const real: Real = { dir, state: new Map(), world: new Set() };
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
