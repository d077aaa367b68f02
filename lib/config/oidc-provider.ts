/**
 * The cluster's OIDC provider: created, looked up, adopted or given by ARN,
 * and the issuer that goes with each mode. Pure: no cdktf.
 */
import type { PartitionInfo } from "../aws/partition";
import type { ProblemCollector } from "./collector";
import type { OidcProviderConfig } from "../model/model";
import type { ConfigPath } from "./problems";
import type { RawCluster, RawDefaults } from "./schema";

export interface OidcProviderInput {
  readonly cluster: Partial<RawCluster>;
  readonly defaults: Partial<RawDefaults>;
  readonly path: ConfigPath;
  /** Absent when the region is not one (already reported). */
  readonly partition?: PartitionInfo;
  /** The issuer without https://, when the config gives it. */
  readonly issuerHost?: string;
  /** Checks an OIDC provider ARN (partition, account, issuer); false when it reported a problem. */
  readonly checkArn: (text: string, at: ConfigPath) => boolean;
}

/**
 * The provider's mode: `create` (the default), `existing` by ARN
 * (`oidcProvider: { arn }`, or the older `existingOidcProviderArn`),
 * `lookup` by the issuer at plan time, or `create` with an import of the
 * provider that exists (`adopt`).
 */
export function resolveOidcProvider(input: OidcProviderInput, out: ProblemCollector): OidcProviderConfig {
  const { cluster, defaults, path, partition } = input;
  const thumbprint = cluster.oidcThumbprint ?? defaults.oidcThumbprint ?? true;
  const own = cluster.oidcProvider;
  const setting = own ?? defaults.oidcProvider;
  const at: ConfigPath = own !== undefined ? [...path, "oidcProvider"] : ["defaults", "oidcProvider"];

  if (cluster.existingOidcProviderArn !== undefined) {
    const legacyAt = [...path, "existingOidcProviderArn"];
    if (own !== undefined) {
      out.error(legacyAt, "cannot be combined with oidcProvider", "Write oidcProvider: { arn: <ARN> } alone", cluster.existingOidcProviderArn);
    }
    input.checkArn(cluster.existingOidcProviderArn, legacyAt);
    return { mode: "existing", arn: cluster.existingOidcProviderArn };
  }
  if (setting === undefined || setting === "create") return { mode: "create", thumbprint };
  if (setting === "lookup") return { mode: "lookup" };
  if (typeof setting === "object" && "arn" in setting) {
    if (own === undefined) {
      out.error(at, "names one provider for every cluster", "An existing provider belongs to one cluster: set oidcProvider: { arn: … } on each cluster, or use oidcProvider: lookup in defaults", setting.arn);
    }
    input.checkArn(setting.arn, [...at, "arn"]);
    return { mode: "existing", arn: setting.arn };
  }
  if (typeof setting === "object" && "adopt" in setting) {
    if (own === undefined) {
      out.error(at, "names one provider for every cluster", "Set oidcProvider: { adopt: … } on each cluster, or oidcProvider: adopt in defaults (the ARN is then computed per cluster)", setting.adopt);
    }
    input.checkArn(setting.adopt, [...at, "adopt"]);
    return { mode: "create", thumbprint, importArn: setting.adopt };
  }
  // `adopt`: the ARN of the provider that exists, from the account and the issuer.
  if (partition === undefined) return { mode: "create", thumbprint };
  if (cluster.accountId === undefined || input.issuerHost === undefined) {
    out.error(at, "needs the cluster's accountId and oidcIssuerUrl to name the provider to import", "Set accountId and oidcIssuerUrl on the cluster, or write oidcProvider: { adopt: <the provider's ARN> }", setting);
    return { mode: "create", thumbprint };
  }
  return { mode: "create", thumbprint, importArn: `arn:${partition.id}:iam::${cluster.accountId}:oidc-provider/${input.issuerHost}` };
}
