import { Testing } from "cdktf";
import fc from "fast-check";
import { allocateAddresses, workloadKey } from "../../lib/model/addresses";
import { ClusterStack } from "../../lib/constructs/cluster-stack";
import type { ClusterConfig } from "../../lib/model/model";
import { validateConfig } from "../../lib/config/validate";
import { tempDir } from "../support/files";

const workload = (namespace: string, serviceAccount: string, extra: Partial<Parameters<typeof allocateAddresses>[0]["workloads"][number]> = {}) => ({
  namespace,
  serviceAccount,
  id: `${namespace}_${serviceAccount}`.replace(/[-.]+/g, "_"),
  managedPolicyArns: [],
  policyStatements: [],
  createServiceAccount: true,
  createNamespace: false,
  previously: [],
  identity: "irsa" as const,
  exclusivePolicies: false,
  ...extra,
});

describe("allocateAddresses", () => {
  it("gives each block of a cluster its address, from natural keys only", () => {
    // GIVEN one workload with an attachment and an inline policy
    const { addresses, collisions } = allocateAddresses({
      name: "prod",
      podIdentityAgent: false,
      oidcProvider: { mode: "create", thumbprint: true },
      workloads: [workload("payments", "api", { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], policyStatements: [{}] })],
    });
    // THEN the labels are the ones earlier versions wrote
    expect(collisions).toEqual([]);
    expect(addresses.workloads["payments/api"]).toEqual({
      construct: "workload-payments_api",
      role: "payments_api",
      serviceAccount: "payments_api",
      trustDocument: "payments_api_trust",
      transitions: [],
      permissionsDocument: "payments_api_permissions",
      attachments: { "arn:aws:iam::aws:policy/ReadOnlyAccess": "payments_api_read_only_access" },
      roleArnOutput: "payments_api_role_arn",
      annotationsOutput: "payments_api_service_account_annotations",
      podIdentityAssociation: "payments_api",
      moves: [],
    });
  });

  it.each([
    ["attachments of two workloads", [workload("a", "b", { id: "a_b", managedPolicyArns: ["arn:aws:iam::111122223333:policy/x-y"] }), workload("a", "b-x", { id: "a_b_x", managedPolicyArns: ["arn:aws:iam::111122223333:policy/y"] })], "aws_iam_role_policy_attachment.a_b_x_y"],
    ["two created namespaces", [workload("team-a", "x", { createNamespace: true }), workload("team--a", "y", { createNamespace: true })], "kubernetes_namespace_v1.team_a"],
    ["two policies of one name in one workload", [workload("a", "b", { managedPolicyArns: ["arn:aws:iam::aws:policy/P", "arn:aws:iam::111122223333:policy/P"] })], "aws_iam_role_policy_attachment.a_b_p"],
  ])("finds %s meeting on one address", (_what, workloads, address) => {
    const { collisions } = allocateAddresses({ name: "prod", podIdentityAgent: false, oidcProvider: { mode: "create", thumbprint: true }, workloads });
    expect(collisions.map((c) => c.address)).toContain(address);
  });

  it("never gives a created namespace and a workload one construct id", () => {
    const { addresses, collisions } = allocateAddresses({
      name: "prod",
      podIdentityAgent: false,
      oidcProvider: { mode: "create", thumbprint: true },
      workloads: [workload("x--y", "a", { createNamespace: true }), workload("namespace-x", "y")],
    });
    expect(collisions).toEqual([]);
    expect(addresses.namespaces["x--y"].construct).not.toBe(addresses.workloads["namespace-x/y"].construct);
  });
});

// ---------------------------------------------------------------------------
// Property: names chosen to collide are refused with a located problem, or
// every block is there, each with its own address and its own data.

const NAMESPACES = ["a", "a-b", "a--b", "ab", "b", "a-b-x", "namespace-a", "x--y", "namespace-x"];
const SERVICE_ACCOUNTS = ["b", "b-x", "x", "y", "a.b", "b.x", "x-y", "b-c"];
const POLICY_NAMES = ["x-y", "x_y", "y", "x.y", "b-x-y", "CloudWatchAgentServerPolicy", "ReadOnlyAccess"];

const rawWorkload = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    serviceAccount: fc.constantFrom(...SERVICE_ACCOUNTS),
    policies: fc.uniqueArray(fc.tuple(fc.constantFrom(...POLICY_NAMES), fc.constantFrom("aws", "111122223333")), { maxLength: 3 }),
    createNamespace: fc.boolean(),
    createServiceAccount: fc.boolean(),
    cloudwatch: fc.boolean(),
    terraformName: fc.constantFrom("a_b", "a_b_x", "x_y", "ab_b"),
  },
  { requiredKeys: ["namespace", "serviceAccount", "policies"] },
);

const collidingConfig = fc.array(rawWorkload, { minLength: 1, maxLength: 5 }).map((workloads) => ({
  clusters: [
    {
      name: "prod",
      region: "eu-west-1",
      accountId: "111122223333",
      oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
      workloads: workloads.map((w) => ({
        namespace: w.namespace,
        serviceAccount: w.serviceAccount,
        ...(w.policies.length > 0 ? { managedPolicyArns: w.policies.map(([name, account]) => `arn:aws:iam::${account}:policy/${name}`) } : {}),
        ...(w.cloudwatch ? { presets: ["cloudwatch-observability"] } : {}),
        ...(w.createNamespace !== undefined ? { createNamespace: w.createNamespace } : {}),
        ...(w.createServiceAccount !== undefined ? { createServiceAccount: w.createServiceAccount } : {}),
        ...(w.terraformName !== undefined ? { terraformName: w.terraformName } : {}),
        ...(w.policies.length === 0 && !w.cloudwatch ? { policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }] } : {}),
      })),
    },
  ],
}));

type Blocks = Record<string, Record<string, any>>;

/** Checks the synthesized stack holds every block of every workload, each with its own data. */
function expectEveryBlock(cluster: ClusterConfig): void {
  const app = Testing.app({ stackTraces: false, outdir: tempDir() });
  const tf = JSON.parse(Testing.synth(new ClusterStack(app, { cluster }))) as { resource: Blocks; data: Blocks; output: Record<string, any> };
  const resources = (type: string) => Object.entries(tf.resource[type] ?? {});

  // One role per workload, trusting exactly its own service account.
  expect(resources("aws_iam_role")).toHaveLength(cluster.workloads.length);
  for (const w of cluster.workloads) {
    const a = cluster.addresses.workloads[workloadKey(w)];
    expect(tf.resource.aws_iam_role[a.role].name).toBe(w.roleName);
    const trust = tf.data.aws_iam_policy_document[a.trustDocument].statement[0];
    expect(trust.condition.find((c: any) => c.variable.endsWith(":sub")).values).toEqual([`system:serviceaccount:${w.namespace}:${w.serviceAccount}`]);
    expect(tf.resource.aws_iam_role[a.role].assume_role_policy).toBe(`\${data.aws_iam_policy_document.${a.trustDocument}.json}`);
  }

  // Each attachment of each workload with its own policy, on its own role.
  const attachments = resources("aws_iam_role_policy_attachment").map(([, body]) => `${body.role} ${body.policy_arn}`).sort();
  const expected = cluster.workloads.flatMap((w) => w.managedPolicyArns.map((arn) => `\${aws_iam_role.${cluster.addresses.workloads[workloadKey(w)].role}.name} ${arn}`)).sort();
  expect(attachments).toEqual(expected);

  // Each service account in its own namespace; each created namespace once, by its name.
  const namespaces = Object.fromEntries(resources("kubernetes_namespace_v1").map(([label, body]) => [label, body.metadata.name]));
  expect(Object.values(namespaces).sort()).toEqual([...new Set(cluster.workloads.filter((w) => w.createNamespace).map((w) => w.namespace))].sort());
  const accounts = resources("kubernetes_service_account_v1").map(([, body]) => {
    const ref = /^\$\{kubernetes_namespace_v1\.(\w+)\.metadata\[0\]\.name\}$/.exec(body.metadata.namespace);
    return `${ref ? namespaces[ref[1]] : body.metadata.namespace}/${body.metadata.name}`;
  });
  expect(accounts.sort()).toEqual(cluster.workloads.filter((w) => w.createServiceAccount).map(workloadKey).sort());

  // One role ARN output per workload, one annotations output per chart-made service account.
  expect(Object.keys(tf.output)).toHaveLength(cluster.workloads.length + cluster.workloads.filter((w) => !w.createServiceAccount).length);
}

describe("address collisions (property)", () => {
  it("refuses names that meet on one address with a located problem, or writes every block under its own address", () => {
    fc.assert(
      fc.property(collidingConfig, (raw) => {
        // GIVEN a config whose names were chosen to collide / WHEN validated
        const result = validateConfig("p.yaml", raw);
        const errors = result.problems.filter((p) => p.severity === "error");
        if (!result.config) {
          // THEN either it is refused, every problem located in the file
          expect(errors.length).toBeGreaterThan(0);
          for (const problem of errors) expect(problem.path.length).toBeGreaterThan(0);
          return;
        }
        // OR every block of every workload is there, with its own data
        expect(errors).toEqual([]);
        for (const cluster of result.config.clusters) expectEveryBlock(cluster);
      }),
      { numRuns: 200 },
    );
  });
});
