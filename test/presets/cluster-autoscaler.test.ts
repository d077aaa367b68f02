import { conditionsOn, presetErrors, presetWorkload,  } from "../support/presets";

describe("cluster-autoscaler", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["the cluster's own name by default", {}, "prod"],
    ["the given clusterName", { clusterName: "legacy-name" }, "legacy-name"],
  ])("scales only groups tagged for %s", (_what, params, cluster) => {
    const workload = presetWorkload("cluster-autoscaler", params);
    expect(conditionsOn(workload, "autoscaling:SetDesiredCapacity")).toEqual([`StringEquals autoscaling:ResourceTag/kubernetes.io/cluster/${cluster}=owned`]);
    expect(conditionsOn(workload, "autoscaling:TerminateInstanceInAutoScalingGroup")).toHaveLength(1);
  });

  it("refuses a cluster name EKS would not accept", () => {
    expect(presetErrors("cluster-autoscaler", { clusterName: "has space" }).join("\n")).toContain('clusters[0].workloads[0].clusterName: is not valid for preset cluster-autoscaler (got "has space")');
  });
});
