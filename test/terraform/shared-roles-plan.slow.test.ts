/**
 * `terraform plan`, offline, of a blue/green cluster upgrade with a shared
 * role (the README's walk-through, step by step): green is added to the
 * role, the role's home moves from blue to green, blue is dropped. Each
 * step plans both clusters' stacks against what the step before applied
 * (planModules, as plan.slow.test.ts: one root module, each stack a child
 * module, a handcrafted state, a local IAM for the import's reads), after
 * the ledger of every step before, as `npm run synth` would write them.
 * No step may destroy, replace or create over what exists.
 */
import { rmSync } from "node:fs";
import { Testing } from "cdktf";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import { judge, type Ledger } from "../../lib/output/ledger";
import { configFrom } from "../support/config";
import { tempDir } from "../support/files";
import { appliedResources, offlineTerraform, planModules, reduceToAws, startFakeIam, type FakeIam, type ResourceChange, type TerraformJsonDocument } from "../support/terraform";

const { skipReason, mirror, cli } = offlineTerraform("terraform plan of a blue/green upgrade", { minor: 7, why: "removed blocks need" });

const ACCOUNT = "123456789012";
const HOST = { blue: "oidc.eks.eu-west-1.amazonaws.com/id/B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0B0", green: "oidc.eks.eu-west-1.amazonaws.com/id/C1C1C1C1C1C1C1C1C1C1C1C1C1C1C1C1" };

/** The fleet at one step: where the role lives, which clusters name it, whether blue is retired. */
function fleet(step: { home: "blue" | "green"; green: boolean; blueRetired?: boolean }): string {
  const api = "      - { namespace: payments, serviceAccount: api, role: payments-api }\n";
  return `defaults:
  createServiceAccount: false
roles:
  - name: payments-api
    home: ${step.home}
    managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
    policyStatements:
      - actions: [s3:PutObject]
        resources: ["arn:aws:s3:::payments/*"]
clusters:
  - name: blue
    region: eu-west-1
    accountId: "${ACCOUNT}"
    oidcIssuerUrl: https://${HOST.blue}
    oidcThumbprint: false
${step.blueRetired ? "    retire: keep\n" : ""}    workloads:
${api}  - name: green
    region: eu-west-1
    accountId: "${ACCOUNT}"
    oidcIssuerUrl: https://${HOST.green}
    oidcThumbprint: false
    workloads:
      - { namespace: other, serviceAccount: thing, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
${step.green ? api : ""}`;
}

/** The README's steps, in order: each config is synthesized after the ledger of all before it. */
const STEPS = [
  { name: "start", yaml: fleet({ home: "blue", green: false }) },
  { name: "addGreen", yaml: fleet({ home: "blue", green: true }) },
  { name: "moveHome", yaml: fleet({ home: "green", green: true }) },
  { name: "dropBlue", yaml: fleet({ home: "green", green: true, blueRetired: true }) },
] as const;

/** Every cluster's AWS side at each step, synthesized after the previous step's ledger (its releases and imports). */
function synthesizeSteps(awsVersion: string): Map<string, Record<string, TerraformJsonDocument>> {
  const out = new Map<string, Record<string, TerraformJsonDocument>>();
  let ledger: Ledger | undefined;
  for (const step of STEPS) {
    const config = configFrom(step.yaml);
    const verdict = judge(ledger, config, ledger);
    if (verdict.problems.length > 0) throw new Error(`${step.name}: ${verdict.problems.join("\n")}`);
    const app = Testing.app({ stackTraces: false, outdir: tempDir() });
    const stacks: Record<string, TerraformJsonDocument> = {};
    for (const cluster of config.clusters) {
      const stack = new ClusterStack(app, { cluster, releases: verdict.releases.get(cluster.name), reimports: verdict.reimports.get(cluster.name) });
      stacks[cluster.name] = reduceToAws(JSON.parse(Testing.synth(stack)) as TerraformJsonDocument, { awsVersion }).json;
    }
    out.set(step.name, stacks);
    ledger = verdict.next;
  }
  return out;
}

(skipReason ? describe.skip : describe)("terraform plan of a blue/green upgrade with a shared role (offline)", () => {
  let tmp: string;
  let iam: FakeIam;
  /** By `<step>_<cluster>`: the module's resource changes, addresses without the module prefix. */
  const changes = new Map<string, ResourceChange[]>();
  let stacks: Map<string, Record<string, TerraformJsonDocument>>;

  beforeAll(async () => {
    const planned = await planModules({
      prefix: "irsa-gen-plan-shared-",
      mirror: mirror!,
      cli: cli!,
      accountId: ACCOUNT,
      modules: async () => {
        stacks = synthesizeSteps(mirror!.version);
        // The role as the step before the handover left it in IAM (applied from blue's stack): what green's import reads.
        const applied = appliedResources(stacks.get("addGreen")!.blue, { accountId: ACCOUNT });
        const role = applied.find((r) => r.type === "aws_iam_role")!.instances[0].attributes;
        const inline = applied.find((r) => r.type === "aws_iam_role_policy")!.instances[0].attributes;
        iam = await startFakeIam(
          [
            {
              name: role.name as string,
              assumeRolePolicy: role.assume_role_policy as string,
              description: role.description as string,
              tags: role.tags as Record<string, string>,
              inlinePolicies: { [inline.name as string]: inline.policy as string },
              attachedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
            },
          ],
          ACCOUNT,
        );
        // Each step's stacks, planned against what the step before applied.
        return STEPS.slice(1).flatMap((step, i) =>
          (["blue", "green"] as const).map((cluster) => ({
            name: `${step.name}_${cluster}`,
            planned: stacks.get(step.name)![cluster],
            applied: stacks.get(STEPS[i].name)![cluster],
            endpoints: { iam: iam.url },
          })),
        );
      },
      announce: (names) => `terraform plan: hashicorp/aws ${mirror!.version} from the mirror at ${mirror!.root} planned the blue/green walk-through: ${names.join(", ")}`,
    });
    tmp = planned.tmp;
    for (const [name, list] of planned.changes) changes.set(name, list);
  }, 180_000);

  afterAll(async () => {
    await iam?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const actionsOf = (name: string): Record<string, string> =>
    Object.fromEntries(changes.get(name)!.filter((c) => !c.address.startsWith("data.")).map((c) => [c.address, c.change.actions.join(",")]));
  const importsOf = (name: string): Record<string, string> => Object.fromEntries(changes.get(name)!.filter((c) => c.change.importing).map((c) => [c.address, c.change.importing!.id as string]));
  const ROLE = [
    "aws_iam_role.shared_payments_api",
    "aws_iam_role_policy.shared_payments_api",
    "aws_iam_role_policy_attachment.shared_payments_api_amazon_s3_read_only_access",
    "aws_iam_role_policy_attachments_exclusive.shared_payments_api",
    "aws_iam_role_policies_exclusive.shared_payments_api",
  ];
  const only = (addresses: readonly string[], action: string) => Object.fromEntries(addresses.map((a) => [a, action]));
  const GREEN_OWN = [
    "aws_iam_role.other_thing",
    "aws_iam_role_policy_attachment.other_thing_read_only_access",
    "aws_iam_role_policy_attachments_exclusive.other_thing",
    "aws_iam_role_policies_exclusive.other_thing",
  ];
  const issuersOf = (policy: string): string[] =>
    (JSON.parse(policy) as { Statement: { Condition: { StringEquals: Record<string, unknown> } }[] }).Statement.map((s) => Object.keys(s.Condition.StringEquals)[0].split(":")[0]);

  it("step 1, green names the role: blue's plan updates its trust in place; green's creates nothing of the role", () => {
    // GIVEN the role applied in blue, trusted by blue's payments/api / WHEN green's payments/api names it too
    expect(actionsOf("addGreen_blue")).toEqual({ "aws_iam_openid_connect_provider.cluster": "no-op", "aws_iam_role.shared_payments_api": "update", ...only(ROLE.slice(1), "no-op") });
    const role = changes.get("addGreen_blue")!.find((c) => c.address === "aws_iam_role.shared_payments_api")!.change;
    // THEN the trust gains green's OIDC provider in a statement of its own; the role keeps its name
    expect(issuersOf(role.before!.assume_role_policy)).toEqual([HOST.blue]);
    expect(issuersOf(role.after!.assume_role_policy)).toEqual([HOST.blue, HOST.green]);
    expect(role.after!.name).toBe("payments-api");
    // AND green's stack holds no block of the role: its service account names it by ARN
    expect(actionsOf("addGreen_green")).toEqual({ "aws_iam_openid_connect_provider.cluster": "no-op", ...only(GREEN_OWN, "no-op") });
  });

  it("step 2, the home moves to green: green imports the role, blue forgets it; nothing is destroyed or created", () => {
    // GIVEN the role applied in blue, trusting both clusters / WHEN its home is green
    // THEN green's plan imports each of its blocks and changes none but the role's default tags in place
    expect(importsOf("moveHome_green")).toEqual({
      "aws_iam_role.shared_payments_api": "payments-api",
      "aws_iam_role_policy.shared_payments_api": "payments-api:permissions",
      "aws_iam_role_policy_attachment.shared_payments_api_amazon_s3_read_only_access": "payments-api/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      "aws_iam_role_policy_attachments_exclusive.shared_payments_api": "payments-api",
      "aws_iam_role_policies_exclusive.shared_payments_api": "payments-api",
    });
    const green = actionsOf("moveHome_green");
    expect(Object.keys(green).sort()).toEqual(["aws_iam_openid_connect_provider.cluster", ...ROLE, ...GREEN_OWN].sort());
    for (const address of ROLE) expect(["no-op", "update"]).toContain(green[address]);
    // AND blue's plan forgets them (removed, destroy = false): the role stays in IAM
    expect(actionsOf("moveHome_blue")).toEqual({ "aws_iam_openid_connect_provider.cluster": "no-op", ...only(ROLE, "forget") });
  });

  it("step 3, blue is dropped (retire: keep): green's plan narrows the trust in place, blue's forgets its provider", () => {
    expect(actionsOf("dropBlue_green")).toEqual({ "aws_iam_openid_connect_provider.cluster": "no-op", "aws_iam_role.shared_payments_api": "update", ...only(ROLE.slice(1), "no-op"), ...only(GREEN_OWN, "no-op") });
    const role = changes.get("dropBlue_green")!.find((c) => c.address === "aws_iam_role.shared_payments_api")!.change;
    expect(issuersOf(role.after!.assume_role_policy)).toEqual([HOST.green]);
    expect(actionsOf("dropBlue_blue")).toEqual({ "aws_iam_openid_connect_provider.cluster": "forget" });
  });

  it("destroys, replaces and creates nothing at any step", () => {
    for (const [name, list] of changes) {
      for (const c of list.filter((x) => !x.address.startsWith("data."))) {
        const actions = c.change.actions.join(",");
        expect([name, c.address, actions]).toEqual([name, c.address, expect.stringMatching(/^(no-op|update|forget)$/)]);
      }
    }
  });
});
