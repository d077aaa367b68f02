import { Testing } from "cdktf";
import fc from "fast-check";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import type { IrsaConfig } from "../../lib/model/model";
import { validateConfig } from "../../lib/config/validate";
import { validRaw } from "../support/arbitraries";
import { tempDir } from "../support/files";
import { mechanismsOf } from "../../lib/model/mechanisms";
import { admits, podIdentity, webIdentity } from "../support/trust";

/** Property-based checks: random valid configs, and random damage to them. */

interface TrustStatement {
  effect: string;
  actions: string[];
  principals: { type: string; identifiers: string[] }[];
  condition: { test: string; variable: string; values: string[] }[];
}

/**
 * Synthesizes every cluster and checks each workload's trust policy, by its
 * identity: one statement per mechanism; IRSA's keeps sub and aud; Pod
 * Identity's is pinned to the account, and (unless session tags are off) to
 * this cluster and service account; the pod is admitted, others are not. A
 * retired workload (or one of a retired cluster) has no trust policy at all.
 */
function checkTrustPolicies(config: IrsaConfig): void {
  for (const c of config.clusters) {
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    const tf = JSON.parse(Testing.synth(new ClusterStack(app, { cluster: c })));
    const documents = tf.data?.aws_iam_policy_document ?? {};
    // An add-on's role is trusted as a workload's on the add-on's service account; the add-on names it by its mechanism.
    for (const a of c.addons) {
      const wired = tf.resource?.aws_eks_addon?.[a.id];
      if (a.role.retire !== undefined || c.retire !== undefined) expect(wired).toBeUndefined();
      else if (mechanismsOf(a.role.identity).podIdentity) expect(wired.pod_identity_association).toEqual([{ role_arn: `\${aws_iam_role.${a.id}.arn}`, service_account: a.role.serviceAccount }]);
      else expect(wired.service_account_role_arn).toBe(`\${aws_iam_role.${a.id}.arn}`);
    }
    const roles = [...c.workloads.map((w) => [w, c.addresses.workloads[`${w.namespace}/${w.serviceAccount}`]?.role] as const), ...c.addons.map((a) => [a.role, c.addresses.addons[a.name]?.role] as const)];
    for (const [w, roleLabel] of roles) {
      // A workload naming a shared role has no trust of its own: the role's (below) admits it.
      if (w.retire !== undefined || c.retire !== undefined || w.sharedRole !== undefined) {
        expect(documents[`${w.id}_trust`]).toBeUndefined();
        continue;
      }
      const statements: TrustStatement[] = documents[`${w.id}_trust`].statement;
      // The role and every OIDC provider its trust names are in one account: the same AWS provider configuration
      // (the cluster's, or the aliased one of the role's account).
      const role = tf.resource.aws_iam_role[roleLabel!];
      expect(role.provider).toBe(w.roleAccount ? `aws.${w.roleAccount.label}` : undefined);
      for (const s of statements) {
        for (const p of s.principals.filter((x) => x.type === "Federated")) {
          const ref = /^\$\{(data\.)?aws_iam_openid_connect_provider\.([\w-]+)\.arn\}$/.exec(p.identifiers[0]);
          if (ref) expect((ref[1] ? tf.data : tf.resource).aws_iam_openid_connect_provider[ref[2]].provider).toBe(role.provider);
          else expect(w.roleAccount).toBeUndefined();
        }
      }
      const irsa = statements.filter((s) => s.actions.includes("sts:AssumeRoleWithWebIdentity"));
      const pod = statements.filter((s) => s.principals.some((p) => p.type === "Service"));
      const unpinned = w.podIdentity?.disableSessionTags === true;
      // Its own name, then each earlier name of a rename not said finished (a rename in transition is trusted whole).
      const names = [
        { namespace: w.namespace, serviceAccount: w.serviceAccount },
        ...w.previously.filter((p) => !p.finished && (p.namespace !== w.namespace || p.serviceAccount !== w.serviceAccount)),
      ];
      const expected = { irsa: [1, 0], "pod-identity": [0, 1], both: [1, 1] }[w.identity];
      const podStatements = expected[1] * (unpinned ? 1 : names.length);
      expect({ identity: w.identity, irsa: irsa.length, pod: pod.length, statements: statements.length }).toEqual({
        identity: w.identity,
        irsa: expected[0],
        pod: podStatements,
        statements: expected[0] + podStatements,
      });
      const subs = names.map((n) => `system:serviceaccount:${n.namespace}:${n.serviceAccount}`);
      const sub = subs[0];
      for (const statement of irsa) {
        const conditions = statement.condition;
        expect(conditions.filter((x) => x.variable.endsWith(":sub"))).toEqual([expect.objectContaining({ test: "StringEquals", values: subs })]);
        expect(conditions.filter((x) => x.variable.endsWith(":aud"))).toEqual([expect.objectContaining({ test: "StringEquals", values: ["sts.amazonaws.com"] })]);
        // The pod's own token is admitted; another service account's, or another audience's, is not
        const own = { providerArn: statement.principals[0].identifiers[0], issuerHost: conditions[0].variable.slice(0, -":sub".length), sub, aud: "sts.amazonaws.com" };
        for (const s of subs) expect(admits(statements, webIdentity({ ...own, sub: s }))).toBe(true);
        expect(admits(statements, webIdentity({ ...own, sub: `system:serviceaccount:${w.namespace}:default` }))).toBe(false);
        expect(admits(statements, webIdentity({ ...own, aud: "sts.amazonaws.com.cn" }))).toBe(false);
      }
      for (const [i, statement] of pod.entries()) {
        expect(statement.principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
        expect(statement.actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
        const name = names[unpinned ? 0 : i];
        // Without accountId, the account and the cluster's ARN are read at plan time.
        const accountId = c.accountId ?? "${data.aws_caller_identity.current.account_id}";
        const clusterArn = c.accountId ? `arn:${c.partition.id}:eks:${c.region}:${c.accountId}:cluster/${c.name}` : "${data.aws_eks_cluster.cluster.arn}";
        expect(statement.condition).toEqual([
          { test: "StringEquals", variable: "aws:SourceAccount", values: [accountId] },
          ...(unpinned
            ? []
            : [
                { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [clusterArn] },
                { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [name.namespace] },
                { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: [name.serviceAccount] },
              ]),
        ]);
        const own = { accountId, clusterArn, namespace: name.namespace, serviceAccount: name.serviceAccount, sessionTags: !unpinned };
        expect(admits(statements, podIdentity(own))).toBe(true);
        expect(admits(statements, podIdentity({ ...own, accountId: "999988887777" }))).toBe(false);
        if (!unpinned) expect(admits(statements, podIdentity({ ...own, namespace: `${name.namespace}-other` }))).toBe(false);
      }
    }
  }
}

/**
 * The trust of each shared role homed in a cluster: the union of the
 * workloads naming it that are not retired, in every cluster; it admits
 * each one's pod (a pattern: a name it matches) and not the `default`
 * service account of its namespace, nor another namespace by Pod Identity.
 */
function checkSharedRoles(config: IrsaConfig): void {
  const naming = (key: string) =>
    config.clusters
      .filter((c) => c.retire === undefined)
      .flatMap((c) => c.workloads.filter((w) => w.sharedRole?.key === key && w.retire === undefined).map((w) => `${c.name} ${w.namespace}/${w.serviceAccount}`))
      .sort();
  const example = (pattern: string) => pattern.replace(/\*/g, "job7").replace(/\?/g, "q");
  for (const c of config.clusters) {
    if (c.sharedRoles === undefined) continue;
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    const tf = JSON.parse(Testing.synth(new ClusterStack(app, { cluster: c })));
    for (const role of c.sharedRoles) {
      const document = tf.data?.aws_iam_policy_document?.[`${role.id}_trust`];
      if (role.retire !== undefined) {
        expect(document).toBeUndefined();
        continue;
      }
      expect(role.members.map((m) => `${m.cluster} ${m.namespace}/${m.serviceAccount}`).sort()).toEqual(naming(role.key));
      const statements: TrustStatement[] = document.statement;
      for (const m of role.members) {
        const namespace = m.pattern === "namespace" ? example(m.namespace) : m.namespace;
        const serviceAccount = example(m.serviceAccount);
        if (m.irsa) {
          const pod = { providerArn: m.irsa.oidcProviderArn, issuerHost: m.irsa.issuerHost, sub: `system:serviceaccount:${namespace}:${serviceAccount}`, aud: "sts.amazonaws.com" };
          expect([m, admits(statements, webIdentity(pod))]).toEqual([m, true]);
          expect([m, admits(statements, webIdentity({ ...pod, sub: `system:serviceaccount:${namespace}:default` }))]).toEqual([m, false]);
        }
        if (m.podIdentity) {
          const pod = { accountId: m.podIdentity.accountId, clusterArn: m.podIdentity.clusterArn, namespace, serviceAccount };
          expect([m, admits(statements, podIdentity(pod))]).toEqual([m, true]);
          expect([m, admits(statements, podIdentity({ ...pod, namespace: `${namespace}-other` }))]).toEqual([m, false]);
        }
      }
    }
  }
}

/** Every path to a value in the raw config. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: "delete" } | { kind: "set"; value: unknown } | { kind: "add"; key: string; value: unknown };

function mutate(raw: unknown, path: (string | number)[], mutation: Mutation): unknown {
  const copy = structuredClone(raw) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (mutation.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (mutation.kind === "set") {
    parent[last] = mutation.value;
  } else {
    const target = parent[last];
    if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, unknown>)[mutation.key] = mutation.value;
  }
  return copy;
}

const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("*", "Payments", "arn:aws:iam::aws:policy/x", "${x}", "", " ", "a/b", "team-*"),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "delete" }),
  junk.map<Mutation>((value) => ({ kind: "set", value })),
  fc.tuple(fc.constantFrom("namespace", "serviceAccount", "roleName", "rolePath", "typo", "protect", "actions"), junk).map<Mutation>(([key, value]) => ({ kind: "add", key, value })),
);

/** The features of a validated config, by name, for the generator's own check. */
function featuresOf(config: IrsaConfig): string[] {
  const features: string[] = [];
  for (const c of config.clusters) {
    features.push(`oidcProvider ${c.oidcProvider.mode}${"importArn" in c.oidcProvider && c.oidcProvider.importArn ? " (adopted)" : ""}`, `backend ${c.backend.type}`);
    if (c.oidcProvider.mode === "create") features.push(`thumbprint ${c.oidcProvider.thumbprint}`);
    for (const account of c.roleAccounts ?? []) features.push(`oidcProviders ${account.oidcProvider.mode}${"importArn" in account.oidcProvider && account.oidcProvider.importArn ? " (adopted)" : ""}`);
    if (c.retire) features.push(`cluster retire ${c.retire}`);
    if (c.protect) features.push("cluster protect");
    if (c.podIdentityAgent) features.push("podIdentityAgent");
    for (const role of c.sharedRoles ?? []) {
      features.push("shared role");
      if (new Set(role.members.map((m) => m.cluster)).size > 1) features.push("shared role of several clusters");
      if (role.protect) features.push("shared role protect");
      if (role.retire) features.push(`shared role retire ${role.retire}`);
    }
    for (const w of c.workloads) {
      if (w.sharedRole?.pattern) features.push(`shared role pattern ${w.sharedRole.pattern}`);
      if (w.sharedRole && c.sharedRoles?.every((r) => r.key !== w.sharedRole!.key)) features.push("shared role named from another cluster");
      features.push(`identity ${w.identity}`, `createServiceAccount ${w.createServiceAccount}`, `createNamespace ${w.createNamespace}`);
      if (w.retire) features.push(`workload retire ${w.retire}`);
      if (w.previously.length > 0) features.push("previously");
      if (w.adopt) features.push("adopt");
      if (w.adopt?.inlinePolicy) features.push("adopt inlinePolicy");
      if (w.adopt?.serviceAccount) features.push("adopt serviceAccount");
      if (w.adopt?.podIdentityAssociation) features.push("adopt podIdentityAssociation");
      if (w.protect) features.push("workload protect");
      if (w.podIdentity?.targetRoleArn) features.push("podIdentity targetRoleArn");
      if (w.podIdentity?.disableSessionTags) features.push("podIdentity disableSessionTags");
      if (w.presets.length > 0) features.push("presets");
      if (w.rolePath !== "/") features.push("rolePath");
      if (w.roleName.endsWith(`-role-${c.workloads.indexOf(w)}`)) features.push("roleName");
      if (w.roleAccount) features.push("roleAccount");
    }
    for (const a of c.addons) {
      features.push(`addon ${a.role.identity}`);
      if (a.adoptAddon) features.push(a.role.adopt?.role ? "addon adopted with its role" : "addon adopted");
      if (a.version !== undefined) features.push("addon version");
      if (a.role.protect) features.push("addon protect");
      if (a.role.retire !== undefined) features.push(`addon retire ${a.role.retire}`);
      if (a.name === "adot") features.push("addon with its service account given");
    }
  }
  return features;
}

describe("the random configs", () => {
  it("hold every feature of the config", () => {
    // GIVEN 300 random valid configs (a fixed seed: the check is of the generator, not of irsa-gen)
    const seen = new Set(fc.sample(validRaw, { numRuns: 300, seed: 1 }).flatMap((raw) => featuresOf(validateConfig("p.yaml", raw).config!)));
    // THEN each feature appears in some of them
    expect([...seen].sort()).toEqual(
      [
        "addon adopted",
        "addon adopted with its role",
        "addon irsa",
        "addon pod-identity",
        "addon protect",
        "addon retire destroy",
        "addon retire keep",
        "addon version",
        "addon with its service account given",
        "adopt",
        "adopt inlinePolicy",
        "adopt podIdentityAssociation",
        "adopt serviceAccount",
        "backend cloud",
        "backend local",
        "backend s3",
        "cluster protect",
        "cluster retire destroy",
        "cluster retire keep",
        "createNamespace false",
        "createNamespace true",
        "createServiceAccount false",
        "createServiceAccount true",
        "identity both",
        "identity irsa",
        "identity pod-identity",
        "oidcProvider create",
        "oidcProvider create (adopted)",
        "oidcProvider existing",
        "oidcProvider lookup",
        "oidcProvider none",
        "podIdentity disableSessionTags",
        "podIdentity targetRoleArn",
        "podIdentityAgent",
        "presets",
        "previously",
        "roleAccount",
        "roleName",
        "rolePath",
        "oidcProviders create",
        "oidcProviders create (adopted)",
        "oidcProviders lookup",
        "oidcProviders none",
        "shared role",
        "shared role named from another cluster",
        "shared role of several clusters",
        "shared role pattern namespace",
        "shared role pattern service-account",
        "shared role protect",
        "shared role retire destroy",
        "shared role retire keep",
        "thumbprint false",
        "thumbprint true",
        "workload protect",
        "workload retire destroy",
        "workload retire keep",
      ].sort(),
    );
  });
});

describe("config properties", () => {
  it("accepts and synthesizes every random valid config, and every trust policy admits its own pod and no other", () => {
    fc.assert(
      fc.property(validRaw, (raw) => {
        // GIVEN a random valid config / WHEN validated
        const result = validateConfig("p.yaml", raw);
        // THEN it has no errors, and synthesizes with both trust conditions everywhere
        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
        checkTrustPolicies(result.config!);
        checkSharedRoles(result.config!);
      }),
      { numRuns: 25 },
    );
  });

  it("either synthesizes a damaged config or refuses it with problems, never crashes", () => {
    fc.assert(
      fc.property(
        validRaw.chain((raw) => fc.tuple(fc.constant(raw), fc.constantFrom(...paths(raw)), mutation)),
        ([raw, path, change]) => {
          // GIVEN a valid config with one random change
          const damaged = mutate(raw, path, change);
          // WHEN validated (this must not throw)
          const result = validateConfig("p.yaml", damaged);
          // THEN it is either refused with at least one error, or fully usable
          if (result.config) {
            checkTrustPolicies(result.config);
            checkSharedRoles(result.config);
          }
          else expect(result.problems.some((p) => p.severity === "error")).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});
