/**
 * The `node-termination-handler` preset: AWS Node Termination Handler (queue
 * processor).
 */
import { arns, SQS_QUEUES } from "./parameters";
import { type Preset, TERRAFORM_AWS_IAM } from "./preset";

// https://github.com/aws/aws-node-termination-handler#5-create-an-iam-role-for-the-pods
export const NODE_TERMINATION_HANDLER: Preset = {
  name: "node-termination-handler",
  title: "AWS Node Termination Handler (queue processor)",
  source: `${TERRAFORM_AWS_IAM} (node_termination_handler), after aws/aws-node-termination-handler README`,
  defaultNamespace: "kube-system",
  defaultServiceAccount: "aws-node-termination-handler",
  serviceAccountCreatedBy: "its Helm chart (`serviceAccount.create`)",
  parameters: { sqsQueueArns: SQS_QUEUES("The queues EventBridge sends interruption and lifecycle events to", true) },
  statements(params) {
    return [
      {
        effect: "Allow",
        actions: ["autoscaling:CompleteLifecycleAction", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeTags", "ec2:DescribeInstances"],
        resources: ["*"],
      },
      { effect: "Allow", actions: ["sqs:DeleteMessage", "sqs:ReceiveMessage"], resources: [...arns(params, "sqsQueueArns")] },
    ];
  },
};
