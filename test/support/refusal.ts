/**
 * Table tests of the validator: a one-cluster file with a mistake, and the
 * check that it is refused with a message naming line, path and fix.
 * No cdktf here: these tests load only lib/config.
 */
import { checkSource, type LoadResult } from "../../lib/config/load";
import { parseConfigText } from "../../lib/config/source";

export const FILE = "t.yaml";

export function check(yaml: string): LoadResult {
  return checkSource(parseConfigText(FILE, yaml));
}

/**
 * A one-cluster file. Lines: 1 clusters, 2 name, 3 region, then the
 * cluster's extra lines, then workloads, namespace and serviceAccount, then
 * the workload's extra lines.
 */
export function file(clusterExtra: string[] = [], workloadExtra: string[] = [], namespace = "payments", serviceAccount = "api"): string {
  return [
    "clusters:",
    "  - name: prod",
    "    region: eu-west-1",
    ...clusterExtra.map((l) => `    ${l}`),
    "    workloads:",
    `      - namespace: ${namespace}`,
    `        serviceAccount: ${serviceAccount}`,
    ...workloadExtra.map((l) => `        ${l}`),
    "",
  ].join("\n");
}

/** The file is refused, and one message names the line, the path, what is wrong and the fix. */
export function expectRefused(yaml: string, line: number, path: string, fragment: string): void {
  // GIVEN a file with one mistake / WHEN it is checked
  const result = check(yaml);
  // THEN it is refused, and one message names the line, the path and the fix
  expect(result.config).toBeUndefined();
  const match = result.errors.find((e) => e.startsWith(`${FILE}:${line}:`) && e.includes(` ${path}: `));
  expect({ errors: result.errors, match: match !== undefined }).toEqual({ errors: result.errors, match: true });
  expect(match).toContain(fragment);
  expect(match).toMatch(/\.$|\?$/);
}

/** The file is accepted; returns the result (config and warnings). */
export function expectAccepted(yaml: string): LoadResult & { config: NonNullable<LoadResult["config"]> } {
  const result = check(yaml);
  expect(result.errors).toEqual([]);
  expect(result.config).toBeDefined();
  return result as LoadResult & { config: NonNullable<LoadResult["config"]> };
}

/** `policyStatements:` with these lines under it. */
export const statement = (...lines: string[]) => ["policyStatements:", ...lines.map((l) => `  ${l}`)];
export const READ = 'resources: ["arn:aws:s3:::b/*"]';
/** A workload line that grants something, so that a workload is complete. */
export const GRANT = "managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]";
