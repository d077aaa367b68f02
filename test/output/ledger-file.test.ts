/**
 * The ledger file through synthesis: protection that does not rest on the
 * output folder (a fresh clone, a deleted cdktf.out/), CI's locked mode, a
 * damaged ledger, and a ledger that disagrees with the output folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LedgerRefused, runLedger } from "../../lib/output/ledger-file";
import { synthesize } from "../../lib/synthesis/synth";
import { configFrom, oneCluster } from "../support/config";
import { PROJECT_ROOT, tempDir } from "../support/files";
import { loadExample } from "../support/terraform";

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const ISSUER = "    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\n";
const API = `      - { namespace: payments, serviceAccount: api, protect: true, createNamespace: true, managedPolicyArns: [${READ_ONLY}] }\n`;
const WORKER = `      - { namespace: orders, serviceAccount: worker, managedPolicyArns: [${READ_ONLY}] }\n`;
const BOTH = oneCluster(`${API}${WORKER}`, ISSUER);

async function synth(yaml: string, dir: string, outdir = join(dir, "out"), locked = false): Promise<void> {
  await synthesize(configFrom(yaml), { outdir, hcl: false, projectDir: dir, ledger: { file: join(dir, "irsa.ledger.json"), locked } });
}

async function refusal(body: () => Promise<unknown>): Promise<string> {
  try {
    await body();
  } catch (error) {
    if (error instanceof LedgerRefused) return error.problems.join("\n");
    throw error;
  }
  throw new Error("expected a refusal");
}

const removedFrom = (outdir: string) => ((JSON.parse(readFileSync(join(outdir, "stacks", "prod", "cdk.tf.json"), "utf8")).removed ?? []) as { from: string }[]).map((r) => r.from);

describe("ledger file", () => {
  it("protects from a fresh clone: the output folder gone, a protected workload that left is still refused", async () => {
    // GIVEN a synthesis that wrote the ledger beside the config
    const dir = tempDir();
    await synth(BOTH, dir);
    const ledger = readFileSync(join(dir, "irsa.ledger.json"), "utf8");
    // WHEN the output folder is lost (as on CI's fresh clone) and the protected workload is deleted from the config
    rmSync(join(dir, "out"), { recursive: true });
    const message = await refusal(() => synth(oneCluster(WORKER, ISSUER), dir));
    // THEN the run refuses, nothing is written, and the ledger is as it was
    expect(message).toContain("workload payments/api of cluster prod left the config, but it is protected");
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(readFileSync(join(dir, "irsa.ledger.json"), "utf8")).toBe(ledger);
  });

  it("keeps letting go of a namespace in every later synthesis, not only the first after the change", async () => {
    const dir = tempDir();
    await synth(BOTH, dir);
    const without = BOTH.replace("createNamespace: true", "createNamespace: false");
    await synth(without, dir);
    expect(removedFrom(join(dir, "out"))).toContain("kubernetes_namespace_v1.payments");
    // WHEN synthesized again before any apply, and then from a fresh clone
    await synth(without, dir);
    expect(removedFrom(join(dir, "out"))).toContain("kubernetes_namespace_v1.payments");
    await synth(without, dir, join(dir, "fresh"));
    expect(removedFrom(join(dir, "fresh"))).toContain("kubernetes_namespace_v1.payments");
  });

  it("writes an import block for a namespace created again after it was let go of", async () => {
    const dir = tempDir();
    await synth(BOTH, dir);
    await synth(BOTH.replace("createNamespace: true", "createNamespace: false"), dir);
    // WHEN the namespace is created again / THEN the stack imports it, and no longer lets go of it
    await synth(BOTH, dir);
    const stack = JSON.parse(readFileSync(join(dir, "out", "stacks", "prod", "cdk.tf.json"), "utf8"));
    expect(stack.import).toEqual([{ to: "kubernetes_namespace_v1.payments", id: "payments" }]);
    expect(stack.removed ?? []).toEqual([]);
  });

  it.each<[string, (dir: string) => void, RegExp]>([
    ["no ledger", () => undefined, /no ledger, and CI=true forbids writing one/],
    ["an out-of-date ledger", (dir) => writeFileSync(join(dir, "irsa.ledger.json"), '{"version": 1, "clusters": {}}\n'), /does not match what this config generates, and CI=true forbids rewriting it/],
  ])("locked (CI): refuses %s and writes nothing", async (_, prepare, message) => {
    const dir = tempDir();
    prepare(dir);
    const before = existsSync(join(dir, "irsa.ledger.json")) ? readFileSync(join(dir, "irsa.ledger.json"), "utf8") : undefined;
    expect(await refusal(() => synth(BOTH, dir, undefined, true))).toMatch(message);
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(existsSync(join(dir, "irsa.ledger.json")) ? readFileSync(join(dir, "irsa.ledger.json"), "utf8") : undefined).toBe(before);
  });

  it("locked (CI): a ledger that matches synthesizes, and is not rewritten", async () => {
    const dir = tempDir();
    await synth(BOTH, dir);
    const ledger = readFileSync(join(dir, "irsa.ledger.json"), "utf8");
    await synth(BOTH, dir, join(dir, "ci-out"), true);
    expect(existsSync(join(dir, "ci-out", "stacks", "prod", "cdk.tf.json"))).toBe(true);
    expect(readFileSync(join(dir, "irsa.ledger.json"), "utf8")).toBe(ledger);
  });

  it("says so, without a stack trace, when the output is written but the ledger cannot be", async () => {
    // GIVEN a ledger whose folder does not exist (as a read-only folder would refuse it)
    const dir = tempDir();
    const file = join(dir, "missing", "irsa.ledger.json");
    // WHEN synthesized / THEN the output is there, and the error names the ledger and what to do
    await expect(synthesize(configFrom(BOTH), { outdir: join(dir, "out"), hcl: false, projectDir: dir, ledger: { file, locked: false } })).rejects.toThrow(
      new RegExp(`the output is written, but the ledger ${file.replace(/[/.]/g, "\\$&")} could not be \\(ENOENT\\)\\. Make its folder writable`),
    );
    expect(existsSync(join(dir, "out", "stacks", "prod", "cdk.tf.json"))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["out"]);
  });

  it("refuses a damaged ledger with the fix, never resetting it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "irsa.ledger.json"), "{ damaged");
    const message = await refusal(() => synth(BOTH, dir));
    expect(message).toMatch(/irsa\.ledger\.json: cannot be read as irsa-gen's ledger: it is not JSON .*Restore it from version control/);
    expect(readFileSync(join(dir, "irsa.ledger.json"), "utf8")).toBe("{ damaged");
  });

  it("trusts the ledger over an output folder one synthesis behind it (JSON, then HCL into another folder), and says so", async () => {
    // GIVEN one config synthesized into two folders, then a change synthesized into the first only
    const dir = tempDir();
    await synth(BOTH, dir, join(dir, "json"));
    await synth(BOTH, dir, join(dir, "hcl"));
    const three = oneCluster(`${API}${WORKER}${WORKER.replace("worker", "extra")}`, ISSUER);
    await synth(three, dir, join(dir, "json"));
    // WHEN the change is synthesized into the second folder
    const notices: string[] = [];
    await synthesize(configFrom(three), { outdir: join(dir, "hcl"), hcl: false, projectDir: dir, notice: (l) => notices.push(l), ledger: { file: join(dir, "irsa.ledger.json"), locked: false } });
    // THEN it is written, and the run says the folder was behind
    expect(notices.join("\n")).toMatch(/the output folder .*hcl is one synthesis behind the ledger .* for prod .*: the ledger is trusted/);
    expect(readFileSync(join(dir, "hcl", "stacks", "prod", "cdk.tf.json"), "utf8")).toContain("orders_extra");
  });

  it("says which to trust when the ledger and the output folder disagree", async () => {
    // GIVEN an output folder of two workloads, and a ledger that two later syntheses into another folder moved on
    const dir = tempDir();
    await synth(BOTH, dir);
    await synth(oneCluster(`${API}${WORKER}${WORKER.replace("worker", "extra")}`, ISSUER), dir, join(dir, "out2"));
    await synth(oneCluster(`${API}${WORKER}${WORKER.replace("worker", "extra")}${WORKER.replace("worker", "more")}`, ISSUER), dir, join(dir, "out2"));
    // WHEN the ledger (four workloads) meets the output folder with two
    const message = await refusal(() => synth(BOTH, dir, join(dir, "out")));
    // THEN both ways out are named
    expect(message).toMatch(/disagree about what is managed: cluster prod: only the ledger manages .*orders_extra.*synthesize into a fresh folder \(set CDKTF_OUTDIR\).*delete .*irsa\.ledger\.json/);
  });

  it("without a ledger beside the config (a renamed file), the output folder's record still knows what was adopted", async () => {
    // GIVEN a role adopted and synthesized with its ledger
    const dir = tempDir();
    const adopted = oneCluster(`      - { namespace: payments, serviceAccount: api, managedPolicyArns: [${READ_ONLY}], adopt: { role: legacy } }\n`, `${ISSUER}    accountId: "111122223333"\n`);
    await synth(adopted, dir);
    // WHEN the hand-off is written into another file (no ledger beside it) over the same output folder
    const other = join(dir, "elsewhere");
    const message = await refusal(() => synthesize(configFrom(adopted.replace("adopt: { role: legacy }", "roleName: legacy")), { outdir: join(dir, "out"), hcl: false, projectDir: dir, ledger: { file: join(other, "x.ledger.json"), locked: false } }));
    // THEN the drift lock that would strip the adopted role is refused, from the record alone
    expect(message).toMatch(/would strip every policy the adopted role of payments\/api holds/);
  });

  describe("--state: the law against what is applied", () => {
    /** `terraform show -json` of a state holding these roles (name, path). */
    const shown = (roles: Record<string, [string, string]>) =>
      JSON.stringify({
        format_version: "1.0",
        values: { root_module: { resources: Object.entries(roles).map(([label, [name, path]]) => ({ address: `aws_iam_role.${label}`, mode: "managed", type: "aws_iam_role", name: label, values: { name, path } })) } },
      });

    it("tells generated but never applied from applied: a protected workload never applied may leave", async () => {
      // GIVEN a ledger with a protected workload, and a state where only the other one was applied
      const dir = tempDir();
      await synth(BOTH, dir);
      mkdirSync(join(dir, "states"));
      writeFileSync(join(dir, "states", "prod.json"), shown({ orders_worker: ["prod-orders-worker", "/"] }));
      const withState = (yaml: string) => synthesize(configFrom(yaml), { outdir: join(dir, "out"), hcl: false, projectDir: dir, ledger: { file: join(dir, "irsa.ledger.json"), locked: false, stateDir: join(dir, "states") } });
      // WHEN the protected (never applied) workload leaves / THEN nothing is refused
      await expect(withState(oneCluster(WORKER, ISSUER))).resolves.toEqual(["prod"]);
      // AND the applied one leaving is announced from the state
      const notices: string[] = [];
      await synthesize(configFrom(oneCluster(API, ISSUER)), { outdir: join(dir, "out"), hcl: false, projectDir: dir, notice: (l) => notices.push(l), ledger: { file: join(dir, "irsa.ledger.json"), locked: false, stateDir: join(dir, "states") } });
      expect(notices.join("\n")).toContain("the next apply destroys its role prod-orders-worker");
    });

    it("announces a replacement from the applied values, and refuses what only the state knows", async () => {
      const dir = tempDir();
      await synth(BOTH, dir);
      mkdirSync(join(dir, "states"));
      // GIVEN a state where the protected role was applied under another path, and a role nothing records
      writeFileSync(join(dir, "states", "prod.json"), shown({ payments_api: ["prod-payments-api", "/old/"], orders_worker: ["prod-orders-worker", "/"], stray: ["stray", "/"] }));
      const message = await refusal(() => synthesize(configFrom(BOTH), { outdir: join(dir, "out"), hcl: false, projectDir: dir, ledger: { file: join(dir, "irsa.ledger.json"), locked: false, stateDir: join(dir, "states") } }));
      // THEN both are named
      expect(message).toMatch(/replace the protected role aws_iam_role\.payments_api \(path "\/old\/" → "\/"\)/);
      expect(message).toMatch(/aws_iam_role\.stray is in the applied state, but neither the config nor the ledger knows it/);
    });

    it("refuses a state file that is not terraform show -json, saying how to write one", async () => {
      const dir = tempDir();
      mkdirSync(join(dir, "states"));
      writeFileSync(join(dir, "states", "prod.json"), '{"resources": []}');
      const message = await refusal(() => synthesize(configFrom(BOTH), { outdir: join(dir, "out"), hcl: false, projectDir: dir, ledger: { file: join(dir, "irsa.ledger.json"), locked: false, stateDir: join(dir, "states") } }));
      expect(message).toMatch(/prod\.json: cannot be read as the applied state of cluster prod: it is not the output of terraform show -json.*terraform show -json/);
    });
  });

  it("the example's committed ledger is what irsa.yaml generates (CI synthesizes it locked)", () => {
    // GIVEN the bundled config and its committed ledger / WHEN run locked, as CI=true does / THEN it matches
    expect(() => runLedger(loadExample("irsa.yaml"), undefined, { file: join(PROJECT_ROOT, "irsa.ledger.json"), locked: true })).not.toThrow();
  });
});
