/**
 * irsa-gen's entry point; `npm run synth`, `npm run synth:hcl`,
 * `npm run validate` and cdktf.json's `app` all run this file compiled.
 */
import { reportInternalError, run, type Io } from "./lib/cli";

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
