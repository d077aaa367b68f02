/**
 * Configs with roles in another account (`accounts:`, `roleAccount:`), for
 * the validation, trust, stack, ledger and Terraform tests alike.
 */
import type { BadConfig } from "./bad-configs";
import { GRANT } from "./refusal";

/** The cluster's own account, and the team's account its roles go to. */
export const HOME_ID = "111122223333";
export const TEAM_ID = "444455556666";
export const OTHER_ID = "777788889999";
export const ISSUER_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
export const ISSUER = `https://${ISSUER_HOST}`;
export const TEAM_ROLE = `arn:aws:iam::${TEAM_ID}:role/irsa-gen`;

export interface CrossAccountParts {
  /** Extra lines of the account `payments` (under its name). */
  readonly account?: readonly string[];
  /** Further accounts, as lines under `accounts:`. */
  readonly accounts?: readonly string[];
  /** Extra lines of the cluster `prod`. */
  readonly cluster?: readonly string[];
  /** Extra lines of the workload `payments/api`. */
  readonly workload?: readonly string[];
  /** The workload's `roleAccount`; undefined leaves it out. @default "payments" */
  readonly roleAccount?: string | null;
  /** Further workloads, as lines under `workloads:`. */
  readonly workloads?: readonly string[];
  /** Lines before `accounts:` (e.g. `defaults:`). */
  readonly head?: readonly string[];
}

/**
 * One cluster `prod` in account 111122223333 with a literal issuer, an
 * account `payments` (444455556666) reached through `irsa-gen`, and the
 * workload `payments/api` whose role lives there.
 */
export function crossAccount(parts: CrossAccountParts = {}): string {
  const roleAccount = parts.roleAccount === undefined ? "payments" : parts.roleAccount;
  return [
    ...(parts.head ?? []),
    "accounts:",
    "  payments:",
    `    accountId: "${TEAM_ID}"`,
    `    assumeRoleArn: ${TEAM_ROLE}`,
    ...(parts.account ?? []).map((l) => `    ${l}`),
    ...(parts.accounts ?? []).map((l) => `  ${l}`),
    "clusters:",
    "  - name: prod",
    "    region: eu-west-1",
    `    accountId: "${HOME_ID}"`,
    `    oidcIssuerUrl: ${ISSUER}`,
    ...(parts.cluster ?? []).map((l) => `    ${l}`),
    "    workloads:",
    "      - namespace: payments",
    "        serviceAccount: api",
    ...(roleAccount === null ? [] : [`        roleAccount: ${roleAccount}`]),
    `        ${GRANT}`,
    ...(parts.workload ?? []).map((l) => `        ${l}`),
    ...(parts.workloads ?? []).map((l) => `      ${l}`),
    "",
  ].join("\n");
}

/** The 1-based line of the first line of `yaml` that holds `text`. */
export function lineOf(yaml: string, text: string): number {
  const index = yaml.split("\n").findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`no line holds ${text}`);
  return index + 1;
}

/** A bad config and where its problem is: the line that holds `at`. */
function bad(what: string, yaml: string, at: string, path: string, fragment: string, below = 0): BadConfig {
  return [what, yaml, lineOf(yaml, at) + below, path, fragment];
}

const other = (id: string, role = `arn:aws:iam::${id}:role/irsa-gen`) => ["data:", `  accountId: "${id}"`, `  assumeRoleArn: ${role}`];

/** Cross-account configs the validator refuses, each with its one problem located. */
export const ACCOUNTS_REFUSED: BadConfig[] = [
  bad("an account name that is no Terraform identifier", crossAccount({ accounts: ["9lives:", `  accountId: "${OTHER_ID}"`, `  assumeRoleArn: arn:aws:iam::${OTHER_ID}:role/x`] }), "9lives:", "accounts.9lives", "is not an account name"),
  bad(
    "two account names that meet on one Terraform name",
    crossAccount({ accounts: ["Pay-ments:", `  accountId: "${OTHER_ID}"`, `  assumeRoleArn: arn:aws:iam::${OTHER_ID}:role/x`] }).replace("  payments:", "  pay_ments:").replace("roleAccount: payments", "roleAccount: pay_ments"),
    "Pay-ments:",
    "accounts.Pay-ments",
    'gives the Terraform name "pay_ments" that account pay_ments has too',
  ),
  bad("an account id of the wrong length", crossAccount().replace(`accountId: "${TEAM_ID}"`, 'accountId: "4444"'), 'accountId: "4444"', "accounts.payments.accountId", "must be exactly 12 digits"),
  bad("an unquoted account id", crossAccount().replace(`accountId: "${TEAM_ID}"`, `accountId: ${TEAM_ID}`), `accountId: ${TEAM_ID}`, "accounts.payments.accountId", "Quote it"),
  bad("one account id under two names", crossAccount({ accounts: other(TEAM_ID) }), "data:", "accounts.data.accountId", "is the account id of account payments too", 1),
  bad("an account without its assumeRoleArn", crossAccount().replace(`    assumeRoleArn: ${TEAM_ROLE}\n`, ""), "  payments:", "accounts.payments.assumeRoleArn", "is required", 1),
  bad("a misspelt account key", crossAccount({ account: ["externalID: x1"] }), "externalID", "accounts.payments.externalID", 'Did you mean "externalId"?'),
  bad("an assumeRoleArn that is a user", crossAccount().replace(TEAM_ROLE, `arn:aws:iam::${TEAM_ID}:user/bob`), "user/bob", "accounts.payments.assumeRoleArn", "is not an IAM role ARN"),
  bad("an assumeRoleArn with a wildcard", crossAccount().replace(TEAM_ROLE, `arn:aws:iam::${TEAM_ID}:role/*`), "role/*", "accounts.payments.assumeRoleArn", "wildcards (* and ?) and policy variables are never accepted here"),
  bad("an assumeRoleArn of another account", crossAccount().replace(TEAM_ROLE, `arn:aws:iam::${OTHER_ID}:role/irsa-gen`), `${OTHER_ID}:role`, "accounts.payments.assumeRoleArn", `is a role of account ${OTHER_ID}, not of account ${TEAM_ID}`),
  bad("an assumeRoleArn with a newline", crossAccount().replace(`assumeRoleArn: ${TEAM_ROLE}`, `assumeRoleArn: "${TEAM_ROLE}\\nx"`), "assumeRoleArn", "accounts.payments.assumeRoleArn", "is not an IAM role ARN"),
  bad("an external id with a space", crossAccount({ account: ['externalId: "a b"'] }), "externalId", "accounts.payments.externalId", "is not an STS external id"),
  bad("a one-character external id", crossAccount({ account: ["externalId: x"] }), "externalId", "accounts.payments.externalId", "is not an STS external id"),
  bad("a session name with a colon", crossAccount({ account: ['sessionName: "irsa:gen"'] }), "sessionName", "accounts.payments.sessionName", "is not an STS session name"),
  bad("a roleAccount naming no account", crossAccount({ roleAccount: "paymnets" }), "roleAccount", "clusters[0].workloads[0].roleAccount", 'names no account of accounts: (got "paymnets"). Did you mean "payments"?'),
  bad("a roleAccount on a cluster without accountId", crossAccount().replace(`    accountId: "${HOME_ID}"\n`, ""), "roleAccount", "clusters[0].workloads[0].roleAccount", "cluster prod has no accountId"),
  bad("a roleAccount of another partition", crossAccount().replace(TEAM_ROLE, `arn:aws-cn:iam::${TEAM_ID}:role/irsa-gen`), "roleAccount", "clusters[0].workloads[0].roleAccount", "is in partition aws-cn, but eu-west-1 is in aws"),
  bad("a roleAccount with EKS Pod Identity", crossAccount({ workload: ["identity: pod-identity"] }), "roleAccount", "clusters[0].workloads[0].roleAccount", "but workload payments/api uses EKS Pod Identity (identity: pod-identity)"),
  bad("a roleAccount with EKS Pod Identity, whose fix is the target role", crossAccount({ workload: ["identity: pod-identity"] }), "roleAccount", "clusters[0].workloads[0].roleAccount", "podIdentity: { targetRoleArn: arn:aws:iam::444455556666:role/<name> }"),
  bad("a roleAccount in defaults with identity both", crossAccount({ head: ["defaults:", "  roleAccount: payments"], roleAccount: null, workload: ["identity: both"] }), "  roleAccount: payments", "defaults.roleAccount", "whose association takes a role of the cluster's own account"),
  bad("oidcProviders naming no account", crossAccount({ cluster: ["oidcProviders: { paymnets: lookup }"] }), "oidcProviders", "clusters[0].oidcProviders.paymnets", 'Did you mean "payments"?'),
  bad("oidcProviders with an unknown mode", crossAccount({ cluster: ["oidcProviders: { payments: lokup }"] }), "oidcProviders", "clusters[0].oidcProviders.payments", 'must be one of create, lookup, adopt, or { adopt: <ARN> } (got "lokup"). Did you mean "lookup"?'),
  bad("oidcProviders with an ARN to trust", crossAccount({ cluster: [`oidcProviders: { payments: { arn: "arn:aws:iam::${TEAM_ID}:oidc-provider/${ISSUER_HOST}" } }`] }), "oidcProviders", "clusters[0].oidcProviders.payments.arn", "is not a mode here"),
  bad(
    "an adopted provider of another account",
    crossAccount({ cluster: [`oidcProviders: { payments: { adopt: "arn:aws:iam::${OTHER_ID}:oidc-provider/${ISSUER_HOST}" } }`] }),
    "oidcProviders",
    "clusters[0].oidcProviders.payments.adopt",
    `is in account ${OTHER_ID}, not in account payments ${TEAM_ID}`,
  ),
  bad(
    "an adopted provider of another issuer",
    crossAccount({ cluster: [`oidcProviders: { payments: { adopt: "arn:aws:iam::${TEAM_ID}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER0123456789" } }`] }),
    "oidcProviders",
    "clusters[0].oidcProviders.payments.adopt",
    "is the provider of issuer oidc.eks.eu-west-1.amazonaws.com/id/OTHER0123456789",
  ),
  bad("adopt in an account without the cluster's issuer", crossAccount({ cluster: ["oidcProviders: { payments: adopt }"] }).replace(`    oidcIssuerUrl: ${ISSUER}\n`, ""), "oidcProviders", "clusters[0].oidcProviders.payments", "Set oidcIssuerUrl on the cluster"),
  bad("oidcProviders naming the cluster's own account", crossAccount({ accounts: other(HOME_ID), cluster: ["oidcProviders: { data: lookup }"] }), "oidcProviders", "clusters[0].oidcProviders.data", "is the cluster's own account"),
  bad(
    "a customer managed policy of the cluster's account on a role in another",
    crossAccount({ workload: [`permissionsBoundaryArn: arn:aws:iam::${HOME_ID}:policy/boundary`] }),
    "permissionsBoundaryArn",
    "clusters[0].workloads[0].permissionsBoundaryArn",
    HOME_ID,
  ),
  bad(
    "a customer managed policy of the cluster's account attached to a role in another",
    crossAccount({ workload: [`managedPolicyArns: [arn:aws:iam::${HOME_ID}:policy/payments-read]`] }).replace(`        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n`, ""),
    "payments-read",
    "clusters[0].workloads[0].managedPolicyArns[0]",
    HOME_ID,
  ),
];
