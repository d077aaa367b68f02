/**
 * Random valid configs, as YAML would parse them, for the property tests
 * (test/config/properties.test.ts) and the comparison with cdktf's own
 * synthesis (test/synth.test.ts).
 *
 * Every feature of the config appears: the three identities (`irsa`,
 * `pod-identity`, `both`) with their Pod Identity settings (a target role,
 * unpinned trust without session tags) and the agent add-on; `retire`
 * (`keep`, `destroy`) of workloads and of whole clusters; `previously`;
 * `adopt` (everything, or a named role with its inline policy, service
 * account and Pod Identity association); `protect`; the backends (`local`,
 * `s3`, `cloud`, per cluster and in `defaults`); presets; every
 * `oidcProvider` mode (`create`, `lookup`, `{ arn }`, `adopt`,
 * `{ adopt: <arn> }`) and `oidcThumbprint`; `createNamespace` and
 * `createServiceAccount`; `rolePath` and `roleName`; EKS add-ons (known
 * ones and one given its service account) on IRSA and Pod Identity, with a
 * version, adopted alone or with their role, protected and retired; roles
 * in another account (`accounts:`, `roleAccount`, one team account per
 * partition) with the cluster's provider there created, looked up or
 * adopted (`oidcProviders`);
 * shared roles
 * (`roles:`) homed in one of the clusters, named with `role:` by workloads
 * of one or several clusters, by name or by a subject pattern
 * (`serviceAccountPattern`, `namespacePattern` with
 * `dangerouslyAllowNamespacePattern: true`), protected or retired.
 *
 * The combinations the validator refuses, with a reason, are not made:
 * no Pod Identity in the China regions, `podIdentity` settings only with
 * `pod-identity` or `both`, `disableSessionTags` only with
 * `unpinnedTrust`, `retire: destroy` only on what is not protected, an
 * adopted role without a `roleName` of its own (it keeps its name),
 * `oidcProvider: adopt` only with the account and issuer that name it,
 * no workload whose Terraform label or role name is an add-on's;
 * `roleAccount` only with IRSA;
 * a shared role trusts clusters of its home's account and partition only
 * (those clusters share one account and give their issuer), its home is
 * not retired, a role is named by some workload unless it is retired and
 * then by none that is not, a pattern only with IRSA.
 */
import fc from "fast-check";
import { partitionOf } from "../../lib/aws/partition";
import { SYSTEM_NAMESPACES } from "../../lib/config/kubernetes";
import { terraformLabel, workloadLabel } from "../../lib/model/naming";
import { PRESETS } from "../../lib/presets/registry";

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"];
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
// Not the namespaces every cluster has (createNamespace is refused there), nor the default service account (refused).
const namespace = label.filter((l) => !SYSTEM_NAMESPACES.includes(l));
const subdomain = fc.tuple(label, fc.option(label, { nil: undefined })).map(([a, b]) => (b ? `${a}.${b}` : a)).filter((s) => s !== "default");
/**
 * Appended to a namespace or service account for its `previously` name: longer
 * than any generated label, so an earlier name (and its Terraform label) never
 * collides with a current one.
 */
const FORMERLY = "-formerly000";

/** Presets that need no parameter, so any workload can take them. */
const PRESETS_WITHOUT_REQUIRED_SCOPES = [...PRESETS.values()]
  .filter((p) => Object.values(p.parameters).every((spec) => spec.kind !== "arns" || !spec.required) && !p.check)
  .map((p) => p.name);

const identity = fc.constantFrom("irsa", "pod-identity", "both");
/** Now and then only: a retired workload or cluster generates little, and the rest should be exercised too. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight = 4): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
const retire = sometimes(fc.constantFrom<"keep" | "destroy">("keep", "destroy"));

const workload = fc.record(
  {
    namespace,
    serviceAccount: subdomain,
    managed: fc.boolean(),
    inline: fc.boolean(),
    createServiceAccount: fc.boolean(),
    createNamespace: fc.boolean(),
    // At most one: some presets together exceed one role's inline policy quota.
    preset: fc.constantFrom(...PRESETS_WITHOUT_REQUIRED_SCOPES),
    identity,
    targetRole: fc.boolean(),
    unpinned: fc.boolean(),
    roleName: fc.boolean(),
    roleAccount: fc.boolean(),
    rolePath: fc.constantFrom("/", "/irsa/", "/teams/a-b/"),
    protect: fc.boolean(),
    retire,
    previously: sometimes(fc.constantFrom("namespace", "serviceAccount"), 3),
    adopt: sometimes(
      fc.oneof(
        fc.constant(true as const),
        fc.record({ inlinePolicy: fc.boolean(), serviceAccount: fc.boolean(), association: fc.boolean() }, { requiredKeys: [] }),
      ),
      3,
    ),
  },
  { requiredKeys: ["namespace", "serviceAccount", "managed", "inline", "retire", "previously", "adopt"] },
);

/** Add-ons: known ones (their service account and preset from the table) and one that gives its service account. */
const ADDON_NAMES = ["aws-ebs-csi-driver", "vpc-cni", "aws-efs-csi-driver", "amazon-cloudwatch-observability", "adot"];
const addon = fc.record(
  {
    name: fc.constantFrom(...ADDON_NAMES),
    podIdentity: fc.boolean(),
    version: fc.boolean(),
    adopt: sometimes(fc.constantFrom<"addon" | "role">("addon", "role"), 2),
    protect: fc.boolean(),
    retire,
  },
  { requiredKeys: ["name", "adopt", "retire"] },
);

const backend = fc.constantFrom(
  { type: "local", path: "state/{cluster}.tfstate" },
  { type: "s3", bucket: "example-terraform-state", key: "irsa/{cluster}.tfstate", region: "eu-west-1", useLockfile: true },
  { type: "s3", bucket: "example-terraform-state", key: "irsa/{cluster}.tfstate", region: "us-east-1", dynamodbTable: "locks", encrypt: false },
  { type: "cloud", organization: "example-org", workspace: "irsa-{cluster}" },
  { type: "cloud", organization: "example-org", workspaceTags: ["irsa", "{cluster}"], project: "platform" },
);

const cluster = fc.record(
  {
    name: fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
    region: fc.constantFrom(...REGIONS),
    issuer: fc.boolean(),
    oidcProvider: fc.constantFrom("create", "lookup", "arn", "adopt", "adopt-arn"),
    teamProvider: fc.constantFrom("create", "lookup", "adopt"),
    thumbprint: fc.boolean(),
    podIdentityAgent: fc.boolean(),
    protect: fc.boolean(),
    retire: sometimes(fc.constantFrom<"keep" | "destroy">("keep", "destroy"), 6),
    backend,
    workloads: fc.uniqueArray(workload, { maxLength: 4, selector: (w) => workloadLabel(w.namespace, w.serviceAccount) }),
    addons: fc.uniqueArray(addon, { maxLength: 2, selector: (a) => a.name }),
  },
  { requiredKeys: ["name", "region", "issuer", "retire", "workloads"] },
).filter((c) => !c.workloads.some((w) => ADDON_NAMES.some((name) => workloadLabel(w.namespace, w.serviceAccount) === terraformLabel(name)) || w.namespace === "addon"));

type Cluster = typeof cluster extends fc.Arbitrary<infer T> ? T : never;
type Workload = Cluster["workloads"][number];
type Addon = NonNullable<Cluster["addons"]>[number];

/** One add-on entry, as a user would write it. */
function addonRaw(a: Addon, c: Cluster, p: string): Record<string, unknown> {
  // EKS Pod Identity does not run in the China regions; the agent is the cluster's to install.
  const podIdentity = a.podIdentity === true && p !== "aws-cn";
  const addonRetire = c.retire === undefined ? a.retire : undefined;
  const destroyed = addonRetire === "destroy" || c.retire === "destroy";
  const protect = destroyed ? (c.protect === true && c.retire !== "destroy" ? false : undefined) : a.protect;
  return {
    name: a.name,
    ...(a.name === "adot" ? { namespace: "opentelemetry-operator-system", serviceAccount: "adot-col-otlp-ingest", managedPolicyArns: [`arn:${p}:iam::aws:policy/AmazonPrometheusRemoteWriteAccess`] } : {}),
    ...(podIdentity ? { identity: "pod-identity" } : {}),
    ...(a.version ? { version: "v1.2.3-eksbuild.1" } : {}),
    ...(a.adopt === "addon" ? { adopt: true } : a.adopt === "role" ? { adopt: { addon: true, role: `existing-${c.name}-${a.name}` } } : {}),
    ...(protect !== undefined ? { protect } : {}),
    ...(addonRetire !== undefined ? { retire: addonRetire } : {}),
  };
}

/** A workload naming a shared role, in the cluster of that index (modulo the clusters' count). */
const member = fc.record(
  {
    cluster: fc.nat(),
    namespace,
    serviceAccount: subdomain,
    subject: fc.constantFrom("name", "name", "serviceAccountPattern", "namespacePattern"),
    identity,
    createServiceAccount: fc.boolean(),
    protect: fc.boolean(),
    retire,
  },
  { requiredKeys: ["cluster", "namespace", "serviceAccount", "subject", "identity", "retire"] },
);

/** A role of `roles:`, homed in the cluster of that index (modulo the clusters' count). */
const sharedRole = fc.record(
  {
    home: fc.nat(),
    members: fc.array(member, { minLength: 1, maxLength: 3 }),
    managed: fc.boolean(),
    inline: fc.boolean(),
    preset: fc.constantFrom(...PRESETS_WITHOUT_REQUIRED_SCOPES),
    rolePath: fc.constantFrom("/", "/shared/"),
    protect: fc.boolean(),
    retire: sometimes(fc.constantFrom<"keep" | "destroy">("keep", "destroy"), 5),
  },
  { requiredKeys: ["home", "members", "managed", "inline", "retire"] },
);
type SharedRole = typeof sharedRole extends fc.Arbitrary<infer T> ? T : never;
type Member = SharedRole["members"][number];

/**
 * Appended to the namespace of a workload naming a shared role: longer than
 * any generated label and unlike FORMERLY, so its Terraform label never
 * collides with one of a workload with a role of its own.
 */
const SHARED_NAMESPACE = "-sharedrole";

/** The key of the shared role at that index: never a default role name (those hold a '-'), nor a cluster's. */
const sharedRoleKey = (index: number) => `shared.role${index}`;

/**
 * Where the shared roles live and who names them, as indexes of the
 * clusters: a member whose cluster cannot share its home's account (its
 * name followed by '-' begins another sharing cluster's, so their default
 * role names could collide in one account) names it from the home instead.
 * The clusters naming a role homed elsewhere, and those homes, form one
 * group: one account, one partition, the issuer given.
 */
function placeShared(roles: readonly SharedRole[], clusters: readonly Cluster[]): { roles: { role: SharedRole; home: number; members: (Member & { at: number })[] }[]; group: number[] } {
  const n = clusters.length;
  const group = new Set<number>();
  const clash = (a: number, b: number) => a !== b && (clusters[a].name.startsWith(`${clusters[b].name}-`) || clusters[b].name.startsWith(`${clusters[a].name}-`));
  const placed = roles.map((role) => {
    const home = role.home % n;
    const members = role.members.map((m) => {
      let at = m.cluster % n;
      if (at !== home && [...group, home].some((g) => clash(g, at))) at = home;
      if (at !== home && ![...group, home].some((g) => clash(g, at))) group.add(home).add(at);
      return { ...m, at };
    });
    return { role, home, members };
  });
  return { roles: placed, group: [...group].sort((a, b) => a - b) };
}

/** A workload naming a shared role, as a user would write it. */
function memberRaw(m: Member, c: Cluster, index: number, p: string, roleRetired: boolean): Record<string, unknown> {
  const pattern = m.subject !== "name";
  // EKS Pod Identity does not run in the China regions; an association names one service account.
  const id = p === "aws-cn" || pattern ? "irsa" : m.identity;
  const protectedByCluster = c.protect === true && c.retire !== "destroy";
  // A retired role is named by no workload that is not retired.
  const own = c.retire === undefined ? (m.retire ?? (roleRetired ? "keep" : undefined)) : undefined;
  const destroyed = own === "destroy" || c.retire === "destroy";
  const protect = destroyed ? (protectedByCluster ? false : undefined) : m.protect;
  // The role's index in the namespace: two roles' workloads never share a name.
  const ns = `${m.namespace}${SHARED_NAMESPACE}${index}`;
  return {
    ...(m.subject === "namespacePattern" ? { namespacePattern: `${ns}-*`, dangerouslyAllowNamespacePattern: true } : { namespace: ns }),
    ...(m.subject === "serviceAccountPattern" ? { serviceAccountPattern: `${m.serviceAccount}-*` } : { serviceAccount: m.serviceAccount }),
    role: sharedRoleKey(index),
    identity: id,
    // Service accounts named by a pattern are the tooling's to create.
    ...(!pattern && m.createServiceAccount !== undefined ? { createServiceAccount: m.createServiceAccount } : {}),
    ...(protect !== undefined ? { protect } : {}),
    ...(own !== undefined ? { retire: own } : {}),
  };
}

/** A role of `roles:`, as a user would write it. */
function sharedRoleRaw(r: SharedRole, key: string, home: string, p: string, index: number): Record<string, unknown> {
  return {
    name: key,
    home,
    ...(r.preset !== undefined ? { presets: [r.preset] } : {}),
    ...(r.managed ? { managedPolicyArns: [`arn:${p}:iam::aws:policy/ReadOnlyAccess`] } : {}),
    ...(r.inline ? { policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:${p}:s3:::shared-${index}/*`] }] } : {}),
    ...(r.rolePath !== undefined ? { rolePath: r.rolePath } : {}),
    // Destroying a protected role must be said twice: it is never generated protected.
    ...(r.protect !== undefined ? { protect: r.retire === "destroy" ? false : r.protect } : {}),
    ...(r.retire !== undefined ? { retire: r.retire } : {}),
  };
}

/** The settings of one workload, as a user would write them. */
function workloadRaw(w: Workload, c: Cluster, index: number, p: string, bucketIndex: number): Record<string, unknown> {
  // EKS Pod Identity does not run in the China regions.
  const id = p === "aws-cn" ? undefined : w.identity;
  const podIdentity = id === "pod-identity" || id === "both";
  const protectedByCluster = c.protect === true && c.retire !== "destroy";
  // A workload retired with destroy must not be protected, by itself or by its cluster.
  const workloadRetire = c.retire === undefined ? w.retire : undefined;
  const destroyed = workloadRetire === "destroy" || c.retire === "destroy";
  const protect = destroyed ? (protectedByCluster ? false : undefined) : w.protect;
  const adopted = typeof w.adopt === "object" ? w.adopt : undefined;
  const previousName =
    w.previously === "namespace"
      ? { namespace: `${w.namespace}${FORMERLY}` }
      : w.previously === "serviceAccount"
        ? { serviceAccount: `${w.serviceAccount}${FORMERLY}` }
        : undefined;
  return {
    namespace: w.namespace,
    serviceAccount: w.serviceAccount,
    ...(w.createServiceAccount !== undefined ? { createServiceAccount: w.createServiceAccount } : {}),
    ...(w.createNamespace !== undefined ? { createNamespace: w.createNamespace } : {}),
    ...(w.preset !== undefined ? { presets: [w.preset] } : {}),
    ...(w.managed ? { managedPolicyArns: [`arn:${p}:iam::aws:policy/ReadOnlyAccess`] } : {}),
    ...(w.inline ? { policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:${p}:s3:::bucket-${bucketIndex}/*`] }] } : {}),
    ...(id !== undefined ? { identity: id } : {}),
    // A role in the team account of the cluster's partition: IRSA only (the validator refuses it with Pod Identity).
    ...(w.roleAccount && !podIdentity ? { roleAccount: teamAccount(p) } : {}),
    ...(podIdentity && (w.targetRole || w.unpinned)
      ? {
          podIdentity: {
            ...(w.targetRole ? { targetRoleArn: `arn:${p}:iam::444455556666:role/target-${index}` } : {}),
            ...(w.unpinned ? { disableSessionTags: true, unpinnedTrust: true } : {}),
          },
        }
      : {}),
    // An adopted role keeps its own name; any other may be named.
    ...(w.roleName && w.adopt === undefined ? { roleName: `${c.name}-role-${index}` } : {}),
    ...(w.rolePath !== undefined ? { rolePath: w.rolePath } : {}),
    ...(protect !== undefined ? { protect } : {}),
    ...(workloadRetire !== undefined ? { retire: workloadRetire } : {}),
    ...(previousName !== undefined ? { previously: previousName } : {}),
    ...(w.adopt === true ? { adopt: true } : {}),
    ...(adopted !== undefined
      ? {
          adopt: {
            role: `existing-${c.name}-${index}`,
            ...(adopted.inlinePolicy && w.inline ? { inlinePolicy: "legacy-inline" } : {}),
            ...(adopted.serviceAccount && w.createServiceAccount !== false ? { serviceAccount: true } : {}),
            // One association per service account, across the whole fleet (the validator refuses one adopted twice).
            ...(adopted.association && podIdentity ? { podIdentityAssociation: `a-${String(bucketIndex * 1000 + index).padStart(17, "0")}` } : {}),
          },
        }
      : {}),
  };
}

/** The team account of a partition: its name, and its id (no cluster's). */
function teamAccount(partition: string): string {
  return `team-${partition}`;
}
const TEAM_IDS: Readonly<Record<string, string>> = { aws: "999900000001", "aws-cn": "999900000002", "aws-us-gov": "999900000003" };

/** `accounts:` with the team accounts the clusters' workloads name. */
function accountsOf(clusters: readonly Record<string, unknown>[]): Record<string, unknown> | undefined {
  const used = new Set(clusters.flatMap((c) => (c.workloads as Record<string, unknown>[]).flatMap((w) => (typeof w.roleAccount === "string" ? [w.roleAccount] : []))));
  if (used.size === 0) return undefined;
  return Object.fromEntries(
    [...used].sort().map((name) => {
      const partition = name.slice("team-".length);
      return [name, { accountId: TEAM_IDS[partition], assumeRoleArn: `arn:${partition}:iam::${TEAM_IDS[partition]}:role/irsa-gen-deployer` }];
    }),
  );
}

/** A raw config, as YAML would parse it, that the validator must accept. */
export const validRaw = fc
  .tuple(
    fc.uniqueArray(cluster, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
    fc.option(backend, { nil: undefined }),
    fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(sharedRole, { minLength: 1, maxLength: 2 }) }),
  )
  .map(([generated, defaultBackend, sharedRoles]) => {
    const shared = placeShared(sharedRoles, generated);
    const homes = new Set(shared.roles.map((r) => r.home));
    // A cluster holding a shared role stays (its stack is the role's); the sharing clusters speak of each other literally.
    const leader = shared.group[0];
    const clusters = generated.map((c, i) => ({
      ...c,
      ...(homes.has(i) ? { retire: undefined } : {}),
      ...(shared.group.includes(i) ? { issuer: true, ...(partitionOf(c.region).id !== partitionOf(generated[leader].region).id ? { region: generated[leader].region } : {}) } : {}),
    }));
    // A role named by no workload that is not retired is refused: one that is not retired is named from its home.
    for (const { role, home, members } of shared.roles) {
      const trusted = members.some((m) => m.retire === undefined && clusters[m.at].retire === undefined);
      if (role.retire === undefined && !trusted) members[0] = { ...members[0], at: home, retire: undefined };
    }
    // One workload per name and cluster: the first of a role's (the one named from its home when needed) is kept.
    const seenLabels = new Set<string>();
    const membersOf = (i: number) =>
      shared.roles.flatMap(({ role, members }, k) =>
        members
          .filter((m) => m.at === i)
          .map((m) => ({ raw: memberRaw(m, clusters[i], k, partitionOf(clusters[i].region).id, role.retire !== undefined), m }))
          .filter(({ raw }) => {
            const subject = `${i} ${terraformLabel(String(raw.namespace ?? raw.namespacePattern), String(raw.serviceAccount ?? raw.serviceAccountPattern))}`;
            if (seenLabels.has(subject)) return false;
            seenLabels.add(subject);
            return true;
          })
          .map(({ raw }) => raw),
      );
    const raw = {
      ...(defaultBackend !== undefined ? { defaults: { backend: defaultBackend } } : {}),
      ...(shared.roles.length > 0
        ? { roles: shared.roles.map(({ role, home }, k) => sharedRoleRaw(role, sharedRoleKey(k), clusters[home].name, partitionOf(clusters[home].region).id, k)) }
        : {}),
      clusters: clusters.map((c, i): Record<string, unknown> => {
        const partition = partitionOf(c.region);
        const p = partition.id;
        // One account per cluster, default role names can then never collide; the clusters sharing roles share their account.
        const accountId = String(100000000000 + (shared.group.includes(i) ? leader : i));
        // One issuer per cluster (the validator refuses two clusters sharing one): names alike in capitals get their index.
        const issuerId = `${c.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}${i}`;
        const issuerHost = `oidc.eks.${c.region}.${partition.dnsSuffix}/id/${issuerId}`;
        const providerArn = `arn:${p}:iam::${accountId}:oidc-provider/${issuerHost}`;
        const workloads = c.workloads.map((w, j) => workloadRaw(w, c, j, p, i));
        // The cluster's provider in the team account: `adopt` computes its ARN from the issuer, so only with it.
        const inTeam = workloads.some((w) => w.roleAccount !== undefined);
        const teamProvider = !inTeam || c.teamProvider === undefined || (c.teamProvider === "adopt" && !c.issuer) ? undefined : c.teamProvider;
        // `adopt` computes the provider's ARN from the account and the issuer: only with the issuer.
        const oidcProvider =
          c.oidcProvider === "arn" ? { arn: providerArn } : c.oidcProvider === "adopt-arn" ? { adopt: providerArn } : c.oidcProvider === "adopt" && !c.issuer ? undefined : c.oidcProvider;
        return {
          name: c.name,
          region: c.region,
          accountId,
          ...(c.issuer ? { oidcIssuerUrl: `https://${issuerHost}` } : {}),
          ...(oidcProvider !== undefined ? { oidcProvider } : {}),
          ...(c.thumbprint !== undefined ? { oidcThumbprint: c.thumbprint } : {}),
          ...(c.podIdentityAgent !== undefined && p !== "aws-cn" ? { podIdentityAgent: c.podIdentityAgent } : {}),
          ...(c.protect !== undefined && c.retire !== "destroy" ? { protect: c.protect } : {}),
          ...(c.retire !== undefined ? { retire: c.retire } : {}),
          ...(c.backend !== undefined ? { backend: c.backend } : {}),
          ...(teamProvider !== undefined ? { oidcProviders: { [teamAccount(p)]: teamProvider } } : {}),
          workloads: [...workloads, ...membersOf(i)],
          ...(c.addons !== undefined && c.addons.length > 0 ? { addons: c.addons.map((a) => addonRaw(a, c, p)) } : {}),
        };
      }),
    };
    const accounts = accountsOf(raw.clusters);
    return accounts === undefined ? raw : { accounts, ...raw };
  });
