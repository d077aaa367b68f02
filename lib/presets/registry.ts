import type { Preset } from "./preset";

export const PRESETS: ReadonlyMap<string, Preset> = new Map();

export function findPreset(name: string): Preset | undefined {
  return PRESETS.get(name);
}
