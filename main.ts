/**
 * irsa-gen: load the config, validate it, one stack per cluster, synthesize.
 *
 *   node dist/main.js            Terraform JSON into $CDKTF_OUTDIR (cdktf.out)
 *   node dist/main.js --hcl      plain HCL into $CDKTF_OUTDIR (cdktf.out.hcl)
 *   node dist/main.js validate   check the config only
 *
 * The config is $IRSA_CONFIG, else irsa.yaml.
 */
import { formatReport, loadConfig } from "./lib/config/load";
import { synthesize } from "./lib/synth";

async function main(argv: readonly string[]): Promise<number> {
  const file = process.env.IRSA_CONFIG || "irsa.yaml";
  const validateOnly = argv.includes("validate");
  // `cdktf synth --hcl` sets SYNTH_HCL_OUTPUT; our npm script passes --hcl.
  const hcl = argv.includes("--hcl") || process.env.SYNTH_HCL_OUTPUT === "true";
  const result = loadConfig(file);
  for (const warning of result.warnings) console.error(warning);
  if (!result.config) {
    console.error(formatReport(file, result));
    return 1;
  }
  if (validateOnly) {
    const clusters = result.config.clusters;
    const workloads = clusters.reduce((n, c) => n + c.workloads.length, 0);
    console.log(`${file}: valid (${clusters.length} cluster${clusters.length === 1 ? "" : "s"}, ${workloads} workload${workloads === 1 ? "" : "s"})`);
    return 0;
  }
  const outdir = process.env.CDKTF_OUTDIR || (hcl ? "cdktf.out.hcl" : "cdktf.out");
  const stacks = await synthesize(result.config, { outdir, hcl });
  console.log(`${hcl ? "HCL" : "Terraform JSON"} for ${stacks.length} stack${stacks.length === 1 ? "" : "s"} in ${outdir}: ${stacks.join(", ")}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Bad input never gets here (it is a validation problem); this is a bug.
    console.error(`irsa-gen: internal error: ${error instanceof Error ? error.message : String(error)}`);
    console.error("Please report it with the config that caused it. Nothing was written.");
    process.exitCode = 2;
  },
);
