/**
 * Permissions: policy statements (actions, resources, conditions checked
 * against their operator), managed policy ARNs, the guard rails against
 * administrator access, and policy sizes measured on the JSON exactly as
 * it is rendered.
 */
import { ADMINISTRATOR_POLICIES, ADMINISTRATOR_WITH_PASS_ROLE, ESCALATION_ACTIONS } from "../aws/administrator";
import { explainArn, isManagedPolicyArn, policyName, wildcardMatches, type Arn } from "../aws/arn";
import type { PartitionInfo } from "../aws/partition";
import { documentStatements, policySize, policySizeBound, type DocumentStatement } from "../model/iam-policy";
import { trustDocument } from "../model/trust-statements";
import { isMapping, type ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import { conditionValueProblem } from "./conditions";
import type { Identity, PolicyCondition, PolicyStatement } from "../model/model";
import { closest, formatPath, type ConfigPath } from "./problems";
import * as rules from "../model/rules";
import { conditionSchema, statementSchema } from "./schema";
import { DEFAULT_IDENTITY } from "../model/mechanisms";

/** Where the statements and policies are checked: the cluster's partition and account, when known. */
export interface PolicyContext {
  readonly partition?: PartitionInfo;
  readonly region?: string;
  readonly accountId?: string;
}

/**
 * Statement keys of IAM's JSON grammar that irsa-gen does not take, with
 * the reason: "did you mean actions" would turn an exclusion into a grant.
 */
const UNSUPPORTED_STATEMENT_KEYS: ReadonlyArray<{ readonly keys: readonly string[]; readonly message: string; readonly fix: string }> = [
  {
    keys: ["notActions", "notAction", "NotAction", "not_actions"],
    message: "is not supported: NotAction with Allow grants every action except the ones listed, including actions AWS adds later",
    fix: "List the actions the workload needs under actions:, or write a Deny statement with those actions",
  },
  {
    keys: ["notResources", "notResource", "NotResource", "not_resources"],
    message: "is not supported: NotResource with Allow grants the actions on every resource except the ones listed, including resources created later",
    fix: "List the resources the workload needs under resources:",
  },
  {
    keys: ["principals", "principal", "Principal", "notPrincipals", "NotPrincipal", "not_principals"],
    message: "has no place here: the role's own permissions apply to whoever assumes it, and who may assume it is the trust policy, which irsa-gen writes",
    fix: "Remove it",
  },
];

function unsupportedStatementKey(key: string): { message: string; fix: string } | undefined {
  return UNSUPPORTED_STATEMENT_KEYS.find((k) => k.keys.includes(key));
}

/**
 * One of the workload's own statements: every problem reported, and the
 * statement normalized (sorted, without duplicates, service prefixes in
 * lower case) when it has none.
 */
export function checkStatement(raw: unknown, at: ConfigPath, context: PolicyContext, out: ProblemCollector): PolicyStatement | undefined {
  const errorsBefore = out.errorCount;
  // NotAction where actions belong: saying that actions is missing too would only repeat it.
  // (`negated` of a statement that is no mapping is never read: a mutant of its `[]` is equivalent.)
  const negated = isMapping(raw) ? Object.keys(raw).filter((k) => unsupportedStatementKey(k) !== undefined) : [];
  const given = negated.length > 0 && isMapping(raw) ? { actions: [], resources: [], ...raw } : raw;
  const statement = out.shapeLenient(statementSchema, given, at, { unknownKey: unsupportedStatementKey });
  if (!statement) return undefined;
  // (Without `statement.sid !== undefined`, a mutant, `test(undefined)` tests "undefined", a valid sid: equivalent.)
  if (statement.sid !== undefined && !rules.STATEMENT_SID.test(statement.sid)) {
    out.error([...at, "sid"], "is not a valid statement id", "Use letters and digits only", statement.sid);
  }
  const actions: string[] = [];
  if (statement.actions !== undefined) {
    if (statement.actions.length === 0 && negated.length === 0) out.error([...at, "actions"], "is empty", "List the actions the workload needs, e.g. [s3:GetObject]");
    for (const { index, value } of out.strings(statement.actions, [...at, "actions"])) {
      if (!rules.IAM_ACTION.test(value)) {
        out.error([...at, "actions", index], "is not an IAM action", 'Write it as service:Action, e.g. "s3:GetObject" (wildcards * and ? allowed)', value);
      } else {
        actions.push(canonicalAction(value));
      }
    }
  }
  const resources: string[] = [];
  if (statement.resources !== undefined) {
    if (statement.resources.length === 0 && negated.length === 0) out.error([...at, "resources"], "is empty", 'List the resource ARNs, or "*" for actions that take no resource');
    for (const { index, value } of out.strings(statement.resources, [...at, "resources"])) {
      if (value === "*") {
        resources.push(value);
        continue;
      }
      const read = explainArn(value, { wildcards: true });
      const where = [...at, "resources", index];
      if ("problem" in read) {
        out.error(where, read.problem, `Write it as arn:${context.partition?.id ?? "aws"}:<service>:<region>:<account>:<resource>, or "*"`, value);
        continue;
      }
      if (checkPartition(read.arn, value, where, context, out)) resources.push(value);
    }
  }
  const conditions: PolicyCondition[] = [];
  if (statement.conditions !== undefined) {
    // Defensive: shapeLenient already reports conditions that are no list and leaves them out, so this branch is never taken (its mutants are equivalent).
    if (!Array.isArray(statement.conditions)) out.typeProblem([...at, "conditions"], "list", statement.conditions);
    else {
      const byOperatorAndKey = new Map<string, ConfigPath>();
      statement.conditions.forEach((item, index) => {
        const where: ConfigPath = [...at, "conditions", index];
        const condition = checkCondition(item, where, out);
        if (!condition) return;
        conditions.push(condition);
        // aws_iam_policy_document merges two condition blocks with one
        // operator and one key into one key with both values, which IAM
        // ORs: the statement would then grant when either holds, while
        // separate conditions read as AND. Condition key names are
        // case-insensitive in IAM, so the key is compared ignoring case
        // (in upper case, a mutant, it differs only for letters such as ß
        // whose upper case is longer, in keys such as a tag's; equivalent for ASCII).
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
        const key = `${condition.test}\u0000${condition.variable.toLowerCase()}`;
        const first = byOperatorAndKey.get(key);
        if (first === undefined) byOperatorAndKey.set(key, where);
        else {
          out.conflict(
            where,
            first,
            `repeats the operator ${condition.test} on the key ${condition.variable}: Terraform merges the two into one condition whose values IAM ORs, so the statement would apply when either holds, not when both do`,
            `If either value may match, list both values in one condition; if both must hold, write two statements, or use ForAllValues:${rules.baseOperator(condition.test)} on a multivalued key`,
            condition.variable,
          );
        }
      });
    }
  }
  // A missing actions or resources is an error already: the last two tests narrow the type (their mutants are equivalent).
  if (out.errorCount > errorsBefore || statement.actions === undefined || statement.resources === undefined) return undefined;
  return normalizeStatement({ sid: statement.sid, effect: statement.effect ?? "Allow", actions, resources, conditions });
}

function checkCondition(raw: unknown, at: ConfigPath, out: ProblemCollector): PolicyCondition | undefined {
  const errorsBefore = out.errorCount;
  const condition = out.shapeLenient(conditionSchema, raw, at);
  if (!condition) return undefined;
  const test = condition.test;
  if (test !== undefined && !rules.isConditionOperator(test)) {
    if (rules.baseOperator(test) === "NullIfExists") {
      out.error([...at, "test"], "is not an IAM condition operator: Null has no IfExists form", "Use Null", test);
    } else {
      const suggestion = closest(test, rules.CONDITION_OPERATORS);
      out.error([...at, "test"], "is not an IAM condition operator", suggestion ? `Did you mean "${suggestion}"?` : "Use an operator such as StringEquals, StringLike or ArnLike", test);
    }
  } else if (test !== undefined && rules.baseOperator(test) === "Null" && test.endsWith("IfExists")) {
    // With or without ForAnyValue:/ForAllValues: in front: "IfExists can be added to any condition operator except Null".
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
    out.error([...at, "test"], "is not an IAM condition operator: Null has no IfExists form", "Use Null", test);
  }
  if (condition.variable !== undefined && condition.variable.trim() === "") out.error([...at, "variable"], "is empty", "Name the condition key, e.g. aws:ResourceTag/team");
  const values: string[] = [];
  // (Without this test, a mutant, missing values are reported "is required" by out.strings too, the same problem, reported once: equivalent.)
  if (condition.values !== undefined) {
    if (Array.isArray(condition.values) && condition.values.length === 0) out.error([...at, "values"], "is empty", "List at least one value; an empty list matches nothing");
    for (const { index, value } of out.strings(condition.values, [...at, "values"])) {
      const problem = test !== undefined && rules.isConditionOperator(test) ? conditionValueProblem(test, value) : undefined;
      if (problem) out.error([...at, "values", index], problem.message, problem.fix, value);
      else values.push(value);
    }
  }
  // A missing test, variable or values is an error already: the last three tests narrow the type (their mutants are equivalent).
  if (out.errorCount > errorsBefore || test === undefined || condition.variable === undefined || condition.values === undefined) return undefined;
  return { test, variable: condition.variable, values };
}

/**
 * IAM reads service prefixes and action names ignoring case: `S3:GetObject`
 * is `s3:GetObject`. The prefix is written in lower case, as AWS documents
 * it; the action name as written.
 */
function canonicalAction(action: string): string {
  // The only action without a colon IAM_ACTION lets through is "*", which either branch returns as it is (mutants of `colon < 0` are equivalent).
  const colon = action.indexOf(":");
  return colon < 0 ? action : `${action.slice(0, colon).toLowerCase()}${action.slice(colon)}`;
}

/**
 * Sorted, duplicate-free actions and resources: IAM treats them as sets, and
 * a stable order keeps plans free of noise.
 */
export function normalizeStatement(statement: PolicyStatement): PolicyStatement {
  const conditions = [...(statement.conditions ?? [])]
    .map((c) => ({ test: c.test, variable: c.variable, values: [...new Set(c.values)].sort(compare) }))
    .sort((a, b) => compare(`${a.test} ${a.variable}`, `${b.test} ${b.variable}`));
  return {
    // (`{ sid: undefined }`, a mutant, renders the same: documentStatements leaves an undefined sid out.)
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    effect: statement.effect,
    actions: [...new Set(statement.actions)].sort(compare),
    resources: [...new Set(statement.resources)].sort(compare),
    ...(conditions.length > 0 ? { conditions } : {}),
  };
}

/**
 * A managed policy or permissions boundary: an IAM policy ARN in the
 * cluster's partition, and either AWS's own (account `aws`) or in the
 * cluster's account when it is pinned (IAM attaches no other account's
 * customer managed policy).
 */
export function checkPolicyArn(text: string, at: ConfigPath, context: PolicyContext, out: ProblemCollector): Arn | undefined {
  const partitionId = context.partition?.id ?? "aws";
  const shape = `arn:${partitionId}:iam::aws:policy/<name> or arn:${partitionId}:iam::<account>:policy/<name>`;
  const read = explainArn(text);
  if ("problem" in read) {
    out.error(at, read.problem, `Write it as ${shape}`, text);
    return undefined;
  }
  if (!isManagedPolicyArn(read.arn)) {
    out.error(at, "is not an IAM managed policy ARN", `Write it as ${shape}`, text);
    return undefined;
  }
  if (!checkPartition(read.arn, text, at, context, out)) return undefined;
  if (read.arn.account !== "aws" && context.accountId !== undefined && read.arn.account !== context.accountId) {
    out.error(
      at,
      `is a policy of account ${read.arn.account}, but the role is in account ${context.accountId}: IAM attaches only AWS managed policies and policies of the role's own account`,
      `Use a policy of account ${context.accountId}`,
      text,
    );
    return undefined;
  }
  return read.arn;
}

function checkPartition(arn: Arn, text: string, at: ConfigPath, context: PolicyContext, out: ProblemCollector): boolean {
  const partition = context.partition;
  if (!partition || arn.partition === partition.id) return true;
  // (A partition is known only from a region: the fallback is never shown, its mutant equivalent.)
  out.error(at, `is in partition ${arn.partition}, but ${context.region ?? "the cluster's region"} is in ${partition.id}`, `Write it as arn:${partition.id}:${text.split(":").slice(2).join(":")}`, text);
  return false;
}

// ---------------------------------------------------------------------------
// Guard rails

/** What the guard rails look at: the workload's permissions and where each was written. */
export interface Grants {
  /** Every statement of the role (presets' and the workload's own), with where it was written when it is the workload's own. */
  readonly statements: readonly { readonly statement: PolicyStatement; readonly path?: ConfigPath }[];
  /** Every managed policy, with where it was written when it is the workload's own. */
  readonly managedPolicies: readonly { readonly arn: string; readonly path?: ConfigPath }[];
  /** The role's own ARN, to tell whether a resource pattern covers it. */
  readonly roleArn: string;
  /** Whether the account of the role is known (`accountId`); else any account in a pattern may be its own. */
  readonly accountKnown: boolean;
}

interface Finding {
  readonly path: ConfigPath;
  readonly message: string;
  readonly value: string;
}

/**
 * Administrator-equivalent grants of any shape need
 * `dangerouslyAllowAdministratorAccess: true`: every action on every
 * resource, an IAM action that lets the role raise its own permissions
 * (iam:* included) on the resources it acts on, an AWS managed policy
 * that is administrator access (see lib/aws/administrator.ts), or
 * PowerUserAccess together with iam:PassRole on every role. Conditions are
 * not looked at: they do not make such a grant safe.
 */
export function checkAdministratorAccess(grants: Grants, workloadPath: ConfigPath, optIn: boolean | undefined, out: ProblemCollector): boolean {
  const findings: Finding[] = [];
  for (const { statement, path } of grants.statements) {
    if (statement.effect !== "Allow" || !path) continue;
    const everything = statement.actions.find((a) => coversEveryAction(a));
    if (everything !== undefined && statement.resources.includes("*")) {
      findings.push({ path, message: `allows action "${everything}" on resource "*": administrator access${conditionNote(statement)}`, value: everything });
      continue;
    }
    const escalation = escalationIn(statement, grants);
    if (escalation) findings.push({ path, message: `allows ${escalation.action} on ${escalation.resource}, which lets the role give itself any permission: administrator access${conditionNote(statement)}`, value: escalation.action });
  }
  const passRole = grants.statements.find(({ statement }) => statement.effect === "Allow" && statement.actions.some((a) => wildcardMatches(a, "iam:PassRole", true)) && statement.resources.some((r) => coversRoles(r, grants)));
  for (const { arn, path } of grants.managedPolicies) {
    // Presets attach no administrator policy, and pass no role to every role
    // (their role ARNs name a role): mutants of `!path`, of the
    // `passRole.path` fallback and of `.some` over the one-entry
    // ADMINISTRATOR_WITH_PASS_ROLE are equivalent.
    if (!path) continue;
    const parsed = explainArn(arn);
    if ("problem" in parsed || parsed.arn.account !== "aws") continue;
    const name = policyName(parsed.arn);
    const admin = ADMINISTRATOR_POLICIES.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (admin) {
      findings.push({ path, message: `is administrator access: ${admin.name} ${admin.why}`, value: arn });
    } else if (passRole && ADMINISTRATOR_WITH_PASS_ROLE.some((p) => p.toLowerCase() === name.toLowerCase())) {
      findings.push({
        path,
        message: `is administrator access together with iam:PassRole on every role${passRole.path ? ` (${formatPath(passRole.path)})` : ""}: ${name} can start instances, functions and tasks, and passing them any role gives it that role's permissions`,
        value: arn,
      });
    }
  }
  if (findings.length === 0) return false;
  if (optIn === true) {
    out.warn([...workloadPath, "dangerouslyAllowAdministratorAccess"], "gives this service account administrator access to the account", `Make sure that is intended and reviewed (${findings.map((f) => formatPath(f.path)).join(", ")})`);
    return true;
  }
  for (const finding of findings) {
    out.error(finding.path, finding.message, "Grant only the actions and resources the workload needs; if it truly needs administrator access, set dangerouslyAllowAdministratorAccess: true on this workload", finding.value);
  }
  // (Returning false, a mutant, adds warnings, which lib/config/load.ts does not show beside errors: equivalent.)
  return true;
}

/** Warnings for grants that are broad but not administrator access. */
export function warnBroadGrants(statements: readonly PolicyStatement[], grants: Grants, workloadPath: ConfigPath, out: ProblemCollector): void {
  const allowsOn = (action: string, covers: (resource: string) => boolean) =>
    statements.some((s) => s.effect === "Allow" && s.conditions === undefined && s.actions.some((a) => wildcardMatches(a, action, true)) && s.resources.some(covers));
  if (allowsOn("iam:PassRole", (r) => coversRoles(r, grants))) {
    out.warn([...workloadPath, "policyStatements"], "allows iam:PassRole on every role, which lets the pod hand any role to an AWS service", "Scope the resources to the roles it must pass", "iam:PassRole");
  }
  if (allowsOn("sts:AssumeRole", (r) => r === "*")) {
    out.warn([...workloadPath, "policyStatements"], "allows sts:AssumeRole on every role", "Scope the resources to the roles it must assume", "sts:AssumeRole");
  }
}

function conditionNote(statement: PolicyStatement): string {
  // normalizeStatement leaves empty conditions out: mutants of `length > 0` are equivalent.
  return statement.conditions && statement.conditions.length > 0 ? " (conditions do not make it safe)" : "";
}

/** `*`, `*:*` and the like: a pattern that matches every action of every service. */
function coversEveryAction(action: string): boolean {
  return /^[*?]*(:[*?]*)?$/.test(action) && action.split(":").every((part) => part.includes("*"));
}

/** The first privilege-escalation action the statement allows on the resources it acts on. */
function escalationIn(statement: PolicyStatement, grants: Grants): { action: string; resource: string } | undefined {
  for (const { action, on } of ESCALATION_ACTIONS) {
    const pattern = statement.actions.find((a) => wildcardMatches(a, action, true));
    if (pattern === undefined) continue;
    const resource = statement.resources.find((r) => (on === "role" ? coversRoles(r, grants) || coversOwnRole(r, grants) : coversAll(r, on, grants)));
    if (resource !== undefined) return { action: pattern === action ? action : `${pattern} (${action})`, resource: resource === "*" ? '"*"' : resource };
  }
  return undefined;
}

/** Whether a resource pattern covers every IAM resource of a kind (`role/*`, `user/*`, …) of the role's account. */
function coversAll(resource: string, kind: string, grants: Grants): boolean {
  if (resource === "*") return true;
  const read = explainArn(resource, { wildcards: true });
  // Statements' resources were read so by checkStatement, presets' are ARNs: never a problem here (mutants equivalent).
  if ("problem" in read) return false;
  const { arn } = read;
  // Names of two lengths, of a character no pattern holds literally: a pattern matching both matches every name.
  return wildcardMatches(arn.service, "iam") && accountMatches(arn.account, grants) && [1, 40].every((n) => wildcardMatches(arn.resource, `${kind}/${"\u0001".repeat(n)}`));
}

function coversRoles(resource: string, grants: Grants): boolean {
  return coversAll(resource, "role", grants);
}

/** Whether a resource pattern covers the role's own ARN: writing its own policy is giving itself anything. */
function coversOwnRole(resource: string, grants: Grants): boolean {
  const read = explainArn(resource, { wildcards: true });
  const own = explainArn(grants.roleArn);
  // Never a problem: as in coversAll, and the role's own ARN is built from checked parts (mutants equivalent).
  if ("problem" in read || "problem" in own) return false;
  return wildcardMatches(read.arn.service, "iam") && accountMatches(read.arn.account, grants) && wildcardMatches(read.arn.resource, own.arn.resource);
}

function accountMatches(account: string, grants: Grants): boolean {
  // The role's ARN is never a problem, and a pattern's account is "", "aws",
  // 12 digits or digits with wildcards (explainArn): mutants of the check
  // below and of the regular expression's anchors are equivalent.
  const own = explainArn(grants.roleArn);
  if ("problem" in own) return false;
  return grants.accountKnown ? wildcardMatches(account, own.arn.account) : account === "" || /^[\d*?]+$/.test(account);
}

// ---------------------------------------------------------------------------
// Sizes

/** The rendered size when it may exceed `limit`; a bound within the limit otherwise (rendering thousands of small policies costs time for nothing). */
function sizeOver(statements: readonly DocumentStatement[], limit: number): number {
  const bound = policySizeBound(statements);
  // Rendering every time, or also at the bound, costs time only (those mutants are equivalent).
  return bound <= limit ? bound : policySize(statements);
}

/** An EKS issuer's id is 32 hex characters; used when the issuer is read at plan time. */
const EKS_ISSUER_ID_LENGTH = 32;

export interface SizeContext {
  readonly partition?: PartitionInfo;
  readonly region?: string;
  readonly accountId?: string;
  /** The issuer's host and path, when known at synth time. */
  readonly issuerHost?: string;
  /** The OIDC provider's ARN, when an existing one is trusted. */
  readonly providerArn?: string;
  /** The cluster's name, for the Pod Identity trust. */
  readonly name?: string;
  /** The workload's mechanism. @default "irsa" */
  readonly identity?: Identity;
  /** Pod Identity trust pinned with session tags. @default true */
  readonly pinned?: boolean;
  /** Earlier names of a rename in transition, which the trust names too. @default none */
  readonly formerSubjects?: readonly { readonly namespace: string; readonly serviceAccount: string }[];
  /** The account's role trust policy length quota. @default 2048 */
  readonly maxTrustPolicyLength?: number;
}

/**
 * The inline policy and the trust policy, measured as they are rendered
 * (iam-policy.ts builds both documents for the constructs too).
 */
export function checkPolicySizes(statements: readonly PolicyStatement[], path: ConfigPath, context: SizeContext, namespace: string, serviceAccount: string, out: ProblemCollector): void {
  // (Measuring no statements, a mutant, finds a policy within the limit too: equivalent.)
  const inline = statements.length === 0 ? 0 : sizeOver(documentStatements(statements), rules.INLINE_POLICIES_MAX);
  if (inline > rules.INLINE_POLICIES_MAX) {
    out.error([...path, "policyStatements"], `renders an inline policy of ${inline} characters; IAM allows ${rules.INLINE_POLICIES_MAX} per role`, "Merge statements, use wildcards in actions, or move permissions into a managed policy", inline);
  }
  if (!context.partition) return;
  const host = context.issuerHost ?? `oidc.eks.${context.region}.${context.partition.dnsSuffix}/id/${"X".repeat(EKS_ISSUER_ID_LENGTH)}`;
  const providerArn = context.providerArn ?? `arn:${context.partition.id}:iam::${context.accountId ?? "111122223333"}:oidc-provider/${host}`;
  const account = context.accountId ?? "111122223333";
  const maxTrust = context.maxTrustPolicyLength ?? rules.TRUST_POLICY_MAX;
  // lib/config/workload.ts always passes identity and name: their defaults' mutants are equivalent.
  const trust = sizeOver(
    trustDocument({
      identity: context.identity ?? DEFAULT_IDENTITY,
      namespace,
      serviceAccount,
      oidcProviderArn: providerArn,
      issuerHost: host,
      accountId: account,
      clusterArn: `arn:${context.partition.id}:eks:${context.region}:${account}:cluster/${context.name ?? ""}`,
      pinned: context.pinned,
      formerSubjects: context.formerSubjects,
    }),
    maxTrust,
  );
  if (trust > maxTrust) {
    out.error(
      path,
      `renders a trust policy of ${trust} characters; the account's quota is ${maxTrust}${maxTrust === rules.TRUST_POLICY_MAX ? " (IAM's default)" : ""}`,
      `Use shorter names, finish renames in transition (previously: { …, finished: true }), or ask AWS to raise the role trust policy length quota and set maxTrustPolicyLength`,
      trust,
    );
  }
}
