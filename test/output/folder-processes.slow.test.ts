/**
 * The output folder with the compiled program in child processes:
 * publication killed at every one of its steps (every stack is always
 * complete in the old or the new output, and the next run finishes what was
 * begun), and four runs started at once (one wins, whole). Slow (a child
 * process per step): run by `npm run test:slow`, and by CI.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { IrsaConfig } from "../../lib/model/model";
import { synthesize } from "../../lib/synthesis/synth";
import { PROJECT_ROOT, tempDir } from "../support/files";
import { displayName } from "../../lib/cli/cli";
import { clusters, configFile, LOCK_MESSAGE, NOTHING_WRITTEN, outputTree, publishInChild, runMain, write, written, type ChildResult } from "../support/output";

describe("publication killed at any point (compiled, in a child process)", () => {
  beforeAll(() => {
    // The compiled program must be built from the current sources.
    const build = spawnSync(process.execPath, [join(PROJECT_ROOT, "scripts", "run.js"), "--build-only"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
  }, 120_000);

  // From JSON with k1–k4 to HCL with k2–k5 and another service account:
  // one stack retired, three switching format with new content, one new.
  // Publication then has 20 steps (the commit, 16 changes of files: each
  // stack's inventory, Terraform file and metadata; the record, the journal,
  // the scratch).
  const OLD = ["k1", "k2", "k3", "k4"];
  const NEW = ["k2", "k3", "k4", "k5"];
  const STEPS = 20;
  // Every point, from before the commit to after the last step: small
  // enough to try them all, which random points would only sample.
  const KILL_POINTS = Array.from({ length: STEPS + 1 }, (_, n) => n);

  /** Each kill point's folder, killed run and expectations; the runs go in parallel. */
  interface Killed {
    readonly outdir: string;
    readonly config: IrsaConfig;
    readonly oldTree: Record<string, string>;
    readonly newTree: Record<string, string>;
    readonly result: ChildResult;
  }
  const killed = new Map<number, Promise<Killed>>();
  beforeAll(() => {
    for (const killAfter of KILL_POINTS) killed.set(killAfter, killDuringPublication(killAfter));
  });

  async function killDuringPublication(killAfter: number): Promise<Killed> {
    // The old output (JSON), with Terraform initialized in k2, and the new config (HCL)
    const dir = tempDir();
    const oldOutput = await written(clusters(OLD, undefined, undefined, ["k1"]), false, join(dir, "old"));
    write(join(oldOutput, "stacks", "k2", ".terraform.lock.hcl"), "# lock\n");
    const config = configFile(join(dir, "new.yaml"), NEW, "renamed");
    const newOutput = await written(config, true, join(dir, "new"));
    const outdir = join(dir, "out");
    cpSync(oldOutput, outdir, { recursive: true });
    const result = await publishInChild(newOutput, outdir, { IRSA_GEN_TEST_KILL_AFTER_STEPS: String(killAfter) });
    return { outdir, config, result, oldTree: outputTree(oldOutput), newTree: { ...outputTree(newOutput), "stacks/k2/.terraform.lock.hcl": "# lock\n" } };
  }

  it.each(KILL_POINTS.map((n) => [n]))(
    "after step %i, leaves every stack complete in the old or the new output, and the next run finishes it",
    async (killAfter) => {
      // GIVEN the old output, WHEN publishing the new one is killed after step `killAfter`
      const { outdir, config, result, oldTree, newTree } = await killed.get(killAfter)!;
      expect(result.signal).toBe("SIGKILL");

      // THEN each stack folder holds the old or the new Terraform file, never none;
      // both only in the one stack being switched at that moment
      const tree = outputTree(outdir);
      const terraformFiles = (t: Record<string, string>, stack: string) =>
        JSON.stringify(Object.fromEntries(["cdk.tf", "cdk.tf.json"].filter((f) => t[`stacks/${stack}/${f}`] !== undefined).map((f) => [f, t[`stacks/${stack}/${f}`]])));
      const states = [...new Set([...OLD, ...NEW])].map((stack) => {
        const [now, before, after] = [tree, oldTree, newTree].map((t) => terraformFiles(t, stack));
        if (now === before) return "old";
        if (now === after) return "new";
        if (now === terraformFiles({ ...oldTree, ...newTree }, stack)) return "switching";
        return `broken: ${stack} holds ${now}`;
      });
      expect(states.filter((s) => s.startsWith("broken"))).toEqual([]);
      expect(states.filter((s) => s === "switching").length).toBeLessThanOrEqual(1);
      // Before the commit, nothing at all has changed.
      if (killAfter === 0) expect(tree).toEqual(oldTree);

      // WHEN the next run starts
      const notices: string[] = [];
      const journalLeft = existsSync(join(outdir, ".irsa-gen", "journal.json"));
      expect(journalLeft).toBe(killAfter >= 1 && killAfter < STEPS - 1);
      await synthesize(config, { outdir, hcl: true, notice: (l) => notices.push(l) });
      // THEN it finished the interrupted run first, and the folder holds exactly
      // the new output and Terraform's file, with no scratch, journal or lock
      expect(notices.some((l) => l.startsWith("irsa-gen: finishing the publication of an earlier run"))).toBe(journalLeft);
      expect(outputTree(outdir)).toEqual(newTree);
      expect(readdirSync(join(outdir, ".irsa-gen"))).toEqual(["output.json"]);
    },
  );

  it("finishes an interrupted run before anything else, whatever the next run writes", async () => {
    // GIVEN the program killed half-way through publication, after its commit
    const dir = tempDir();
    const outdir = await written(clusters(OLD, undefined, undefined, ["k1"]), false, join(dir, "out"));
    const config = configFile(join(dir, "new.yaml"), NEW, "renamed", NEW);
    const result = await runMain(["--hcl"], { IRSA_CONFIG: config.sourceFile, CDKTF_OUTDIR: outdir, IRSA_GEN_TEST_KILL_AFTER_STEPS: "6" });
    expect(result.signal).toBe("SIGKILL");
    // WHEN the next run writes yet another config, as JSON
    await synthesize(clusters(["k9"]), { outdir, hcl: false });
    // THEN no file of either earlier output is left: the interrupted run was
    // finished (and recorded) first, then replaced as a whole
    expect(Object.keys(outputTree(outdir)).sort()).toEqual(["manifest.json", "stacks/k9/cdk.tf.json", "stacks/k9/irsa-gen.json"]);
  });
});

describe("one run at a time (compiled, in child processes)", () => {
  beforeAll(() => {
    // The compiled program must be built from the current sources.
    const build = spawnSync(process.execPath, [join(PROJECT_ROOT, "scripts", "run.js"), "--build-only"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
  }, 120_000);

  it("never interleaves four runs started at once: the folder holds one run's whole output", async () => {
    // GIVEN four configs with clusters of their own, in both formats, and a previous output
    const dir = tempDir();
    const outdir = await written(clusters(["previous"], undefined, undefined, ["previous"]), false, join(dir, "out"));
    const runs = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        // Retired, so that any run's output may follow any other's.
        const names = [`r${i}-a`, `r${i}-b`];
        const config = configFile(join(dir, `r${i}.yaml`), names, undefined, names);
        const hcl = i % 2 === 1;
        // The command line names the config as the project sees it (HCL headers).
        const shown = { ...config, sourceFile: displayName(config.sourceFile, PROJECT_ROOT) };
        return { hcl, file: config.sourceFile, expected: outputTree(await written(shown, hcl, join(dir, `expected-${i}`))) };
      }),
    );
    // WHEN they run at the same time
    const results = await Promise.all(runs.map((r) => runMain(r.hcl ? ["--hcl"] : [], { IRSA_CONFIG: r.file, CDKTF_OUTDIR: outdir })));
    // THEN each either wrote or was refused with the lock message, and the folder is exactly one writer's output
    for (const result of results) {
      expect([0, 1]).toContain(result.status);
      if (result.status === 1) {
        expect(result.stderr).toMatch(LOCK_MESSAGE);
        expect(result.stderr).toContain(NOTHING_WRITTEN);
      }
    }
    const final = outputTree(outdir);
    const matches = runs.filter((r, i) => results[i].status === 0 && JSON.stringify(r.expected) === JSON.stringify(final));
    expect(matches).toHaveLength(1);
    expect(readdirSync(join(outdir, ".irsa-gen"))).toEqual(["output.json"]);
  });
});
