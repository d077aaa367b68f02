/**
 * `terraform plan` on the AWS side of stacks irsa-gen synthesized, against
 * a state that stands for an earlier config having been applied: what
 * Terraform itself does to the roles when the config changes (a rename, a
 * retirement, a removal, an adoption, a move to EKS Pod Identity).
 *
 * Offline, like the validate test: the aws provider comes from a local
 * mirror, each stack is reduced to its AWS blocks (reduceToAws), and an
 * override file beside it gives the provider fake credentials and skips
 * every call it makes when configured (offlineAwsOverride). The plan runs
 * with `-refresh=false`, so no resource is read from AWS; the configs give
 * the issuer (`oidcIssuerUrl`) and leave service accounts to charts, so no
 * data source calls AWS either. The one read left is the import's: the
 * adoption case points its provider's IAM calls at a local endpoint that
 * describes the existing role (startFakeIam), the add-on adoption case its
 * EKS calls at one that describes the installed add-on (startFakeEks).
 * Skipped, with the reason,
 * without terraform or the mirror.
 *
 * The state is handcrafted (appliedResources): each case's first config's
 * resources, with their arguments as written, the policy documents
 * rendered from their statements, and what AWS computes that the plan
 * compares (ids, ARNs, `tags_all`, the fetched thumbprint). It is not all a
 * real apply leaves: attributes only a refresh would fill (a role's
 * `inline_policy` blocks, `create_date`, ...) are absent or made up. What
 * it lacks could only ever show as an update in place, never as a create,
 * destroy, replacement, move, import or forget, which is what the tests
 * hold Terraform to. The first test checks the harness: a config planned
 * against its own state plans no change at all.
 *
 * Cost: a plan spends most of its time starting the aws provider (~700 MB)
 * and reading its schema, `terraform show -json` as much again. So every
 * case is a child module of ONE root module, its state under
 * `module.<case>` and its import blocks hoisted into the root (planModules,
 * test/support/terraform/plan-modules.ts): one init, one plan, one show.
 */
import { rmSync } from "node:fs";
import { synthCluster } from "../support/config";
import {
  changedAttributes,
  NEWER_ARGUMENTS,
  offlineTerraform,
  offlineRoot,
  planModules,
  reduceToAws,
  startFakeEks,
  startFakeIam,
  type FakeEks,
  type FakeIam,
  type ResourceChange,
  type TerraformJsonDocument,
  writeModules,
} from "../support/terraform";

/** `removed` blocks, which retire: keep writes, need Terraform 1.7. */
const { skipReason, mirror, cli } = offlineTerraform("terraform plan", { minor: 7, why: "removed blocks need" });

const ISSUER_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
/** The account everything was applied in: the ARNs of the state and of the existing role name it. */
const ACCOUNT = "123456789012";

/**
 * A cluster whose stack needs no AWS call to plan: the issuer is given (no
 * `data.aws_eks_cluster`), the OIDC provider is created without a
 * thumbprint (no `data.tls_certificate`), and service accounts are left to
 * charts (a managed one needs the Kubernetes provider, configured from
 * `data.aws_eks_cluster`). No `accountId` (the provider would check it
 * against an account it does not know here), except with Pod Identity:
 * without it the trust reads the account and the cluster's ARN at plan
 * time (`data.aws_caller_identity`, `data.aws_eks_cluster`); the override
 * file unsets the check (`allowed_account_ids`) instead.
 */
function cluster(workloads: string, accountId?: string): string {
  return `defaults:
  createServiceAccount: false
clusters:
  - name: prod
    region: eu-west-1
${accountId ? `    accountId: "${accountId}"\n` : ""}    oidcIssuerUrl: https://${ISSUER_HOST}
    oidcThumbprint: false
    workloads:
${workloads}`;
}

const API = `      - namespace: payments
        serviceAccount: api
        managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
        policyStatements:
          - actions: [s3:PutObject]
            resources: ["arn:aws:s3:::prod-backups/*"]
`;
const WORKER = `      - namespace: orders
        serviceAccount: worker
        managedPolicyArns: [arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess]
        policyStatements:
          - actions: [sqs:ReceiveMessage, sqs:DeleteMessage]
            resources: ["arn:aws:sqs:eu-west-1:111122223333:orders"]
`;
/** `payments/api` and `orders/worker`: the config applied before most cases. */
const TWO = cluster(API + WORKER);
const workerRetired = (how: "keep" | "destroy") => cluster(API + WORKER.replace("serviceAccount: worker\n", `serviceAccount: worker\n        retire: ${how}\n`));
const apiWith = (line: string, accountId?: string) => cluster(API.replace("serviceAccount: api\n", `serviceAccount: api\n        ${line}\n`), accountId);

/** The role that exists before irsa-gen adopts it, with what eksctl gave it. */
const LEGACY = {
  name: "legacy-payments-api",
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:payments:api", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" } },
      },
    ],
  }),
  tags: { "alpha.eksctl.io/cluster-name": "prod" },
  inlinePolicies: {
    "legacy-inline": JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::prod-backups/*" }] }),
  },
  attachedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
};

interface PlanCase {
  /** The config that was applied: the state holds its resources. Absent: nothing was. */
  readonly applied?: string;
  /** The config that is planned now. */
  readonly planned: string;
}

/** A workload renamed from payments/api to billing/api: in transition, or finished. */
const renamed = (finished = false) =>
  cluster(API.replace("namespace: payments\n", `namespace: billing\n        previously: { namespace: payments${finished ? ", finished: true" : ""} }\n`) + WORKER);
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}`;

/** The EBS CSI driver's add-on entry (its preset's inline policy), with `extra` keys. */
const ebsAddon = (extra = "") => `    addons:\n      - { name: aws-ebs-csi-driver${extra} }\n`;
/** The role eksctl gave the add-on before irsa-gen adopted it: EKS describes the add-on with it. */
const EKSCTL_EBS_ROLE = `arn:aws:iam::${ACCOUNT}:role/eksctl-prod-addon-aws-ebs-csi-driver-Role1-ABC123`;

/** The EBS driver's role as a workload made it, before an add-on entry takes it over. */
const EBS_WORKLOAD = `      - namespace: kube-system
        serviceAccount: ebs-csi-controller-sa
        preset: ebs-csi
`;
const HANDED_OVER = {
  name: "prod-kube-system-ebs-csi-controller-sa",
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER_HOST}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${ISSUER_HOST}:sub`]: "system:serviceaccount:kube-system:ebs-csi-controller-sa", [`${ISSUER_HOST}:aud`]: "sts.amazonaws.com" } },
      },
    ],
  }),
  inlinePolicies: { permissions: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:DescribeVolumes", Resource: "*" }] }) },
};

const CASES = {
  /** The harness itself: a config planned against its own state. */
  unchanged: { applied: TWO, planned: TWO },
  rename: { applied: TWO, planned: renamed() },
  renameFinished: { applied: renamed(), planned: renamed(true) },
  retireKeepAfterRename: { applied: TWO, planned: cluster(API.replace("namespace: payments\n", "namespace: billing\n        previously: { namespace: payments }\n        retire: keep\n") + WORKER) },
  providerLookup: { applied: TWO, planned: TWO.replace("    oidcThumbprint: false\n", "    oidcThumbprint: false\n    oidcProvider: lookup\n") },
  providerByArn: { applied: TWO, planned: TWO.replace("    oidcThumbprint: false\n", `    oidcThumbprint: false\n    oidcProvider: { arn: "${PROVIDER_ARN}" }\n`) },
  adoptedKept: { applied: apiWith(`adopt: { role: ${LEGACY.name}, inlinePolicy: legacy-inline }`), planned: apiWith(`adopt: { role: ${LEGACY.name}, inlinePolicy: legacy-inline }`) },
  retireKeep: { applied: TWO, planned: workerRetired("keep") },
  removal: { applied: TWO, planned: cluster(API) },
  retireDestroy: { applied: TWO, planned: workerRetired("destroy") },
  adopt: { planned: apiWith(`adopt: { role: ${LEGACY.name}, inlinePolicy: legacy-inline }`) },
  toBoth: { applied: apiWith("identity: irsa", ACCOUNT), planned: apiWith("identity: both", ACCOUNT) },
  toPodIdentity: { applied: apiWith("identity: both", ACCOUNT), planned: apiWith("identity: pod-identity", ACCOUNT) },
  addonAdopt: { planned: cluster(API + ebsAddon(", adopt: true")) },
  addonAdoptedKept: { applied: cluster(API + ebsAddon(", adopt: true")), planned: cluster(API + ebsAddon(", adopt: true")) },
  addonRemoved: { applied: cluster(API + ebsAddon()), planned: cluster(API) },
  addonHandOver: {
    applied: cluster(EBS_WORKLOAD),
    planned: cluster(`${EBS_WORKLOAD.replace("preset: ebs-csi\n", "preset: ebs-csi\n        retire: keep\n")}${ebsAddon(`, adopt: { addon: true, role: ${HANDED_OVER.name}, inlinePolicy: permissions }`)}`),
  },
  addonToPodIdentity: { applied: cluster(API + ebsAddon(), ACCOUNT), planned: cluster(`${API}${ebsAddon(", identity: pod-identity")}    podIdentityAgent: true\n`, ACCOUNT) },
} satisfies Record<string, PlanCase>;
type CaseName = keyof typeof CASES;
const NAMES = Object.keys(CASES) as CaseName[];

/** Arguments the reduction removed from a case's stack because the mirror's provider is older than they are (NEWER_ARGUMENTS). */
const notChecked: string[] = [];

/** The AWS side of a config's one stack, as `terraform plan` sees it here (after the applied config's ledger, when given). */
function awsStack(yaml: string, awsVersion: string, applied?: string): TerraformJsonDocument {
  const { json, removed } = reduceToAws(synthCluster(yaml, applied) as TerraformJsonDocument, { awsVersion });
  notChecked.push(...removed.filter((r) => Object.keys(NEWER_ARGUMENTS).some((type) => r.startsWith(`${type}.`))));
  return json;
}

/** What a plan does to one address: its actions joined, e.g. `update`, `delete,create`, `forget`. */
type Actions = Record<string, string>;

(skipReason ? describe.skip : describe)("terraform plan (AWS side, offline, against an applied state)", () => {
  let tmp: string;
  let iam: FakeIam;
  let lookupIam: FakeIam;
  let eks: FakeEks;
  let handOverIam: FakeIam;
  /** By case: its module's resource changes, addresses without the `module.<case>.` prefix. */
  const changes = new Map<CaseName, ResourceChange[]>();

  beforeAll(async () => {
    const { version } = mirror!;
    const planned = await planModules({
      prefix: "irsa-gen-plan-",
      mirror: mirror!,
      cli: cli!,
      accountId: ACCOUNT,
      modules: async () => {
        iam = await startFakeIam([LEGACY], ACCOUNT);
        // The lookup's own IAM, which knows the cluster's provider: the adoption's calls stay its own.
        lookupIam = await startFakeIam([], ACCOUNT, [{ arn: PROVIDER_ARN, url: `https://${ISSUER_HOST}` }]);
        // The EBS driver's add-on as eksctl installed it: what importing it reads.
        handOverIam = await startFakeIam([HANDED_OVER], ACCOUNT);
        eks = await startFakeEks({}, ACCOUNT, "eu-west-1", [{ cluster: "prod", name: "aws-ebs-csi-driver", version: "v1.45.0-eksbuild.1", serviceAccountRoleArn: EKSCTL_EBS_ROLE }]);
        return NAMES.map((name) => {
          const c: PlanCase = CASES[name];
          return {
            name,
            planned: awsStack(c.planned, version, c.applied),
            ...(c.applied !== undefined ? { applied: awsStack(c.applied, version) } : {}),
            endpoints: (name === "providerLookup"
                ? { iam: lookupIam.url }
                : name === "adopt" || name === "adoptedKept"
                  ? { iam: iam.url }
                  : name.startsWith("addonAdopt")
                    ? { eks: eks.url }
                    : name === "addonHandOver"
                      ? { eks: eks.url, iam: handOverIam.url }
                      : undefined) as Readonly<Record<string, string>> | undefined,
          };
        });
      },
      announce: (names) => `terraform plan: hashicorp/aws ${version} from the mirror at ${mirror!.root} planned ${names.join(", ")}; not checked: ${notChecked.length > 0 ? notChecked.join(", ") : "nothing"}`,
    });
    tmp = planned.tmp;
    for (const name of NAMES) changes.set(name, planned.changes.get(name)!);
  }, 120_000);

  afterAll(async () => {
    await iam?.close();
    await lookupIam?.close();
    await eks?.close();
    await handOverIam?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** The managed resources' actions in a case's plan (data sources are read, never changed). */
  const actionsOf = (name: CaseName): Actions =>
    Object.fromEntries(changes.get(name)!.filter((c) => !c.address.startsWith("data.")).map((c) => [c.address, c.change.actions.join(",")]));
  const change = (name: CaseName, address: string): ResourceChange => {
    const found = changes.get(name)!.find((c) => c.address === address);
    if (!found) throw new Error(`the plan of ${name} has no change for ${address}: ${JSON.stringify(actionsOf(name))}`);
    return found;
  };
  /** The AWS blocks of a workload (IRSA, one attachment, an inline policy, the drift lock) that hold state. */
  const blocksOf = (label: string, policy: string) => [
    `aws_iam_role.${label}`,
    `aws_iam_role_policy.${label}`,
    `aws_iam_role_policy_attachment.${label}_${policy}`,
    `aws_iam_role_policy_attachments_exclusive.${label}`,
    `aws_iam_role_policies_exclusive.${label}`,
  ];
  const API_BLOCKS = blocksOf("payments_api", "amazon_s3_read_only_access");
  const WORKER_BLOCKS = blocksOf("orders_worker", "amazon_sqsread_only_access");
  const only = (addresses: readonly string[], action: string): Actions => Object.fromEntries(addresses.map((a) => [a, action]));

  /** The principal types of a policy document's statements (sorted), and each statement's conditions. */
  const trustOf = (policy: string): { principals: string[]; conditions: Record<string, unknown>[] } => {
    const statements = (JSON.parse(policy) as { Statement: { Principal: Record<string, unknown>; Condition?: Record<string, unknown> }[] }).Statement;
    return { principals: statements.map((s) => Object.keys(s.Principal).join()).sort(), conditions: statements.map((s) => s.Condition ?? {}) };
  };
  const SUB = `${ISSUER_HOST}:sub`;

  it("plans every argument of every case: none is newer than the mirror's provider", () => {
    // GIVEN the cases' stacks, reduced for the mirror's provider / THEN the reduction removed no argument, so the plan saw them whole
    expect(notChecked).toEqual([]);
  });

  it("plans a config against its own state as no change at all (the harness)", () => {
    // GIVEN the state of TWO applied / WHEN TWO is planned again
    // THEN Terraform changes nothing: the state stands for what applying the stack left
    expect(actionsOf("unchanged")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      ...only(WORKER_BLOCKS, "no-op"),
    });
  });

  it("plans a rename with previously as moves and an update of the trust in place, trusting both names while in transition", () => {
    // GIVEN payments/api applied / WHEN it is renamed billing/api with previously: { namespace: payments }
    // THEN each of its blocks moves from its old address, nothing is destroyed, created or replaced
    const moved = blocksOf("billing_api", "amazon_s3_read_only_access");
    expect(actionsOf("rename")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      "aws_iam_role.billing_api": "update",
      ...only(moved.slice(1), "no-op"),
      ...only(WORKER_BLOCKS, "no-op"),
    });
    expect(moved.map((address) => [address, change("rename", address).previous_address])).toEqual(moved.map((address, i) => [address, API_BLOCKS[i]]));
    // AND the role keeps its name; its trust names the new service account, and the old one until the rename is finished
    const role = change("rename", "aws_iam_role.billing_api").change;
    expect(changedAttributes(role)).toEqual(["assume_role_policy", "description", "tags", "tags_all"]);
    expect(role.after!.name).toBe("prod-payments-api");
    expect(trustOf(role.before!.assume_role_policy).conditions[0].StringEquals).toMatchObject({ [SUB]: "system:serviceaccount:payments:api" });
    expect(trustOf(role.after!.assume_role_policy).conditions[0].StringEquals).toMatchObject({ [SUB]: ["system:serviceaccount:billing:api", "system:serviceaccount:payments:api"] });
  });

  it("plans a finished rename as an update of the trust in place: the old name is no longer trusted", () => {
    // GIVEN the rename applied in transition / WHEN it is said finished
    expect(actionsOf("renameFinished")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      "aws_iam_role.billing_api": "update",
      ...only(blocksOf("billing_api", "amazon_s3_read_only_access").slice(1), "no-op"),
      ...only(WORKER_BLOCKS, "no-op"),
    });
    const role = change("renameFinished", "aws_iam_role.billing_api").change;
    expect(trustOf(role.after!.assume_role_policy).conditions[0].StringEquals).toMatchObject({ [SUB]: "system:serviceaccount:billing:api" });
  });

  it("plans retire: keep in the same change as a rename as forgetting what the state holds, never destroying it", () => {
    // GIVEN TWO applied / WHEN payments/api is renamed and retired with keep at once
    // THEN the blocks at their applied addresses are forgotten; nothing is destroyed
    expect(actionsOf("retireKeepAfterRename")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "forget"),
      ...only(WORKER_BLOCKS, "no-op"),
    });
  });

  it("plans a switch of the OIDC provider from create to lookup as forgetting the provider, and the roles unchanged", () => {
    // GIVEN TWO applied with its provider created / WHEN the cluster looks the provider up instead
    // THEN the provider is let go of (it stays in IAM), the lookup finds it, and the roles' trust is what it was
    expect(actionsOf("providerLookup")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "forget",
      ...only(API_BLOCKS, "no-op"),
      ...only(WORKER_BLOCKS, "no-op"),
    });
  });

  it("plans a switch of the OIDC provider from create to { arn } as forgetting the provider, never destroying it", () => {
    // GIVEN TWO applied with its provider created / WHEN the cluster names the provider by ARN instead
    // THEN the provider is let go of (it stays in IAM, trusted by every role), and the roles are untouched
    expect(actionsOf("providerByArn")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "forget",
      ...only(API_BLOCKS, "no-op"),
      ...only(WORKER_BLOCKS, "no-op"),
    });
  });

  it("plans an adoption kept after its first apply as no change (its import blocks do nothing)", () => {
    // GIVEN the adopted role applied / WHEN the same config is planned again, adopt kept as the README says
    // THEN nothing changes: no import, no create, no replacement
    expect(Object.values(actionsOf("adoptedKept")).every((a) => a === "no-op")).toBe(true);
    expect(changes.get("adoptedKept")!.filter((c) => c.change.importing !== undefined)).toEqual([]);
  });

  it("plans a workload retired with keep as forgotten, never destroyed", () => {
    // GIVEN TWO applied / WHEN orders/worker says retire: keep
    // THEN Terraform forgets its blocks (removed, destroy = false) and destroys nothing
    expect(actionsOf("retireKeep")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      ...only(WORKER_BLOCKS, "forget"),
    });
  });

  it("plans the removal of an unprotected workload as the destruction of its role", () => {
    // GIVEN TWO applied / WHEN orders/worker leaves the config (it is not protected)
    // THEN its role and its policies are destroyed, as the README says; the other workload is untouched
    expect(actionsOf("removal")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      ...only(WORKER_BLOCKS, "delete"),
    });
  });

  it("plans a workload retired with destroy as the destruction of its blocks", () => {
    // GIVEN TWO applied / WHEN orders/worker says retire: destroy
    // THEN its blocks are destroyed, and only they
    expect(actionsOf("retireDestroy")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      ...only(WORKER_BLOCKS, "delete"),
    });
  });

  it("plans an adopted role as imports and updates in place, never a new role", () => {
    // GIVEN the role legacy-payments-api exists in IAM (with an inline policy and an attachment), nothing applied yet
    // WHEN payments/api adopts it: adopt: { role: legacy-payments-api, inlinePolicy: legacy-inline }
    // THEN the role, its inline policy and its attachment are imported; only the OIDC provider is created
    expect(actionsOf("adopt")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "create",
      "aws_iam_role.payments_api": "update",
      "aws_iam_role_policy.payments_api": "no-op",
      "aws_iam_role_policy_attachment.payments_api_amazon_s3_read_only_access": "no-op",
    });
    expect(Object.fromEntries(changes.get("adopt")!.filter((c) => c.change.importing).map((c) => [c.address, c.change.importing!.id]))).toEqual({
      "aws_iam_role.payments_api": "legacy-payments-api",
      "aws_iam_role_policy.payments_api": "legacy-payments-api:legacy-inline",
      "aws_iam_role_policy_attachment.payments_api_amazon_s3_read_only_access": "legacy-payments-api/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    });
    // AND the role keeps its name; its trust, description and tags become irsa-gen's
    const role = change("adopt", "aws_iam_role.payments_api").change;
    expect(role.after!.name).toBe("legacy-payments-api");
    expect(changedAttributes(role)).toEqual(["assume_role_policy", "description", "tags", "tags_all"]);
    // AND IAM was only read, and only about that role
    expect(iam.calls).toContain("GetRole legacy-payments-api");
    expect(iam.calls.filter((call) => !/^(Get|List)\w+ legacy-payments-api$/.test(call))).toEqual([]);
  });

  it("plans the move to EKS Pod Identity as updates in place and an association, never a replacement", () => {
    // GIVEN payments/api applied with identity: irsa / WHEN it says identity: both
    // THEN the association is created, the role's trust gains a statement in place, nothing else changes
    expect(actionsOf("toBoth")).toEqual({
      "aws_eks_pod_identity_association.payments_api": "create",
      "aws_iam_openid_connect_provider.cluster": "no-op",
      "aws_iam_role.payments_api": "update",
      ...only(API_BLOCKS.slice(1), "no-op"),
    });
    const both = change("toBoth", "aws_iam_role.payments_api").change;
    expect(changedAttributes(both)).toEqual(["assume_role_policy"]);
    expect(trustOf(both.after!.assume_role_policy).principals).toEqual(["Federated", "Service"]);

    // GIVEN it applied with identity: both / WHEN it says identity: pod-identity
    // THEN the trust loses its IRSA statement in place, the association stays, and the OIDC
    // provider, which no workload of the stack needs any more, is let go of, never destroyed
    expect(actionsOf("toPodIdentity")).toEqual({
      "aws_eks_pod_identity_association.payments_api": "no-op",
      "aws_iam_openid_connect_provider.cluster": "forget",
      "aws_iam_role.payments_api": "update",
      ...only(API_BLOCKS.slice(1), "no-op"),
    });
    const podIdentity = change("toPodIdentity", "aws_iam_role.payments_api").change;
    // The default description names the mechanism: it changes with the trust, in place.
    expect(changedAttributes(podIdentity)).toEqual(["assume_role_policy", "description"]);
    expect(trustOf(podIdentity.after!.assume_role_policy).principals).toEqual(["Service"]);
  });

  /** The EBS driver add-on's blocks that hold state: the add-on, its role with the preset's inline policy, the drift lock. */
  const EBS_BLOCKS = [
    "aws_eks_addon.aws_ebs_csi_driver",
    "aws_iam_role.aws_ebs_csi_driver",
    "aws_iam_role_policy.aws_ebs_csi_driver",
    "aws_iam_role_policy_attachments_exclusive.aws_ebs_csi_driver",
    "aws_iam_role_policies_exclusive.aws_ebs_csi_driver",
  ];

  it("plans an add-on adopted by import as an update in place, pointed at its new role, never a replacement", () => {
    // GIVEN the EBS driver's add-on installed by eksctl with eksctl's role, nothing applied yet
    // WHEN the config lists it with adopt: true
    // THEN the add-on is imported as prod:aws-ebs-csi-driver and updated in place; its new role is created beside it
    expect(actionsOf("addonAdopt")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "create",
      ...only(API_BLOCKS, "create"),
      "aws_eks_addon.aws_ebs_csi_driver": "update",
      ...only(EBS_BLOCKS.slice(1), "create"),
    });
    const addon = change("addonAdopt", "aws_eks_addon.aws_ebs_csi_driver");
    expect(addon.change.importing).toEqual({ id: "prod:aws-ebs-csi-driver" });
    // AND the role it names moves from eksctl's to irsa-gen's (known after apply); the version EKS runs is kept
    expect(addon.change.before!.service_account_role_arn).toBe(EKSCTL_EBS_ROLE);
    expect(addon.change.after_unknown).toMatchObject({ service_account_role_arn: true });
    expect(addon.change.after!.addon_version).toBe("v1.45.0-eksbuild.1");
    expect(changedAttributes(addon.change)).toEqual(["resolve_conflicts_on_create", "resolve_conflicts_on_update", "service_account_role_arn", "tags_all"]);
    // AND EKS was only asked about that add-on
    expect(eks.calls).toContain("DescribeAddon prod aws-ebs-csi-driver");
    expect(eks.calls.filter((call) => call !== "DescribeAddon prod aws-ebs-csi-driver")).toEqual([]);
  });

  it("plans an adopted add-on kept after its first apply as no change (its import block does nothing)", () => {
    expect(actionsOf("addonAdoptedKept")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      ...only(EBS_BLOCKS, "no-op"),
    });
    expect(changes.get("addonAdoptedKept")!.filter((c) => c.change.importing !== undefined)).toEqual([]);
  });

  it("plans an add-on that left the config as forgetting it and its role, never deleting the driver", () => {
    // GIVEN the add-on applied / WHEN its entry is deleted (no retire)
    // THEN Terraform forgets it and its role (removed, destroy = false): the driver keeps running
    expect(actionsOf("addonRemoved")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      ...only(EBS_BLOCKS, "forget"),
    });
  });

  it("plans a workload's role handed over to an add-on that adopts it as forgotten at one address and imported at the other, never a new role", () => {
    // GIVEN the EBS driver's role applied as the workload kube-system/ebs-csi-controller-sa
    // WHEN the workload is retired with keep and the add-on adopts its role, in one change
    // THEN the workload's blocks are forgotten, the role and its inline policy imported under the add-on, and no role created or destroyed
    expect(actionsOf("addonHandOver")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      "aws_iam_role.kube_system_ebs_csi_controller_sa": "forget",
      "aws_iam_role_policy.kube_system_ebs_csi_controller_sa": "forget",
      "aws_iam_role_policy_attachments_exclusive.kube_system_ebs_csi_controller_sa": "forget",
      "aws_iam_role_policies_exclusive.kube_system_ebs_csi_controller_sa": "forget",
      "aws_eks_addon.aws_ebs_csi_driver": "update",
      "aws_iam_role.aws_ebs_csi_driver": "update",
      "aws_iam_role_policy.aws_ebs_csi_driver": "update",
    });
    expect(Object.fromEntries(changes.get("addonHandOver")!.filter((c) => c.change.importing).map((c) => [c.address, c.change.importing!.id]))).toEqual({
      "aws_eks_addon.aws_ebs_csi_driver": "prod:aws-ebs-csi-driver",
      "aws_iam_role.aws_ebs_csi_driver": HANDED_OVER.name,
      "aws_iam_role_policy.aws_ebs_csi_driver": `${HANDED_OVER.name}:permissions`,
    });
    // AND the role keeps its name; the add-on is pointed at it
    expect(change("addonHandOver", "aws_iam_role.aws_ebs_csi_driver").change.after!.name).toBe(HANDED_OVER.name);
  });

  it("plans an add-on's move from IRSA to EKS Pod Identity as updates in place, after the agent", () => {
    // GIVEN the add-on applied on IRSA / WHEN it says identity: pod-identity, with the agent managed
    // THEN the add-on and its role's trust are updated in place; nothing is replaced
    expect(actionsOf("addonToPodIdentity")).toEqual({
      "aws_iam_openid_connect_provider.cluster": "no-op",
      ...only(API_BLOCKS, "no-op"),
      "aws_eks_addon.pod_identity_agent": "create",
      "aws_eks_addon.aws_ebs_csi_driver": "update",
      "aws_iam_role.aws_ebs_csi_driver": "update",
      ...only(EBS_BLOCKS.slice(2), "no-op"),
    });
    const addon = change("addonToPodIdentity", "aws_eks_addon.aws_ebs_csi_driver").change;
    expect(changedAttributes(addon)).toEqual(["pod_identity_association", "service_account_role_arn"]);
    expect(addon.after!.pod_identity_association).toEqual([{ role_arn: `arn:aws:iam::${ACCOUNT}:role/prod-addon-aws-ebs-csi-driver`, service_account: "ebs-csi-controller-sa" }]);
    expect(trustOf(change("addonToPodIdentity", "aws_iam_role.aws_ebs_csi_driver").change.after!.assume_role_policy).principals).toEqual(["Service"]);
  });
});

/**
 * An OIDC provider adopted by ARN without `oidcIssuerUrl`: the validator
 * cannot compare the ARN with the issuer, so the stack holds them together
 * with a postcondition on the cluster's data source. Two modules in one root
 * (one plan): `right` adopts the provider of the cluster's own issuer,
 * `wrong` another cluster's. A local EKS endpoint answers the cluster's
 * DescribeCluster, a local IAM endpoint the import's read of the provider.
 */
(skipReason ? describe.skip : describe)("terraform plan of an OIDC provider adopted by ARN alone (offline)", () => {
  const OTHER_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0THERC1USTER0000000000000000000";
  const arnOf = (host: string) => `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`;
  const adopting = (host: string) => `clusters:
  - name: prod
    region: eu-west-1
    oidcProvider: { adopt: "${arnOf(host)}" }
    oidcThumbprint: false
    createServiceAccount: false
    workloads:
${API}`;
  let tmp: string;
  let iam: FakeIam;
  let eks: FakeEks;
  let plan: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    const { version } = mirror!;
    const terraform = offlineRoot("irsa-gen-plan-adopt-", mirror!);
    ({ tmp } = terraform);
    const { root } = terraform;
    iam = await startFakeIam([], ACCOUNT, [{ arn: arnOf(ISSUER_HOST), url: `https://${ISSUER_HOST}` }, { arn: arnOf(OTHER_HOST), url: `https://${OTHER_HOST}` }]);
    eks = await startFakeEks({ prod: `https://${ISSUER_HOST}` }, ACCOUNT);
    const cases = ([["right", ISSUER_HOST], ["wrong", OTHER_HOST]] as const).map(([name, host]) => ({ name, planned: awsStack(adopting(host), version), endpoints: { iam: iam.url, eks: eks.url } }));
    const written = writeModules(root, cases, ACCOUNT);
    await terraform.init();
    await terraform.join({ module: written.module, import: written.import });
    plan = await terraform.run(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color"]);
  }, 120_000);

  afterAll(async () => {
    await iam?.close();
    await eks?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("fails the plan for another cluster's provider, before importing it, and imports the cluster's own", () => {
    // GIVEN the cluster's issuer is ISSUER_HOST (as EKS describes it)
    // WHEN one module adopts the provider of ISSUER_HOST and another the provider of OTHER_HOST
    // THEN the plan fails, on the postcondition of the wrong module only, saying what to fix
    // Terraform wraps its messages at the terminal's width: compared with white space folded.
    const output = `${plan.stdout}\n${plan.stderr}`.replace(/\s+/g, " ");
    expect(plan.code).not.toBe(0);
    expect(output).toContain("Resource postcondition failed");
    expect(output).toContain(`The OIDC provider that cluster prod adopts (oidcProvider.adopt: ${arnOf(OTHER_HOST)}) is the provider of https://${OTHER_HOST}, not of this cluster's issuer`);
    expect(output.match(/Error: /g)).toHaveLength(1);
    expect(output.slice(output.indexOf("Error: ")).match(/ on (\S+)\/cdk\.tf\.json line/g)).toEqual([" on wrong/cdk.tf.json line"]);
    // AND the cluster's own provider is imported and updated in place, never replaced
    expect(output).toContain("# module.right.aws_iam_openid_connect_provider.cluster will be updated in-place");
    expect(output).not.toContain("must be replaced");
    // AND the issuer was read for both; the wrong provider was never read for an import, the right one was
    expect(eks.calls.filter((c) => c === "DescribeCluster prod").length).toBeGreaterThanOrEqual(2);
    expect(iam.calls).toContain(`GetOpenIDConnectProvider ${arnOf(ISSUER_HOST)}`);
    expect(iam.calls).not.toContain(`GetOpenIDConnectProvider ${arnOf(OTHER_HOST)}`);
  });
});
