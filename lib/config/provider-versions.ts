/**
 * The versions of the providers the stacks require. Pure: no cdktf.
 */
import type { ProblemCollector } from "./collector";
import type { ProviderVersions } from "../model/model";
import type { ConfigPath } from "./problems";
import type { RawCluster, RawDefaults } from "./schema";
import * as rules from "../model/rules";

/**
 * The defaults allow every later minor release of the major version the
 * prebuilt bindings were generated from (@cdktf/provider-aws 21.22.1 =
 * hashicorp/aws 6.25.0, provider-kubernetes 12.1.1 = 2.38.0, provider-tls
 * 11.0.1 = 4.1.0): an organisation that pins another release in that range
 * does not have to override anything.
 */
export const DEFAULT_PROVIDER_VERSIONS: ProviderVersions = { aws: "~> 6.25", kubernetes: "~> 2.38", tls: "~> 4.1" };

export function resolveProviderVersions(cluster: Partial<RawCluster>, defaults: Partial<RawDefaults>, path: ConfigPath, out: ProblemCollector): ProviderVersions {
  const versions = { ...DEFAULT_PROVIDER_VERSIONS };
  for (const [layer, at] of [
    [defaults.providerVersions, ["defaults", "providerVersions"]],
    [cluster.providerVersions, [...path, "providerVersions"]],
  ] as const) {
    for (const name of ["aws", "kubernetes", "tls"] as const) {
      const value = layer?.[name];
      if (value === undefined) continue;
      if (!rules.VERSION_CONSTRAINT.test(value)) {
        out.error([...at, name], "is not a Terraform version constraint", 'Write it as Terraform does, e.g. "~> 6.25" or ">= 6.25, < 7.0"', value);
      }
      versions[name] = value;
    }
  }
  return versions;
}
