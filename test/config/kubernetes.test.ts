import { check, expectAccepted, expectRefused, file, GRANT } from "../support/refusal";

describe("the Kubernetes side of a workload", () => {
  it.each(["default", "kube-system", "kube-public", "kube-node-lease"])("refuses createNamespace on %s, which every cluster has", (namespace) => {
    expectRefused(file([], [GRANT, "createNamespace: true"], namespace), 8, "clusters[0].workloads[0].createNamespace", `would create the namespace ${namespace}, which every cluster already has`);
  });

  it("refuses createNamespace inherited from defaults at the workload's namespace, naming where it is set", () => {
    const yaml = `defaults:\n  createNamespace: true\n${file([], [GRANT], "kube-system")}`;
    expectRefused(yaml, 7, "clusters[0].workloads[0].namespace", "(createNamespace: true at defaults.createNamespace)");
  });

  it("refuses the service account default, explaining who runs as it", () => {
    expectRefused(file([], [GRANT], "payments", "default"), 6, "clusters[0].workloads[0].serviceAccount", "every pod of the namespace without a serviceAccountName runs as it");
  });

  it("refuses labels on a service account the chart creates", () => {
    expectRefused(file([], [GRANT, "createServiceAccount: false", "serviceAccountLabels: { app: api }"]), 9, "clusters[0].workloads[0].serviceAccountLabels", "Set the labels in the chart's values");
  });

  it("refuses annotations over Kubernetes' 256 KiB", () => {
    const yaml = file([], [GRANT, `serviceAccountAnnotations: { example.com/blob: "${"x".repeat(262_144)}" }`]);
    expectRefused(yaml, 8, "clusters[0].workloads[0].serviceAccountAnnotations", "Kubernetes allows 262144 (256 KiB) for all annotations");
  });

  it("refuses the key __proto__ in labels, which the libraries writing Terraform would drop", () => {
    expectRefused(file([], [GRANT, "serviceAccountLabels: { __proto__: x }"]), 8, "clusters[0].workloads[0].serviceAccountLabels.__proto__", "would silently drop it");
  });

  it("keeps annotations of a chart's service account in the output", () => {
    const result = expectAccepted(file([], [GRANT, "createServiceAccount: false", "serviceAccountAnnotations: { example.com/x: y }"]));
    expect(result.config.clusters[0].workloads[0].serviceAccountAnnotations).toEqual({ "example.com/x": "y" });
    expect(check(file([], [GRANT])).errors).toEqual([]);
  });
});
