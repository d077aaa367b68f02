import { presetErrors, presetWorkload, statementsFor } from "../support/presets";

describe("amazon-managed-prometheus", () => {
  const workspace = "arn:aws:aps:eu-west-1:111122223333:workspace/ws-0123abcd-4567-89ef-0123-456789abcdef";

  it("writes and queries only the given workspaces", () => {
    const workload = presetWorkload("amazon-managed-prometheus", { workspaceArns: [workspace] });
    expect(statementsFor(workload, "aps:RemoteWrite").map((s) => s.resources)).toEqual([[workspace]]);
  });

  it("refuses a workspace alias where the workspace belongs", () => {
    expect(presetErrors("amazon-managed-prometheus", { workspaceArns: ["arn:aws:aps:eu-west-1:111122223333:alias/prod"] }).join("\n")).toContain("workspaceArns[0]: is not the ARN of a workspace");
  });
});
