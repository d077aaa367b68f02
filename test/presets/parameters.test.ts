import { presetErrors, presetWorkload, statementsFor } from "../support/presets";

const ZONE = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";

describe.each(["external-dns", "cert-manager"])("%s", (name) => {
  it("changes records only in the given hosted zones", () => {
    const workload = presetWorkload(name, { hostedZoneArns: [ZONE] });
    expect(statementsFor(workload, "route53:ChangeResourceRecordSets").map((s) => s.resources)).toEqual([[ZONE]]);
  });

  it.each<[string, unknown, string]>([
    ["a zone given by id only", ["Z0123456789ABCDEFGHIJ"], "hostedZoneArns[0]: is not the ARN of a hosted zone (service route53)"],
    ["a domain name", ["arn:aws:route53:::domain/example.com"], "hostedZoneArns[0]: is not the ARN of a hosted zone"],
    ["a single ARN instead of a list", ZONE, "hostedZoneArns: must be a list of ARNs"],
  ])("refuses %s", (_what, hostedZoneArns, message) => {
    expect(presetErrors(name, { hostedZoneArns }).join("\n")).toContain(`clusters[0].workloads[0].${message}`);
  });
});
