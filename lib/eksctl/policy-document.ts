/**
 * An `attachPolicy` document (or a Pod Identity association's
 * `permissionPolicy`: IAM JSON policy language, as eksctl hands it to
 * CloudFormation) as irsa-gen's `policyStatements`.
 *
 * irsa-gen's statements have Sid, Effect, Action, Resource and Condition.
 * A statement with anything else (NotAction, NotResource, a Principal, an
 * object where a string belongs) cannot be written as one: it becomes a
 * placeholder that irsa-gen's validator refuses, so that the file does not
 * validate until someone rewrites or removes it. Dropping it would be wrong
 * either way: a dropped Allow takes permissions away, a dropped Deny grants
 * them.
 */
import { isMapping } from "./cluster-config";

/** One statement in the shape of irsa-gen's `policyStatements` (see lib/config/schema.ts). */
export interface StatementOut {
  sid?: string;
  effect?: "Deny";
  actions: string[];
  resources: string[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

export interface ConvertedStatement {
  readonly statement: StatementOut;
  /** Set when the statement could not be converted: why, and the original, for a comment beside the placeholder. */
  readonly notConverted?: { readonly why: string; readonly original: string };
}

export interface ConvertedDocument {
  readonly statements: readonly ConvertedStatement[];
  /** Things about the document as a whole, each a sentence. */
  readonly notes: readonly string[];
}

/** The text a placeholder action starts with. */
export const REWRITE_MARKER = "<rewrite:";

const STATEMENT_KEYS = ["Sid", "Effect", "Action", "Resource", "Condition"];

/** `key` names the document in the ClusterConfig, for the placeholders' text. */
export function convertPolicyDocument(document: Readonly<Record<string, unknown>>, key = "attachPolicy"): ConvertedDocument {
  const notes: string[] = [];
  const version = document.Version;
  if (version !== undefined && version !== "2012-10-17") {
    notes.push(`Version ${JSON.stringify(version)} becomes 2012-10-17, the version irsa-gen writes (policy variables such as \${aws:username} are variables only there)`);
  }
  for (const key of Object.keys(document)) {
    if (key === "Version" || key === "Statement") continue;
    notes.push(key === "Id" ? `Id ${JSON.stringify(document.Id)} is left out (it grants nothing)` : `${key} is not part of an IAM policy document and is left out`);
  }
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length === 0) notes.push("has no Statement: it grants nothing");
  return { statements: list.map((s, i) => convertStatement(s, i, key)), notes };
}

function convertStatement(raw: unknown, index: number, key: string): ConvertedStatement {
  const original = JSON.stringify(raw) ?? String(raw);
  const placeholder = (why: string, effect?: unknown): ConvertedStatement => ({
    statement: {
      ...(effect === "Deny" ? { effect: "Deny" as const } : {}),
      actions: [`${REWRITE_MARKER} Statement[${index}] of ${key} ${why}>`],
      resources: ["*"],
    },
    notConverted: { why, original },
  });
  if (!isMapping(raw)) return placeholder("is not a mapping");
  const other = Object.keys(raw).filter((k) => !STATEMENT_KEYS.includes(k));
  if (other.length > 0) return placeholder(`uses ${other.join(", ")}, which irsa-gen's statements cannot express`, raw.Effect);
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny") return placeholder("has no Effect of Allow or Deny", raw.Effect);
  const actions = strings(raw.Action);
  if (!actions || actions.length === 0) return placeholder("has no Action as a string or a list of strings", raw.Effect);
  const resources = strings(raw.Resource);
  if (!resources || resources.length === 0) return placeholder("has no Resource as a string or a list of strings", raw.Effect);
  const conditions = raw.Condition === undefined ? [] : conditionsOf(raw.Condition);
  if (!conditions) return placeholder("has a Condition that is not operator → key → value(s)", raw.Effect);
  if (raw.Sid !== undefined && typeof raw.Sid !== "string") return placeholder("has a Sid that is not a string", raw.Effect);
  return {
    statement: {
      ...(raw.Sid !== undefined && raw.Sid !== "" ? { sid: raw.Sid as string } : {}),
      ...(raw.Effect === "Deny" ? { effect: "Deny" as const } : {}),
      actions,
      resources: resources.map(variables),
      ...(conditions.length > 0 ? { conditions } : {}),
    },
  };
}

/** A string, or a list of strings (as IAM reads both); undefined for anything else. */
function strings(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return [...value];
  return undefined;
}

/** `{ Operator: { key: value | [values] } }`, values as IAM reads them (numbers and booleans as text). */
function conditionsOf(value: unknown): StatementOut["conditions"] | undefined {
  if (!isMapping(value)) return undefined;
  const conditions: NonNullable<StatementOut["conditions"]> = [];
  for (const [test, keys] of Object.entries(value)) {
    if (!isMapping(keys)) return undefined;
    for (const [variable, raw] of Object.entries(keys)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) return undefined;
      conditions.push({ test, variable: variables(variable), values: list.map((v) => variables(String(v))) });
    }
  }
  return conditions;
}

/**
 * IAM policy variables (`${aws:username}`) are written `&{aws:username}` in
 * irsa-gen, as in Terraform's aws_iam_policy_document, which turns them
 * back into `${…}`: the same policy.
 */
function variables(text: string): string {
  return text.replace(/\$\{/g, "&{");
}
