/**
 * The allocation of a stack's addresses, as a pure function: which blocks a
 * stack has, what each workload's blocks are called, what is moved along a
 * rename, what is let go of when something retires, and which two blocks
 * would meet on one address. No synthesis here (test/model/addresses.test.ts
 * holds the synthesized stacks to the allocation).
 */
import {
  allocateAddresses,
  inTransition,
  policyLabel,
  stackShape,
  stateAddresses,
  stateBlocks,
  transitionBlocks,
  workloadKey,
  type ClusterBlocks,
  type StackShape,
  type WorkloadBlocks,
} from "../../lib/model/addresses";

const workload = (namespace: string, serviceAccount: string, extra: Partial<WorkloadBlocks> = {}): WorkloadBlocks => ({
  namespace,
  serviceAccount,
  id: `${namespace}_${serviceAccount}`.replace(/[-.]+/g, "_"),
  managedPolicyArns: [],
  policyStatements: [],
  createServiceAccount: false,
  createNamespace: false,
  previously: [],
  identity: "irsa",
  exclusivePolicies: false,
  ...extra,
});

const cluster = (workloads: WorkloadBlocks[], extra: Partial<ClusterBlocks> = {}): ClusterBlocks => ({
  name: "prod",
  podIdentityAgent: false,
  oidcProvider: { mode: "create", thumbprint: true },
  oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
  workloads,
  ...extra,
});

const NONE: StackShape = { clusterData: false, issuerLocal: false, kubernetes: false, callerIdentity: false, irsa: false, podIdentity: false, accountIrsa: false, thumbprint: false };

/** Which of its own blocks a stack has, for each way a cluster can be written. */
describe("stackShape", () => {
  // [what, cluster, the shape's fields that are true]
  it.each<[string, ClusterBlocks, Partial<StackShape>]>([
    ["IRSA, the issuer known, nothing in Kubernetes", cluster([workload("a", "b")]), { irsa: true, thumbprint: true }],
    ["IRSA, the issuer read at plan time", cluster([workload("a", "b")], { oidcIssuerUrl: undefined }), { irsa: true, thumbprint: true, clusterData: true, issuerLocal: true }],
    ["IRSA, the issuer read at plan time, an existing provider trusted by ARN", cluster([workload("a", "b")], { oidcIssuerUrl: undefined, oidcProvider: { mode: "existing", arn: "arn:aws:iam::111122223333:oidc-provider/x" } }), { irsa: true, clusterData: true }],
    ["IRSA, the issuer read at plan time, the provider looked up", cluster([workload("a", "b")], { oidcIssuerUrl: undefined, oidcProvider: { mode: "lookup" } }), { irsa: true, clusterData: true, issuerLocal: true }],
    ["a service account created", cluster([workload("a", "b", { createServiceAccount: true })]), { irsa: true, thumbprint: true, clusterData: true, kubernetes: true }],
    ["a namespace created", cluster([workload("a", "b", { createNamespace: true })]), { irsa: true, thumbprint: true, clusterData: true, kubernetes: true }],
    ["a retired workload's service account (Terraform needs the provider to destroy or forget it)", cluster([workload("a", "b", { createServiceAccount: true, retire: "destroy" })]), { irsa: true, thumbprint: true, clusterData: true, kubernetes: true }],
    ["Pod Identity, no provider, the account not pinned", cluster([workload("a", "b", { identity: "pod-identity" })], { oidcProvider: { mode: "none" } }), { podIdentity: true, clusterData: true, callerIdentity: true }],
    ["Pod Identity, the account pinned", cluster([workload("a", "b", { identity: "pod-identity" })], { oidcProvider: { mode: "none" }, accountId: "111122223333" }), { podIdentity: true }],
    ["both mechanisms, the account pinned", cluster([workload("a", "b", { identity: "both" })], { accountId: "111122223333" }), { irsa: true, thumbprint: true, podIdentity: true }],
    ["one of two workloads with its service account created", cluster([workload("a", "b"), workload("a", "c", { createServiceAccount: true })]), { irsa: true, thumbprint: true, clusterData: true, kubernetes: true }],
    ["one of two workloads on Pod Identity, the account not pinned", cluster([workload("a", "b"), workload("a", "c", { identity: "pod-identity" })]), { irsa: true, thumbprint: true, podIdentity: true, clusterData: true, callerIdentity: true }],
    ["a retired Pod Identity workload", cluster([workload("a", "b", { identity: "pod-identity", retire: "keep" })], { oidcProvider: { mode: "none" } }), {}],
    ["a retired cluster, the issuer read at plan time", cluster([workload("a", "b")], { retire: "keep", oidcIssuerUrl: undefined }), {}],
  ])("%s", (_what, given, fields) => {
    // GIVEN a cluster (its provider created with a thumbprint unless said) / WHEN its shape is decided / THEN it has exactly these blocks of its own
    expect(stackShape(given)).toEqual({ ...NONE, ...fields });
  });
});

describe("allocateAddresses: each workload's labels", () => {
  it("gives a workload of every kind of block its labels, and no moves", () => {
    // GIVEN a Pod Identity workload with attachments, an inline policy, its service account made by a chart
    const { addresses, collisions } = allocateAddresses(
      cluster([
        workload("payments", "api", {
          identity: "pod-identity",
          managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111122223333:policy/team/Shared-Policy"],
          policyStatements: [{}],
          exclusivePolicies: true,
        }),
      ]),
    );
    // THEN every label derives from the workload's label and the policies' names
    expect(collisions).toEqual([]);
    expect(addresses).toEqual({
      namespaces: {},
      releases: [],
      addons: {},
      sharedRoles: {},
      workloads: {
        "payments/api": {
          construct: "workload-payments_api",
          role: "payments_api",
          serviceAccount: "payments_api",
          trustDocument: "payments_api_trust",
          permissionsDocument: "payments_api_permissions",
          attachments: { "arn:aws:iam::aws:policy/ReadOnlyAccess": "payments_api_read_only_access", "arn:aws:iam::111122223333:policy/team/Shared-Policy": "payments_api_shared_policy" },
          roleArnOutput: "payments_api_role_arn",
          annotationsOutput: "payments_api_service_account_annotations",
          podIdentityAssociation: "payments_api",
          moves: [],
          transitions: [],
        },
      },
    });
  });

  it("gives each created namespace one block and one construct, whatever number of workloads create it", () => {
    const { addresses, collisions } = allocateAddresses(
      cluster([workload("team-b", "x", { createNamespace: true }), workload("team-a", "y", { createNamespace: true }), workload("team-a", "z", { createNamespace: true }), workload("other", "w")]),
    );
    expect(collisions).toEqual([]);
    expect(addresses.namespaces).toEqual({ "team-a": { label: "team_a", construct: "namespace-team_a" }, "team-b": { label: "team_b", construct: "namespace-team_b" } });
  });
});

/** The stack lets go of (`removed` with `destroy = false`) what a retirement keeps. */
describe("allocateAddresses: what is let go of", () => {
  const everything = { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], policyStatements: [{}], createServiceAccount: true, identity: "both" as const, exclusivePolicies: true };

  // [what, cluster, releases in order]
  it.each<[string, ClusterBlocks, string[]]>([
    [
      "a workload retired with keep: each of its blocks",
      cluster([workload("a", "b", { ...everything, retire: "keep" }), workload("c", "d")]),
      [
        "aws_iam_role.a_b",
        "aws_iam_role_policy_attachment.a_b_read_only_access",
        "aws_iam_role_policy.a_b",
        "kubernetes_service_account_v1.a_b",
        "aws_eks_pod_identity_association.a_b",
        "aws_iam_role_policy_attachments_exclusive.a_b",
        "aws_iam_role_policies_exclusive.a_b",
      ],
    ],
    ["a workload retired with destroy: nothing", cluster([workload("a", "b", { ...everything, retire: "destroy" }), workload("c", "d")]), []],
    [
      "the namespaces only retired workloads created, sorted, before the workloads' blocks",
      cluster([
        workload("z-ns", "b", { createNamespace: true, retire: "keep" }),
        workload("y-ns", "b", { createNamespace: true, retire: "destroy" }),
        workload("y-ns", "c", { createNamespace: true, retire: "keep" }),
        workload("x-ns", "b", { createNamespace: true, retire: "keep" }),
        workload("x-ns", "c", { createNamespace: true }),
      ]),
      ["kubernetes_namespace_v1.y_ns", "kubernetes_namespace_v1.z_ns", "aws_iam_role.x_ns_b", "aws_iam_role.y_ns_c", "aws_iam_role.z_ns_b"],
    ],
    ["a cluster retired with keep: the OIDC provider it created", cluster([], { retire: "keep" }), ["aws_iam_openid_connect_provider.cluster"]],
    ["a cluster retired with keep that trusted an existing provider: nothing", cluster([], { retire: "keep", oidcProvider: { mode: "existing", arn: "arn:aws:iam::111122223333:oidc-provider/x" } }), []],
    ["a cluster retired with destroy: nothing", cluster([], { retire: "destroy" }), []],
  ])("%s", (_what, given, releases) => {
    // GIVEN something retired / WHEN allocated
    const { addresses, collisions } = allocateAddresses(given);
    // THEN exactly these blocks are let go of, and a retired workload has no blocks of its own
    expect(collisions).toEqual([]);
    expect(addresses.releases).toEqual(releases);
    for (const w of given.workloads) expect(addresses.workloads[workloadKey(w)] !== undefined).toBe(w.retire === undefined);
  });

  it("lets go of the blocks of many retired workloads in the order of their labels, however they are written", () => {
    // GIVEN 100 workloads retired with keep, written in an order of their own
    const labels = Array.from({ length: 100 }, (_, i) => `w${String((i * 37) % 100).padStart(2, "0")}`);
    const { addresses } = allocateAddresses(cluster(labels.map((l) => workload(l, "sa", { retire: "keep" }))));
    // THEN their roles are let go of sorted by label
    expect(addresses.releases).toEqual([...labels].sort().map((l) => `aws_iam_role.${l}_sa`));
  });

  it("keeps the namespace an active workload still creates", () => {
    const { addresses } = allocateAddresses(cluster([workload("team", "old", { createNamespace: true, retire: "keep" }), workload("team", "new", { createNamespace: true })]));
    expect(addresses.releases).toEqual(["aws_iam_role.team_old"]);
    expect(addresses.namespaces).toEqual({ team: { label: "team", construct: "namespace-team" } });
  });
});

/** Earlier names: each block that keeps state is moved along the chain of names, oldest first. */
describe("allocateAddresses: renames", () => {
  const previous = (namespace: string, serviceAccount: string, finished = false) => ({ namespace, serviceAccount, id: `${namespace}_${serviceAccount}`.replace(/[-.]+/g, "_"), finished });
  const blocks = { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], policyStatements: [{}], createServiceAccount: true, identity: "both" as const, exclusivePolicies: true };
  const moves = (from: string, to: string, kinds: string[]) =>
    [
      ["role", `aws_iam_role.${from}`, `aws_iam_role.${to}`],
      ["attachment", `aws_iam_role_policy_attachment.${from}_read_only_access`, `aws_iam_role_policy_attachment.${to}_read_only_access`],
      ["inline-policy", `aws_iam_role_policy.${from}`, `aws_iam_role_policy.${to}`],
      ["service-account", `kubernetes_service_account_v1.${from}`, `kubernetes_service_account_v1.${to}`],
      ["association", `aws_eks_pod_identity_association.${from}`, `aws_eks_pod_identity_association.${to}`],
      ["managed-lock", `aws_iam_role_policy_attachments_exclusive.${from}`, `aws_iam_role_policy_attachments_exclusive.${to}`],
      ["inline-lock", `aws_iam_role_policies_exclusive.${from}`, `aws_iam_role_policies_exclusive.${to}`],
    ]
      .filter(([kind]) => kinds.includes(kind))
      .map(([, f, t]) => ({ from: f, to: t }));
  const ALL = ["role", "attachment", "inline-policy", "service-account", "association", "managed-lock", "inline-lock"];
  const NOT_SUBJECT = ALL.filter((k) => k !== "service-account" && k !== "association");

  it("moves every block along a label's change (terraformName) that keeps the service account", () => {
    // GIVEN the same service account under another label earlier
    const w = workload("a", "b", { ...blocks, id: "new_label", previously: [{ namespace: "a", serviceAccount: "b", id: "old_label", finished: false }] });
    const { addresses, collisions } = allocateAddresses(cluster([w]));
    // THEN every block moves, and no name is in transition (it is one service account)
    expect(collisions).toEqual([]);
    expect(addresses.workloads["a/b"].moves).toEqual(moves("old_label", "new_label", ALL));
    expect(addresses.workloads["a/b"].transitions).toEqual([]);
  });

  it("moves the role and policies along a chain of renames, never the service accounts and associations, and keeps the unfinished names in transition", () => {
    // GIVEN a/b renamed to c/d (finished), then to e/f (in transition)
    const w = workload("e", "f", { ...blocks, previously: [previous("a", "b", true), previous("c", "d")] });
    const { addresses, collisions } = allocateAddresses(cluster([w]));
    expect(collisions).toEqual([]);
    expect(addresses.workloads["e/f"].moves).toEqual([...moves("a_b", "c_d", NOT_SUBJECT), ...moves("c_d", "e_f", NOT_SUBJECT)]);
    expect(addresses.workloads["e/f"].transitions).toEqual([previous("c", "d")]);
    // AND the blocks of the name in transition that stay beside the new ones are its service account and association
    expect(transitionBlocks(w)).toEqual([
      { address: "kubernetes_service_account_v1.c_d", kind: "service-account", previous: previous("c", "d") },
      { address: "aws_eks_pod_identity_association.c_d", kind: "association", previous: previous("c", "d") },
    ]);
  });

  it.each<[string, ReturnType<typeof previous>]>([
    ["another service account in the same namespace", previous("a", "x", true)],
    ["the same service account in another namespace", previous("x", "b", true)],
  ])("moves only the role and policies from %s: the service account and association of another name are other objects", (_what, earlier) => {
    const { addresses } = allocateAddresses(cluster([workload("a", "b", { ...blocks, previously: [earlier] })]));
    expect(addresses.workloads["a/b"].moves).toEqual(moves(earlier.id, "a_b", NOT_SUBJECT));
  });

  it.each<[string, boolean, ReturnType<typeof previous>]>([
    ["another namespace", true, previous("x", "b")],
    ["another service account", true, previous("a", "x")],
    ["another namespace, the rename finished", false, previous("x", "b", true)],
    ["the same service account under another label", false, { namespace: "a", serviceAccount: "b", id: "other", finished: false }],
  ])("an earlier name of %s is in transition: %s", (_what, expected, earlier) => {
    expect(inTransition(earlier, { namespace: "a", serviceAccount: "b" })).toBe(expected);
    expect(transitionBlocks(workload("a", "b", { createServiceAccount: true, previously: [earlier] })).map((b) => b.address)).toEqual(expected ? [`kubernetes_service_account_v1.${earlier.id}`] : []);
  });
});

describe("allocateAddresses: two blocks on one address", () => {
  it("finds two workloads of one label meeting on every block, the one written first named first", () => {
    // GIVEN a-b/c and a/b-c, both labelled a_b_c
    const first = workload("a-b", "c", { managedPolicyArns: ["arn:aws:iam::aws:policy/P"], policyStatements: [{}], createServiceAccount: true, exclusivePolicies: true, identity: "both" });
    const second = workload("a", "b-c", { managedPolicyArns: ["arn:aws:iam::aws:policy/P"], policyStatements: [{}], createServiceAccount: true, exclusivePolicies: true, identity: "both" });
    const { collisions } = allocateAddresses(cluster([first, second]));
    // THEN every block of the second is a collision with the first one's, in the order the blocks are allocated
    const owner = (w: string, extra = {}) => ({ kind: "workload", workload: w, ...extra });
    expect(collisions.map((c) => c.address)).toEqual([
      "construct.workload-a_b_c",
      "aws_iam_role.a_b_c",
      "aws_iam_role_policy_attachment.a_b_c_p",
      "aws_iam_role_policy.a_b_c",
      "kubernetes_service_account_v1.a_b_c",
      "aws_eks_pod_identity_association.a_b_c",
      "aws_iam_role_policy_attachments_exclusive.a_b_c",
      "aws_iam_role_policies_exclusive.a_b_c",
      "data.aws_iam_policy_document.a_b_c_trust",
      "data.aws_iam_policy_document.a_b_c_permissions",
      "output.a_b_c_role_arn",
    ]);
    expect(collisions[0]).toEqual({ address: "construct.workload-a_b_c", first: owner("a-b/c"), second: owner("a/b-c") });
    expect(collisions[2]).toEqual({ address: "aws_iam_role_policy_attachment.a_b_c_p", first: owner("a-b/c", { policyArn: "arn:aws:iam::aws:policy/P" }), second: owner("a/b-c", { policyArn: "arn:aws:iam::aws:policy/P" }) });
  });

  it("finds the annotations output of two workloads whose service accounts a chart makes", () => {
    const { collisions } = allocateAddresses(cluster([workload("a-b", "c"), workload("a", "b-c")]));
    expect(collisions.map((c) => c.address)).toEqual(["construct.workload-a_b_c", "aws_iam_role.a_b_c", "data.aws_iam_policy_document.a_b_c_trust", "output.a_b_c_role_arn", "output.a_b_c_service_account_annotations"]);
  });

  it("finds a workload's earlier name on another workload's blocks, naming the earlier name", () => {
    // GIVEN x/y, once a/b, while another workload is a/b now
    const renamed = workload("x", "y", { previously: [{ namespace: "a", serviceAccount: "b", id: "a_b", finished: true }] });
    const { collisions } = allocateAddresses(cluster([workload("a", "b"), renamed]));
    expect(collisions).toEqual([{ address: "aws_iam_role.a_b", first: { kind: "workload", workload: "a/b" }, second: { kind: "workload", workload: "x/y", previous: "a_b" } }]);
  });

  it("finds two created namespaces of one label, the first in sorted order named first", () => {
    const { collisions } = allocateAddresses(cluster([workload("team-a", "x", { createNamespace: true }), workload("team--a", "y", { createNamespace: true })]));
    expect(collisions[0]).toEqual({ address: "kubernetes_namespace_v1.team_a", first: { kind: "namespace", namespace: "team--a" }, second: { kind: "namespace", namespace: "team-a" } });
  });

  it("finds a namespace only retired workloads created on a namespace's label that is still created", () => {
    // GIVEN team-a created by a retired workload, team--a (label team_a) by an active one
    const { collisions, addresses } = allocateAddresses(cluster([workload("team-a", "x", { createNamespace: true, retire: "keep" }), workload("team--a", "y", { createNamespace: true })]));
    expect(collisions).toEqual([{ address: "kubernetes_namespace_v1.team_a", first: { kind: "namespace", namespace: "team-a" }, second: { kind: "namespace", namespace: "team--a" } }]);
    expect(addresses.releases).toContain("kubernetes_namespace_v1.team_a");
  });
});

describe("the blocks that hold state", () => {
  it("lists a workload's blocks in one order, from the role to the locks", () => {
    const w = workload("a", "b", { managedPolicyArns: ["arn:aws:iam::aws:policy/X", "arn:aws:iam::aws:policy/Y"], policyStatements: [{}], createServiceAccount: true, identity: "pod-identity", exclusivePolicies: true });
    expect(stateBlocks(w, "lbl")).toEqual([
      { address: "aws_iam_role.lbl", kind: "role" },
      { address: "aws_iam_role_policy_attachment.lbl_x", kind: "attachment", policyArn: "arn:aws:iam::aws:policy/X" },
      { address: "aws_iam_role_policy_attachment.lbl_y", kind: "attachment", policyArn: "arn:aws:iam::aws:policy/Y" },
      { address: "aws_iam_role_policy.lbl", kind: "inline-policy" },
      { address: "kubernetes_service_account_v1.lbl", kind: "service-account" },
      { address: "aws_eks_pod_identity_association.lbl", kind: "association" },
      { address: "aws_iam_role_policy_attachments_exclusive.lbl", kind: "managed-lock" },
      { address: "aws_iam_role_policies_exclusive.lbl", kind: "inline-lock" },
    ]);
    // AND an IRSA workload with a role only has the role
    expect(stateAddresses(workload("a", "b"), "lbl")).toEqual(["aws_iam_role.lbl"]);
  });

  it.each<[string, string]>([
    ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy", "amazon_ebscsidriver_policy"],
    ["arn:aws-cn:iam::111122223333:policy/team/x.y", "x_y"],
    ["not an ARN-x", "not_an_arn_x"],
  ])("labels the attachment of %s by its name: %s", (arn, label) => {
    expect(policyLabel(arn)).toBe(label);
    // AND a second time, the same
    expect(policyLabel(arn)).toBe(label);
  });
});

describe("allocateAddresses: roles in other accounts, shared roles and add-ons", () => {
  const teamIrsa = { label: "team", oidcProvider: { mode: "create" as const, thumbprint: true } };

  it.each<[string, ClusterBlocks, Partial<StackShape>]>([
    ["a role in another account, its provider created there with a thumbprint", cluster([workload("a", "b", { roleAccount: { label: "team" } })], { roleAccounts: [teamIrsa] }), { irsa: true, thumbprint: true, accountIrsa: true }],
    [
      "a role in another account, the home provider none, the team's without a thumbprint",
      cluster([workload("a", "b", { roleAccount: { label: "team" } })], { oidcProvider: { mode: "none" }, roleAccounts: [{ label: "team", oidcProvider: { mode: "create", thumbprint: false } }] }),
      { accountIrsa: true },
    ],
    [
      "a role in another account, the home provider none, the team's created with a thumbprint",
      cluster([workload("a", "b", { roleAccount: { label: "team" } })], { oidcProvider: { mode: "none" }, roleAccounts: [teamIrsa] }),
      { accountIrsa: true, thumbprint: true },
    ],
    [
      "roles in two other accounts, only the second's provider created with a thumbprint",
      cluster([workload("a", "b", { roleAccount: { label: "team" } })], { oidcProvider: { mode: "create", thumbprint: false }, roleAccounts: [{ label: "ops", oidcProvider: { mode: "lookup" } }, teamIrsa] }),
      { irsa: true, accountIrsa: true, thumbprint: true },
    ],
    ["a role in another account, looked up there, the issuer read at plan time", cluster([workload("a", "b", { roleAccount: { label: "team" } })], { oidcIssuerUrl: undefined, oidcProvider: { mode: "none" }, roleAccounts: [{ label: "team", oidcProvider: { mode: "lookup" } }] }), { accountIrsa: true, clusterData: true, issuerLocal: true }],
    ["another account whose roles are all retired", cluster([workload("a", "b", { roleAccount: { label: "team" }, retire: "keep" })], { oidcProvider: { mode: "none" }, roleAccounts: [{ label: "team", oidcProvider: { mode: "none" } }] }), {}],
    ["an add-on on Pod Identity, the account not pinned", cluster([], { oidcProvider: { mode: "none" }, addons: [{ name: "vpc-cni", id: "vpc_cni", role: workload("kube-system", "aws-node", { identity: "pod-identity" }) }] }), { podIdentity: true, clusterData: true, callerIdentity: true }],
    ["a retired add-on on Pod Identity", cluster([], { oidcProvider: { mode: "none" }, addons: [{ name: "vpc-cni", id: "vpc_cni", role: workload("kube-system", "aws-node", { identity: "pod-identity", retire: "keep" }) }] }), {}],
  ])("shapes the stack for %s", (_what, given, fields) => {
    expect(stackShape(given)).toEqual({ ...NONE, ...fields });
  });

  it("labels a role in another account `<id>_in_<account>`, its service account keeping the workload's label, and claims the account's provider", () => {
    // GIVEN a workload whose role is in the team's account
    const w = workload("a", "b", { roleAccount: { label: "team" }, managedPolicyArns: ["arn:aws:iam::aws:policy/P"], policyStatements: [{}], createServiceAccount: true, exclusivePolicies: true });
    const { addresses, collisions } = allocateAddresses(cluster([w], { roleAccounts: [teamIrsa] }));
    // THEN its AWS blocks name the account, its Kubernetes ones do not
    expect(collisions).toEqual([]);
    expect(addresses.workloads["a/b"]).toMatchObject({ role: "a_b_in_team", serviceAccount: "a_b", trustDocument: "a_b_trust", attachments: { "arn:aws:iam::aws:policy/P": "a_b_in_team_p" } });
    expect(stateAddresses(w, "a_b")).toEqual([
      "aws_iam_role.a_b_in_team",
      "aws_iam_role_policy_attachment.a_b_in_team_p",
      "aws_iam_role_policy.a_b_in_team",
      "kubernetes_service_account_v1.a_b",
      "aws_iam_role_policy_attachments_exclusive.a_b_in_team",
      "aws_iam_role_policies_exclusive.a_b_in_team",
    ]);
  });

  it.each<[string, "keep" | undefined, "create" | "lookup", string[]]>([
    ["created", undefined, "create", []],
    ["looked up", undefined, "lookup", []],
    ["created, the cluster retired with keep", "keep", "create", ["aws_iam_openid_connect_provider.cluster_in_team"]],
    ["looked up, the cluster retired with keep", "keep", "lookup", []],
  ])("lets go of the provider in another account only when the cluster retires with keep and it created it (%s)", (_what, retire, mode, expected) => {
    const { addresses } = allocateAddresses(cluster([workload("a", "b", { roleAccount: { label: "team" } })], { ...(retire ? { retire } : {}), roleAccounts: [{ label: "team", oidcProvider: mode === "create" ? { mode, thumbprint: false } : { mode } }] }));
    expect(addresses.releases.filter((r) => r.includes("_in_team"))).toEqual(expected);
  });

  it("finds another account's provider meeting a workload's label, which it cannot: the labels differ by kind", () => {
    const { collisions } = allocateAddresses(cluster([workload("cluster", "in_team", { roleAccount: { label: "team" } })], { roleAccounts: [teamIrsa] }));
    expect(collisions).toEqual([]);
  });

  const shared = { key: "api", id: "shared_api", managedPolicyArns: ["arn:aws:iam::aws:policy/P"], policyStatements: [{}], exclusivePolicies: true };

  it("gives a shared role homed here its labels from its key, and a workload naming it only its service account and association", () => {
    // GIVEN a shared role and a workload naming it (with Pod Identity), and one naming it by a pattern
    const member = workload("a", "b", { sharedRole: {}, identity: "both", createServiceAccount: true });
    const pattern = workload("a", "ci", { sharedRole: { pattern: "ci-*" } });
    const { addresses, collisions } = allocateAddresses(cluster([member, pattern], { sharedRoles: [shared] }));
    expect(collisions).toEqual([]);
    // THEN the role's blocks are the shared role's
    expect(addresses.sharedRoles).toEqual({
      api: { construct: "shared-role-shared_api", role: "shared_api", trustDocument: "shared_api_trust", permissionsDocument: "shared_api_permissions", attachments: { "arn:aws:iam::aws:policy/P": "shared_api_p" }, roleArnOutput: "shared_api_role_arn" },
    });
    // AND the workload has no role, trust or output of its own; the pattern has no blocks at all
    expect(addresses.workloads["a/b"]).toEqual({ construct: "workload-a_b", role: "a_b", serviceAccount: "a_b", trustDocument: "", permissionsDocument: "", attachments: {}, roleArnOutput: "", annotationsOutput: "a_b_service_account_annotations", podIdentityAssociation: "a_b", moves: [], transitions: [] });
    expect(addresses.workloads["a/ci"]).toBeUndefined();
    expect(stateAddresses(member, "a_b")).toEqual(["kubernetes_service_account_v1.a_b", "aws_eks_pod_identity_association.a_b"]);
    expect(stateAddresses(pattern, "a_ci")).toEqual([]);
    // AND only what the workload makes: a pattern none, whatever it says; a name without a service account or Pod Identity none either
    expect(stateAddresses(workload("a", "x", { sharedRole: { pattern: "x-*" }, createServiceAccount: true, identity: "both" }), "a_x")).toEqual([]);
    expect(stateAddresses(workload("a", "c", { sharedRole: {} }), "a_c")).toEqual([]);
  });

  it("reserves the chart's annotations output of a workload naming a shared role whose chart makes its service account", () => {
    const { collisions } = allocateAddresses(cluster([workload("a", "b", { sharedRole: {} }), workload("a_b_service", "account_annotations")], { sharedRoles: [shared] }));
    expect(collisions.map((c) => c.address)).toEqual([]);
    const chart = allocateAddresses(cluster([workload("a", "b", { sharedRole: {} })], { sharedRoles: [shared] }));
    expect(chart.addresses.workloads["a/b"].annotationsOutput).toBe("a_b_service_account_annotations");
  });

  it.each<["keep" | "destroy", string[]]>([
    ["keep", ["aws_iam_role.shared_api", "aws_iam_role_policy_attachment.shared_api_p", "aws_iam_role_policy.shared_api", "aws_iam_role_policy_attachments_exclusive.shared_api", "aws_iam_role_policies_exclusive.shared_api"]],
    ["destroy", []],
  ])("a shared role retired with %s: let go of block by block, or nothing written", (retire, expected) => {
    const { addresses } = allocateAddresses(cluster([], { sharedRoles: [{ ...shared, retire }] }));
    expect(addresses.releases).toEqual(expected);
    expect(addresses.sharedRoles).toEqual({});
  });

  it("finds a shared role whose label is a workload's, owned by the role", () => {
    const { collisions } = allocateAddresses(cluster([workload("shared", "api")], { sharedRoles: [shared] }));
    expect(collisions[0]).toEqual({ address: "aws_iam_role.shared_api", first: { kind: "workload", workload: "shared/api" }, second: { kind: "role", role: "api" } });
  });

  const addon = (extra: Partial<WorkloadBlocks> = {}) => ({ name: "aws-ebs-csi-driver", id: "aws_ebs_csi_driver", role: workload("kube-system", "ebs-csi-controller-sa", { id: "aws_ebs_csi_driver", managedPolicyArns: ["arn:aws:iam::aws:policy/P"], ...extra }) });

  it("gives an add-on its add-on block and its role's labels from its name, without an association of its own", () => {
    const { addresses, collisions } = allocateAddresses(cluster([], { addons: [addon({ identity: "pod-identity", policyStatements: [{}] })] }));
    expect(collisions).toEqual([]);
    expect(addresses.addons).toEqual({
      "aws-ebs-csi-driver": {
        construct: "addon-aws_ebs_csi_driver",
        addon: "aws_ebs_csi_driver",
        role: "aws_ebs_csi_driver",
        trustDocument: "aws_ebs_csi_driver_trust",
        permissionsDocument: "aws_ebs_csi_driver_permissions",
        attachments: { "arn:aws:iam::aws:policy/P": "aws_ebs_csi_driver_p" },
        roleArnOutput: "aws_ebs_csi_driver_role_arn",
      },
    });
  });

  it.each<["keep" | "destroy", string[]]>([
    ["keep", ["aws_eks_addon.aws_ebs_csi_driver", "aws_iam_role.aws_ebs_csi_driver", "aws_iam_role_policy_attachment.aws_ebs_csi_driver_p"]],
    ["destroy", []],
  ])("an add-on retired with %s: let go of with its role, or nothing written", (retire, expected) => {
    const { addresses } = allocateAddresses(cluster([], { addons: [addon({ retire })] }));
    expect(addresses.releases).toEqual(expected);
    expect(addresses.addons).toEqual({});
  });

  it("finds a workload whose label is an add-on's, naming the add-on and the policy", () => {
    const { collisions } = allocateAddresses(cluster([workload("aws", "ebs-csi-driver", { managedPolicyArns: ["arn:aws:iam::aws:policy/P"] })], { addons: [addon()] }));
    expect(collisions.map((c) => c.address)).toEqual(["aws_iam_role.aws_ebs_csi_driver", "aws_iam_role_policy_attachment.aws_ebs_csi_driver_p", "data.aws_iam_policy_document.aws_ebs_csi_driver_trust", "output.aws_ebs_csi_driver_role_arn"]);
    expect(collisions[1]).toEqual({ address: "aws_iam_role_policy_attachment.aws_ebs_csi_driver_p", first: { kind: "workload", workload: "aws/ebs-csi-driver", policyArn: "arn:aws:iam::aws:policy/P" }, second: { kind: "addon", addon: "aws-ebs-csi-driver", policyArn: "arn:aws:iam::aws:policy/P" } });
  });
});
