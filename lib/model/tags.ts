/**
 * The tags irsa-gen sets on everything it creates, so that anyone can tell
 * who owns it: the validator reserves their keys, the output folder
 * recognises its own stacks by them.
 */
export const MANAGED_BY_TAG = "managed-by";
export const MANAGED_BY_VALUE = "irsa-gen";
export const CLUSTER_TAG = "irsa-gen/cluster";
export const SERVICE_ACCOUNT_TAG = "irsa-gen/service-account";
