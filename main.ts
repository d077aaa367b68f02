/**
 * irsa-gen's entry point; `npm run synth`, `npm run synth:hcl`,
 * `npm run validate` and cdktf.json's `app` all run this file compiled.
 */
import { run } from "./lib/cli";

run(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Bad input never gets here (it is reported as a problem): this is a bug.
    console.error(`irsa-gen: internal error: ${error instanceof Error ? error.message : String(error)}`);
    console.error("The previous output was left as it was. Please report this with the config that caused it.");
    process.exitCode = 2;
  },
);
