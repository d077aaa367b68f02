/** What the tests of what exists and what was called something else share: a cluster, a workload, and how to read imports and moves. */
import { checkSource } from "../../lib/config/load";
import { parseConfigText } from "../../lib/config/source";
import type { TerraformJson } from "./config";

export const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789";
export const HOST = ISSUER.slice("https://".length);
export const ACCOUNT = `    accountId: "111122223333"\n`;
export const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
export const WORKLOAD = `      - namespace: payments
        serviceAccount: api
        managedPolicyArns: [${READ_ONLY}]
        policyStatements: [{ actions: [s3:GetObject], resources: ["arn:aws:s3:::b/*"] }]
`;

export function errorsOf(yaml: string): readonly string[] {
  return checkSource(parseConfigText("t.yaml", yaml)).errors;
}

export const imports = (tf: TerraformJson) => ((tf as unknown as { import?: { to: string; id: string }[] }).import ?? []).map((i) => `${i.to} <- ${i.id}`).sort();
export const moves = (tf: TerraformJson) => ((tf as unknown as { moved?: { from: string; to: string }[] }).moved ?? []).map((m) => `${m.from} -> ${m.to}`);
