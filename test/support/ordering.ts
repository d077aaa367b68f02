/**
 * The ordering law, read from a synthesized stack: every block that acts on
 * what another block of the stack creates must wait for it, which Terraform
 * knows only from a reference (or `depends_on`). Written independently of
 * lib/: the rules name what each kind of block acts on, by the values it
 * holds, not by how lib/ happens to wire it.
 */
import { referencesIn, type TerraformJsonDocument } from "./terraform";

/** One edge the law requires: `from` must be created after `to`. */
export interface RequiredEdge {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

type Blocks = Record<string, Record<string, any>>;

/** Every resource and data source address of a stack. */
export function addressesOf(stack: TerraformJsonDocument): Set<string> {
  const out = new Set<string>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(stack[kind] ?? {})) {
      for (const name of Object.keys(blocks)) out.add(`${prefix}${type}.${name}`);
    }
  }
  return out;
}

/** The blocks each block refers to directly: references in its arguments, and `depends_on`. */
export function directEdges(stack: TerraformJsonDocument): Map<string, Set<string>> {
  const known = addressesOf(stack);
  const edges = new Map<string, Set<string>>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, blocks] of Object.entries<Blocks>(stack[kind] ?? {})) {
      for (const [name, body] of Object.entries(blocks)) {
        const { depends_on: dependsOn, ...rest } = body as Record<string, unknown>;
        const targets = new Set(referencesIn(rest, known));
        for (const d of (dependsOn as string[] | undefined) ?? []) {
          const address = d.replace(/^\$\{(.*)\}$/, "$1");
          if (known.has(address)) targets.add(address);
        }
        edges.set(`${prefix}${type}.${name}`, targets);
      }
    }
  }
  return edges;
}

/** Whether `to` is reachable from `from` along the edges (Terraform orders along paths, not only direct edges). */
export function reaches(edges: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (at === to && at !== from) return true;
    for (const next of edges.get(at) ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** The single `aws_iam_role` a value refers to, or undefined. */
function roleOf(value: unknown, known: ReadonlySet<string>): string | undefined {
  const roles = referencesIn(value, known).filter((a) => a.startsWith("aws_iam_role."));
  return roles.length === 1 ? roles[0] : undefined;
}

/**
 * What each block acts on, as edges it must have (directly or along a path).
 * Also lists, in `problems`, what the law can tell without edges: a lock
 * that names a policy it has no block for (a literal instead of a reference).
 */
export function requiredEdges(stack: TerraformJsonDocument): { edges: RequiredEdge[]; problems: string[] } {
  const known = addressesOf(stack);
  const resources = (stack.resource ?? {}) as Record<string, Blocks>;
  const edges: RequiredEdge[] = [];
  const problems: string[] = [];
  const each = (type: string): [string, Record<string, any>][] => Object.entries(resources[type] ?? {}).map(([n, b]) => [`${type}.${n}`, b]);

  const inlinePolicies = each("aws_iam_role_policy");
  const attachments = each("aws_iam_role_policy_attachment");

  // A policy or attachment acts on its role.
  for (const [address, body] of [...inlinePolicies, ...attachments]) {
    const role = roleOf(body.role, known);
    if (role) edges.push({ from: address, to: role, why: "a policy is put on its role" });
    else if (each("aws_iam_role").length > 0) problems.push(`${address}: role ${JSON.stringify(body.role)} is not a reference to one aws_iam_role of the stack`);
  }

  // A drift lock acts on every inline policy (attachment) of its role: it
  // must wait for each, and name each by reference, so that nothing it
  // lists is missing when it runs.
  const locks: [string, string, [string, Record<string, any>][], string][] = [
    ["aws_iam_role_policies_exclusive", "policy_names", inlinePolicies, "the inline-policy lock waits for the inline policies it keeps"],
    ["aws_iam_role_policy_attachments_exclusive", "policy_arns", attachments, "the managed-policy lock waits for the attachments it keeps"],
  ];
  for (const [type, listKey, kept, why] of locks) {
    for (const [address, body] of each(type)) {
      const role = roleOf(body.role_name, known);
      if (!role) {
        problems.push(`${address}: role_name ${JSON.stringify(body.role_name)} is not a reference to one aws_iam_role of the stack`);
        continue;
      }
      edges.push({ from: address, to: role, why: "a lock acts on its role" });
      const ofRole = kept.filter(([, b]) => roleOf(b.role, known) === role).map(([a]) => a);
      for (const policy of ofRole) edges.push({ from: address, to: policy, why });
      const listed = (body[listKey] as unknown[]) ?? [];
      const referenced = listed.map((v) => referencesIn(v, known));
      if (listed.length !== ofRole.length || referenced.some((r) => r.length !== 1) || new Set(referenced.flat()).size !== ofRole.length) {
        problems.push(`${address}: ${listKey} ${JSON.stringify(listed)} must refer to exactly its role's ${ofRole.length} block(s) ${JSON.stringify(ofRole)}`);
      }
    }
  }

  // A service account lives in its namespace; an IRSA service account names its role.
  const namespaces = new Map(each("kubernetes_namespace_v1").map(([a, b]) => [b.metadata?.name as string, a]));
  const roleArns = new Set(each("aws_iam_role").map(([a]) => a));
  for (const [address, body] of each("kubernetes_service_account_v1")) {
    const metadata = body.metadata ?? {};
    const namespace = typeof metadata.namespace === "string" ? namespaces.get(metadata.namespace) : undefined;
    const referencedNamespace = referencesIn(metadata.namespace, known).find((a) => a.startsWith("kubernetes_namespace_v1."));
    if (referencedNamespace) edges.push({ from: address, to: referencedNamespace, why: "a service account is created in its namespace" });
    else if (namespace) edges.push({ from: address, to: namespace, why: "a service account is created in its namespace" });
    const annotation = metadata.annotations?.["eks.amazonaws.com/role-arn"];
    if (annotation !== undefined) {
      const role = roleOf(annotation, known);
      if (role && roleArns.has(role)) edges.push({ from: address, to: role, why: "the annotation names the role" });
      else if (roleArns.size > 0 && String(annotation).includes("${")) problems.push(`${address}: the role-arn annotation ${JSON.stringify(annotation)} does not refer to a role of the stack`);
    }
  }

  // An association hands out its role.
  for (const [address, body] of each("aws_eks_pod_identity_association")) {
    const role = roleOf(body.role_arn, known);
    if (role) edges.push({ from: address, to: role, why: "an association hands out its role" });
    // A shared role homed in another cluster's stack: no reference can cross stacks, its ARN is all there is.
    else if (otherStacksRole(body.role_arn, each("aws_iam_role"))) continue;
    else problems.push(`${address}: role_arn ${JSON.stringify(body.role_arn)} is not a reference to one aws_iam_role of the stack`);
  }

  // An add-on hands out the role it names (IRSA's service_account_role_arn,
  // or its Pod Identity association's role_arn); one on Pod Identity waits
  // for the agent's add-on when the stack installs it: its pods get no
  // credentials without the agent.
  const addons = each("aws_eks_addon");
  const agents = addons.filter(([, b]) => b.addon_name === "eks-pod-identity-agent").map(([a]) => a);
  for (const [address, body] of addons) {
    const associations = (body.pod_identity_association ?? []) as { role_arn?: unknown }[];
    for (const value of [body.service_account_role_arn, ...associations.map((p) => p.role_arn)].filter((v) => v !== undefined)) {
      const role = roleOf(value, known);
      if (role) edges.push({ from: address, to: role, why: "an add-on hands out its role" });
      else problems.push(`${address}: the role ${JSON.stringify(value)} is not a reference to one aws_iam_role of the stack`);
    }
    if (associations.length > 0) for (const agent of agents) edges.push({ from: address, to: agent, why: "an add-on on Pod Identity waits for the agent" });
  }

  // A role trusted through web identity waits for the OIDC provider the
  // stack registers (or looks up) in the role's own account (the same AWS
  // provider configuration): IAM refuses a trust naming a provider that does
  // not exist yet, and trusts only a provider of the role's account.
  const lookups = Object.entries<Record<string, any>>((stack.data ?? {}).aws_iam_openid_connect_provider ?? {});
  const providers = [...each("aws_iam_openid_connect_provider").map(([a, b]) => [a, b.provider] as const), ...lookups.map(([n, b]) => [`data.aws_iam_openid_connect_provider.${n}`, b.provider] as const)];
  const documents = (stack.data ?? {}).aws_iam_policy_document ?? {};
  const ownIssuers = ownProviderHosts(stack);
  for (const [address, body] of each("aws_iam_role")) {
    const trusts = referencesIn(body.assume_role_policy, known).filter((a) => a.startsWith("data.aws_iam_policy_document."));
    const webIdentity = trusts.some((t) =>
      ((documents[t.slice("data.aws_iam_policy_document.".length)]?.statement ?? []) as TrustBlock[]).some(
        (st) => st.actions?.includes("sts:AssumeRoleWithWebIdentity") && !namesOtherStacksProvider(st, ownIssuers),
      ),
    );
    if (!webIdentity) continue;
    for (const [provider, account] of providers) if (account === body.provider) edges.push({ from: address, to: provider, why: "the trust names the OIDC provider" });
  }
  return { edges, problems };
}

/** The required edges a stack lacks, worded for a failure message. */
export function missingEdges(stack: TerraformJsonDocument, edges: ReadonlyMap<string, ReadonlySet<string>> = directEdges(stack)): string[] {
  const { edges: required, problems } = requiredEdges(stack);
  return [...problems, ...required.filter((e) => !reaches(edges, e.from, e.to)).map((e) => `${e.from} does not wait for ${e.to} (${e.why})`)];
}

/** A statement of a policy document, as far as the trust is read here. */
interface TrustBlock {
  readonly actions?: string[];
  readonly principals?: { readonly identifiers?: unknown[] }[];
}

/**
 * The issuers of the stack's own OIDC provider, when its URL is a literal;
 * undefined when one is read at plan time (then any provider may be its own).
 */
function ownProviderHosts(stack: TerraformJsonDocument): Set<string> | undefined {
  const urls = [...Object.values(stack.resource?.aws_iam_openid_connect_provider ?? {}), ...Object.values((stack.data ?? {}).aws_iam_openid_connect_provider ?? {})].map((b) => (b as { url?: unknown; arn?: unknown }).url ?? providerHost((b as { arn?: unknown }).arn));
  if (urls.some((u) => typeof u !== "string" || u.includes("${"))) return undefined;
  return new Set(urls.map((u) => String(u).replace(/^https:\/\//, "")));
}

const providerHost = (arn: unknown): string | undefined => (typeof arn === "string" ? /^arn:aws[\w-]*:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn)?.[1] : undefined);

/**
 * A web identity statement of a shared role naming another cluster's OIDC
 * provider by its literal ARN (README, Shared roles): that provider is in
 * the other cluster's stack, which no reference can reach.
 */
function namesOtherStacksProvider(statement: TrustBlock, ownIssuers: Set<string> | undefined): boolean {
  if (ownIssuers === undefined) return false;
  const identifiers = (statement.principals ?? []).flatMap((p) => p.identifiers ?? []);
  return identifiers.length > 0 && identifiers.every((id) => {
    const host = providerHost(id);
    return host !== undefined && !ownIssuers.has(host);
  });
}

/** A literal role ARN naming no role of this stack: a shared role homed in another cluster's stack (README, Shared roles). */
function otherStacksRole(arn: unknown, roles: readonly (readonly [string, { name?: unknown }])[]): boolean {
  const match = typeof arn === "string" ? /^arn:aws[\w-]*:iam::\d{12}:role\/(?:[^/]+\/)*([\w+=,.@-]+)$/.exec(arn) : null;
  return match !== null && !roles.some(([, body]) => body.name === match[1]);
}
