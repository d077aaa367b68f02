/**
 * Region codes: the form, then the partition's list of regions (see
 * lib/aws/partition.ts), so that `eu-west-9` is refused instead of failing
 * at plan time. `allowUnknownRegion: true` (on the cluster or in
 * `defaults:`) accepts a region AWS opened after the list was last updated,
 * with a warning.
 */
import { isKnownRegion, KNOWN_REGIONS, partitionOf } from "../aws/partition";
import type { ProblemCollector } from "./collector";
import type { Setting } from "./inherit";
import { closest, formatPath, type ConfigPath } from "./problems";
import * as rules from "../model/rules";

/** Whether `region` has the form of a region code (known or not); problems are reported. */
export function checkRegion(region: string, at: ConfigPath, allowUnknown: Setting<boolean> | undefined, out: ProblemCollector): boolean {
  if (!rules.REGION.test(region)) {
    const suggestion = closest(region, KNOWN_REGIONS);
    out.error(at, "is not an AWS region code", suggestion ? `Did you mean "${suggestion}"?` : 'Use a region code such as "eu-west-1"', region);
    return false;
  }
  if (isKnownRegion(region)) return true;
  const partition = partitionOf(region).id;
  if (allowUnknown?.value === true) {
    out.warn(at, `is not in irsa-gen's list of regions of partition ${partition}`, `Make sure it is spelled right: allowUnknownRegion (at ${formatPath(allowUnknown.path)}) accepts it as it is`, region);
    return true;
  }
  const suggestion = closest(region, KNOWN_REGIONS);
  out.error(
    at,
    `is not a known region of partition ${partition}`,
    `${suggestion ? `Did you mean "${suggestion}"? ` : ""}If AWS opened the region after irsa-gen's list was made, set allowUnknownRegion: true on the cluster or in defaults`,
    region,
  );
  return true;
}
