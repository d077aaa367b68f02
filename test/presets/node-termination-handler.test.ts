import { presetWorkload, statementsFor } from "../support/presets";

const QUEUE = "arn:aws:sqs:eu-west-1:111122223333:interruptions";

describe("node-termination-handler", () => {
  it("consumes only the given queues", () => {
    const workload = presetWorkload("node-termination-handler", { sqsQueueArns: [QUEUE] });
    expect(statementsFor(workload, "sqs:ReceiveMessage").map((s) => s.resources)).toEqual([[QUEUE]]);
  });
});
