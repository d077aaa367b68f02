/**
 * The who-can-assume report: per cluster, each role, who may assume it and
 * what it may do, as markdown with a Mermaid diagram, or as JSON for CI
 * diffs.
 *
 * Read from the validated model, without synthesizing: the trust statements
 * are the ones trust-statements.ts decides for the stack (the same function
 * the stack writes them with), evaluated by who-can-assume.ts; the tests
 * hold that answer to an independent evaluator over the synthesized stacks
 * of random configs.
 */
import { workloadKey } from "../model/addresses";
import { parseArn, policyName } from "../aws/arn";
import type { ClusterConfig, IrsaConfig, PolicyCondition, Retirement, SharedRoleConfig, WorkloadConfig } from "../model/model";
import { REPORT_GENERATOR, REPORT_MARKDOWN_SIGNATURE } from "../output/files";
import { accountProviderExpression, clusterTrust, sharedTrustDocument, trustDocument, TRUST_EXPRESSIONS, workloadTrust } from "../model/trust-statements";
import { plural } from "../common/plurals";
import { ANY, isWide, whoCanAssume, type Grantee } from "./who-can-assume";

/** One statement of a role's inline policy, whole. */
export interface StatementReport {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** ANDed; the values of one condition are ORed. */
  readonly conditions: readonly PolicyCondition[];
}

export interface ManagedPolicyReport {
  readonly arn: string;
  readonly name: string;
  /** AWS's reference page of an AWS managed policy; absent for the account's own policies. */
  readonly link?: string;
}

export interface RoleReport {
  readonly roleName: string;
  /** `namespace/serviceAccount`. */
  readonly serviceAccount: string;
  /** The EKS add-on whose role this is (it takes the role through `aws_eks_addon`); absent for a workload's. */
  readonly addon?: string;
  /** The Terraform label of the workload's blocks: unique in the stack (the address registry's). */
  readonly label: string;
  /** Retired: nothing is generated for it any more. */
  readonly retired?: Retirement;
  readonly grantees: readonly Grantee[];
  /** Some grantee is wider than one service account of one cluster. */
  readonly wide: boolean;
  readonly managedPolicies: readonly ManagedPolicyReport[];
  readonly statements: readonly StatementReport[];
  /** An adopted role without the drift lock: it may hold policies irsa-gen does not manage. */
  readonly mayHoldUnmanagedPolicies: boolean;
  /** EKS Pod Identity chains into this role of another account; its trust and permissions are not irsa-gen's. */
  readonly targetRoleArn?: string;
  /** The account of `accounts:` the role lives in; absent, the cluster's own. */
  readonly account?: { readonly name: string; readonly accountId: string };
  readonly warnings: readonly string[];
}

export interface ClusterReport {
  readonly name: string;
  readonly region: string;
  readonly accountId?: string;
  readonly retired?: Retirement;
  /** How the cluster's OIDC provider is had, or that it has none, in words. */
  readonly oidcProvider: string;
  readonly roles: readonly RoleReport[];
}

export interface Report {
  readonly generatedBy: typeof REPORT_GENERATOR;
  readonly sourceFile: string;
  readonly clusters: readonly ClusterReport[];
}

/** Builds the report from the validated config. */
export function buildReport(config: IrsaConfig): Report {
  return { generatedBy: REPORT_GENERATOR, sourceFile: config.sourceFile, clusters: config.clusters.map((c) => clusterReport(c, config)) };
}

function clusterReport(cluster: ClusterConfig, config: IrsaConfig): ClusterReport {
  const names = clusterTrust(cluster);
  const roleOf = (workload: WorkloadConfig, label: string | undefined, addon?: string): RoleReport => {
    // A retired cluster's workloads carry its retirement (the validator inherits it).
    const retired = workload.retire;
    const trust = retired ? [] : trustDocument(workloadTrust(workload, names));
    const grantees = whoCanAssume(trust).map((g) => inWords(g, cluster));
    return {
      roleName: workload.roleName,
      serviceAccount: workloadKey(workload),
      ...(addon !== undefined ? { addon } : {}),
      // The registry's label: unique in the stack, add-ons' roles included (a retired one has none there, and no node).
      label: label ?? workload.id,
      ...(retired ? { retired } : {}),
      grantees,
      wide: grantees.some(isWide),
      managedPolicies: workload.managedPolicyArns.map(managedPolicy),
      statements: workload.policyStatements.map((s) => ({ ...(s.sid !== undefined ? { sid: s.sid } : {}), effect: s.effect, actions: s.actions, resources: s.resources, conditions: s.conditions ?? [] })),
      mayHoldUnmanagedPolicies: mayHoldUnmanagedPolicies(workload),
      ...(workload.podIdentity?.targetRoleArn ? { targetRoleArn: workload.podIdentity.targetRoleArn } : {}),
      ...(workload.roleAccount ? { account: { name: workload.roleAccount.name, accountId: workload.roleAccount.accountId } } : {}),
      warnings: workload.warnings,
    };
  };
  const roles = [
    // A workload of a shared role is reported with its role, in the role's home cluster.
    ...cluster.workloads.filter((w) => w.sharedRole === undefined).map((w) => roleOf(w, cluster.addresses.workloads[workloadKey(w)]?.role)),
    ...cluster.addons.map((a) => roleOf(a.role, cluster.addresses.addons[a.name]?.role, a.name)),
    ...(cluster.sharedRoles ?? []).map((role) => sharedRoleReport(role, cluster, config)),
  ];
  return {
    name: cluster.name,
    region: cluster.region,
    ...(cluster.accountId ? { accountId: cluster.accountId } : {}),
    ...(cluster.retire ? { retired: cluster.retire } : {}),
    oidcProvider: describeProvider(cluster),
    roles,
  };
}

/**
 * A shared role (`roles:`), in its home cluster's section: who may assume
 * it, evaluated on its trust (every cluster's statements), each grantee's
 * cluster named; the other clusters' providers and ARNs are literals.
 */
function sharedRoleReport(role: SharedRoleConfig, home: ClusterConfig, config: IrsaConfig): RoleReport {
  const clusters = [...new Set(role.members.map((m) => m.cluster))];
  const others: Record<string, string> = {};
  for (const member of role.members) {
    if (member.cluster === home.name) continue;
    if (member.irsa) others[member.irsa.oidcProviderArn] = `the OIDC provider of cluster ${member.cluster} (${member.irsa.oidcProviderArn})`;
    if (member.podIdentity) others[member.podIdentity.clusterArn] = `cluster ${member.cluster} (${member.podIdentity.clusterArn})`;
  }
  const grantees = whoCanAssume(role.retire ? [] : sharedTrustDocument(role.members)).map((g) => {
    const said = inWords(g, home);
    if (said.mechanism === "irsa") return { ...said, provider: others[said.provider] ?? said.provider };
    if (said.mechanism === "pod-identity") return { ...said, cluster: others[said.cluster] ?? said.cluster };
    return said;
  });
  const accounts = [...new Set(clusters.map((c) => config.clusters.find((x) => x.name === c)?.accountId ?? "the account Terraform runs in"))];
  return {
    roleName: role.roleName,
    serviceAccount: `shared role ${role.key}: ${role.members.map((m) => `${m.cluster} ${m.namespace}/${m.serviceAccount}`).join(", ") || "no workload"}; ${plural(clusters.length, "cluster")} in account ${accounts.join(", ")}`,
    label: home.addresses.sharedRoles?.[role.key]?.role ?? role.id,
    ...(role.retire ? { retired: role.retire } : {}),
    grantees,
    wide: grantees.some(isWide),
    managedPolicies: role.managedPolicyArns.map(managedPolicy),
    statements: role.policyStatements.map((s) => ({ ...(s.sid !== undefined ? { sid: s.sid } : {}), effect: s.effect, actions: s.actions, resources: s.resources, conditions: s.conditions ?? [] })),
    mayHoldUnmanagedPolicies: false,
    warnings: role.warnings,
  };
}

/** An adopted role keeps whatever it held; only the drift lock makes its policies exactly the config's. */
function mayHoldUnmanagedPolicies(workload: WorkloadConfig): boolean {
  return workload.adopt?.role === true && !workload.exclusivePolicies;
}

function managedPolicy(arn: string): ManagedPolicyReport {
  const parsed = parseArn(arn);
  const name = parsed ? policyName(parsed) : arn;
  // AWS documents each of its managed policies, the same in every partition.
  return { arn, name, ...(parsed?.account === "aws" ? { link: `https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${encodeURIComponent(name)}.html` } : {}) };
}

/**
 * A grantee with the Terraform expressions the stack names replaced by
 * what they stand for: a reviewer reads the report, not Terraform.
 */
function inWords(grantee: Grantee, cluster: ClusterConfig): Grantee {
  const words: Record<string, string> = {
    [TRUST_EXPRESSIONS.createdProvider]: cluster.oidcProvider.mode === "create" && cluster.oidcProvider.importArn ? `the OIDC provider this stack adopts (${cluster.oidcProvider.importArn})` : "the OIDC provider this stack creates",
    [TRUST_EXPRESSIONS.foundProvider]: "the account's OIDC provider for the cluster's issuer (found at plan time)",
    [TRUST_EXPRESSIONS.issuerHost]: `the issuer of cluster ${cluster.name} (read from EKS at plan time)`,
    [TRUST_EXPRESSIONS.account]: "the account Terraform runs in",
    [TRUST_EXPRESSIONS.clusterArn]: `cluster ${cluster.name} (its ARN read at plan time)`,
  };
  for (const account of cluster.roleAccounts ?? []) {
    const provider = account.oidcProvider;
    if (provider.mode === "none") continue;
    const where = `account ${account.name} (${account.accountId})`;
    words[accountProviderExpression(account.label, provider.mode)] =
      provider.mode === "lookup" ? `the OIDC provider of ${where} for the cluster's issuer (found at plan time)` : provider.importArn ? `the OIDC provider this stack adopts in ${where} (${provider.importArn})` : `the OIDC provider this stack creates in ${where}`;
  }
  const say = (text: string) => words[text] ?? text;
  switch (grantee.mechanism) {
    case "irsa":
      return { ...grantee, provider: say(grantee.provider), issuer: say(grantee.issuer) };
    case "pod-identity":
      return { ...grantee, account: say(grantee.account), cluster: say(grantee.cluster) };
    case "unknown":
      return grantee;
  }
}

function describeProvider(cluster: ClusterConfig): string {
  const others = (cluster.roleAccounts ?? []).filter((a) => a.oidcProvider.mode !== "none");
  if (others.length === 0) return describeMode(cluster.oidcProvider);
  const home = cluster.oidcProvider.mode === "none" ? "none in the cluster's account (no role there uses IRSA)" : describeMode(cluster.oidcProvider);
  return [home, ...others.map((a) => `in account ${a.name} (${a.accountId}): ${describeMode(a.oidcProvider)}`)].join("; ");
}

function describeMode(provider: ClusterConfig["oidcProvider"]): string {
  switch (provider.mode) {
    case "create":
      return provider.importArn ? `adopted into this stack (${provider.importArn})` : "created by this stack";
    case "existing":
      return `existing: ${provider.arn}`;
    case "lookup":
      return "existing, found by the issuer at plan time";
    case "none":
      return "none (no workload uses IRSA)";
  }
}

// ---------------------------------------------------------------------------
// Rendering

const RETIREMENT: Readonly<Record<Retirement, string>> = {
  keep: "retired (keep): Terraform forgets it; what exists stays in AWS and Kubernetes, unmanaged",
  destroy: "retired (destroy): the next apply destroys it",
};

/** A grantee in words: mechanism, cluster, namespace/service account, audience. */
export function describeGrantee(grantee: Grantee): string {
  const part = (value: string, what: string) => (value === ANY ? `any ${what}` : value);
  switch (grantee.mechanism) {
    case "irsa":
      return `IRSA: ${part(grantee.namespace, "namespace")}/${part(grantee.serviceAccount, "service account")}, tokens from ${part(grantee.issuer, "issuer")} for audience ${part(grantee.audience, "audience")}, through ${grantee.provider}`;
    case "pod-identity":
      return `Pod Identity: ${part(grantee.namespace, "namespace")}/${part(grantee.serviceAccount, "service account")} on ${part(grantee.cluster, "cluster")}, account ${part(grantee.account, "account")}`;
    case "unknown":
      return `unknown (${grantee.reason}): review the trust policy`;
  }
}

/** A statement whole: effect, actions, resources and conditions together. */
export function describeStatement(statement: StatementReport): string {
  const conditions = statement.conditions.map((c) => `${c.test} ${c.variable} = ${c.values.join(" or ")}`);
  return `${statement.sid ? `${statement.sid}: ` : ""}${statement.effect === "Deny" ? "**Deny**" : "Allow"} ${statement.actions.join(", ")} on ${statement.resources.join(", ")}${conditions.length > 0 ? ` when ${conditions.join(" and ")}` : ""}`;
}

/** A markdown table cell: no line breaks, no pipes, no HTML. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Mermaid node label: quoted, with the characters Mermaid reads escaped as entity codes. */
function label(text: string): string {
  return `"${text.replace(/[\r\n]+/g, " ").replace(/[#"<>&;]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}

export function renderMarkdown(report: Report): string {
  // Begins with the signature by which `report --out` recognises the file as its own (output/files.ts).
  const lines = [
    `${REPORT_MARKDOWN_SIGNATURE}${cell(report.sourceFile)} (\`npm run report\`). "Who may assume" is evaluated, as IAM does for the`,
    "operators irsa-gen emits, on the trust policies irsa-gen generates; a grantee wider than one service account",
    "of one cluster is marked **wide**. Inline statements are shown whole; managed policies are defined outside",
    "the config: follow their links.",
  ];
  for (const cluster of report.clusters) {
    lines.push("", `## ${cell(cluster.name)}`, "");
    lines.push(`Region ${cluster.region}${cluster.accountId ? `, account ${cluster.accountId}` : ""}. OIDC provider: ${cell(cluster.oidcProvider)}.${cluster.retired ? ` The whole cluster is ${RETIREMENT[cluster.retired]}.` : ""}`);
    const active = cluster.roles.filter((r) => !r.retired);
    const retired = cluster.roles.filter((r) => r.retired);
    if (active.length > 0) {
      lines.push("", "| role | who may assume | managed policies | inline statements | notes |", "| --- | --- | --- | --- | --- |");
      for (const role of active) {
        const who = role.grantees.map((g) => `${isWide(g) ? "**wide** " : ""}${cell(describeGrantee(g))}`).join("<br>") || "nobody";
        const managed = role.managedPolicies.map((p) => (p.link ? `[${cell(p.name)}](${p.link})` : `${cell(p.name)} (${cell(p.arn)}; the account's own policy)`)).join("<br>") || "none";
        const statements = role.statements.map((s) => cell(describeStatement(s))).join("<br>") || "none";
        const notes = [
          ...(role.mayHoldUnmanagedPolicies ? ["adopted without the drift lock (exclusivePolicies): the role may hold policies irsa-gen does not manage"] : []),
          ...(role.targetRoleArn ? [`EKS Pod Identity chains into ${role.targetRoleArn}, whose trust and permissions irsa-gen does not manage`] : []),
          ...role.warnings,
        ];
        const whose = role.addon !== undefined ? `EKS add-on ${role.addon}: ${role.serviceAccount}` : role.serviceAccount;
        const account = role.account ? ` in account ${cell(role.account.name)} (${role.account.accountId})` : "";
        lines.push(`| \`${cell(role.roleName)}\` (${cell(whose)})${account} | ${who} | ${managed} | ${statements} | ${notes.map(cell).join("<br>")} |`);
      }
      lines.push("", "```mermaid", ...diagram(active), "```");
    }
    if (retired.length > 0) {
      lines.push("", "| retired role | service account | what happens |", "| --- | --- | --- |");
      for (const role of retired) lines.push(`| \`${cell(role.roleName)}\` | ${cell(role.addon !== undefined ? `EKS add-on ${role.addon}: ${role.serviceAccount}` : role.serviceAccount)} | ${RETIREMENT[role.retired!]} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Issuer and Pod Identity → roles → service accounts. Node ids come from
 * the workloads' Terraform labels, which the address registry keeps unique
 * in a stack (text such as `a-b/c` and `a/b-c` would meet in one id);
 * sources are numbered in order of appearance, so ids are stable.
 */
function diagram(roles: readonly RoleReport[]): string[] {
  const sourceLines: string[] = [];
  const edges: string[] = [];
  const sources = new Map<string, string>();
  const sourceOf = (key: string, text: string): string => {
    let id = sources.get(key);
    if (id === undefined) {
      id = `source_${sources.size + 1}`;
      sources.set(key, id);
      sourceLines.push(`  ${id}[${label(text)}]`);
    }
    return id;
  };
  for (const role of roles) {
    const roleNode = `role_${role.label}`;
    edges.push(`  ${roleNode}[${label(`role ${role.roleName}`)}]`);
    role.grantees.forEach((grantee, index) => {
      const source =
        grantee.mechanism === "irsa"
          ? sourceOf(`irsa ${grantee.issuer} ${grantee.provider}`, `tokens from ${grantee.issuer === ANY ? "any issuer" : grantee.issuer}${role.account ? ` (its provider in account ${role.account.name})` : ""}`)
          : grantee.mechanism === "pod-identity"
            ? sourceOf("pod-identity", "EKS Pod Identity")
            : sourceOf("unknown", "unknown principal");
      edges.push(`  ${source} --> ${roleNode}`);
      if (grantee.mechanism === "unknown") return;
      const account = `${grantee.namespace}/${grantee.serviceAccount}`;
      // The workload's own service account is one node however many mechanisms reach it.
      const accountNode = account === role.serviceAccount ? `sa_${role.label}` : `sa_${role.label}_${index + 1}`;
      edges.push(`  ${roleNode} --> ${accountNode}[${label(`service account ${grantee.namespace === ANY ? "any namespace" : grantee.namespace}/${grantee.serviceAccount === ANY ? "any" : grantee.serviceAccount}`)}]`);
    });
  }
  return ["flowchart LR", ...sourceLines, ...new Set(edges)];
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
