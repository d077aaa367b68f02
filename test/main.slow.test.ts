/**
 * The program as `npm run synth` and cdktf.json run it: scripts/run.js,
 * which runs the bundle (dist/bundle/main.js). The
 * build runs first (it does nothing when dist/ was built from the current
 * sources), so these tests never test a stale build.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type * as Synth from "../lib/synthesis/synth";
import type * as BenchConfigs from "../bench/configs";
import type * as SynthThreads from "../lib/synthesis/fast/threads";
import { configFrom } from "./support/config";
import { PROJECT_ROOT, readTree, tempDir } from "./support/files";
import { childEnv } from "./support/output";

const MAIN = join(PROJECT_ROOT, "scripts", "run.js");

function runMain(args: string[], env: Record<string, string>, cwd = PROJECT_ROOT, nodeArgs: string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, MAIN, ...args], { cwd, env: childEnv(env), encoding: "utf8" });
}

describe("the program (scripts/run.js)", () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [join(PROJECT_ROOT, "scripts", "run.js"), "--build-only"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    if (build.status !== 0 || !existsSync(join(PROJECT_ROOT, "dist", "bundle", "main.js"))) throw new Error(`the build failed: ${build.stdout}${build.stderr}`);
  }, 120_000);

  it("synthesizes the bundled example and says where", () => {
    const outdir = join(tempDir(), "out");
    const result = runMain([], { CDKTF_OUTDIR: outdir, IRSA_CONFIG: "irsa.yaml" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Terraform JSON for 2 stacks (3 workloads) in ${outdir}: prod-eu, staging-us`);
    expect(existsSync(join(outdir, "stacks", "prod-eu", "cdk.tf.json"))).toBe(true);
  });

  it("writes, from its bundle, the same bytes as cdktf's App.synth()", async () => {
    // GIVEN the build's bundle and the example
    const { synthesize } = require(join(PROJECT_ROOT, "dist", "lib", "synthesis", "synth.js")) as typeof Synth;
    const example = readFileSync(join(PROJECT_ROOT, "irsa.yaml"), "utf8");
    for (const hcl of [false, true]) {
      const [program, plain] = [tempDir(), tempDir()];
      for (const dir of [program, plain]) writeFileSync(join(dir, "irsa.yaml"), example);
      // WHEN the program synthesizes the example, and cdktf's own path does
      const result = runMain(hcl ? ["--hcl"] : [], { CDKTF_OUTDIR: join(program, "out"), IRSA_CONFIG: "irsa.yaml" }, program);
      expect(result.status).toBe(0);
      await synthesize(configFrom(example, "irsa.yaml"), { outdir: join(plain, "out"), hcl, projectDir: plain, plain: true });
      // THEN every file is the same
      expect(readTree(join(program, "out"))).toEqual(readTree(join(plain, "out")));
    }
  });

  it("synthesizes a large config in its bundled synthesis threads, to the same bytes as cdktf's App.synth()", async () => {
    // GIVEN a config large enough for synthesis threads (two clusters, 300 workloads, every feature of the benchmark's configs), on two cores or more
    const { synthesize } = require(join(PROJECT_ROOT, "dist", "lib", "synthesis", "synth.js")) as typeof Synth;
    const { PARALLEL_WORKLOADS } = require(join(PROJECT_ROOT, "dist", "lib", "synthesis", "fast", "threads.js")) as typeof SynthThreads;
    const { syntheticYaml } = require(join(PROJECT_ROOT, "dist", "bench", "configs.js")) as typeof BenchConfigs;
    expect(availableParallelism()).toBeGreaterThanOrEqual(2);
    const yaml = syntheticYaml(2, PARALLEL_WORKLOADS / 2);
    const [program, plain] = [tempDir(), tempDir()];
    for (const dir of [program, plain]) writeFileSync(join(dir, "irsa.yaml"), yaml);
    // WHEN the program synthesizes it (its worker threads counted by a preloaded probe), and cdktf's own path does
    const probe = join(program, "threads.json");
    const result = runMain(["--hcl"], { CDKTF_OUTDIR: join(program, "out"), IRSA_CONFIG: "irsa.yaml", IRSA_WORKER_PROBE: probe }, program, [
      "--require",
      join(PROJECT_ROOT, "test", "support", "worker-probe.js"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    await synthesize(configFrom(yaml, "irsa.yaml"), { outdir: join(plain, "out"), hcl: true, projectDir: plain, plain: true });
    // THEN one helper thread, started from the bundle's synthesis thread, synthesized a cluster and answered
    expect(JSON.parse(readFileSync(probe, "utf8"))).toEqual({ started: [join(PROJECT_ROOT, "dist", "bundle", "synth-worker.js")], answered: 1, exited: [0] });
    // AND every file is the same
    expect(readTree(join(program, "out"))).toEqual(readTree(join(plain, "out")));
  }, 60_000);

  it("exits 1 on a bad file, with no stack trace and nothing written", () => {
    const dir = tempDir();
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "clusters:\n  - name: prod\n    region: moon-1\n    workloads: []\n");
    const result = runMain(["--hcl"], { CDKTF_OUTDIR: join(dir, "out"), IRSA_CONFIG: bad });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${bad}:3:13 clusters[0].region: is not an AWS region code (got "moon-1")`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("synthesizes in worker threads to the same bytes as cdktf's App.synth()", async () => {
    // GIVEN a config with several clusters, and the compiled synthesis (workers need JavaScript)
    const { synthesize } = require(join(PROJECT_ROOT, "dist", "lib", "synthesis", "synth.js")) as typeof Synth;
    const { prepareThreads } = require(join(PROJECT_ROOT, "dist", "lib", "synthesis", "fast", "threads.js")) as typeof SynthThreads;
    const clusters = ["a", "b", "c"].map(
      (name) => `  - name: ${name}
    region: eu-west-1
    accountId: "11112222333${name.charCodeAt(0) % 10}"
    workloads:
      - { namespace: ns, serviceAccount: one, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
      - { namespace: ns, serviceAccount: two, createServiceAccount: false, policyStatements: [{ actions: [s3:GetObject], resources: ["*"] }] }
`,
    );
    const config = configFrom(`clusters:\n${clusters.join("")}`);
    const jobs = jest.spyOn(Worker.prototype, "postMessage");
    try {
      for (const hcl of [false, true]) {
        const threaded = tempDir();
        const plain = tempDir();
        jobs.mockClear();
        // WHEN synthesized by two threads (once by a helper started while the config was validated), and by cdktf's own path
        if (hcl) prepareThreads({ clusters: [{ workloads: new Array(200) }, { workloads: new Array(200) }] });
        await synthesize(config, { outdir: threaded, hcl, projectDir: threaded, workers: 2 });
        // THEN one helper thread was given the job
        expect(jobs).toHaveBeenCalledTimes(1);
        await synthesize(config, { outdir: plain, hcl, projectDir: plain, plain: true });
        // AND every file is the same
        expect(readTree(threaded)).toEqual(readTree(plain));
      }
    } finally {
      jobs.mockRestore();
    }
  });

  it("stops the helpers it started for a config that turns out not to need them", async () => {
    // GIVEN the compiled threads module, with the termination of worker threads watched
    const { prepareThreads, stopThreads, threadCount } = require(join(PROJECT_ROOT, "dist", "lib", "synthesis", "fast", "threads.js")) as typeof SynthThreads;
    const terminate = jest.spyOn(Worker.prototype, "terminate");
    try {
      // WHEN helpers are prepared for a large config, then released
      prepareThreads({ clusters: [{ workloads: new Array(200) }, { workloads: new Array(200) }] });
      const helpers = threadCount(2, 400) - 1;
      expect(helpers).toBeGreaterThanOrEqual(1);
      expect(terminate).not.toHaveBeenCalled();
      await stopThreads();
      // THEN each helper was terminated, and its thread has ended (a worker's threadId is -1 once it has exited)
      expect(terminate).toHaveBeenCalledTimes(helpers);
      const stopped = terminate.mock.contexts as Worker[];
      expect(new Set(stopped).size).toBe(helpers);
      expect(stopped.map((worker) => worker.threadId)).toEqual(new Array(helpers).fill(-1));
      // AND none is left to stop
      await stopThreads();
      expect(terminate).toHaveBeenCalledTimes(helpers);
    } finally {
      terminate.mockRestore();
    }
  });

  it("exits 1 on an output folder it cannot use, with the fix and no stack trace unless IRSA_DEBUG=1", () => {
    // GIVEN an output folder that is a file
    const outdir = join(tempDir(), "out");
    writeFileSync(outdir, "not a folder\n");
    for (const debug of [false, true]) {
      // WHEN the program runs
      const result = runMain([], { CDKTF_OUTDIR: outdir, IRSA_CONFIG: "irsa.yaml", ...(debug ? { IRSA_DEBUG: "1" } : {}) });
      // THEN it says what is wrong and how to fix it, exits 1, and the file is as it was
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`irsa-gen: the output folder is a file, not a folder (${outdir}). Point CDKTF_OUTDIR at a folder, or move the file away.\nNothing was written; the previous output is as it was.\n`);
      expect(/^\s+at /m.test(result.stderr)).toBe(debug);
      expect(readFileSync(outdir, "utf8")).toBe("not a folder\n");
    }
  });
});
