/**
 * The who-can-assume report: per cluster, each role, who may assume it and
 * what it may do, read from the Terraform irsa-gen generates (not from the
 * config), as markdown with a Mermaid diagram, or as JSON for CI diffs.
 */
import { dictionary } from "../dictionary";
import type { ClusterConfig, IrsaConfig } from "../config/model";
import { workloadKey } from "../addresses";
import { ANY, isWide, whoCanAssume, type DocumentStatement, type Grantee } from "./who-can-assume";

/** The parts of a stack's Terraform JSON the report reads. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, any>>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, any>>>>>;
}

export interface RoleReport {
  readonly roleName: string;
  /** The role's Terraform address. */
  readonly address: string;
  readonly serviceAccount: string;
  readonly grantees: readonly Grantee[];
  /** Some grantee is wider than one service account of one cluster. */
  readonly wide: boolean;
  readonly managedPolicies: readonly string[];
  /** Inline actions by service prefix, e.g. `{ s3: ["GetObject"] }`. */
  readonly inlineActions: Readonly<Record<string, readonly string[]>>;
  readonly resources: readonly string[];
  readonly warnings: readonly string[];
}

export interface ClusterReport {
  readonly name: string;
  readonly region: string;
  readonly accountId?: string;
  /** How the cluster's OIDC provider is had, or that it has none. */
  readonly oidcProvider: string;
  readonly roles: readonly RoleReport[];
}

export interface Report {
  readonly sourceFile: string;
  readonly clusters: readonly ClusterReport[];
}

/** Builds the report from the config and each cluster's synthesized stack. */
export function buildReport(config: IrsaConfig, stackOf: (cluster: ClusterConfig) => StackJson): Report {
  return {
    sourceFile: config.sourceFile,
    clusters: config.clusters.map((cluster) => clusterReport(cluster, stackOf(cluster))),
  };
}

function clusterReport(cluster: ClusterConfig, stack: StackJson): ClusterReport {
  const resources = stack.resource ?? {};
  const documents = stack.data?.aws_iam_policy_document ?? {};
  const roles: RoleReport[] = [];
  for (const workload of cluster.workloads) {
    const label = cluster.addresses.workloads[workloadKey(workload)].role;
    const role = resources.aws_iam_role?.[label];
    if (!role) throw new Error(`the stack of ${cluster.name} has no aws_iam_role.${label}`);
    const roleRef = `\${aws_iam_role.${label}.name}`;
    const trust = documents[documentLabel(role.assume_role_policy)]?.statement ?? [];
    const grantees = whoCanAssume(trust as DocumentStatement[]);
    const managedPolicies = Object.values(resources.aws_iam_role_policy_attachment ?? {})
      .filter((a) => a.role === roleRef)
      .map((a) => String(a.policy_arn))
      .sort();
    const inlineStatements = Object.values(resources.aws_iam_role_policy ?? {})
      .filter((p) => p.role === roleRef)
      .flatMap((p) => (documents[documentLabel(p.policy)]?.statement ?? []) as { effect?: string; actions?: string[]; resources?: string[] }[]);
    const allowed = inlineStatements.filter((s) => (s.effect ?? "Allow") === "Allow");
    roles.push({
      roleName: String(role.name),
      address: `aws_iam_role.${label}`,
      serviceAccount: workloadKey(workload),
      grantees,
      wide: grantees.some(isWide),
      managedPolicies,
      inlineActions: byService(allowed.flatMap((s) => s.actions ?? [])),
      resources: [...new Set(allowed.flatMap((s) => s.resources ?? []))].sort(),
      warnings: workload.warnings,
    });
  }
  return { name: cluster.name, region: cluster.region, ...(cluster.accountId ? { accountId: cluster.accountId } : {}), oidcProvider: describeProvider(cluster), roles };
}

/** `${data.aws_iam_policy_document.<label>.json}` → `<label>`. */
function documentLabel(reference: unknown): string {
  return /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(reference))?.[1] ?? "";
}

function byService(actions: readonly string[]): Record<string, string[]> {
  const out = dictionary<string[]>();
  for (const action of [...new Set(actions)].sort()) {
    const [service, name] = action.includes(":") ? action.split(/:(.*)/s) : ["*", action];
    (out[service] ??= []).push(name);
  }
  return out;
}

function describeProvider(cluster: ClusterConfig): string {
  const provider = cluster.oidcProvider;
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

/** A grantee in words: mechanism, cluster, namespace/service account, audience. */
export function describeGrantee(grantee: Grantee): string {
  const part = (value: string, what: string) => (value === ANY ? `any ${what}` : value);
  switch (grantee.mechanism) {
    case "irsa":
      return `IRSA: ${part(grantee.namespace, "namespace")}/${part(grantee.serviceAccount, "service account")} via ${shortExpression(grantee.provider)}, issuer ${part(shortExpression(grantee.issuer), "issuer")}, audience ${part(grantee.audience, "audience")}`;
    case "pod-identity":
      return `Pod Identity: ${part(grantee.namespace, "namespace")}/${part(grantee.serviceAccount, "service account")} on ${part(shortExpression(grantee.cluster), "cluster")}, account ${part(shortExpression(grantee.account), "account")}`;
    case "unknown":
      return `unknown (${grantee.reason}): review the trust policy`;
  }
}

/** `${aws_iam_openid_connect_provider.cluster.arn}` → `aws_iam_openid_connect_provider.cluster.arn` (known at plan time). */
function shortExpression(text: string): string {
  const inner = /^\$\{(.*)\}$/s.exec(text)?.[1];
  return inner !== undefined ? `${inner} (at plan time)` : text;
}

/** A markdown table cell: no line breaks, no pipes, no HTML. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Mermaid node label: quoted, with the characters Mermaid reads escaped as entity codes. */
function label(text: string): string {
  return `"${text.replace(/[\r\n]+/g, " ").replace(/[#"<>&;]/g, (c) => `#${c.charCodeAt(0)};`)}"`;
}

function nodeId(prefix: string, text: string): string {
  return `${prefix}_${text.replace(/[^A-Za-z0-9]/g, "_")}`;
}

export function renderMarkdown(report: Report): string {
  const lines = [
    "# Who can assume what",
    "",
    `Generated by irsa-gen from ${cell(report.sourceFile)} (\`npm run report\`). "Who may assume" is read from the trust`,
    "policies irsa-gen generates, evaluated as IAM does for the operators it emits; a grantee wider than one",
    "service account of one cluster is marked **wide**.",
  ];
  for (const cluster of report.clusters) {
    lines.push("", `## ${cell(cluster.name)}`, "", `Region ${cluster.region}${cluster.accountId ? `, account ${cluster.accountId}` : ""}. OIDC provider: ${cell(cluster.oidcProvider)}.`, "");
    lines.push("| role | who may assume | managed policies | inline actions | resources | warnings |", "| --- | --- | --- | --- | --- | --- |");
    for (const role of cluster.roles) {
      const who = role.grantees.map((g) => `${isWide(g) ? "**wide** " : ""}${cell(describeGrantee(g))}`).join("<br>") || "nobody";
      const actions = Object.entries(role.inlineActions).map(([service, names]) => `${cell(service)}: ${names.map(cell).join(", ")}`).join("<br>") || "none";
      lines.push(
        `| \`${cell(role.roleName)}\` | ${who} | ${role.managedPolicies.map((p) => cell(p.replace(/^arn:[^:]+:iam::(aws|\d{12}):policy\//, ""))).join("<br>") || "none"} | ${actions} | ${role.resources.map(cell).join("<br>") || "none"} | ${role.warnings.map(cell).join("<br>") || ""} |`,
      );
    }
    lines.push("", "```mermaid", ...diagram(cluster), "```");
  }
  return `${lines.join("\n")}\n`;
}

/** Issuer and Pod Identity → roles → service accounts. */
function diagram(cluster: ClusterReport): string[] {
  const out = ["flowchart LR"];
  const sources = new Map<string, string>();
  for (const role of cluster.roles) {
    const roleNode = nodeId("role", role.address);
    out.push(`  ${roleNode}[${label(`role ${role.roleName}`)}]`);
    for (const grantee of role.grantees) {
      let source: string;
      let sourceLabel: string;
      if (grantee.mechanism === "irsa") {
        source = nodeId("issuer", grantee.issuer);
        sourceLabel = `OIDC issuer ${grantee.issuer === ANY ? "(any)" : shortExpression(grantee.issuer)}`;
      } else if (grantee.mechanism === "pod-identity") {
        source = "pod_identity";
        sourceLabel = "EKS Pod Identity";
      } else {
        source = "unknown";
        sourceLabel = "unknown principal";
      }
      if (!sources.has(source)) {
        sources.set(source, sourceLabel);
        out.splice(1, 0, `  ${source}[${label(sourceLabel)}]`);
      }
      out.push(`  ${source} --> ${roleNode}`);
      if (grantee.mechanism !== "unknown") {
        const account = `${grantee.namespace}/${grantee.serviceAccount}`;
        const accountNode = nodeId("sa", account);
        out.push(`  ${roleNode} --> ${accountNode}[${label(`service account ${account}`)}]`);
      }
    }
  }
  // A role reached by two mechanisms names its service account twice.
  return [...new Set(out)];
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
