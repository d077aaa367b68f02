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
 * adopted (`oidcProviders`).
 *
 * The combinations the validator refuses, with a reason, are not made:
 * no Pod Identity in the China regions, `podIdentity` settings only with
 * `pod-identity` or `both`, `disableSessionTags` only with
 * `unpinnedTrust`, `retire: destroy` only on what is not protected, an
 * adopted role without a `roleName` of its own (it keeps its name),
 * `oidcProvider: adopt` only with the account and issuer that name it,
 * no workload whose Terraform label or role name is an add-on's;
 * `roleAccount` only with IRSA.
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
  .tuple(fc.uniqueArray(cluster, { minLength: 1, maxLength: 3, selector: (c) => c.name }), fc.option(backend, { nil: undefined }))
  .map(([clusters, defaultBackend]) => ({
    ...(defaultBackend !== undefined ? { defaults: { backend: defaultBackend } } : {}),
    clusters: clusters.map((c, i): Record<string, unknown> => {
      const partition = partitionOf(c.region);
      const p = partition.id;
      // One account per cluster: default role names can then never collide.
      const accountId = String(100000000000 + i);
      // One issuer per cluster (the validator refuses two clusters sharing one): names alike in capitals get their index.
      const issuerId = `${c.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}${i}`;
      const issuerHost = `oidc.eks.${c.region}.${partition.dnsSuffix}/id/${issuerId}`;
      const providerArn = `arn:${p}:iam::${accountId}:oidc-provider/${issuerHost}`;
      // `adopt` computes the provider's ARN from the account and the issuer: only with the issuer.
      const workloads = c.workloads.map((w, j) => workloadRaw(w, c, j, p, i));
      // The cluster's provider in the team account: `adopt` computes its ARN from the issuer, so only with it.
      const inTeam = workloads.some((w) => w.roleAccount !== undefined);
      const teamProvider = !inTeam || c.teamProvider === undefined || (c.teamProvider === "adopt" && !c.issuer) ? undefined : c.teamProvider;
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
        workloads,
        ...(c.addons !== undefined && c.addons.length > 0 ? { addons: c.addons.map((a) => addonRaw(a, c, p)) } : {}),
      };
    }),
  }))
  .map((raw) => {
    const accounts = accountsOf(raw.clusters);
    return accounts === undefined ? raw : { accounts, ...raw };
  });
