/**
 * `npm run from-eksctl -- <ClusterConfig.yaml> [more.yaml…]`: reads the
 * files, converts them (convert.ts) and writes the irsa.yaml to stdout or
 * to `--out`, with the report beside it.
 *
 * Exit status: 0 when converted (even with things reported), 1 when an
 * input cannot be read or parsed (nothing is written), 2 for bad arguments.
 */
import { writeFileSync } from "node:fs";
import { readInputFile, unreadableReason } from "../config/source";
import { parseArguments, usageError } from "./arguments";
import type { Io } from "./io";
import { plural } from "../common/plurals";
import { convertClusterConfigs, type InputFile } from "../eksctl/convert";
import { GET_ASSOCIATIONS_COMMAND, GET_COMMAND } from "../eksctl/roles";

/** The command's output, as the command line's (see cli.ts). */
export type CommandIo = Io;

export const FROM_EKSCTL_USAGE = `usage: npm run from-eksctl -- <ClusterConfig.yaml> [more.yaml…] [--out <irsa.yaml> [--force]] [--roles <roles.yaml>…]

Converts eksctl ClusterConfig files (one cluster each) into one irsa.yaml that
adopts the roles, service accounts and Pod Identity associations eksctl made,
and reports what it could not convert and why.

  --out <file>     write the irsa.yaml there instead of to stdout (the report goes to stdout)
  --force          overwrite the --out file if it exists
  --roles <file>   what \`${GET_COMMAND("<cluster>", "<region>")}\` prints (the
                   names CloudFormation gave the roles), or
                   \`${GET_ASSOCIATIONS_COMMAND("<cluster>", "<region>")}\` (the
                   associations' ids and roles); once per cluster and command`;

/** Runs the command; returns the exit status. */
export function fromEksctl(args: readonly string[], io: CommandIo): number {
  const parsed = parseArguments<{ out?: string; force?: boolean; roles?: string[]; help?: boolean }>(args, {
    out: { type: "string" },
    force: { type: "boolean" },
    roles: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  });
  if ("error" in parsed) return usageError(io, "from-eksctl", parsed.error, FROM_EKSCTL_USAGE);
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(FROM_EKSCTL_USAGE);
    return 0;
  }
  if (positionals.length === 0) return usageError(io, "from-eksctl", "give at least one ClusterConfig file", FROM_EKSCTL_USAGE);
  if (values.force && values.out === undefined) return usageError(io, "from-eksctl", "--force only goes with --out", FROM_EKSCTL_USAGE);

  const errors: string[] = [];
  const read = (file: string, what: string): InputFile | undefined => {
    const read = readInputFile(file);
    if ("code" in read) {
      errors.push(`${file}: ${unreadableReason(read.code)}. Give the path of ${what}.`);
      return undefined;
    }
    return { file, text: Buffer.from(read.bytes).toString("utf8") };
  };
  const inputs = positionals.map((f) => read(f, "an eksctl ClusterConfig file"));
  const roleFiles = (values.roles ?? []).map((f) => read(f, `what ${GET_COMMAND("<cluster>", "<region>")} or ${GET_ASSOCIATIONS_COMMAND("<cluster>", "<region>")} prints`));
  if (errors.length > 0) return fail(io, errors);

  const result = convertClusterConfigs(inputs as InputFile[], roleFiles as InputFile[]);
  if (result.errors.length > 0 || result.yaml === undefined) return fail(io, result.errors);

  if (values.out === undefined) {
    io.out(result.yaml.replace(/\n$/, ""));
    io.err(result.report);
    return 0;
  }
  try {
    // `wx` refuses an existing file atomically: nothing is overwritten without --force.
    writeFileSync(values.out, result.yaml, { flag: values.force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      io.err(`from-eksctl: ${values.out} exists; add --force to overwrite it, or choose another --out. Nothing was written.`);
      return 2;
    }
    io.err(`from-eksctl: ${values.out} cannot be written (${code ?? String(error)}). Nothing was written.`);
    return 2;
  }
  io.out(`${result.report}\n\nWrote ${values.out}; check it with: IRSA_CONFIG=${values.out} npm run validate`);
  return 0;
}

function fail(io: CommandIo, errors: readonly string[]): number {
  io.err(`from-eksctl: ${plural(errors.length, "problem")}`);
  for (const error of errors) io.err(`  ${error}`);
  io.err("Nothing was written.");
  return 1;
}
