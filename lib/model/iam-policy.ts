/**
 * IAM policy statements in the shape of `aws_iam_policy_document` blocks,
 * built in one place for the constructs and for the validator's size
 * checks, and the policy JSON exactly as the AWS provider renders it.
 *
 * Pure: no cdktf. The statement shape is structurally the one cdktf's
 * `DataAwsIamPolicyDocumentStatement` takes, so constructs pass these
 * objects on as they are: what the validator measured is what is written.
 */
import type { PolicyStatement } from "./model";

/** One `statement` block of `aws_iam_policy_document`. */
export interface DocumentStatement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly resources?: string[];
  readonly principals?: { readonly type: string; readonly identifiers: string[] }[];
  readonly condition?: { readonly test: string; readonly variable: string; readonly values: string[] }[];
}

/** Validated statements as `aws_iam_policy_document` blocks. */
export function documentStatements(statements: readonly PolicyStatement[]): DocumentStatement[] {
  return statements.map((s) => ({
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    effect: s.effect,
    actions: [...s.actions],
    resources: [...s.resources],
    ...(s.conditions && s.conditions.length > 0
      ? { condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })) }
      : {}),
  }));
}

/**
 * The document's JSON as the AWS provider renders it (`minified_json` of
 * `aws_iam_policy_document`): actions, resources and principals are sets;
 * one value is written as a string, several as a list; conditions are
 * grouped by operator, then by key, and the values of the same operator
 * and key are joined; `&{` becomes `${` in resources, principals and
 * condition values; Go escapes `<`, `>`, `&`, U+2028 and U+2029.
 * (terraform-provider-aws, internal/service/iam/policy_document_data_source.go
 * and policy_model.go.)
 */
export function policyJson(statements: readonly DocumentStatement[]): string {
  const rendered = statements.map((s) => {
    const out: Record<string, unknown> = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect;
    if (s.actions.length > 0) out.Action = oneOrMany([...new Set(s.actions)]);
    if (s.resources && s.resources.length > 0) out.Resource = oneOrMany([...new Set(s.resources)].map(variables));
    // Maps, not objects: a key such as `toString` or `__proto__` is a key like any other.
    if (s.principals && s.principals.length > 0) {
      const principal = new Map<string, string[]>();
      for (const p of s.principals) principal.set(p.type, [...(principal.get(p.type) ?? []), ...[...new Set(p.identifiers)].map(variables)]);
      out.Principal = Object.fromEntries([...principal].map(([type, ids]) => [type, oneOrMany(ids)]));
    }
    if (s.condition && s.condition.length > 0) {
      const grouped = new Map<string, Map<string, string[]>>();
      for (const c of s.condition) {
        let byKey = grouped.get(c.test);
        if (!byKey) grouped.set(c.test, (byKey = new Map()));
        byKey.set(c.variable, [...(byKey.get(c.variable) ?? []), ...c.values.map(variables)]);
      }
      out.Condition = Object.fromEntries([...grouped].map(([test, byKey]) => [test, Object.fromEntries([...byKey].map(([key, values]) => [key, oneOrMany(values)]))]));
    }
    return out;
  });
  return goEscape(JSON.stringify({ Version: "2012-10-17", Statement: rendered }));
}

/**
 * The size IAM's quotas are measured against: the minified JSON, in UTF-8
 * bytes. IAM counts characters without white space; bytes never count
 * fewer, which is also how the provider splits policies by size.
 */
export function policySize(statements: readonly DocumentStatement[]): number {
  return Buffer.byteLength(policyJson(statements), "utf8");
}

/**
 * An upper bound of `policySize`, computed without rendering: every string
 * at its length when it holds nothing JSON or Go would escape (printable
 * ASCII but `"`, `\\`, `<`, `>`, `&`), else at 6 bytes per UTF-16 unit
 * (`\\u0000`), plus a generous allowance for keys and punctuation. When it
 * is within a limit, so is the rendered policy, and rendering can be skipped.
 */
export function policySizeBound(statements: readonly DocumentStatement[]): number {
  let bound = 64;
  const add = (text: string) => {
    bound += (PLAIN_TEXT.test(text) ? text.length : 6 * text.length) + 4;
  };
  for (const s of statements) {
    bound += 96;
    if (s.sid) add(s.sid);
    for (const a of s.actions) add(a);
    for (const r of s.resources ?? []) add(r);
    for (const p of s.principals ?? []) {
      add(p.type);
      for (const id of p.identifiers) add(id);
      bound += 8;
    }
    for (const c of s.condition ?? []) {
      add(c.test);
      add(c.variable);
      for (const v of c.values) add(v);
      bound += 12;
    }
  }
  return bound;
}

const PLAIN_TEXT = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

function variables(text: string): string {
  return text.split("&{").join("${");
}

/** Go's encoding/json escapes these where JavaScript's JSON.stringify does not. */
function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
