/**
 * The ledger law across stacks for shared roles: a role's addresses leaving
 * its old home's stack because its home moved are a handover (let go of),
 * and its new home imports them (never a create over what exists); a role
 * that leaves the config is judged as a workload is.
 */
import { judge, type Ledger } from "../../lib/output/ledger";
import { configFrom } from "../support/config";

const ACCOUNT = "111122223333";
const ROLE = [
  "aws_iam_role.shared_payments_api",
  "aws_iam_role_policies_exclusive.shared_payments_api",
  "aws_iam_role_policy_attachment.shared_payments_api_amazon_s3_read_only_access",
  "aws_iam_role_policy_attachments_exclusive.shared_payments_api",
];

function fleet(step: { home: string; green?: boolean; blueRetired?: "keep" | "destroy"; role?: string; noRole?: boolean }): string {
  const api = "      - { namespace: payments, serviceAccount: api, role: payments-api }\n";
  const cluster = (name: string, id: string, workloads: string, extra = "") => `  - name: ${name}
    region: eu-west-1
    accountId: "${ACCOUNT}"
    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/${id.repeat(32)}
${extra}    workloads:
${workloads || "      - { namespace: other, serviceAccount: thing, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n"}`;
  return `defaults: { createServiceAccount: false }
${
  step.noRole
    ? ""
    : `roles:
  - name: payments-api
    home: ${step.home}
    managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
${step.role ?? ""}`
}clusters:
${cluster("blue", "B", step.noRole ? "" : api, step.blueRetired ? `    retire: ${step.blueRetired}\n` : "")}${cluster("green", "C", step.green && !step.noRole ? api : "")}`;
}

/** Judges each config after the ledger of those before it; returns the last verdict. */
function walk(...yamls: string[]) {
  let ledger: Ledger | undefined;
  let verdict: ReturnType<typeof judge> | undefined;
  for (const yaml of yamls) {
    verdict = judge(ledger, configFrom(yaml), ledger);
    ledger = verdict.next;
  }
  return verdict!;
}

describe("moving a shared role's home", () => {
  const before = fleet({ home: "blue", green: true });
  const moved = fleet({ home: "green", green: true });

  it("lets go of the role in the old home and imports it in the new one: nothing destroyed, nothing created", () => {
    // GIVEN the role homed in blue, named from blue and green / WHEN its home is green
    const verdict = walk(before, moved);
    expect(verdict.problems).toEqual([]);
    const blue = verdict.changes.find((c) => c.cluster === "blue")!;
    const green = verdict.changes.find((c) => c.cluster === "green")!;
    // THEN blue lets go of each of the role's blocks (removed, destroy = false)
    expect(verdict.releases.get("blue")).toEqual(ROLE);
    expect(blue.destroyed).toEqual([]);
    // AND green imports each, by its import id, and creates none
    expect(green.created).toEqual([]);
    expect(verdict.reimports.get("green")).toEqual([
      { to: "aws_iam_role.shared_payments_api", id: "payments-api" },
      { to: "aws_iam_role_policies_exclusive.shared_payments_api", id: "payments-api" },
      { to: "aws_iam_role_policy_attachment.shared_payments_api_amazon_s3_read_only_access", id: "payments-api/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
      { to: "aws_iam_role_policy_attachments_exclusive.shared_payments_api", id: "payments-api" },
    ]);
    expect(verdict.warnings.join("\n")).toContain("the shared role payments-api moved its home to cluster green");
  });

  it("keeps both the removed and the import blocks when synthesized twice before applying, and from the ledger alone", () => {
    const verdict = walk(before, moved, moved);
    expect(verdict.problems).toEqual([]);
    expect(verdict.releases.get("blue")).toEqual(ROLE);
    expect(verdict.reimports.get("green")!.map((r) => r.to)).toEqual(ROLE);
    expect(verdict.changes.flatMap((c) => [...c.created, ...c.destroyed])).toEqual([]);
  });

  it("stops importing once releasesApplied names the addresses", () => {
    const applied = moved.replace('  - name: green\n', `  - name: green\n    releasesApplied: [${ROLE.join(", ")}]\n`);
    expect(walk(before, moved, applied).reimports.get("green")).toEqual([]);
  });

  it("hands over in the same change as the old home is retired, even with destroy", () => {
    // GIVEN the role homed in blue / WHEN blue is retired with destroy and the home moves to green at once
    const verdict = walk(before, fleet({ home: "green", green: true, blueRetired: "destroy" }));
    expect(verdict.problems).toEqual([]);
    expect(verdict.changes.find((c) => c.cluster === "blue")!.destroyed).not.toEqual(expect.arrayContaining(["aws_iam_role.shared_payments_api"]));
    expect(verdict.releases.get("blue")).toEqual(expect.arrayContaining(ROLE));
    expect(verdict.reimports.get("green")!.map((r) => r.to)).toEqual(ROLE);
  });
});

describe("a shared role that no workload names any more", () => {
  const start = fleet({ home: "blue" });

  it.each<[string, string, { destroyed: string[]; released: string[]; problem?: string }]>([
    ["retire: keep lets go of it", fleet({ home: "blue", role: "    retire: keep\n", noRole: false }).replace(/, role: payments-api \}/g, ", managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"), { destroyed: [], released: ROLE }],
    ["retire: destroy destroys it", fleet({ home: "blue", role: "    retire: destroy\n" }).replace(/, role: payments-api \}/g, ", managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }"), { destroyed: ROLE, released: [] }],
    ["deleted, unprotected: destroyed with a warning", fleet({ home: "blue", noRole: true }), { destroyed: ROLE, released: [] }],
  ])("%s", (_what, next, expected) => {
    const verdict = walk(start, next);
    expect(verdict.problems).toEqual([]);
    const blue = verdict.changes.find((c) => c.cluster === "blue")!;
    expect(blue.destroyed.filter((a) => a.includes("shared_"))).toEqual(expected.destroyed);
    expect(blue.released.filter((a) => a.includes("shared_"))).toEqual(expected.released);
  });

  it("imports the role it let go of when it comes back with another home, and does not create it over what exists", () => {
    // GIVEN the role homed in blue, retired with keep (it stays in IAM), then deleted from roles:
    const kept = fleet({ home: "blue", role: "    retire: keep\n" }).replace(/, role: payments-api \}/g, ", managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }");
    const deleted = fleet({ home: "blue", noRole: true });
    // WHEN it is back in roles:, homed in green and named from green
    const verdict = walk(start, kept, deleted, fleet({ home: "green", green: true }).replace("      - { namespace: payments, serviceAccount: api, role: payments-api }\n  - name: green", "      - { namespace: other, serviceAccount: thing, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n  - name: green"));
    // THEN green imports each of its blocks, and creates none
    expect(verdict.problems).toEqual([]);
    const green = verdict.changes.find((c) => c.cluster === "green")!;
    expect(green.created.filter((a) => a.includes("shared_"))).toEqual([]);
    expect(verdict.reimports.get("green")).toEqual([
      { to: "aws_iam_role.shared_payments_api", id: "payments-api" },
      { to: "aws_iam_role_policies_exclusive.shared_payments_api", id: "payments-api" },
      { to: "aws_iam_role_policy_attachment.shared_payments_api_amazon_s3_read_only_access", id: "payments-api/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" },
      { to: "aws_iam_role_policy_attachments_exclusive.shared_payments_api", id: "payments-api" },
    ]);
  });

  it("refuses to delete a protected shared role from the config", () => {
    const verdict = walk(fleet({ home: "blue", role: "    protect: true\n" }), fleet({ home: "blue", noRole: true }));
    expect(verdict.problems).toEqual([
      "the shared role payments-api of cluster blue left the config, but it is protected: the next apply would destroy its role payments-api (aws_iam_role.shared_payments_api) (prevent_destroy leaves with the block that holds it). To let go of it without destroying it, put it back with retire: keep; to destroy it, put it back with protect: false and retire: destroy",
    ]);
  });
});
