/**
 * eksctl ClusterConfig files → one irsa.yaml, keeping every role eksctl
 * made and adopting it (Terraform `import` blocks), so that the first plan
 * imports and updates in place instead of creating anything twice.
 *
 * What eksctl made, from its source (pkg/cfn/manager/iam.go,
 * pkg/cfn/builder/iam.go, pkg/cfn/builder/iam_helper.go,
 * pkg/kubernetes/serviceaccount.go):
 * - one CloudFormation stack per iamserviceaccount,
 *   `eksctl-<cluster>-addon-iamserviceaccount-<namespace>-<name>`, holding
 *   the role (named by CloudFormation, e.g. `eksctl-prod-addon-iamserviceaccount-kube-Role1-ABC123`,
 *   unless `roleName` is set), its managed-policy attachments
 *   (`attachPolicyARNs`, and the AWS managed policies of `imageBuilder` and
 *   `ebsCSIController`), and inline policies named `<stack>-Policy1`
 *   (`attachPolicy`) and `<stack>-Policy<Add-on>` (the other `wellKnownPolicies`);
 * - unless `roleOnly`, the service account, annotated with the role and
 *   labelled `app.kubernetes.io/managed-by: eksctl`.
 *
 * irsa-gen manages one inline policy per role: it adopts `<stack>-Policy1`
 * when there is one, else eksctl's first well-known inline policy, and
 * writes all the workload's statements into it; eksctl's other inline
 * policies stay on the role, unmanaged, and the report says to delete them
 * once the workload works (permissions.ts).
 *
 * `iam.podIdentityAssociations` become workloads with `identity:
 * pod-identity` that adopt eksctl's role and the association itself
 * (pod-identity.ts).
 *
 * Pure: no file system, no cdktf.
 */
import { partitionOf } from "../aws/partition";
import { compare } from "../common/compare";
import { ROLE_ARN_ANNOTATION } from "../aws/eks";
import { formatPath, formatProblem, quoteValue, type ConfigPath } from "../config/problems";
import { isMapping, READ_KEYS, readClusterConfig, unreadKeys, type EksctlClusterConfig, type EksctlServiceAccount, type ReadClusterConfig } from "./cluster-config";
import { renderIrsaYaml, type ConvertedCluster, type ConvertedWorkload, type YamlComment } from "./output";
import { adoptedRole, adoptInlinePolicy, convertPermissions, type Report } from "./permissions";
import { convertAssociations, type IrsaWorkload } from "./pod-identity";
import { formatReport, type FileReport, type ReportItem, type ReportKind } from "./report";
import { GET_ASSOCIATIONS_COMMAND, GET_COMMAND, readRoles, roleFromArn, type KnownAssociation, type KnownRole, type ListedAt } from "./roles";

export { describeStackRoleCommand, FILL_IN } from "./permissions";

/** A file given to the converter: its name as the user wrote it, and its text. */
export interface InputFile {
  readonly file: string;
  readonly text: string;
}

export interface ConversionResult {
  /** Every problem that stops the conversion, located; empty when it converted. */
  readonly errors: readonly string[];
  /** The irsa.yaml text; absent when there are errors. */
  readonly yaml?: string;
  readonly files: readonly FileReport[];
  /** The report as printed. */
  readonly report: string;
}

/** Said once per cluster whose workloads adopt live roles. */
export const PROTECTED_NOTE =
  "every adopted role is written with protect: true (prevent_destroy): these are live roles that pods use, so a plan that would destroy one (a removed entry, a renamed role) fails instead; to retire a workload, see retire: in the README, and set protect: false on it only when destroying its role is meant";

/** eksctl's namespace when none is set (SetClusterConfigDefaults). */
const DEFAULT_NAMESPACE = "default";
const EKSCTL_LABEL = "app.kubernetes.io/managed-by";

export function iamServiceAccountStack(cluster: string, namespace: string, name: string): string {
  return `eksctl-${cluster}-addon-iamserviceaccount-${namespace}-${name}`;
}

/**
 * Converts ClusterConfig files (one cluster each) into one irsa.yaml.
 * `roleFiles` are outputs of `eksctl get iamserviceaccount -o yaml`, which
 * name the roles CloudFormation generated, and of `eksctl get
 * podidentityassociation -o yaml`, which give the associations' ids.
 */
export function convertClusterConfigs(inputs: readonly InputFile[], roleFiles: readonly InputFile[] = []): ConversionResult {
  const errors: string[] = [];
  const roles = new Map<string, KnownRole>();
  const associations = new Map<string, KnownAssociation>();
  for (const input of roleFiles) {
    const read = readRoles(input.file, input.text);
    errors.push(...read.errors);
    for (const [stack, role] of read.roles) roles.set(stack, role);
    for (const [key, association] of read.associations) associations.set(key, association);
  }
  const reads = inputs.map((input) => readClusterConfig(input.file, input.text));
  for (const read of reads) errors.push(...read.errors);
  const clusterFiles = new Map<string, string>();
  for (const read of reads) {
    if (!read.config) continue;
    const name = read.config.metadata.name;
    const first = clusterFiles.get(name);
    if (first !== undefined) {
      const position = read.source.locate(["metadata", "name"]);
      errors.push(`${read.source.file}${position ? `:${position.line}:${position.col}` : ""} metadata.name: names the cluster of ${first} again (got "${quoteValue(name)}"). Give each cluster's ClusterConfig once: each file becomes one cluster.`);
    }
    clusterFiles.set(name, read.source.file);
  }
  if (errors.length === 0) errors.push(...listingMismatches(reads, roles, associations));
  if (errors.length > 0) return { errors, files: [], report: "" };

  // A role named by several associations (roleARN) cannot be pinned to any one of them.
  const roleArnUses = new Map<string, number>();
  for (const read of reads) {
    for (const pia of read.config?.iam?.podIdentityAssociations ?? []) {
      if (pia.roleARN) roleArnUses.set(pia.roleARN, (roleArnUses.get(pia.roleARN) ?? 0) + 1);
    }
  }
  const used = new Set<string>();
  const known: KnownOutput = { roles, associations, roleArnUses };
  const converted = reads.map((read) => convertFile(read, known, used));
  // Roles eksctl lists for a converted cluster that no ClusterConfig has: made with flags, not a config file.
  for (const [stack, role] of roles) {
    if (used.has(stack)) continue;
    const owner = converted.find((c) => stack.startsWith(`eksctl-${c.cluster.body.name}-addon-iamserviceaccount-`));
    if (!owner) continue;
    const who = role.namespace !== undefined && role.serviceAccount !== undefined ? `${role.namespace}/${role.serviceAccount}` : stack;
    owner.items.push({
      kind: "not-converted",
      file: owner.report.file,
      path: ["iam", "serviceAccounts"],
      position: owner.locate(["iam", "serviceAccounts"]),
      message: `${who}: ${role.file} lists its role ${role.name} (stack ${stack}), which this ClusterConfig does not have (made with eksctl create iamserviceaccount flags, or from another file); add it to the ClusterConfig and convert again to bring it over`,
    });
  }
  // Associations eksctl lists for a converted cluster that no ClusterConfig has.
  for (const [key, association] of associations) {
    if (used.has(key)) continue;
    const owner = converted.find((c) => c.cluster.body.name === association.cluster);
    if (!owner) continue;
    const at: ConfigPath = ["iam", "podIdentityAssociations"];
    owner.items.push({
      kind: "not-converted",
      file: owner.report.file,
      path: at,
      position: owner.locate(at) ?? owner.locate(["iam"]),
      message:
        `${association.namespace}/${association.serviceAccount}: ${association.file} lists its association ${association.id}${association.role ? ` (role ${association.role.name})` : ""}, which this ClusterConfig does not have; ` +
        (association.ownerArn !== undefined
          ? `an EKS add-on owns it (${association.ownerArn}) and EKS manages it through the add-on: not converted`
          : "made with eksctl create podidentityassociation flags, by eksctl utils migrate-to-pod-identity, or elsewhere; add it to the ClusterConfig and convert again to bring it over"),
    });
  }
  // In file order, so the report reads top to bottom like the file.
  const byPosition = (a: ReportItem, b: ReportItem) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0);
  const files = converted.map((c) => ({ ...c.report, items: [...c.items].sort(byPosition) }));
  const yaml = renderIrsaYaml(converted.map((c) => c.cluster), inputs.map((i) => i.file));
  return { errors: [], yaml, files, report: formatReport(files) };
}

/**
 * The accounts a ClusterConfig's own ARNs name (its roles, boundaries,
 * customer managed policies; not targetRoleARN, which is in another account
 * by design): the cluster's account, when it says.
 */
function ownAccounts(config: EksctlClusterConfig): Set<string> {
  const iam = config.iam ?? {};
  const arns = [
    iam.serviceRoleARN,
    iam.fargatePodExecutionRoleARN,
    ...(iam.serviceAccounts ?? []).flatMap((sa) => [sa.status?.roleARN, sa.attachRoleARN, sa.permissionsBoundary, ...(sa.attachPolicyARNs ?? [])]),
    ...(iam.podIdentityAssociations ?? []).flatMap((pia) => [pia.roleARN, pia.permissionsBoundaryARN, ...(pia.permissionPolicyARNs ?? [])]),
  ];
  return new Set(arns.map((arn) => /^arn:[a-z-]+:iam::(\d{12}):/.exec(arn ?? "")?.[1]).filter((a): a is string => a !== undefined));
}

/**
 * A listing applies to the ClusterConfig of its cluster only when it is of
 * that cluster's region and account: a cluster of the same name elsewhere
 * (staging's `prod` in another account, or a copy in another region) has
 * other roles and associations, and adopting them would import the wrong
 * ones. An association's ARN names its region and account; a role's ARN
 * its partition and account (eksctl's iamserviceaccount listing names no
 * region). A ClusterConfig that names no account of its own takes the
 * listings' one, which must then be one account.
 */
function listingMismatches(reads: readonly ReadClusterConfig[], roles: ReadonlyMap<string, KnownRole>, associations: ReadonlyMap<string, KnownAssociation>): string[] {
  const errors: string[] = [];
  const refuse = (at: ListedAt, message: string, value: string, fix: string) => errors.push(formatProblem(at.file, at.position, { severity: "error", path: at.path, message, fix, value, whole: true }));
  for (const read of reads) {
    if (!read.config) continue;
    const { name, region } = read.config.metadata;
    const file = read.source.file;
    const own = ownAccounts(read.config);
    const listed: { at: ListedAt; account: string; arn: string; command: string }[] = [];
    for (const association of associations.values()) {
      if (association.cluster !== name) continue;
      const command = GET_ASSOCIATIONS_COMMAND(name, region);
      if (association.region !== region) {
        refuse(association.at, `is of cluster ${name} in ${association.region}, and the cluster ${name} of ${file} is in ${region}`, association.arn, `Give the listing of ${name} in ${region} (${command}), or leave this one out`);
      } else listed.push({ at: association.at, account: association.account, arn: association.arn, command });
    }
    const prefix = `eksctl-${name}-addon-iamserviceaccount-`;
    for (const [stack, role] of roles) {
      if (!stack.startsWith(prefix)) continue;
      const command = GET_COMMAND(name, region);
      if (role.partition !== partitionOf(region).id) {
        refuse(role.at, `is a role of partition ${role.partition}, and the cluster ${name} of ${file} is in ${region} (partition ${partitionOf(region).id})`, role.arn, `Give the listing of ${name} in ${region} (${command}), or leave this one out`);
      } else listed.push({ at: role.at, account: role.account, arn: role.arn, command });
    }
    // In the order given, so that the first listing named is the one the others are held to.
    listed.sort((a, b) => compare(a.at.file, b.at.file) || (a.at.position?.line ?? 0) - (b.at.position?.line ?? 0) || (a.at.position?.col ?? 0) - (b.at.position?.col ?? 0));
    const accounts = own.size > 0 ? own : new Set(listed.slice(0, 1).map((l) => l.account));
    const whence = own.size > 0 ? "as its own ARNs say" : `as ${formatAt(listed[0]?.at)} says`;
    for (const entry of listed) {
      if (accounts.has(entry.account)) continue;
      refuse(entry.at, `is in account ${entry.account}, and the cluster ${name} of ${file} is in account ${[...accounts].join(" or ")} (${whence})`, entry.arn, `Give the listing of ${name} in its own account (${entry.command} with that account's credentials), or leave this one out`);
    }
  }
  return errors;
}

function formatAt(at: ListedAt | undefined): string {
  if (!at) return "";
  return `${at.file}${at.position ? `:${at.position.line}:${at.position.col}` : ""} ${formatPath(at.path)}`;
}

/** What eksctl's own listings and the other files say, for every file. */
interface KnownOutput {
  readonly roles: ReadonlyMap<string, KnownRole>;
  readonly associations: ReadonlyMap<string, KnownAssociation>;
  readonly roleArnUses: ReadonlyMap<string, number>;
}

interface ConvertedFile {
  readonly cluster: ConvertedCluster;
  readonly report: Omit<FileReport, "items">;
  readonly items: ReportItem[];
  readonly locate: (path: ConfigPath) => ReportItem["position"];
}

/** One ClusterConfig file being converted, and where its findings go. */
interface FileContext {
  readonly config: EksctlClusterConfig;
  readonly data: Record<string, unknown>;
  readonly file: string;
  readonly cluster: string;
  readonly region: string;
  readonly partition: string;
  readonly iam: NonNullable<EksctlClusterConfig["iam"]>;
  readonly rawIam: Record<string, unknown>;
  readonly report: Report;
}

/** The service accounts converted, and what the report says about them together. */
interface ConvertedServiceAccounts {
  readonly workloads: ConvertedWorkload[];
  readonly irsaWorkloads: IrsaWorkload[];
  /** eksctl's stacks that own the adopted roles. */
  readonly stacks: string[];
  readonly adoptedServiceAccounts: number;
}

function convertFile(read: ReadClusterConfig, known: KnownOutput, used: Set<string>): ConvertedFile {
  const config = read.config as EksctlClusterConfig;
  const data = read.data as Record<string, unknown>;
  const file = read.source.file;
  const cluster = config.metadata.name;
  const region = config.metadata.region;
  const partition = partitionOf(region).id;
  const items: ReportItem[] = [];
  const locate = (path: ConfigPath, atKey?: boolean) => read.source.locate(path, atKey);
  const report = (kind: ReportKind, path: ConfigPath, message: string, atKey?: boolean) => {
    const position = locate(path, atKey);
    items.push({ kind, file, path, ...(position ? { position } : {}), message });
  };
  const iam = config.iam ?? {};
  const rawIam = isMapping(data.iam) ? data.iam : {};
  const context: FileContext = { config, data, file, cluster, region, partition, iam, rawIam, report };
  reportNotConverted(context);
  const clusterBody = convertOidcProvider(context);
  const accounts = convertServiceAccounts(context, known, used);
  const pods = convertPodIdentity(context, known, used, accounts.irsaWorkloads);
  const workloads = [...accounts.workloads, ...pods.workloads];
  reportHandOver(context, workloads, accounts, pods);
  return {
    cluster: { file, body: clusterBody, workloads },
    report: { file, cluster, workloads: workloads.length },
    items,
    locate: (path) => locate(path),
  };
}

/** What the ClusterConfig holds besides IAM roles for service accounts: reported, never converted. */
function reportNotConverted(context: FileContext): void {
  const { config, data, cluster, partition, rawIam, report } = context;
  const autoApply = config.addonsConfig?.autoApplyPodIdentityAssociations === true;
  for (const key of unreadKeys(data, READ_KEYS.top)) {
    if (key === "addons") reportAddons(data.addons, cluster, autoApply, report);
    else if (key === "addonsConfig" && isMapping(data.addonsConfig)) {
      for (const option of Object.keys(data.addonsConfig)) {
        if (option === "autoApplyPodIdentityAssociations" && autoApply) {
          report(
            "not-converted",
            ["addonsConfig", option],
            `eksctl gave each add-on that supports EKS Pod Identity a role (stack eksctl-${cluster}-addon-<add-on>-podidentityrole-<service account>) and associations the add-on owns; not converted: EKS manages an add-on's associations through the add-on (eksctl update addon), not as associations of their own`,
            true,
          );
        } else report("not-converted", ["addonsConfig", option], "irsa-gen does not install add-ons", true);
      }
    } else if (key === "karpenter") {
      report(
        "not-converted",
        [key],
        `the role eksctl made for Karpenter's controller (eksctl-${cluster}-iamservice-role, for karpenter/karpenter, in stack ${iamServiceAccountStack(cluster, "karpenter", "karpenter")}, with the managed policy eksctl-KarpenterControllerPolicy-${cluster} of stack eksctl-${cluster}-karpenter) is not converted, since the policy's ARN needs the account id; ` +
          `to bring it over, add a workload karpenter/karpenter with managedPolicyArns: [arn:${partition}:iam::<account>:policy/eksctl-KarpenterControllerPolicy-${cluster}] and adopt: { role: eksctl-${cluster}-iamservice-role }`,
        true,
      );
    } else report("not-converted", [key], "irsa-gen makes IAM roles for service accounts, nothing else", true);
  }
  for (const key of unreadKeys(data.metadata, READ_KEYS.metadata)) {
    report("not-converted", ["metadata", key], "irsa-gen does not manage the cluster itself", true);
  }
  const notIrsa: Readonly<Record<string, string>> = {
    serviceRoleARN: "the cluster's service role, not a role for service accounts",
    serviceRolePermissionsBoundary: "the boundary of the cluster's service role (and Karpenter's node role), not of roles for service accounts; those take permissionsBoundaryArn (on a workload or in defaults)",
    fargatePodExecutionRoleARN: "the Fargate pod execution role, not a role for service accounts",
    fargatePodExecutionRolePermissionsBoundary: "the boundary of the Fargate pod execution role, not of roles for service accounts",
    vpcResourceControllerPolicy: "AmazonEKSVPCResourceController on the cluster's service role, not on a role for service accounts",
  };
  for (const key of Object.keys(rawIam)) {
    if (Object.hasOwn(notIrsa, key)) report("not-converted", ["iam", key], `not converted: ${notIrsa[key]}`, true);
  }
  for (const key of unreadKeys(rawIam, READ_KEYS.iam)) report("not-converted", ["iam", key], "is not a field the converter knows", true);
}

/** The cluster's OIDC provider: looked up when eksctl registered one, else created. */
function convertOidcProvider(context: FileContext): ConvertedCluster["body"] {
  const { config, iam, cluster, region, report } = context;
  const serviceAccounts = iam.serviceAccounts ?? [];
  const podIdentityAssociations = iam.podIdentityAssociations ?? [];
  const clusterBody: ConvertedCluster["body"] = { name: cluster, region };
  if (config.metadata.tags && Object.keys(config.metadata.tags).length > 0) clusterBody.tags = { ...config.metadata.tags };
  if (iam.withOIDC === true) {
    clusterBody.oidcProvider = "lookup";
  } else if (serviceAccounts.length > 0) {
    clusterBody.oidcProvider = "lookup";
    report("note", ["iam"], "iam.withOIDC is not true, yet iam.serviceAccounts need the cluster's OIDC provider (eksctl utils associate-iam-oidc-provider registers it): converted as oidcProvider: lookup; if the cluster has no provider, write oidcProvider: create");
  } else if (podIdentityAssociations.length > 0) {
    report("note", ["iam"], "iam.withOIDC is not true, and EKS Pod Identity needs no OIDC provider: irsa-gen registers none while no workload of the cluster uses IRSA; before adding one that does, write oidcProvider: lookup if the cluster has a provider");
  } else {
    report("note", ["iam"], "iam.withOIDC is not true: eksctl registered no OIDC provider, so irsa-gen registers one (oidcProvider: create, the default); if the cluster has one, write oidcProvider: lookup");
  }
  if (clusterBody.oidcProvider === "lookup") {
    report(
      "note",
      iam.withOIDC === true ? ["iam", "withOIDC"] : ["iam"],
      `oidcProvider: lookup finds the cluster's provider at plan time; add oidcIssuerUrl (aws eks describe-cluster --region ${region} --name ${cluster} --query cluster.identity.oidc.issuer --output text) for literal condition keys in the plan, and accountId to pin the AWS provider to the cluster's account`,
    );
  }
  if (iam.withOIDC === true && !hasVpcCniAddon(config) && config.addonsConfig?.disableDefaultAddons !== true && !serviceAccounts.some((sa) => sa.metadata.name === "aws-node" && (sa.metadata.namespace ?? DEFAULT_NAMESPACE) === "kube-system")) {
    report(
      "not-converted",
      ["iam", "withOIDC"],
      `with withOIDC, eksctl also gave kube-system/aws-node (the VPC CNI) a role with AmazonEKS_CNI_Policy (stack ${iamServiceAccountStack(cluster, "kube-system", "aws-node")} or eksctl-${cluster}-addon-vpc-cni, by eksctl version); not converted: to bring it over, add a workload with preset vpc-cni and adopt: { role: <its name> }`,
    );
  }
  return clusterBody;
}

/** `iam.serviceAccounts`: one workload each, adopting the role eksctl made. */
function convertServiceAccounts(context: FileContext, known: KnownOutput, used: Set<string>): ConvertedServiceAccounts {
  const { iam, rawIam, file, cluster, region, partition, report } = context;
  const serviceAccounts = iam.serviceAccounts ?? [];
  const workloads: ConvertedWorkload[] = [];
  const irsaWorkloads: IrsaWorkload[] = [];
  const stacks: string[] = [];
  let unknownRoles = 0;
  let adoptedServiceAccounts = 0;
  serviceAccounts.forEach((sa, index) => {
    const path: ConfigPath = ["iam", "serviceAccounts", index];
    // A role eksctl made is this entry's even when it is not converted (subjectPattern).
    if (sa.attachRoleARN === undefined) used.add(iamServiceAccountStack(cluster, sa.metadata.namespace ?? DEFAULT_NAMESPACE, sa.metadata.name));
    const result = convertServiceAccount({ sa, raw: (rawIam.serviceAccounts as unknown[])[index], path, file, cluster, region, partition, roles: known.roles, report });
    if (!result) return;
    workloads.push(result.workload);
    irsaWorkloads.push({
      workload: result.workload,
      comments: result.comments,
      namespace: result.workload.body.namespace as string,
      serviceAccount: result.workload.body.serviceAccount as string,
      ...(result.roleName !== undefined ? { roleName: result.roleName } : {}),
      path,
    });
    stacks.push(result.stack);
    if (result.roleName === undefined) unknownRoles++;
    if (result.workload.body.createServiceAccount === true) adoptedServiceAccounts++;
  });
  if (unknownRoles > 0) {
    report("note", ["iam", "serviceAccounts"], `every role name of this cluster at once: ${GET_COMMAND(cluster, region)} > ${cluster}-roles.yaml, then convert again with --roles ${cluster}-roles.yaml`);
  }
  if (stacks.length > 0) {
    report(
      "after-apply",
      ["iam", "serviceAccounts"],
      `eksctl's CloudFormation stacks still own the adopted roles (${stacks.join(", ")}): deleting a stack, or eksctl delete iamserviceaccount, deletes its role (and the service account); ` +
        `retire each stack without deleting what it made (add DeletionPolicy: Retain to every resource of its template and update the stack, turn off termination protection, delete the stack), and remove these entries from iam.serviceAccounts of ${file} so that eksctl never updates or recreates them`,
    );
  }
  return { workloads, irsaWorkloads, stacks, adoptedServiceAccounts };
}

/** `iam.podIdentityAssociations`: one workload each, or merged into the IRSA workload of the same service account. */
function convertPodIdentity(context: FileContext, known: KnownOutput, used: Set<string>, irsaWorkloads: IrsaWorkload[]) {
  const { config, iam, rawIam, file, cluster, region, partition, report } = context;
  const podIdentityAssociations = iam.podIdentityAssociations ?? [];
  const pods = convertAssociations({
    list: podIdentityAssociations,
    raw: Array.isArray(rawIam.podIdentityAssociations) ? rawIam.podIdentityAssociations : [],
    file,
    cluster,
    region,
    partition,
    associations: known.associations,
    roleArnUses: known.roleArnUses,
    irsa: irsaWorkloads,
    report,
  });
  for (const key of pods.keys) used.add(key);
  const piaPath: ConfigPath = ["iam", "podIdentityAssociations"];
  if (pods.unknownRoles + pods.unknownAssociations > 0) {
    report(
      "note",
      piaPath,
      `every association id and role of this cluster at once: ${GET_ASSOCIATIONS_COMMAND(cluster, region)} > ${cluster}-associations.yaml, then convert again with --roles ${cluster}-associations.yaml`,
    );
  }
  if (pods.roles.length > 0) {
    const pinned = pods.roles.filter((r) => r.pinned);
    report(
      "note",
      piaPath,
      "the first plan tightens, in place, the trust of the roles the associations use: eksctl makes a role trust pods.eks.amazonaws.com for any association of the account (as does the trust in the EKS user guide); irsa-gen's also requires aws:SourceAccount" +
        (pinned.length > 0
          ? ` and, for ${pinned.map((r) => `${r.who} (${r.role})`).join(", ")}, the session tags of this cluster (eks-cluster-arn), namespace and service account, so another association that uses one of these roles (another cluster, another service account) loses access; ${GET_ASSOCIATIONS_COMMAND("<cluster>", "<region>")} lists the role of each association of a cluster`
          : ""),
    );
  }
  if (pods.converted > 0) {
    report(
      "after-apply",
      piaPath,
      (pods.stacks.length > 0
        ? `eksctl's CloudFormation stacks still own the adopted Pod Identity roles (${pods.stacks.join(", ")}): deleting a stack, or eksctl delete podidentityassociation, deletes its role (and the association); ` +
          "retire each stack without deleting what it made (add DeletionPolicy: Retain to every resource of its template and update the stack, turn off termination protection, delete the stack); "
        : "") +
        `remove the converted entries from iam.podIdentityAssociations of ${file} so that eksctl never updates, recreates or deletes them (eksctl delete podidentityassociation would delete an association irsa-gen now manages)`,
    );
  }
  if (pods.converted > 0) {
    const agent = (config.addons ?? []).findIndex((a) => isMapping(a) && typeof a.name === "string" && a.name.toLowerCase() === "eks-pod-identity-agent");
    report(
      "note",
      agent >= 0 ? ["addons", agent] : piaPath,
      agent >= 0
        ? "the eks-pod-identity-agent add-on, which the associations need, stays eksctl's: podIdentityAgent is left off, since irsa-gen would create the add-on that exists"
        : "EKS Pod Identity needs the eks-pod-identity-agent add-on, which this ClusterConfig does not list (EKS Auto Mode has it built in): check that the cluster has it, or set podIdentityAgent: true on the cluster for irsa-gen to install it",
    );
  }
  return pods;
}

/** What the report says about handing the converted roles over from eksctl: its stacks, its marks, protection. */
function reportHandOver(context: FileContext, workloads: readonly ConvertedWorkload[], accounts: ConvertedServiceAccounts, pods: ReturnType<typeof convertPodIdentity>): void {
  const { report } = context;
  if (workloads.some((w) => w.body.protect === true)) report("note", ["iam"], PROTECTED_NOTE);
  const adoptedServiceAccounts = accounts.adoptedServiceAccounts + pods.serviceAccounts;
  const stacks = accounts.stacks;
  const piaPath: ConfigPath = ["iam", "podIdentityAssociations"];
  const allStacks = [...stacks, ...pods.stacks];
  if (allStacks.length > 0) {
    report(
      "note",
      allStacks.length > stacks.length && stacks.length === 0 ? piaPath : ["iam", "serviceAccounts"],
      `the first plan also removes what marked these as eksctl's: ${adoptedServiceAccounts > 0 ? `the label ${EKSCTL_LABEL}=eksctl of the adopted service accounts, and ` : ""}eksctl's own tags (alpha.eksctl.io/*, eksctl.cluster.k8s.io/*) where CloudFormation copied them onto the roles` +
        `${pods.stacks.length > 0 ? " (and alpha.eksctl.io/podidentityassociation-name, which eksctl put on the associations too)" : ""}; in-place updates`,
    );
  }
}

interface ServiceAccountInput {
  readonly sa: EksctlServiceAccount;
  readonly raw: unknown;
  readonly path: ConfigPath;
  readonly file: string;
  readonly cluster: string;
  readonly region: string;
  readonly partition: string;
  readonly roles: ReadonlyMap<string, KnownRole>;
  readonly report: Report;
}

function convertServiceAccount(input: ServiceAccountInput): { workload: ConvertedWorkload; comments: YamlComment[]; stack: string; roleName?: string } | undefined {
  const { sa, raw, path, file, cluster, region, report } = input;
  const namespace = sa.metadata.namespace ?? DEFAULT_NAMESPACE;
  const name = sa.metadata.name;
  const who = `${namespace}/${name}`;
  const stack = iamServiceAccountStack(cluster, namespace, name);

  if (sa.attachRoleARN !== undefined) {
    report(
      "not-converted",
      [...path, "attachRoleARN"],
      `${who}: eksctl made no role for it, it annotated the service account with the existing role ${sa.attachRoleARN}, whose permissions and other users the converter cannot know; to bring it over, add a workload by hand with adopt: { role: <its name> } and the role's permissions`,
    );
    return undefined;
  }
  if (sa.subjectPattern !== undefined) {
    report(
      "not-converted",
      [...path, "subjectPattern"],
      `${who}: its role trusts every service account matching "${sa.subjectPattern}" (StringLike), and irsa-gen trusts exactly one service account per role; give each service account its own entry, or add workloads by hand`,
    );
    return undefined;
  }
  for (const key of unreadKeys(raw, READ_KEYS.serviceAccount)) report("not-converted", [...path, key], `${who}: is not a field the converter knows`, true);
  for (const key of unreadKeys(isMapping(raw) ? raw.metadata : undefined, READ_KEYS.serviceAccountMetadata)) {
    report("not-converted", [...path, "metadata", key], `${who}: is not a field the converter knows`, true);
  }

  const body: Record<string, unknown> = { namespace, serviceAccount: name };
  const comments: YamlComment[] = [];
  const roleOnly = sa.roleOnly === true;
  body.createServiceAccount = !roleOnly;
  if (roleOnly) {
    for (const key of ["labels", "annotations"] as const) {
      if (sa.metadata[key] && Object.keys(sa.metadata[key]).length > 0) {
        report("note", [...path, "metadata", key], `${who}: left out: with roleOnly eksctl did not make the service account, and irsa-gen does not either (createServiceAccount: false)`, true);
      }
    }
  } else if (sa.metadata.labels && Object.keys(sa.metadata.labels).length > 0) {
    const labels = Object.fromEntries(Object.entries(sa.metadata.labels).filter(([key]) => key !== EKSCTL_LABEL));
    if (Object.keys(labels).length > 0) body.serviceAccountLabels = labels;
  }
  if (!roleOnly && sa.metadata.annotations && Object.keys(sa.metadata.annotations).length > 0) {
    const annotations = { ...sa.metadata.annotations };
    if (ROLE_ARN_ANNOTATION in annotations) {
      delete annotations[ROLE_ARN_ANNOTATION];
      report("note", [...path, "metadata", "annotations", ROLE_ARN_ANNOTATION], `${who}: left out: irsa-gen sets ${ROLE_ARN_ANNOTATION} to the role's ARN itself`, true);
    }
    if (Object.keys(annotations).length > 0) body.serviceAccountAnnotations = annotations;
  }

  // Permissions: well-known policies, then managed policies, then the inline document.
  const permissions = convertPermissions(
    { ...input, who },
    { wellKnownPolicies: sa.wellKnownPolicies, managedPolicyArns: sa.attachPolicyARNs, document: sa.attachPolicy, documentKey: "attachPolicy", documentPolicy: "Policy1" },
    body,
    comments,
  );
  if (sa.permissionsBoundary !== undefined) body.permissionsBoundaryArn = sa.permissionsBoundary;

  // The role: its name is known when set in the ClusterConfig, or read from eksctl's own output.
  // The ClusterConfig's own status.roleARN wins over a listing (which may be of another time or cluster).
  const known = input.roles.get(stack);
  const statusRole = sa.status?.roleARN !== undefined ? roleFromArn(sa.status.roleARN) : undefined;
  const actual = statusRole ?? known;
  if (statusRole && known && statusRole.name !== known.name) {
    report("note", [...path, "status", "roleARN"], `${who}: ${known.file} lists the role ${known.name}, and status.roleARN names ${statusRole.name}: adopted ${statusRole.name}, the ClusterConfig's`);
  }
  if (actual && sa.roleName !== undefined && actual.name !== sa.roleName) {
    report("note", [...path, "roleName"], `${who}: the role is ${actual.name}${actual === known ? ` (in ${known.file})` : ""}, not ${sa.roleName}: adopted under its actual name`);
  }
  const roleName = actual?.name ?? sa.roleName;
  if (actual && actual.path !== "/") body.rolePath = actual.path;
  if (sa.tags && Object.keys(sa.tags).length > 0) body.tags = { ...sa.tags };

  const adopt: Record<string, unknown> = {};
  adopt.role = adoptedRole({ who, path, stack, region, ...(roleName !== undefined ? { roleName } : {}), report }, comments);
  const inlinePolicy = adoptInlinePolicy({ who, path, stack, ...(roleName !== undefined ? { roleName } : {}), permissions, report }, comments);
  if (inlinePolicy !== undefined) adopt.inlinePolicy = inlinePolicy;
  if (!roleOnly) adopt.serviceAccount = true;
  // A live role that pods use: Terraform must not destroy it by mistake (see PROTECTED_NOTE).
  body.protect = true;
  body.adopt = adopt;

  return {
    workload: { source: `${formatPath(path)} of ${file}`, body, comments },
    comments,
    stack,
    ...(roleName !== undefined ? { roleName } : {}),
  };
}

function hasVpcCniAddon(config: EksctlClusterConfig): boolean {
  return (config.addons ?? []).some((a) => isMapping(a) && typeof a.name === "string" && a.name.toLowerCase() === "vpc-cni");
}

/** Add-ons whose service accounts eksctl gave roles: those roles, and the associations add-ons own, are not converted. */
function reportAddons(addons: unknown, cluster: string, autoApply: boolean, report: Report): void {
  const irsaKeys = ["serviceAccountRoleARN", "attachPolicyARNs", "attachPolicy", "wellKnownPolicies"];
  const podIdentityKeys = ["podIdentityAssociations", "useDefaultPodIdentityAssociations"];
  let any = false;
  (Array.isArray(addons) ? addons : []).forEach((addon, index) => {
    if (!isMapping(addon)) return;
    const name = typeof addon.name === "string" ? addon.name : "?";
    const irsa = irsaKeys.filter((k) => addon[k] !== undefined);
    const podIdentity = podIdentityKeys.filter((k) => addon[k] !== undefined && addon[k] !== false && !(Array.isArray(addon[k]) && (addon[k] as unknown[]).length === 0));
    // eks-pod-identity-agent is what Pod Identity runs on: it needs no role itself.
    const auto = autoApply && irsa.length === 0 && podIdentity.length === 0 && name.toLowerCase() !== "eks-pod-identity-agent";
    if (irsa.length === 0 && podIdentity.length === 0 && !auto) return;
    any = true;
    const parts: string[] = [];
    if (irsa.length > 0) {
      parts.push(
        `the role of add-on ${name} (${irsa.join(", ")}; eksctl's stack eksctl-${cluster}-addon-${name}) is not converted; to bring it over, add a workload with the add-on's preset and adopt: { role: <its name> }`,
      );
    }
    if (podIdentity.length > 0 || auto) {
      parts.push(
        `${auto ? "if the add-on supports EKS Pod Identity (addonsConfig.autoApplyPodIdentityAssociations), " : ""}the roles eksctl made for its Pod Identity associations (${podIdentity.length > 0 ? `${podIdentity.join(", ")}; ` : ""}stacks ${podIdentityAddonStack(cluster, name, "<service account>")}) and the associations, which the add-on owns, are not converted: EKS manages them through the add-on (eksctl update addon), and they stay the add-on's`,
      );
    }
    report("not-converted", ["addons", index], parts.join("; "));
  });
  if (!any) report("not-converted", ["addons"], "irsa-gen does not install add-ons; none of these has a role the converter would bring over", true);
}

/** eksctl's stack for the role of an add-on's Pod Identity association (pkg/actions/podidentityassociation, MakeAddonPodIdentityStackName). */
function podIdentityAddonStack(cluster: string, addon: string, serviceAccount: string): string {
  return `eksctl-${cluster}-addon-${addon}-podidentityrole-${serviceAccount}`;
}
