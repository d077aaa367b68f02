/**
 * How messages count and list things, one way everywhere: the command
 * line's summaries, the ledger law, the eksctl converter's report.
 */

/** `1 role`, `2 roles`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** How many names a message lists before it only counts the rest: a line an operator can read. */
const NAMED = 5;

/** The first names, then how many more: `a, b, c, d, e and 95 more` (all of them when only one would be left out). */
export function someOf(names: readonly string[], shown = NAMED): string {
  if (names.length <= shown + 1) return names.join(", ");
  return `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
}
