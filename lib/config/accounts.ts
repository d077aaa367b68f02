/**
 * Cross-account roles: the named accounts of `accounts:`, a workload's
 * `roleAccount:` (inherited from its cluster and `defaults:`), and a
 * cluster's `oidcProviders:` (its OIDC provider in each account its roles
 * live in). Pure: no cdktf.
 *
 * IRSA across accounts: the role lives in the team's account and trusts an
 * OIDC provider for the cluster's issuer registered in that same account
 * (a trust policy's Federated principal is a provider of the role's own
 * account). https://docs.aws.amazon.com/eks/latest/userguide/cross-account-access.html
 */
import { explainArn } from "../aws/arn";
import type { PartitionInfo } from "../aws/partition";
import { terraformLabel } from "../model/naming";
import { isMapping, type ProblemCollector } from "./collector";
import { compare } from "../common/compare";
import type { Setting } from "./inherit";
import { checkProviderArn } from "./issuer";
import { dictionary } from "../common/dictionary";
import type { Identity, OidcProviderConfig, RoleAccountConfig, RoleAccountRef, RoleAccountSettings } from "../model/model";
import { closest, type ConfigPath } from "./problems";
import * as rules from "../model/rules";
import { accountOidcProviderSchema, accountSchema } from "./schema";

/** An account of `accounts:` as read, and where it is written. */
export interface AccountEntry extends RoleAccountRef {
  readonly assumeRoleArn: string;
  readonly externalId?: string;
  readonly sessionName?: string;
  /** The partition of `assumeRoleArn`: the account's provider acts there. */
  readonly partition: string;
  readonly path: ConfigPath;
}

/** The accounts of `accounts:` by name; names that were refused are remembered, so that no workload naming one is refused twice. */
export class AccountTable {
  readonly byName = new Map<string, AccountEntry>();
  readonly refused = new Set<string>();
  private readonly used = new Set<string>();

  /** Every account that passed, by name, as the ledger needs them (see `IrsaConfig.accounts`). */
  settings(): Record<string, RoleAccountSettings> {
    const out = dictionary<RoleAccountSettings>();
    for (const [name, e] of [...this.byName].sort(([a], [b]) => compare(a, b))) {
      out[name] = { name, label: e.label, accountId: e.accountId, assumeRoleArn: e.assumeRoleArn, ...(e.externalId !== undefined ? { externalId: e.externalId } : {}), ...(e.sessionName !== undefined ? { sessionName: e.sessionName } : {}) };
    }
    return out;
  }

  /** Marks an account as used by some workload (for the warning about unused ones). */
  use(name: string): void {
    this.used.add(name);
  }

  /** Warns about accounts no workload names: a leftover, or a typo in roleAccount elsewhere. */
  warnUnused(out: ProblemCollector): void {
    for (const [name, entry] of this.byName) {
      if (!this.used.has(name)) {
        out.add({ severity: "warning", path: entry.path, message: "is the roleAccount of no workload", fix: "Remove it, or name it with roleAccount: on the workloads, clusters or defaults whose roles live there", value: name, atKey: true });
      }
    }
  }
}

/** Account names: they become the AWS provider's alias and part of Terraform addresses. */
const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/**
 * STS's own patterns for AssumeRole's ExternalId (2–1224 of `[\w+=,.@:/-]`)
 * and RoleSessionName (2–64 of `[\w+=,.@-]`).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Reads `accounts:`, reporting every problem; the accounts that passed are in the table. */
export function readAccounts(raw: unknown, out: ProblemCollector): AccountTable {
  const table = new AccountTable();
  if (raw === undefined || !isMapping(raw)) return table;
  const byLabel = new Map<string, { name: string; path: ConfigPath }>();
  const byId = new Map<string, ConfigPath>();
  for (const [name, value] of Object.entries(raw)) {
    const path: ConfigPath = ["accounts", name];
    let ok = true;
    if (!ACCOUNT_NAME.test(name)) {
      out.error(path, "is not an account name", "Use 1 to 63 letters, digits, '-' and '_', starting with a letter: it becomes the AWS provider's alias and part of Terraform addresses", name, true);
      ok = false;
    }
    const label = terraformLabel(name);
    const sameLabel = byLabel.get(label);
    if (ok && sameLabel) {
      out.add({ severity: "error", path, first: sameLabel.path, message: `gives the Terraform name "${label}" that account ${sameLabel.name} has too ('-' becomes '_', and case is ignored)`, fix: "Rename one of the two accounts", value: name, atKey: true });
      ok = false;
    } else if (ok) byLabel.set(label, { name, path });
    const account = out.shapeLenient(accountSchema, value, path);
    if (!account) {
      table.refused.add(name);
      continue;
    }
    const accountId = account.accountId;
    if (accountId !== undefined && !rules.ACCOUNT_ID.test(accountId)) {
      out.error([...path, "accountId"], "must be exactly 12 digits", 'Write the AWS account id in quotes, e.g. "444455556666"', accountId);
      ok = false;
    } else if (accountId !== undefined) {
      const first = byId.get(accountId);
      if (first) {
        out.conflict([...path, "accountId"], first, `is the account id of account ${String(first[1])} too`, "Name each account once: two names for one account would register the cluster's OIDC provider there twice", accountId);
        ok = false;
      } else byId.set(accountId, [...path, "accountId"]);
    }
    const partition = account.assumeRoleArn === undefined ? undefined : checkAssumeRoleArn(account.assumeRoleArn, [...path, "assumeRoleArn"], accountId, out);
    if (account.externalId !== undefined && !EXTERNAL_ID.test(account.externalId)) {
      out.error([...path, "externalId"], "is not an STS external id", "Use 2 to 1224 letters, digits and +=,.@:/-_, exactly as the role's trust requires it", account.externalId);
      ok = false;
    }
    if (account.sessionName !== undefined && !SESSION_NAME.test(account.sessionName)) {
      out.error([...path, "sessionName"], "is not an STS session name", "Use 2 to 64 letters, digits and +=,.@-_", account.sessionName);
      ok = false;
    }
    if (!ok || partition === undefined || accountId === undefined || account.assumeRoleArn === undefined) {
      table.refused.add(name);
      continue;
    }
    table.byName.set(name, {
      name,
      label,
      accountId,
      assumeRoleArn: account.assumeRoleArn,
      ...(account.externalId !== undefined ? { externalId: account.externalId } : {}),
      ...(account.sessionName !== undefined ? { sessionName: account.sessionName } : {}),
      partition,
      path,
    });
  }
  return table;
}

/** The role Terraform assumes in an account: one IAM role of that very account. Returns its partition when it is one. */
function checkAssumeRoleArn(text: string, at: ConfigPath, accountId: string | undefined, out: ProblemCollector): string | undefined {
  const shape = `arn:aws:iam::${accountId ?? "<account>"}:role/<name>`;
  if (/[*?]|[$&%]\{/.test(text)) {
    out.error(at, "must name one role: wildcards (* and ?) and policy variables are never accepted here", `Write the role's full ARN, ${shape}`, text);
    return undefined;
  }
  const read = explainArn(text);
  if ("problem" in read) {
    out.error(at, read.problem, `Write it as ${shape}`, text);
    return undefined;
  }
  const { arn } = read;
  if (arn.service !== "iam" || arn.region !== "" || !rules.ACCOUNT_ID.test(arn.account) || !rules.ROLE_ARN_RESOURCE.test(arn.resource)) {
    out.error(at, "is not an IAM role ARN", `Write it as ${shape}`, text);
    return undefined;
  }
  if (accountId !== undefined && rules.ACCOUNT_ID.test(accountId) && arn.account !== accountId) {
    out.error(
      at,
      `is a role of account ${arn.account}, not of account ${accountId}: the account's AWS provider would act in ${arn.account}`,
      `Name the role Terraform may assume in account ${accountId} itself (e.g. arn:${arn.partition}:iam::${accountId}:role/<name>)`,
      text,
    );
    return undefined;
  }
  return arn.partition;
}

/** What resolving a workload's `roleAccount` needs of its cluster. */
export interface RoleAccountContext {
  readonly accounts: AccountTable;
  readonly cluster?: string;
  readonly clusterAccountId?: string;
  readonly partition?: PartitionInfo;
  readonly region?: string;
  /** The workload's identity setting and where it is written. */
  readonly identity?: Setting<Identity>;
  /** The workload, `namespace/serviceAccount`, for messages about a setting inherited from its cluster or `defaults:`. */
  readonly workload?: string;
}

/**
 * The account a workload's role lives in: undefined for the cluster's own
 * (no `roleAccount`, or one with the cluster's `accountId`: then nothing
 * about the workload changes, not even an address), else the account.
 */
export function resolveRoleAccount(setting: Setting<string> | undefined, context: RoleAccountContext, out: ProblemCollector): RoleAccountRef | undefined {
  if (setting === undefined) return undefined;
  const name = setting.value;
  const entry = context.accounts.byName.get(name);
  if (entry === undefined) {
    if (context.accounts.refused.has(name)) return undefined;
    const names = [...context.accounts.byName.keys()].sort(compare);
    const suggestion = closest(name, names);
    out.error(
      setting.path,
      "names no account of accounts:",
      suggestion ? `Did you mean "${suggestion}"?` : names.length > 0 ? `Use one of ${names.join(", ")}, or add it under accounts:` : "Add it under accounts: with its accountId and the assumeRoleArn Terraform reaches it with",
      name,
    );
    return undefined;
  }
  context.accounts.use(name);
  if (context.clusterAccountId === undefined) {
    out.error(
      setting.path,
      `puts roles in account ${name}, but ${context.cluster !== undefined ? `cluster ${context.cluster}` : "the cluster"} has no accountId: irsa-gen cannot tell whether that is the cluster's own account`,
      "Set accountId on the cluster (the account the EKS cluster is in)",
      name,
    );
    return undefined;
  }
  if (entry.accountId === context.clusterAccountId) return undefined;
  if (context.partition && entry.partition !== context.partition.id) {
    out.error(
      setting.path,
      `names account ${name}, whose assumeRoleArn is in partition ${entry.partition}, but ${context.region} is in ${context.partition.id}: an OIDC provider and a role trusting it are in one partition`,
      `Use an account of partition ${context.partition.id} (its assumeRoleArn starting arn:${context.partition.id}:)`,
      name,
    );
    return undefined;
  }
  const identity = context.identity?.value ?? "irsa";
  if (identity !== "irsa") {
    // EKS Pod Identity reaches other accounts by role chaining: the association's
    // role stays in the cluster's account and names the other account's role as
    // its target. https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
    out.error(
      setting.path,
      `puts the role in account ${name} (${entry.accountId}), but ${context.workload !== undefined ? `workload ${context.workload}` : "the workload"} uses EKS Pod Identity (identity: ${identity}), whose association takes a role of the cluster's own account and reaches other accounts by role chaining`,
      `Leave the role in the cluster's account (no roleAccount) and chain into a role of account ${name} with podIdentity: { targetRoleArn: arn:${entry.partition}:iam::${entry.accountId}:role/<name> }; or use identity: irsa`,
      name,
    );
    return undefined;
  }
  return { name, label: entry.label, accountId: entry.accountId };
}

/** What a cluster's OIDC providers in other accounts need. */
export interface AccountProvidersInput {
  readonly raw: unknown;
  readonly path: ConfigPath;
  readonly accounts: AccountTable;
  /** Accounts the cluster's workloads name, by name: whether some of them is active (not retired) and uses IRSA. */
  readonly used: ReadonlyMap<string, boolean>;
  readonly clusterAccountId?: string;
  readonly partition?: PartitionInfo;
  readonly region?: string;
  /** The issuer's host, when the config gives it (oidcIssuerUrl, or the home provider's ARN). */
  readonly issuerHost?: string;
  readonly thumbprint: boolean;
}

/**
 * The cluster's accounts besides its own, with its OIDC provider in each:
 * `create` unless `oidcProviders:` says otherwise, as in the cluster's own
 * account (the recipe; where a provider exists already, creating it fails
 * with EntityAlreadyExists, destroying nothing).
 */
export function resolveAccountProviders(input: AccountProvidersInput, out: ProblemCollector): RoleAccountConfig[] {
  const at: ConfigPath = [...input.path, "oidcProviders"];
  const settings = new Map<string, unknown>();
  if (input.raw !== undefined && isMapping(input.raw)) {
    for (const [name, value] of Object.entries(input.raw)) {
      const entry = input.accounts.byName.get(name);
      if (entry === undefined) {
        if (!input.accounts.refused.has(name)) {
          const suggestion = closest(name, [...input.accounts.byName.keys()]);
          out.error([...at, name], "names no account of accounts:", suggestion ? `Did you mean "${suggestion}"?` : "Name an account of accounts: that a workload's roleAccount names", name, true);
        }
        continue;
      }
      if (entry.accountId === input.clusterAccountId) {
        out.error([...at, name], "is the cluster's own account", "Set the cluster's own provider with oidcProvider:, and remove this entry", name, true);
        continue;
      }
      if (!input.used.has(name)) {
        out.add({ severity: "warning", path: [...at, name], message: "is the account of no role of this cluster", fix: "Remove it, or set roleAccount on the workloads whose roles live there", value: name, atKey: true });
        continue;
      }
      if (checkAccountProviderMode(value, [...at, name], out)) settings.set(name, value);
    }
  }
  const result: RoleAccountConfig[] = [];
  for (const [name, active] of [...input.used].sort(([a], [b]) => compare(a, b))) {
    const entry = input.accounts.byName.get(name);
    if (entry === undefined) continue;
    const oidcProvider = active ? accountProvider(entry, settings.get(name), [...at, name], input, out) : ({ mode: "none" } as const);
    result.push({
      name,
      label: entry.label,
      accountId: entry.accountId,
      assumeRoleArn: entry.assumeRoleArn,
      ...(entry.externalId !== undefined ? { externalId: entry.externalId } : {}),
      ...(entry.sessionName !== undefined ? { sessionName: entry.sessionName } : {}),
      oidcProvider,
    });
  }
  return result;
}

const MODES = ["create", "lookup", "adopt"];

/** One mode of `oidcProviders:`, with a message that says how to write it. */
function checkAccountProviderMode(value: unknown, at: ConfigPath, out: ProblemCollector): boolean {
  if (typeof value === "string") {
    if (MODES.includes(value)) return true;
    const suggestion = closest(value, MODES);
    out.error(at, "must be one of create, lookup, adopt, or { adopt: <ARN> }", suggestion ? `Did you mean "${suggestion}"?` : "Use one of create, lookup, adopt, or { adopt: <the provider's ARN> }", value);
    return false;
  }
  if (isMapping(value) && Object.hasOwn(value, "arn") && !Object.hasOwn(value, "adopt")) {
    out.error([...at, "arn"], "is not a mode here: in another account the cluster's provider is created, looked up or adopted", "Write lookup (the provider registered for the cluster's issuer in that account is found at plan time), or { adopt: <ARN> } to take it over", value.arn, true);
    return false;
  }
  return out.check(accountOidcProviderSchema, value, at) !== undefined;
}

function accountProvider(entry: AccountEntry, setting: unknown, at: ConfigPath, input: AccountProvidersInput, out: ProblemCollector): RoleAccountConfig["oidcProvider"] {
  const thumbprint = input.thumbprint;
  if (setting === undefined || setting === "create") return { mode: "create", thumbprint };
  if (setting === "lookup") return { mode: "lookup" };
  const fallback: OidcProviderConfig & { mode: "create" } = { mode: "create", thumbprint };
  if (input.issuerHost === undefined || input.partition === undefined) {
    out.error(at, "adopts a provider that irsa-gen cannot check against the cluster's issuer", "Set oidcIssuerUrl on the cluster, so that the provider adopted in this account is checked to be the cluster's", typeof setting === "string" ? setting : "adopt");
    return fallback;
  }
  if (setting === "adopt") return { mode: "create", thumbprint, importArn: `arn:${input.partition.id}:iam::${entry.accountId}:oidc-provider/${input.issuerHost}` };
  const arn = (setting as { adopt: string }).adopt;
  const host = checkProviderArn(arn, [...at, "adopt"], { region: input.region, partition: input.partition, accountId: entry.accountId, accountName: `account ${entry.name}` }, input.issuerHost, out);
  return host === undefined ? fallback : { mode: "create", thumbprint, importArn: arn };
}
