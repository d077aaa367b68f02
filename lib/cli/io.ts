/** Where a command writes: standard output and standard error, one line at a time (tests collect them). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}
