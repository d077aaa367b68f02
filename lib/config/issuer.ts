/**
 * The cluster's OIDC issuer and the IAM OIDC provider its roles trust.
 *
 * The issuer's host and path, exactly as the tokens name it, become the
 * prefix of every trust policy's `:sub` and `:aud` condition keys, and IAM
 * compares them exactly: an issuer written with `HTTPS://`, `:443`, a
 * trailing dot or a space produces roles that no token can ever assume.
 * So issuer URLs and provider ARNs are parsed field by field here (never
 * with `new URL`, which quietly normalizes those very differences away),
 * anything but the canonical form is refused, and the canonical host and
 * path is what the stack writes.
 */
import { explainArn } from "../aws/arn";
import { partitionsWithDnsSuffix, type PartitionInfo } from "../aws/partition";
import type { ProblemCollector } from "./collector";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";

/** What the issuer must agree with; each part only when it is known and valid. */
export interface IssuerContext {
  readonly region?: string;
  readonly partition?: PartitionInfo;
  readonly accountId?: string;
  /** Whose account `accountId` is, in messages. @default "the cluster's account" */
  readonly accountName?: string;
}

interface Trouble {
  readonly message: string;
  readonly fix: string;
}

const COPY = "Copy the issuer exactly as `aws eks describe-cluster --query cluster.identity.oidc.issuer` prints it";

/**
 * The issuer URL's host and path (the condition key prefix), e.g.
 * `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`, or undefined when it is
 * absent or wrong (reported).
 */
export function checkIssuerUrl(url: string | undefined, at: ConfigPath, context: IssuerContext, out: ProblemCollector): string | undefined {
  if (url === undefined) return undefined;
  const trouble = urlTrouble(url) ?? hostPathTrouble(url.slice("https://".length), context);
  if (trouble) {
    out.error(at, trouble.message, trouble.fix, url);
    return undefined;
  }
  return url.slice("https://".length);
}

/**
 * Checks `existingOidcProviderArn` against the cluster: partition, account,
 * region and, when `oidcIssuerUrl` is given, the issuer. Returns the
 * provider's issuer host and path, or undefined (reported).
 */
export function checkProviderArn(text: string | undefined, at: ConfigPath, context: IssuerContext, issuerHost: string | undefined, out: ProblemCollector): string | undefined {
  if (text === undefined) return undefined;
  const shape = `arn:${context.partition?.id ?? "aws"}:iam::<account>:oidc-provider/<issuer without https://>`;
  const read = explainArn(text);
  if ("problem" in read) {
    out.error(at, read.problem, `Write it as ${shape}`, text);
    return undefined;
  }
  const { arn } = read;
  if (arn.service !== "iam" || !arn.resource.startsWith("oidc-provider/")) {
    out.error(at, "is not an IAM OIDC provider ARN", `Write it as ${shape}`, text);
    return undefined;
  }
  if (arn.region !== "") {
    out.error(at, `names the region ${arn.region}, but IAM is global: its ARNs have an empty region field`, `Write it as ${shape}`, text);
    return undefined;
  }
  if (!rules.ACCOUNT_ID.test(arn.account)) {
    out.error(at, `names the account "${arn.account}": an OIDC provider belongs to one account of 12 digits`, `Write it as ${shape}`, text);
    return undefined;
  }
  const host = arn.resource.slice("oidc-provider/".length);
  if (context.partition && arn.partition !== context.partition.id) {
    out.error(at, `is in partition ${arn.partition}, but ${context.region ?? "the cluster's region"} is in ${context.partition.id}`, `Write it as arn:${context.partition.id}:${text.split(":").slice(2).join(":")}`, text);
    return undefined;
  }
  if (context.accountId !== undefined && arn.account !== context.accountId) {
    const whose = context.accountName ?? "the cluster's account";
    out.error(at, `is in account ${arn.account}, not in ${whose} ${context.accountId}`, `Use the provider of ${whose}`, text);
    return undefined;
  }
  if (host.includes("*") || host.includes("?")) {
    out.error(at, "must name one provider: wildcards are never accepted here", "Write the provider's full ARN; the trust policy names exactly one", text);
    return undefined;
  }
  const trouble = hostPathTrouble(host, context);
  if (trouble) {
    out.error(at, trouble.message, trouble.fix === COPY ? "Copy the ARN exactly as `aws iam list-open-id-connect-providers` prints it" : trouble.fix, text);
    return undefined;
  }
  if (issuerHost !== undefined && host !== issuerHost) {
    out.error(at, `is the provider of issuer ${host}, not of ${issuerHost}`, "Trust the provider registered for this cluster's issuer", text);
    return undefined;
  }
  return host;
}

/** The scheme and what may never be in an issuer URL. */
function urlTrouble(url: string): Trouble | undefined {
  if (/^\s|\s$/.test(url)) {
    return { message: "has white space at the start or the end, which would become part of every trust policy's condition keys", fix: "Remove it" };
  }
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return { message: "contains white space or a control character", fix: COPY };
  if (!url.startsWith("https://")) {
    if (/^https:\/\//i.test(url)) return { message: "must start with https:// in lower case: the condition keys are compared exactly", fix: "Write https:// in lower case" };
    if (/^https:/i.test(url)) return { message: "must start with https:// (two slashes)", fix: COPY };
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return { message: "must use https", fix: `IAM only accepts https issuers; ${COPY.charAt(0).toLowerCase()}${COPY.slice(1)}` };
    return { message: "is not a URL: an issuer starts with https://", fix: COPY };
  }
  if (url.includes("?") || url.includes("#")) return { message: "must not have a query or fragment", fix: "Remove everything from '?' or '#' on" };
  if (url.endsWith("/")) {
    // The condition key is the issuer without https://; a trailing slash
    // would make it `.../id/X/:sub`, which no token ever matches.
    return { message: "must not end with '/'", fix: "Remove the trailing slash" };
  }
  return undefined;
}

/**
 * The host and path of an issuer: lower-case DNS labels, no port, no
 * credentials, no final dot, path segments without `.`, `..` or empty ones;
 * for an EKS issuer, the cluster's own region and partition and `/id/<ID>`.
 */
function hostPathTrouble(hostPath: string, context: IssuerContext): Trouble | undefined {
  const slash = hostPath.indexOf("/");
  const host = slash < 0 ? hostPath : hostPath.slice(0, slash);
  const path = slash < 0 ? "" : hostPath.slice(slash);
  if (host.includes("@")) return { message: "must not carry credentials", fix: COPY };
  if (host.includes(":")) return { message: `names a port (${host.slice(host.indexOf(":"))}): tokens name their issuer without one, so no token would match the trust policies`, fix: "Remove the port" };
  if (host === "") return { message: "has no host", fix: COPY };
  if (host.endsWith(".")) return { message: "has a host ending in '.': tokens name their issuer without it, so no token would match the trust policies", fix: "Remove the final dot" };
  if (/[A-Z]/.test(host)) return { message: "has upper-case letters in its host: issuers are lower case, and the condition keys are compared exactly", fix: "Write the host in lower case" };
  const labels = host.split(".");
  if (host.length > 253 || labels.some((l) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return { message: "has a host that is not a DNS name", fix: COPY };
  if (path !== "") {
    const segments = path.slice(1).split("/");
    if (segments.some((s) => s === "." || s === "..")) return { message: "has a '.' or '..' segment in its path, which no token carries", fix: COPY };
    if (segments.some((s) => s === "")) return { message: "has an empty segment ('//') in its path", fix: COPY };
    if (segments.some((s) => !/^[A-Za-z0-9._~-]+$/.test(s))) return { message: "has characters in its path that an issuer's path never has", fix: COPY };
  }
  const eks = /^oidc\.eks\.([a-z0-9-]+)\.(.+)$/.exec(host);
  if (!eks) return undefined;
  const [, region, suffix] = eks;
  const partitions = partitionsWithDnsSuffix(suffix);
  if (partitions.length === 0) return { message: `has the host ${host}, which is not an EKS issuer host (oidc.eks.<region>.amazonaws.com)`, fix: COPY };
  if (context.partition && !partitions.some((p) => p.id === context.partition!.id)) {
    return {
      message: `has a host in ${suffix} (partition ${partitions.map((p) => p.id).join(" or ")}), but ${context.region ?? "the cluster's region"} is in partition ${context.partition.id}, whose issuers end in ${context.partition.dnsSuffix}`,
      fix: "Copy the issuer of this very cluster, or fix the region",
    };
  }
  if (context.region !== undefined && region !== context.region) {
    return { message: `is the issuer of a cluster in ${region}, not in ${context.region}`, fix: "Copy the issuer of this very cluster, or fix the region" };
  }
  if (!/^\/id\/[A-Z0-9]+$/.test(path)) {
    return { message: "must end with /id/<the cluster's OIDC id> (upper-case letters and digits), as every EKS issuer does", fix: COPY };
  }
  return undefined;
}
