/**
 * irsa-gen's entry point; every npm script of the command line (`synth`,
 * `synth:hcl`, `validate`, `report`, `schema`, `presets`, `from-eksctl`) and
 * cdktf.json's `app` run this file compiled.
 */
import { reportInternalError, run } from "./lib/cli/cli";
import type { Io } from "./lib/cli/io";

const io: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };
run(process.argv.slice(2), process.env, io).then(
  (code) => {
    process.exitCode = code;
  },
  // Bad input and output-folder problems never get here (run reports them): this is a bug.
  (error: unknown) => {
    process.exitCode = reportInternalError(error, process.env, io);
  },
);
