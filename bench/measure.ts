/**
 * Runs one command and measures it: wall time from spawn to exit, and the
 * peak RSS of its whole process tree (see rss-probe.js).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** The variable rss-probe.js reads. */
export const RSS_FILE_ENV = "IRSA_BENCH_RSS_FILE";

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface Sample {
  readonly ok: boolean;
  /** Wall time, spawn to exit. */
  readonly ms: number;
  /** The largest maxRSS reported by any node process of the tree, in KB. */
  readonly peakKb?: number;
  /** How many node processes reported (npm, tsc, the app, ...). */
  readonly processes: number;
  /** Why it failed, with the end of its output. */
  readonly failure?: string;
}

export interface Summary {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** The largest peak over all runs, in MB (2^20 bytes). */
  readonly peakMb?: number;
}

/** Children in flight, so that an interrupted bench leaves no process behind. */
const running = new Set<ChildProcess>();

/** Kills the process groups of the commands this bench started and that still run. */
export function killRunning(): void {
  for (const child of running) killGroup(child);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    // The child leads its own group (detached), so npm's and cdktf's
    // grandchildren go with it.
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * Runs `command` once. Never rejects: a failure is a sample with `ok: false`
 * and the end of the command's output, so one broken variant does not stop
 * the bench.
 */
export function measure(command: Command, rssFile: string, timeoutMs: number): Promise<Sample> {
  return new Promise((settle) => {
    const stdout = new Tail();
    const stderr = new Tail();
    let settled = false;
    let exitedAt: number | undefined;
    let timedOut = false;
    const started = performance.now();
    const child = spawn(command.file, [...command.args], {
      cwd: command.cwd,
      env: { ...command.env, [RSS_FILE_ENV]: rssFile },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    running.add(child);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const finish = (failure: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(child);
      const ms = (exitedAt ?? performance.now()) - started;
      const rss = readRss(rssFile);
      settle({ ok: failure === undefined, ms, peakKb: rss.peakKb, processes: rss.processes, failure });
    };
    child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    // Time at exit, not at close: a grandchild holding the pipes open a
    // little longer is not the command's time.
    child.on("exit", () => {
      exitedAt = performance.now();
    });
    child.on("error", (error) => finish(`could not start ${command.file}: ${error.message}`));
    child.on("close", (code, signal) => {
      const output = stderr.lines() || stdout.lines();
      const why = timedOut ? `killed after ${Math.round(timeoutMs / 1000)} s` : code !== 0 ? `exit ${code ?? signal}` : undefined;
      finish(why === undefined ? undefined : output ? `${why}\n${output}` : why);
    });
  });
}

function readRss(file: string): { peakKb?: number; processes: number } {
  if (!existsSync(file)) return { processes: 0 };
  const pids = new Set<string>();
  let peakKb: number | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [pid, kb] = line.trim().split(/\s+/);
    if (!pid || !kb || !Number.isFinite(Number(kb))) continue;
    pids.add(pid);
    peakKb = Math.max(peakKb ?? 0, Number(kb));
  }
  return { peakKb, processes: pids.size };
}

/** The end of a stream's output: enough to see an error, never the whole of a large synth. */
class Tail {
  private text = "";
  private static readonly KEEP = 16_384;

  push(chunk: Buffer): void {
    this.text = (this.text + chunk.toString("utf8")).slice(-Tail.KEEP);
  }

  /** The last lines, without the terminal control codes of cdktf's spinner. */
  lines(count = 25): string {
    return this.text
      .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "")
      .split(/\r?\n/)
      .filter((l) => l.trim().length > 0)
      .slice(-count)
      .join("\n");
  }
}

/** Median and spread of the successful samples. */
export function summarize(samples: readonly Sample[]): Summary | undefined {
  const ok = samples.filter((s) => s.ok);
  if (ok.length === 0) return undefined;
  const ms = ok.map((s) => s.ms).sort((a, b) => a - b);
  const middle = Math.floor(ms.length / 2);
  const medianMs = ms.length % 2 === 1 ? ms[middle] : (ms[middle - 1] + ms[middle]) / 2;
  const peaks = ok.map((s) => s.peakKb).filter((kb): kb is number => kb !== undefined);
  return {
    runs: ok.length,
    medianMs,
    minMs: ms[0],
    maxMs: ms[ms.length - 1],
    peakMb: peaks.length > 0 ? Math.max(...peaks) / 1024 : undefined,
  };
}
