/**
 * Who may assume a role, read from trust statements in the shape of
 * `aws_iam_policy_document` (the report passes those trust-statements.ts
 * decides, which the stack writes), not from the config's words: a
 * generator bug would show here as a wider grant.
 *
 * IAM's evaluation, for what irsa-gen emits: an Allow statement admits a
 * request when its principal and action match and every condition holds
 * (conditions are ANDed, the values of one condition ORed). For each
 * statement the admitted requests are therefore the cross product of the
 * values its StringEquals conditions allow; a key without a condition
 * admits any value ("*"). An operator this reader does not know makes the
 * statement "unknown": never reported as narrower than it may be.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { STS_AUDIENCE } from "../aws/eks";
import { POD_IDENTITY_PRINCIPAL, POD_IDENTITY_TAGS } from "../model/trust-statements";

/** A statement as `aws_iam_policy_document` holds it in Terraform JSON. */
export interface DocumentStatement {
  readonly effect?: string;
  readonly actions?: readonly string[];
  readonly principals?: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly condition?: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/** Any value: the statement has no condition on it. */
export const ANY = "*";

export type Grantee =
  | {
      readonly mechanism: "irsa";
      /** The OIDC provider's ARN, or the Terraform expression that names it. */
      readonly provider: string;
      /** The issuer (condition key prefix), or ANY. */
      readonly issuer: string;
      readonly namespace: string;
      readonly serviceAccount: string;
      readonly audience: string;
    }
  | {
      readonly mechanism: "pod-identity";
      readonly account: string;
      readonly cluster: string;
      readonly namespace: string;
      readonly serviceAccount: string;
    }
  | {
      readonly mechanism: "unknown";
      /** Why the statement could not be read. */
      readonly reason: string;
    };

const SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** Every grantee the Allow statements admit (Deny statements are not emitted by irsa-gen and are reported as unknown). */
export function whoCanAssume(statements: readonly DocumentStatement[]): Grantee[] {
  return statements.flatMap(grantees);
}

function grantees(statement: DocumentStatement): Grantee[] {
  if ((statement.effect ?? "Allow") !== "Allow") return [{ mechanism: "unknown", reason: `a ${statement.effect} statement` }];
  const conditions = statement.condition ?? [];
  // StringLike is read on an IRSA subject only (a shared role's pattern, see shared-roles.ts): its values are patterns.
  const unknown = conditions.find((c) => c.test !== "StringEquals" && !(c.test === "StringLike" && c.variable.endsWith(":sub")));
  if (unknown) return [{ mechanism: "unknown", reason: `condition operator ${unknown.test}` }];
  const actions = statement.actions ?? [];
  const out: Grantee[] = [];
  for (const principal of statement.principals ?? []) {
    if (principal.type === "Federated" && actions.includes("sts:AssumeRoleWithWebIdentity")) {
      for (const provider of principal.identifiers) out.push(...irsa(provider, conditions));
    } else if (principal.type === "Service" && principal.identifiers.includes(POD_IDENTITY_PRINCIPAL) && actions.includes("sts:AssumeRole")) {
      out.push(...podIdentity(conditions));
    } else {
      out.push({ mechanism: "unknown", reason: `principal ${principal.type} ${principal.identifiers.join(", ")}` });
    }
  }
  return out;
}

type Conditions = NonNullable<DocumentStatement["condition"]>;

/** The values a StringEquals condition on `key` allows; ANY without one; several conditions on one key intersect. */
function allowed(conditions: Conditions, matches: (variable: string) => boolean): string[] {
  const sets = conditions.filter((c) => matches(c.variable)).map((c) => new Set(c.values));
  if (sets.length === 0) return [ANY];
  return [...sets[0]].filter((v) => sets.every((s) => s.has(v)));
}

function irsa(provider: string, conditions: Conditions): Grantee[] {
  const issuers = [...new Set(conditions.map((c) => /^(.*):(sub|aud)$/.exec(c.variable)?.[1]).filter((h): h is string => h !== undefined))];
  const out: Grantee[] = [];
  for (const issuer of issuers.length > 0 ? issuers : [ANY]) {
    const subjects = allowed(conditions, (v) => v === `${issuer}:sub`);
    const audiences = allowed(conditions, (v) => v === `${issuer}:aud`);
    const like = conditions.some((c) => c.test === "StringLike" && c.variable === `${issuer}:sub`);
    for (const subject of subjects) {
      const parsed = SUBJECT.exec(subject);
      // A pattern that is not of one namespace and one name could match across the two: never read narrower than it may be.
      if (like && !parsed) {
        out.push({ mechanism: "unknown", reason: `StringLike subject ${subject}` });
        continue;
      }
      for (const audience of audiences) {
        out.push({
          mechanism: "irsa",
          provider,
          issuer,
          namespace: subject === ANY ? ANY : (parsed?.[1] ?? subject),
          serviceAccount: subject === ANY ? ANY : (parsed?.[2] ?? subject),
          audience,
        });
      }
    }
  }
  return out;
}

function podIdentity(conditions: Conditions): Grantee[] {
  const out: Grantee[] = [];
  for (const account of allowed(conditions, (v) => v === "aws:SourceAccount")) {
    for (const cluster of allowed(conditions, (v) => v === POD_IDENTITY_TAGS.clusterArn)) {
      for (const namespace of allowed(conditions, (v) => v === POD_IDENTITY_TAGS.namespace)) {
        for (const serviceAccount of allowed(conditions, (v) => v === POD_IDENTITY_TAGS.serviceAccount)) {
          out.push({ mechanism: "pod-identity", account, cluster, namespace, serviceAccount });
        }
      }
    }
  }
  return out;
}

/** Grantees wider than one service account of one cluster: what a reviewer must look at. */
export function isWide(grantee: Grantee): boolean {
  if (grantee.mechanism === "unknown") return true;
  // A pattern (StringLike) names every service account it matches.
  if (grantee.mechanism === "irsa") return [grantee.issuer, grantee.namespace, grantee.serviceAccount].some((v) => v === ANY || /[*?]/.test(v)) || grantee.audience !== STS_AUDIENCE;
  return [grantee.account, grantee.cluster, grantee.namespace, grantee.serviceAccount].includes(ANY);
}
