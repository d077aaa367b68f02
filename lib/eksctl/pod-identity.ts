/**
 * eksctl's `iam.podIdentityAssociations[]` → irsa-gen workloads with
 * `identity: pod-identity`, adopting what eksctl made.
 *
 * What eksctl made, from its source (pkg/actions/podidentityassociation:
 * creator.go, iam_role_creator.go, tasks.go; pkg/cfn/builder/iam.go,
 * NewIAMRoleResourceSetForPodIdentity; pkg/cfn/template/iam_helpers.go):
 * - without `roleARN`, one CloudFormation stack per association,
 *   `eksctl-<cluster>-podidentityrole-<namespace>-<service account>`,
 *   holding the role (named by CloudFormation unless `roleName` is set),
 *   its managed policies (`permissionPolicyARNs`, and the AWS managed
 *   policies of `wellKnownPolicies`), and inline policies named
 *   `<stack>-Policy1` (`permissionPolicy`; `<stack>-<permissionPolicyName>`
 *   when that is set) and `<stack>-Policy<Add-on>` (the other well-known
 *   policies). Its trust lets `pods.eks.amazonaws.com` assume it with
 *   `sts:AssumeRole` and `sts:TagSession` without any condition: any
 *   association in the account may use it. The stack's tags (`tags`, and
 *   eksctl's `alpha.eksctl.io/podidentityassociation-name`) reach the role;
 * - with `roleARN`, no role: the association names that role;
 * - the association itself (EKS API, not CloudFormation), with `tags`,
 *   `targetRoleARN`, `disableSessionTags` and `policy`; EKS allows one per
 *   service account;
 * - with `createServiceAccount`, the service account, labelled
 *   `app.kubernetes.io/managed-by: eksctl` (and its namespace if missing).
 *
 * The association's id, which its import needs, is in no ClusterConfig:
 * it is a placeholder unless `eksctl get podidentityassociation -o yaml`
 * output is given (`--roles`).
 *
 * Pure: no file system, no cdktf.
 */
import { formatPath, type ConfigPath } from "../config/problems";
import { READ_KEYS, unreadKeys, type EksctlPodIdentityAssociation } from "./cluster-config";
import type { ConvertedWorkload, YamlComment } from "./output";
import { adoptedRole, adoptInlinePolicy, convertPermissions, FILL_IN, type Report } from "./permissions";
import { associationKey, roleFromArn, type KnownAssociation } from "./roles";

function podIdentityStack(cluster: string, namespace: string, serviceAccount: string): string {
  return `eksctl-${cluster}-podidentityrole-${namespace}-${serviceAccount}`;
}

function listAssociationsCommand(cluster: string, region: string, namespace: string, serviceAccount: string): string {
  return `aws eks list-pod-identity-associations --region ${region} --cluster-name ${cluster} --namespace ${namespace} --service-account ${serviceAccount} --query "associations[].associationId" --output text`;
}

/** A workload of iam.serviceAccounts already converted, which an association of the same service account may join. */
export interface IrsaWorkload {
  readonly workload: ConvertedWorkload;
  readonly comments: YamlComment[];
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The role's name, when known (not a placeholder). */
  readonly roleName?: string;
  readonly path: ConfigPath;
}

export interface AssociationsInput {
  readonly list: readonly EksctlPodIdentityAssociation[];
  /** The entries as written, for keys the schema does not name. */
  readonly raw: readonly unknown[];
  readonly file: string;
  readonly cluster: string;
  readonly region: string;
  readonly partition: string;
  /** From `eksctl get podidentityassociation -o yaml`, by associationKey. */
  readonly associations: ReadonlyMap<string, KnownAssociation>;
  /** How many associations of all the files name each role ARN given as roleARN. */
  readonly roleArnUses: ReadonlyMap<string, number>;
  readonly irsa: readonly IrsaWorkload[];
  readonly report: Report;
}

export interface ConvertedAssociations {
  readonly workloads: readonly ConvertedWorkload[];
  /** The stacks of the roles eksctl made, adopted. */
  readonly stacks: readonly string[];
  /** Who uses each adopted role, for the note on the trust. */
  readonly roles: readonly { readonly who: string; readonly role: string; readonly pinned: boolean }[];
  /** Entries converted: into workloads of their own, or into the IRSA workload of their service account. */
  readonly converted: number;
  /** Service accounts adopted (eksctl's createServiceAccount). */
  readonly serviceAccounts: number;
  readonly unknownRoles: number;
  readonly unknownAssociations: number;
  /** associationKey of every entry, converted or not, so that eksctl's listing shows what the ClusterConfig lacks. */
  readonly keys: readonly string[];
}

export function convertAssociations(input: AssociationsInput): ConvertedAssociations {
  const { list, cluster, region, report } = input;
  const workloads: ConvertedWorkload[] = [];
  const stacks: string[] = [];
  const roles: { who: string; role: string; pinned: boolean }[] = [];
  const keys: string[] = [];
  const seen = new Map<string, number>();
  let serviceAccounts = 0;
  let joined = 0;
  let unknownRoles = 0;
  let unknownAssociations = 0;
  // Role names used by other workloads of this cluster: a role taken by two of them cannot be pinned to either.
  const namedRoles = new Map<string, string>();
  for (const w of input.irsa) if (w.roleName !== undefined) namedRoles.set(w.roleName, `${formatPath(w.path)} (${w.namespace}/${w.serviceAccount})`);
  list.forEach((pia, index) => {
    if (pia.roleName !== undefined && (pia.roleARN ?? "") === "") namedRoles.set(pia.roleName, `${formatPath(["iam", "podIdentityAssociations", index])} (${pia.namespace}/${pia.serviceAccountName})`);
  });

  list.forEach((pia, index) => {
    const path: ConfigPath = ["iam", "podIdentityAssociations", index];
    const raw = input.raw[index];
    const namespace = pia.namespace ?? "";
    const name = pia.serviceAccountName ?? "";
    const who = `${namespace || "?"}/${name || "?"}`;
    const notConverted = (message: string, at: ConfigPath = path) => report("not-converted", at, `${who}: ${message}`);
    if (namespace !== "" && name !== "") keys.push(associationKey(cluster, namespace, name));

    const refused = eksctlRefuses(pia);
    if (refused) return notConverted(`eksctl refuses this entry (${refused}), so it made nothing to convert; fix the entry and convert again`);
    const earlier = seen.get(`${namespace}/${name}`);
    seen.set(`${namespace}/${name}`, earlier ?? index);
    if (earlier !== undefined) {
      return notConverted(`iam.podIdentityAssociations[${earlier}] associates this service account already, and EKS allows one association per service account: this one cannot exist`);
    }
    if (input.partition === "aws-cn") return notConverted(`EKS Pod Identity does not run in the China regions (${region}): eksctl cannot have made this association`);
    if (pia.policy !== undefined && pia.policy !== "") {
      return notConverted(
        "its session policy (policy) limits what the role grants to these pods, and irsa-gen cannot write one: taking the association over would drop the limit and grant the pods all of the role's permissions; left as eksctl made it",
        [...path, "policy"],
      );
    }
    const external = (pia.roleARN ?? "") !== "";
    const given = external ? roleFromArn(pia.roleARN as string) : undefined;
    if (external && !given) return notConverted(`roleARN is not an IAM role ARN (got "${pia.roleARN}"): no association can name it`, [...path, "roleARN"]);
    const known = input.associations.get(associationKey(cluster, namespace, name));
    if (known?.ownerArn !== undefined) {
      return notConverted(`${known.file} lists its association ${known.id} as owned by an EKS add-on (${known.ownerArn}), which EKS manages through the add-on; not converted`);
    }

    // The same service account in iam.serviceAccounts: one workload, with both mechanisms, or none.
    const irsa = input.irsa.find((w) => w.namespace === namespace && w.serviceAccount === name);
    if (irsa) {
      const irsaAt = formatPath(irsa.path);
      if (!external) {
        return notConverted(
          `${irsaAt} gives this service account an IRSA role already (converted), and eksctl made a second role for the association (stack ${podIdentityStack(cluster, namespace, name)}); irsa-gen gives a service account one role: keep one of the two, and convert again`,
        );
      }
      if (irsa.roleName === undefined || irsa.roleName !== given!.name) {
        return notConverted(
          `${irsaAt} gives this service account an IRSA role already (converted${irsa.roleName !== undefined ? `: ${irsa.roleName}` : ", its name still to fill in"}), and the association names ${pia.roleARN}; irsa-gen gives a service account one role: ` +
            `if the association names that same role (as eksctl utils migrate-to-pod-identity makes it), set identity: both and adopt.podIdentityAssociation on the converted workload by hand${irsa.roleName === undefined ? ", or convert again with --roles so that its name is known" : ""}`,
        );
      }
      joinIrsa(irsa, pia, { ...input, path, who, known, roles, report });
      joined++;
      if (known === undefined) unknownAssociations++;
      return;
    }
    if (external) {
      const arn = pia.roleARN as string;
      const other = namedRoles.get(given!.name);
      if ((input.roleArnUses.get(arn) ?? 0) > 1 || other !== undefined) {
        return notConverted(
          `its role ${arn} is used by ${other !== undefined ? other : "other associations in the files converted"} as well, and irsa-gen manages a role from one workload, whose trust it pins to that service account on that cluster: adopting it here would lock the others out; ` +
            "to bring them over, give each a role of its own (a workload per service account, with the role's permissions) and adopt each association by id: its role then changes in place",
          [...path, "roleARN"],
        );
      }
    }

    const result = convertAssociation({ ...input, pia, raw, path, who, namespace, name, external, given, known, report });
    workloads.push(result.workload);
    if (result.stack) stacks.push(result.stack);
    roles.push({ who, role: result.roleName ?? `the role of stack ${result.stack}`, pinned: pia.disableSessionTags !== true });
    if (result.workload.body.createServiceAccount === true) serviceAccounts++;
    if (result.roleName === undefined) unknownRoles++;
    if (known === undefined) unknownAssociations++;
  });
  return { workloads, stacks, roles, converted: workloads.length + joined, serviceAccounts, unknownRoles, unknownAssociations, keys };
}

/** Why eksctl would refuse the entry (pkg/ctl/cmdutils/pod_identity_association.go, validatePermissionPolicyName), if it would. */
function eksctlRefuses(pia: EksctlPodIdentityAssociation): string | undefined {
  if ((pia.namespace ?? "") === "") return "namespace must be set";
  if ((pia.serviceAccountName ?? "") === "") return "serviceAccountName must be set";
  const hasDocument = pia.permissionPolicy !== undefined && Object.keys(pia.permissionPolicy).length > 0;
  const hasArns = (pia.permissionPolicyARNs ?? []).length > 0;
  const hasWellKnown = Object.values(pia.wellKnownPolicies ?? {}).some((v) => v === true);
  if ((pia.roleARN ?? "") !== "") {
    const withRole = [hasDocument ? "permissionPolicy" : "", hasArns ? "permissionPolicyARNs" : "", hasWellKnown ? "wellKnownPolicies" : ""].filter((k) => k !== "");
    if (withRole.length > 0) return `${withRole.join(", ")} cannot be given with roleARN`;
  } else if (!hasDocument && !hasArns && !hasWellKnown) {
    return "one of roleARN, permissionPolicy, permissionPolicyARNs, wellKnownPolicies must be given";
  }
  if (pia.permissionPolicyName !== undefined && pia.permissionPolicyName !== "") {
    if (!hasDocument) return "permissionPolicyName needs permissionPolicy";
    if (!/[A-Za-z0-9]/.test(pia.permissionPolicyName)) return "permissionPolicyName needs a letter or digit";
  }
  return undefined;
}

interface AssociationInput extends Omit<AssociationsInput, "raw"> {
  readonly pia: EksctlPodIdentityAssociation;
  readonly raw: unknown;
  readonly path: ConfigPath;
  readonly who: string;
  readonly namespace: string;
  readonly name: string;
  /** roleARN is given: eksctl made no role. */
  readonly external: boolean;
  /** roleARN's name and path. */
  readonly given?: { readonly name: string; readonly path: string };
  readonly known?: KnownAssociation;
}

function convertAssociation(input: AssociationInput): { workload: ConvertedWorkload; stack?: string; roleName?: string } {
  const { pia, raw, path, who, namespace, name, external, known, cluster, region, report, file } = input;
  const stack = podIdentityStack(cluster, namespace, name);
  for (const key of unreadKeys(raw, READ_KEYS.podIdentityAssociation)) report("not-converted", [...path, key], `${who}: is not a field the converter knows`, true);

  const body: Record<string, unknown> = { namespace, serviceAccount: name, identity: "pod-identity" };
  const comments: YamlComment[] = [];
  const createServiceAccount = pia.createServiceAccount === true;
  body.createServiceAccount = createServiceAccount;

  const permissions = external
    ? undefined
    : convertPermissions(
        input,
        { wellKnownPolicies: pia.wellKnownPolicies, managedPolicyArns: pia.permissionPolicyARNs, document: pia.permissionPolicy, documentKey: "permissionPolicy", documentPolicy: pia.permissionPolicyName || "Policy1" },
        body,
        comments,
      );
  if (external) reportIgnored(pia, path, who, report);
  else if (pia.permissionsBoundaryARN) body.permissionsBoundaryArn = pia.permissionsBoundaryARN;

  // The role: its name is in the ClusterConfig (roleARN, roleName), or in eksctl's listing of the associations.
  // roleARN is what the ClusterConfig asks for, and wins over a listing:
  // the association is then pointed at it (in place). A roleName is only
  // what eksctl was asked to call the role it made: the listing's name is
  // the role's actual one.
  const listed = known?.role;
  const written = external ? input.given : pia.roleName ? { name: pia.roleName, path: "/" } : undefined;
  if (listed && written && listed.name !== written.name) {
    report(
      "note",
      [...path, external ? "roleARN" : "roleName"],
      external
        ? `${who}: ${known!.file} lists the association with the role ${listed.name}, and roleARN names ${written.name}: adopted ${written.name}, the ClusterConfig's; the first plan points the association at it, in place`
        : `${who}: the association names ${listed.name} (in ${known!.file}), not ${written.name}: adopted under its actual name`,
    );
  }
  const actual = external ? written : (listed ?? written);
  if (actual && actual.path !== "/") body.rolePath = actual.path;
  const tags = pia.tags && Object.keys(pia.tags).length > 0 ? pia.tags : undefined;
  if (tags && !external) body.tags = { ...tags };
  if (tags) {
    report(
      "note",
      [...path, "tags"],
      external
        ? `${who}: eksctl put these tags on the association only (the role is not eksctl's), and irsa-gen's association carries the AWS provider's default tags: the first plan replaces them in place; to keep them, add them to the cluster's tags (every resource of the cluster then has them)`
        : `${who}: the role's tags, as CloudFormation copied them from eksctl's stack; eksctl put them on the association too, whose tags become the AWS provider's default tags at the first plan, in place`,
    );
  }

  const podIdentity: Record<string, unknown> = {};
  if (pia.targetRoleARN !== undefined && pia.targetRoleARN !== "") {
    podIdentity.targetRoleArn = pia.targetRoleARN;
    report(
      "note",
      [...path, "targetRoleARN"],
      `${who}: irsa-gen lets the role assume the target (sts:AssumeRole, sts:TagSession on ${pia.targetRoleARN}) in its inline policy itself, where eksctl left that to the role's policies; the target's trust names this role, whose ARN stays the same`,
    );
  }
  if (pia.disableSessionTags === true) {
    podIdentity.disableSessionTags = true;
    podIdentity.unpinnedTrust = true;
    report(
      "note",
      [...path, "disableSessionTags"],
      `${who}: without session tags, irsa-gen cannot pin the role's trust to this service account on this cluster (a trust that requires the tags would admit nobody): converted with unpinnedTrust: true, which keeps eksctl's trust, any association of the account may use the role (irsa-gen still requires aws:SourceAccount)`,
    );
  }
  if (Object.keys(podIdentity).length > 0) body.podIdentity = podIdentity;

  const adopt: Record<string, unknown> = {};
  const roleName = actual?.name;
  adopt.role = adoptedRole({ who, path, stack, region, ...(roleName !== undefined ? { roleName } : {}), report }, comments);
  if (permissions) {
    const inlinePolicy = adoptInlinePolicy({ who, path, stack, roleName, permissions, report }, comments);
    if (inlinePolicy !== undefined) adopt.inlinePolicy = inlinePolicy;
  }
  if (createServiceAccount) adopt.serviceAccount = true;
  adopt.podIdentityAssociation = associationId(input, comments);
  // A live role that pods use: Terraform must not destroy it by mistake (see PROTECTED_NOTE).
  body.protect = true;
  body.adopt = adopt;

  if (external) {
    const role = roleName as string;
    report(
      "note",
      [...path, "roleARN"],
      `${who}: eksctl made no role for it, it associated the existing role ${role}, whose permissions the converter cannot know: the workload adopts the role without listing any, and its policies stay as they are, unmanaged (exclusivePolicies is off for an adopted role); ` +
        `write them into the workload to manage them (aws iam list-attached-role-policies --role-name ${role}; aws iam list-role-policies --role-name ${role}). ` +
        `The first plan updates the role in place to what the workload says: its trust becomes irsa-gen's, ${pia.disableSessionTags === true ? "which requires aws:SourceAccount" : "pinned to this service account on this cluster, so any other association that uses the role (another cluster, another service account) loses access"}, ` +
        `and its description, tags, maximum session duration and permissions boundary become the workload's (aws iam get-role --role-name ${role} shows what it has: write what it should keep into the workload)`,
    );
  }
  return { workload: { source: `${formatPath(path)} of ${file}`, body, comments }, ...(external ? {} : { stack }), ...(roleName !== undefined ? { roleName } : {}) };
}

/** What eksctl uses only for a role it makes, and so ignored with roleARN. */
function reportIgnored(pia: EksctlPodIdentityAssociation, path: ConfigPath, who: string, report: Report): void {
  for (const key of ["roleName", "permissionsBoundaryARN"] as const) {
    if (pia[key]) report("not-converted", [...path, key], `${who}: eksctl uses it only for a role it makes, and with roleARN it made none: left out`, true);
  }
}

/** The association's id from eksctl's listing, or a placeholder with the command that prints it. */
function associationId(input: Pick<AssociationInput, "known" | "cluster" | "region" | "namespace" | "name" | "who" | "path" | "report">, comments: YamlComment[]): string {
  if (input.known) return input.known.id;
  const command = listAssociationsCommand(input.cluster, input.region, input.namespace, input.name);
  comments.push({ at: ["adopt", "podIdentityAssociation"], text: `the association's id: ${command}` });
  input.report("fill-in", input.path, `${input.who}: adopt.podIdentityAssociation, the id EKS gave the association (EKS allows one per service account, so irsa-gen imports it rather than create a second): ${command}`);
  return `${FILL_IN} the id of the Pod Identity association of ${input.who}>`;
}

interface JoinInput extends AssociationsInput {
  readonly path: ConfigPath;
  readonly who: string;
  readonly known?: KnownAssociation;
  readonly roles: { who: string; role: string; pinned: boolean }[];
}

/**
 * An association naming the IRSA role eksctl made for the same service
 * account (what `eksctl utils migrate-to-pod-identity` does): one workload,
 * `identity: both`, so the pods keep working whichever credential they hold.
 */
function joinIrsa(irsa: IrsaWorkload, pia: EksctlPodIdentityAssociation, input: JoinInput): void {
  const { path, who, report } = input;
  const body = irsa.workload.body;
  for (const key of unreadKeys(input.raw[path[2] as number], READ_KEYS.podIdentityAssociation)) report("not-converted", [...path, key], `${who}: is not a field the converter knows`, true);
  reportIgnored(pia, path, who, report);
  const podIdentity: Record<string, unknown> = {};
  if (pia.targetRoleARN) podIdentity.targetRoleArn = pia.targetRoleARN;
  if (pia.disableSessionTags === true) Object.assign(podIdentity, { disableSessionTags: true, unpinnedTrust: true });
  const adopt = { ...(body.adopt as Record<string, unknown>) };
  if (pia.createServiceAccount === true && body.createServiceAccount === false) {
    // roleOnly for IRSA, but the association's entry made the service account.
    body.createServiceAccount = true;
    adopt.serviceAccount = true;
  }
  adopt.podIdentityAssociation = associationId({ ...input, namespace: irsa.namespace, name: irsa.serviceAccount }, irsa.comments);
  const entries = Object.entries(body).filter(([k]) => k !== "adopt");
  const at = entries.findIndex(([k]) => k === "serviceAccount") + 1;
  entries.splice(at, 0, ["identity", "both"]);
  if (Object.keys(podIdentity).length > 0) entries.push(["podIdentity", podIdentity]);
  entries.push(["adopt", adopt]);
  for (const key of Object.keys(body)) delete body[key];
  Object.assign(body, Object.fromEntries(entries));

  report(
    "note",
    path,
    `${who}: the association names the role eksctl made for ${formatPath(irsa.path)} (${irsa.roleName}), as eksctl utils migrate-to-pod-identity does: converted into that workload with identity: both, so the role trusts both mechanisms, each pinned to this service account, and the association is adopted; ` +
      "once every pod has restarted onto Pod Identity, set identity: pod-identity (README, EKS Pod Identity: the migration)",
  );
  if (pia.tags && Object.keys(pia.tags).length > 0) {
    report("note", [...path, "tags"], `${who}: eksctl put these tags on the association, whose tags become the AWS provider's default tags at the first plan, in place; to keep them, add them to the cluster's tags`);
  }
  if (pia.disableSessionTags === true) {
    report("note", [...path, "disableSessionTags"], `${who}: without session tags the Pod Identity statement cannot be pinned to this service account: converted with unpinnedTrust: true (any association of the account may use the role; aws:SourceAccount is still required)`);
  }
  if (pia.targetRoleARN) {
    report("note", [...path, "targetRoleARN"], `${who}: irsa-gen lets the role assume the target (sts:AssumeRole, sts:TagSession on ${pia.targetRoleARN}) in its inline policy itself`);
  }
  input.roles.push({ who, role: irsa.roleName as string, pinned: pia.disableSessionTags !== true });
}
