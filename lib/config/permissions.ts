/**
 * A role's permissions as the file writes them: presets, managed policies
 * and inline statements, checked and merged in one place for the roles a
 * workload creates and the roles several workloads share (`roles:`).
 */
import { policyLabel } from "../model/addresses";
import type { Preset } from "../presets/preset";
import type { ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import type { PolicyStatement } from "../model/model";
import { checkPolicyArn, checkStatement, type PolicyContext } from "./policies";
import { applyPresets, type PresetCluster, type RenderedPresets } from "./presets";
import type { Setting } from "./inherit";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";

export interface RawPermissions {
  /** A one-line preset and its parameters. */
  readonly line: { readonly preset?: Preset; readonly params: Record<string, unknown> };
  readonly presets?: readonly unknown[];
  readonly managedPolicyArns?: readonly unknown[];
  readonly policyStatements?: readonly unknown[];
}

export interface Permissions {
  readonly presets: RenderedPresets;
  /** The role's own managed policies, where each is written. */
  readonly ownManaged: readonly { readonly index: number; readonly value: string }[];
  /** Every managed policy, presets' included, sorted. */
  readonly managed: readonly string[];
  /** The statements, presets' first, each with where it is written (a preset's: nowhere). */
  readonly statements: { statement: PolicyStatement; path?: ConfigPath }[];
}

/** Presets first, they may bring managed policies as well as statements; then the role's own. */
export function readPermissions(
  raw: RawPermissions,
  path: ConfigPath,
  context: { readonly policy: PolicyContext; readonly presets: PresetCluster; readonly maxManagedPolicies: number },
  out: ProblemCollector,
): Permissions {
  const presets = applyPresets(raw.line, raw.presets, path, context.presets, out);
  const ownManaged = raw.managedPolicyArns === undefined ? [] : out.strings(raw.managedPolicyArns, [...path, "managedPolicyArns"]);
  const byLabel = new Map<string, string>();
  const seen = new Set<string>();
  for (const { index, value } of ownManaged) {
    const at = [...path, "managedPolicyArns", index];
    if (seen.has(value)) {
      out.error(at, "is listed twice", "Remove the second entry", value);
      continue;
    }
    seen.add(value);
    if (!checkPolicyArn(value, at, context.policy, out)) continue;
    const label = policyLabel(value);
    const other = byLabel.get(label);
    if (other !== undefined && other !== value) {
      out.error(at, `has the same policy name as ${other}`, "Attach one of them through a policy of another name; the attachment's Terraform name is derived from the policy name", value);
    }
    byLabel.set(label, value);
  }
  const managed = [...new Set([...presets.managedPolicyArns, ...ownManaged.map((m) => m.value)])].sort(compare);
  if (managed.length > context.maxManagedPolicies) {
    out.error([...path, "managedPolicyArns"], `attaches ${managed.length} managed policies; the quota is ${context.maxManagedPolicies} per role`, "Merge policies, move statements inline, or set maxManagedPoliciesPerRole if your account's quota was raised", managed.length);
  }

  // The role's own statements after those of presets.
  const statements: { statement: PolicyStatement; path?: ConfigPath }[] = presets.statements.map((statement) => ({ statement }));
  const sids = new Set(presets.statements.flatMap((s) => (s.sid === undefined ? [] : [s.sid])));
  if (raw.policyStatements !== undefined) {
    raw.policyStatements.forEach((item, index) => {
      const at = [...path, "policyStatements", index];
      const statement = checkStatement(item, at, context.policy, out);
      if (!statement) return;
      if (statement.sid !== undefined && sids.has(statement.sid)) {
        out.error([...at, "sid"], "is used by another statement of this role", "Give each statement its own sid; the policy document refuses duplicates", statement.sid);
      }
      if (statement.sid !== undefined) sids.add(statement.sid);
      statements.push({ statement, path: at });
    });
  }
  return { presets, ownManaged, managed, statements };
}

/** A role's path, permissions boundary, session duration and description, wherever they are written. */
export function checkRoleSettings(
  settings: { readonly rolePath?: Setting<string>; readonly boundary?: Setting<string>; readonly maxSession?: Setting<number>; readonly description?: string; readonly path: ConfigPath },
  policyContext: PolicyContext,
  out: ProblemCollector,
): void {
  const { rolePath, boundary, maxSession, description } = settings;
  if (rolePath && (!rules.ROLE_PATH.test(rolePath.value) || rolePath.value.length > rules.ROLE_PATH_MAX)) {
    out.error(rolePath.path, "is not a valid IAM role path", "Start and end it with '/', e.g. /irsa/, at most 512 characters", rolePath.value);
  }
  if (boundary) checkPolicyArn(boundary.value, boundary.path, policyContext, out);
  if (maxSession && (maxSession.value < rules.MAX_SESSION_MIN || maxSession.value > rules.MAX_SESSION_MAX)) {
    out.error(maxSession.path, "must be between 3600 and 43200 seconds", "IAM allows one to twelve hours", maxSession.value);
  }
  if (description !== undefined && (!rules.ROLE_DESCRIPTION.test(description) || description.length > rules.ROLE_DESCRIPTION_MAX)) {
    out.error([...settings.path, "description"], "is not a valid IAM role description", "Use at most 1000 printable Latin-1 characters", description);
  }
}
