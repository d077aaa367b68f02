/**
 * The permissions of a role eksctl made, as irsa-gen writes them: the same
 * for an iamserviceaccount (`wellKnownPolicies`, `attachPolicyARNs`,
 * `attachPolicy`) and a Pod Identity association (`wellKnownPolicies`,
 * `permissionPolicyARNs`, `permissionPolicy`), since eksctl builds both
 * roles with one CloudFormation template (pkg/cfn/builder/iam.go,
 * IAMRoleResourceSet): managed policies on the role, and inline policies
 * named `<stack>-<name>`, one for the document and one per well-known
 * policy that is not an AWS managed policy.
 *
 * irsa-gen manages one inline policy per role: the converter adopts the
 * document's when there is one, else eksctl's first well-known inline
 * policy, and writes all the workload's statements into it; eksctl's other
 * inline policies stay on the role, unmanaged, and the report says to
 * delete them once the workload works.
 */
import type { ConfigPath } from "../config/problems";
import { isMapping } from "./cluster-config";
import type { YamlComment } from "./output";
import { convertPolicyDocument } from "./policy-document";
import type { ReportKind } from "./report";
import { WELL_KNOWN_KEYS, WELL_KNOWN_POLICIES } from "./well-known-policies";

/** Every placeholder starts with this: irsa-gen refuses it wherever it stands, with a message naming the key. */
export const FILL_IN = "<fill in:";

export type Report = (kind: ReportKind, path: ConfigPath, message: string, atKey?: boolean) => void;

/** One ClusterConfig entry being converted: where it is, and where its findings go. */
export interface EntryContext {
  /** `namespace/name`, to start each report line. */
  readonly who: string;
  /** The entry in the ClusterConfig. */
  readonly path: ConfigPath;
  /** The entry as written, for the keys of wellKnownPolicies. */
  readonly raw: unknown;
  readonly cluster: string;
  readonly region: string;
  readonly partition: string;
  readonly report: Report;
}

/** An entry's permissions, as eksctl names them in a service account or an association. */
export interface PermissionsSource {
  readonly wellKnownPolicies?: Readonly<Record<string, boolean>>;
  readonly managedPolicyArns?: readonly string[];
  readonly document?: Readonly<Record<string, unknown>>;
  /** The document's key in the entry: `attachPolicy` or `permissionPolicy`. */
  readonly documentKey: string;
  /** The suffix of the document's inline policy: `Policy1`, or the association's `permissionPolicyName`. */
  readonly documentPolicy: string;
}

export type PermissionsInput = EntryContext & PermissionsSource;

export interface ConvertedPermissions {
  /** The suffixes of eksctl's inline policies on the role, the one to adopt first. */
  readonly eksctlInline: readonly string[];
  /** Whether irsa-gen writes an inline policy of the converted statements (presets or the document). */
  readonly hasInline: boolean;
}

/**
 * Writes `presets`, `managedPolicyArns` and `policyStatements` into `body`
 * (in that order), with their comments; reports what differs or is left.
 */
export function convertPermissions(entry: EntryContext, source: PermissionsSource, body: Record<string, unknown>, comments: YamlComment[]): ConvertedPermissions {
  const input: PermissionsInput = { ...entry, ...source };
  const { who, path, partition, cluster, region, report } = input;
  const presets: unknown[] = [];
  const managed: string[] = [];
  const eksctlInline: string[] = [];
  const rawWellKnown = isMapping(input.raw) && isMapping(input.raw.wellKnownPolicies) ? input.raw.wellKnownPolicies : {};
  for (const key of Object.keys(rawWellKnown)) {
    if (!WELL_KNOWN_KEYS.includes(key)) report("not-converted", [...path, "wellKnownPolicies", key], `${who}: is not one of eksctl's well-known policies (${WELL_KNOWN_KEYS.join(", ")})`, true);
  }
  for (const policy of WELL_KNOWN_POLICIES) {
    if (input.wellKnownPolicies?.[policy.key] !== true) continue;
    const at: ConfigPath = [...path, "wellKnownPolicies", policy.key];
    eksctlInline.push(...policy.inlinePolicies);
    if (policy.managedPolicy) managed.push(`arn:${partition}:iam::aws:policy/${policy.managedPolicy}`);
    if (policy.preset) {
      if (policy.hostedZones) {
        const index = presets.length;
        presets.push({ name: policy.preset, hostedZoneArns: [`${FILL_IN} the hosted zone ARNs ${policy.preset} may change>`] });
        comments.push({
          at: ["presets", index, "hostedZoneArns"],
          text: `eksctl let ${policy.preset} change every hosted zone: list its zones (aws route53 list-hosted-zones --query "HostedZones[].[Id,Name]" --output text), or write arn:${partition}:route53:::hostedzone/* to keep eksctl's grant`,
        });
        report("fill-in", at, `${who}: hostedZoneArns of preset ${policy.preset}: eksctl allowed every hosted zone, irsa-gen needs them listed (arn:${partition}:route53:::hostedzone/<id>, or arn:${partition}:route53:::hostedzone/* for eksctl's grant of all)`);
      } else {
        presets.push(policy.preset);
      }
    }
    if (policy.differs) report("differs", at, `${who}: ${policy.differs(cluster, region)}`);
    if (policy.note) report("note", at, `${who}: ${policy.note}`);
  }
  if (presets.length > 0) body.presets = presets;
  for (const arn of input.managedPolicyArns ?? []) managed.push(arn);
  const managedPolicyArns = [...new Set(managed)];
  if (managedPolicyArns.length > 0) body.managedPolicyArns = managedPolicyArns;

  const document = input.document;
  const hasDocument = document !== undefined && Object.keys(document).length > 0;
  if (hasDocument) {
    eksctlInline.unshift(input.documentPolicy);
    const key = input.documentKey;
    const converted = convertPolicyDocument(document, key);
    const statementPath = (i: number): ConfigPath => [...path, key, "Statement", ...(Array.isArray(document.Statement) ? [i] : [])];
    converted.statements.forEach((s, i) => {
      if (!s.notConverted) return;
      comments.push({ at: ["policyStatements", i], text: `Statement[${i}] of ${key} was not converted: it ${s.notConverted.why}; rewrite it with actions and resources, or remove it. It was: ${s.notConverted.original}` });
      report("fill-in", statementPath(i), `${who}: not converted: it ${s.notConverted.why}; the converted file holds a placeholder statement until it is rewritten with actions and resources, or removed (dropping an Allow takes permissions away, dropping a Deny grants them)`);
    });
    for (const note of converted.notes) report("note", [...path, key], `${who}: ${note}`);
    if (converted.statements.length > 0) body.policyStatements = converted.statements.map((s) => s.statement);
  }
  return { eksctlInline, hasInline: presets.length > 0 || hasDocument };
}

export interface InlineAdoptionInput {
  readonly who: string;
  readonly path: ConfigPath;
  /** eksctl's stack, whose name starts each of its inline policies' names. */
  readonly stack: string;
  /** The role's name, when known, for the commands in the report. */
  readonly roleName?: string;
  readonly permissions: ConvertedPermissions;
  readonly report: Report;
}

/** The eksctl inline policy irsa-gen takes over, if any; the report says how to delete the others. */
export function adoptInlinePolicy(input: InlineAdoptionInput, comments: YamlComment[]): string | undefined {
  const { who, path, stack, permissions, report } = input;
  const leftovers = permissions.eksctlInline.map((suffix) => `${stack}-${suffix}`);
  if (!permissions.hasInline || leftovers.length === 0) return undefined;
  const adopted = leftovers.shift() as string;
  if (leftovers.length > 0) {
    comments.push({ at: ["adopt", "inlinePolicy"], text: `all of the workload's permissions go into this one; eksctl's ${leftovers.map((p) => p.slice(stack.length + 1)).join(", ")} stay on the role, unmanaged, until deleted (see the report)` });
    const role = input.roleName ?? "<the role's name>";
    report(
      "after-apply",
      path,
      `${who}: once the workload works, delete the inline ${leftovers.length === 1 ? "policy eksctl made that irsa-gen does not manage (its" : "policies eksctl made that irsa-gen does not manage (their"} permissions are now in ${adopted}): ` +
        leftovers.map((policy) => `aws iam delete-role-policy --role-name ${role} --policy-name ${policy}`).join("; "),
    );
  }
  return adopted;
}

/**
 * The role to adopt: its name when known, else a placeholder irsa-gen
 * refuses until filled in, with the command that prints the name
 * CloudFormation gave the role of eksctl's stack.
 */
export function adoptedRole(input: { readonly who: string; readonly path: ConfigPath; readonly stack: string; readonly region: string; readonly roleName?: string; readonly report: Report }, comments: YamlComment[]): string {
  const { who, path, stack, region, report } = input;
  if (input.roleName !== undefined) return input.roleName;
  comments.push({ at: ["adopt", "role"], text: `the name CloudFormation gave the role: ${describeStackRoleCommand(stack, region)}` });
  report("fill-in", path, `${who}: adopt.role, the name CloudFormation generated for the role: ${describeStackRoleCommand(stack, region)}`);
  return `${FILL_IN} the name of the role in stack ${stack}>`;
}

/** `aws cloudformation describe-stack-resources` printing the physical name of the stack's role. */
export function describeStackRoleCommand(stack: string, region: string): string {
  return `aws cloudformation describe-stack-resources --region ${region} --stack-name ${stack} --query "StackResources[?ResourceType=='AWS::IAM::Role'].PhysicalResourceId" --output text`;
}
