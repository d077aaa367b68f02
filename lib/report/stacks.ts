import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClusterStack } from "../cluster-stack";
import { prototypeSafeApp } from "../stack-synthesis";
import type { ClusterConfig } from "../config/model";
import type { StackJson } from "./report";

/**
 * A cluster's stack as Terraform JSON, synthesized in memory exactly as
 * `synth` builds it. cdktf's App insists on an output folder it creates;
 * a scratch folder is given and removed, and nothing is written to it.
 */
export function stackJson(cluster: ClusterConfig): StackJson {
  const scratch = mkdtempSync(join(tmpdir(), "irsa-gen-report-"));
  try {
    const app = prototypeSafeApp({ outdir: scratch, stackTraces: false });
    return JSON.parse(JSON.stringify(new ClusterStack(app, { cluster }).toTerraform())) as StackJson;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
