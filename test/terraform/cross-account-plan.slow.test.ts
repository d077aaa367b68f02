/**
 * `terraform plan` of roles in another account, each step of the README's
 * walkthrough ("Cross-account roles") against the state the step before
 * left: what Terraform itself does, in which account.
 *
 * The harness is plan.slow.test.ts's (offline, the aws provider from the
 * local mirror, a handcrafted applied state, `-refresh=false`, every case
 * a child module of one root), with one thing more: the account's aliased
 * AWS provider assumes a role when it is configured, so its STS calls go to
 * a local endpoint (startFakeSts) that answers AssumeRole and records which
 * role, external id and session name the provider asked for. Resources of
 * the team's account are in the state under that provider, as Terraform
 * records them, with ARNs of that account.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { synthCluster } from "../support/config";
import { crossAccount, HOME_ID, ISSUER, ISSUER_HOST, TEAM_ID, TEAM_ROLE } from "../support/cross-account";
import {
  appliedResources,
  offlineAwsOverride,
  offlineRoot,
  offlineTerraform,
  planOffline,
  reduceToAws,
  startFakeIam,
  startFakeSts,
  stateFile,
  type FakeIam,
  type FakeSts,
  type ResourceChange,
  type StateResource,
  type TerraformJsonDocument,
} from "../support/terraform";

const { skipReason, mirror, cli } = offlineTerraform("terraform plan of cross-account roles", { minor: 7, why: "removed blocks need" });

/**
 * A config whose stacks plan without AWS (as plan.slow.test.ts's): the
 * issuer given, no thumbprint, service accounts left to charts. `parts` as
 * crossAccount's; the account `payments` has an external id.
 */
const config = (parts: Parameters<typeof crossAccount>[0] = {}) =>
  crossAccount({
    head: ["defaults:", "  createServiceAccount: false"],
    cluster: ["oidcThumbprint: false", ...(parts?.cluster ?? [])],
    ...parts,
    account: ["externalId: platform-eu", ...(parts?.account ?? [])],
  });

/** payments/api in the cluster's own account (no roleAccount). */
const HOME = config({ roleAccount: null });
/** payments/api in the team's account. */
const TEAM = config();
/** Step 1: a new workload whose role lives in the team's account, beside payments/api at home. */
const FIRST = config({ roleAccount: null, workloads: ["- { namespace: ledger, serviceAccount: writer, roleAccount: payments, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"] });
const ROTATED_ROLE = `arn:aws:iam::${TEAM_ID}:role/platform/irsa-gen-v2`;
/** The cluster's provider the team registered in its account before irsa-gen. */
const TEAM_PROVIDER = `arn:aws:iam::${TEAM_ID}:oidc-provider/${ISSUER_HOST}`;

interface PlanCase {
  readonly applied?: string;
  readonly planned: string;
}

const CASES = {
  /** The harness with an aliased provider: the team config planned against its own state. */
  teamUnchanged: { applied: TEAM, planned: TEAM },
  /** Step 1: accounts: and a first workload with roleAccount. */
  firstRole: { applied: HOME, planned: FIRST },
  /** Step 3: an applied workload's role moved to the team's account. */
  moveToTeam: { applied: HOME, planned: TEAM },
  /** And back: the team account's provider stays for the destroy. */
  backHome: { applied: TEAM, planned: HOME },
  /** roleAccount naming the cluster's own account. */
  sameAccount: {
    applied: HOME,
    planned: config({ roleAccount: "platform", accounts: ["platform:", `  accountId: "${HOME_ID}"`, `  assumeRoleArn: arn:aws:iam::${HOME_ID}:role/deployer`] }),
  },
  /** Step 2, the provider exists in the team's account: found by lookup. */
  lookup: { planned: config({ cluster: ["oidcProviders: { payments: lookup }"] }) },
  /** Step 2, the provider exists in the team's account: adopted. */
  adopt: { planned: config({ cluster: ["oidcProviders: { payments: adopt }"] }) },
  /** Step 4: the role Terraform assumes in the account changes. */
  rotated: { applied: TEAM, planned: TEAM.replace(TEAM_ROLE, ROTATED_ROLE) },
} satisfies Record<string, PlanCase>;
type CaseName = keyof typeof CASES;
const NAMES = Object.keys(CASES) as CaseName[];

function awsStack(yaml: string, awsVersion: string, applied?: string): TerraformJsonDocument {
  return reduceToAws(synthCluster(yaml, applied) as TerraformJsonDocument, { awsVersion }).json;
}

(skipReason ? describe.skip : describe)("terraform plan of roles in another account (offline, against an applied state)", () => {
  let tmp: string;
  const sts = new Map<CaseName, FakeSts>();
  /** The team account's IAM, which knows the provider the team registered: for the lookup and the adoption, each its own. */
  const iam = new Map<CaseName, FakeIam>();
  const changes = new Map<CaseName, ResourceChange[]>();
  /** By case: the provider configuration each resource of its configuration names (`provider_config_key` of the plan's configuration). */
  const configured = new Map<CaseName, Record<string, string>>();

  beforeAll(async () => {
    const { version } = mirror!;
    const terraform = offlineRoot("irsa-gen-accounts-plan-", mirror!);
    ({ tmp } = terraform);
    const { root, env } = terraform;
    const initializing = terraform.init();
    const modules: Record<string, { source: string }> = {};
    const resources: StateResource[] = [];
    const imports: { to: string; id: string }[] = [];
    try {
      for (const name of NAMES) {
        const c: PlanCase = CASES[name];
        // One STS per case: each case's provider is configured on its own, and its calls are its own.
        const endpoint = await startFakeSts();
        sts.set(name, endpoint);
        const planned = awsStack(c.planned, version, c.applied);
        if (name === "lookup" || name === "adopt") iam.set(name, await startFakeIam([], TEAM_ID, [{ arn: TEAM_PROVIDER, url: ISSUER }]));
        const teamIam = iam.get(name);
        const aliases = Object.fromEntries(
          ((planned.provider?.aws ?? []) as { alias?: string }[]).filter((p) => p.alias).map((p) => [p.alias!, { sts: endpoint.url, ...(teamIam ? { iam: teamIam.url } : {}) }]),
        );
        // Import blocks are the root module's: aimed at the case's module (as plan.slow.test.ts does).
        for (const block of (planned.import ?? []) as { to: string; id: string }[]) imports.push({ ...block, to: `module.${name}.${block.to}` });
        delete planned.import;
        mkdirSync(join(root, name));
        writeFileSync(join(root, name, "cdk.tf.json"), `${JSON.stringify(planned, null, 2)}\n`);
        writeFileSync(join(root, name, "zz_override.tf.json"), `${JSON.stringify(offlineAwsOverride({}, aliases), null, 2)}\n`);
        modules[name] = { source: `./${name}` };
        if (c.applied !== undefined) resources.push(...appliedResources(awsStack(c.applied, version), { accountId: HOME_ID, accounts: { payments: TEAM_ID }, module: `module.${name}` }));
      }
    } finally {
      await initializing.catch(() => undefined);
    }
    await initializing;
    writeFileSync(join(root, "terraform.tfstate"), `${JSON.stringify(stateFile(resources, cli!.version), null, 2)}\n`);
    await terraform.join({ module: modules, import: imports });
    process.stderr.write(`terraform plan of cross-account roles: hashicorp/aws ${version} from the mirror at ${mirror!.root} planned ${NAMES.join(", ")}\n`);
    const plan = await planOffline(root, env);
    const calls = (plan.configuration as { root_module: { module_calls: Record<string, { module: { resources?: { address: string; provider_config_key: string }[] } }> } }).root_module.module_calls;
    for (const name of NAMES) {
      configured.set(name, Object.fromEntries((calls[name].module.resources ?? []).map((r) => [r.address, r.provider_config_key])));
      const prefix = `module.${name}.`;
      changes.set(
        name,
        (plan.resource_changes ?? []).filter((c) => c.address.startsWith(prefix)).map((c) => ({ ...c, address: c.address.slice(prefix.length) })),
      );
    }
  }, 180_000);

  afterAll(async () => {
    for (const endpoint of [...sts.values(), ...iam.values()]) await endpoint.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const actionsOf = (name: CaseName): Record<string, string> =>
    Object.fromEntries(changes.get(name)!.filter((c) => !c.address.startsWith("data.")).map((c) => [c.address, c.change.actions.join(",")]));
  /** The provider configuration of a resource of a case's configuration, e.g. `module.firstRole:aws.payments`. */
  const providerOf = (name: CaseName, address: string): string | undefined => configured.get(name)![address];
  const blocks = (label: string, policy = "read_only_access") => [
    `aws_iam_role.${label}`,
    `aws_iam_role_policies_exclusive.${label}`,
    `aws_iam_role_policy_attachment.${label}_${policy}`,
    `aws_iam_role_policy_attachments_exclusive.${label}`,
  ];
  const only = (addresses: readonly string[], action: string) => Object.fromEntries(addresses.map((a) => [a, action]));
  const HOME_API = blocks("payments_api");
  const TEAM_API = blocks("payments_api_in_payments");

  it("plans the team's config against its own state as no change at all (the harness, with the account's provider)", () => {
    expect(actionsOf("teamUnchanged")).toEqual({ "aws_iam_openid_connect_provider.cluster_in_payments": "no-op", ...only(TEAM_API, "no-op") });
  });

  it("configures the account's provider by assuming its role, with the external id", () => {
    // THEN the only STS call is the AssumeRole of the account's provider: the role of accounts.payments, its external id
    expect(sts.get("teamUnchanged")!.calls).toEqual([expect.stringMatching(new RegExp(`^AssumeRole ${TEAM_ROLE} platform-eu `))]);
  });

  it("step 1: plans a first role in the team's account as creating it and the cluster's provider there, through the account's provider", () => {
    expect(actionsOf("firstRole")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(HOME_API, "no-op"),
      "aws_iam_openid_connect_provider.cluster_in_payments": "create",
      ...only(blocks("ledger_writer_in_payments"), "create"),
    });
    // AND what is in the team's account is planned with its provider (the one that assumed the team's role), the rest with the cluster's
    expect(providerOf("firstRole", "aws_iam_role.ledger_writer_in_payments")).toBe("module.firstRole:aws.payments");
    expect(providerOf("firstRole", "aws_iam_role_policy_attachment.ledger_writer_in_payments_read_only_access")).toBe("module.firstRole:aws.payments");
    expect(providerOf("firstRole", "aws_iam_openid_connect_provider.cluster_in_payments")).toBe("module.firstRole:aws.payments");
    expect(providerOf("firstRole", "aws_iam_role.payments_api")).toBe("module.firstRole:aws");
  });

  it("step 3: plans moving an applied role to the team's account as destroying it in the cluster's account and creating it in the team's, never a move", () => {
    expect(actionsOf("moveToTeam")).toEqual({
      // No role of the cluster's account uses IRSA any more: its provider is let go of, never destroyed.
      "aws_iam_openid_connect_provider.cluster": "forget",
      ...only(HOME_API, "delete"),
      "aws_iam_openid_connect_provider.cluster_in_payments": "create",
      ...only(TEAM_API, "create"),
    });
    expect(changes.get("moveToTeam")!.some((c) => c.previous_address !== undefined)).toBe(false);
    expect(providerOf("moveToTeam", "aws_iam_role.payments_api_in_payments")).toBe("module.moveToTeam:aws.payments");
  });

  it("plans a role moved back as destroying it in the team's account, through that account's provider, which the stack keeps for it", () => {
    expect(actionsOf("backHome")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "create",
      ...only(HOME_API, "create"),
      "aws_iam_openid_connect_provider.cluster_in_payments": "forget",
      ...only(TEAM_API, "delete"),
    });
    // Terraform destroys a resource with the provider its state names: without the team account's provider in
    // the stack, this plan fails ("Provider configuration not present"); here it assumes the team's role for it.
    expect(providerOf("backHome", "aws_iam_role.payments_api")).toBe("module.backHome:aws");
    expect(sts.get("backHome")!.calls).toEqual([expect.stringMatching(new RegExp(`^AssumeRole ${TEAM_ROLE} platform-eu `))]);
  });

  it("plans roleAccount naming the cluster's own account as no change at all", () => {
    expect(actionsOf("sameAccount")).toEqual({ "aws_iam_openid_connect_provider.cluster": "no-op", ...only(HOME_API, "no-op") });
    expect(sts.get("sameAccount")!.calls).toEqual([]);
  });

  it("step 2: plans a provider the team registered, looked up, as trusted by the new role: found through the account's provider", () => {
    expect(actionsOf("lookup")).toEqual(only(TEAM_API, "create"));
    expect(iam.get("lookup")!.calls).toEqual(expect.arrayContaining(["ListOpenIDConnectProviders", `GetOpenIDConnectProvider ${TEAM_PROVIDER}`]));
  });

  it("step 2: plans a provider the team registered, adopted, as an import in the team's account, never a create", () => {
    const provider = changes.get("adopt")!.find((c) => c.address === "aws_iam_openid_connect_provider.cluster_in_payments")!;
    expect(provider.change.importing).toEqual({ id: TEAM_PROVIDER });
    expect(provider.change.actions).not.toContain("create");
    expect(providerOf("adopt", "aws_iam_openid_connect_provider.cluster_in_payments")).toBe("module.adopt:aws.payments");
    // The import reads the provider through the team account's provider (its IAM endpoint), which assumed the team's role.
    expect(iam.get("adopt")!.calls).toContain(`GetOpenIDConnectProvider ${TEAM_PROVIDER}`);
    // (Terraform configures the provider once more for the import: every call assumes the team's role.)
    const calls = sts.get("adopt")!.calls;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.startsWith(`AssumeRole ${TEAM_ROLE} platform-eu `))).toEqual([]);
  });

  it("step 4: plans another role to assume in the account as no change, and assumes the new role", () => {
    expect(actionsOf("rotated")).toEqual({ "aws_iam_openid_connect_provider.cluster_in_payments": "no-op", ...only(TEAM_API, "no-op") });
    expect(sts.get("rotated")!.calls).toEqual([expect.stringMatching(new RegExp(`^AssumeRole ${ROTATED_ROLE} platform-eu `))]);
  });
});
