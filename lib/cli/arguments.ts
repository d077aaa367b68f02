/**
 * The one argument parser of every command: node's `parseArgs`, strict
 * (an unknown option is an error, never ignored), and the usage error worded
 * one way for all of them (exit status 2, the usage after the reason).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Io } from "./io";

/** The options of a command, as `parseArgs` takes them. */
export type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;

/** What was given: the options' values and the other arguments, in order. */
export interface Arguments<Values> {
  readonly values: Values;
  readonly positionals: string[];
}

/** Parses `args` against `options`; an unknown option or a missing value is `{ error }`. */
export function parseArguments<Values>(args: readonly string[], options: OptionSpecs): Arguments<Values> | { readonly error: string } {
  try {
    const parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Says what is wrong with the arguments, then how the command is used; returns the exit status, 2. */
export function usageError(io: Io, command: string, reason: string, usage: string): number {
  io.err(`${command}: ${reason}\n${usage}`);
  return 2;
}
