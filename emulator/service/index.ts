import type { OperationName } from "../../common/model";
import type { Backend } from "./backend";
import type { Handler, Handlers, OperationInput, OperationOutput } from "./wire";
import { accountOps } from "./account";
import { componentOps, progressComponents } from "./components";
import { connectionOps } from "./connections";
import { deploymentOps } from "./deployment-api";
import { recordDeployments } from "./deployment-history";
import { environmentOps, progressEnvironments } from "./environments";
import { repositoryOps } from "./repositories";
import { syncStatusOps } from "./sync";
import { progressTemplateSyncs, templateSyncOps } from "./templateSync";
import { outputOps } from "./outputs";
import { blockingManualChanges, progressServiceSyncs, serviceSyncOps } from "./serviceSync";
import { progressServices, serviceOps } from "./services";
import { tagOps } from "./tags";
import { environmentTemplateOps, progressRegistrations, serviceTemplateOps } from "./templates";

export const HANDLERS: Handlers = {
  ...environmentTemplateOps,
  ...serviceTemplateOps,
  ...environmentOps,
  ...serviceOps,
  ...blockingManualChanges(serviceOps),
  ...connectionOps,
  ...accountOps,
  ...repositoryOps,
  ...syncStatusOps,
  ...templateSyncOps,
  ...serviceSyncOps,
  ...tagOps,
  ...outputOps,
  ...componentOps,
  ...deploymentOps,
};

/**
 * Runs one operation. The protocol layer validates input against the model before calling this.
 * Afterwards the deployment history takes in what the operation started or changed.
 */
export function handle<Op extends OperationName>(
  b: Backend,
  operation: Op,
  input: OperationInput<Op>,
): OperationOutput<Op> {
  const handler: Handler<Op> = HANDLERS[operation];
  const output = handler(b, input);
  recordDeployments(b);
  return output;
}

/** Brings every async state machine up to the emulated clock's now. Called before each request. */
export function progress(b: Backend): void {
  const now = b.now();
  progressRegistrations(b, now);
  progressTemplateSyncs(b);
  progressEnvironments(b, now);
  progressServices(b, now);
  progressComponents(b, now);
  // Service sync may start deployments as earlier ones settle: the history takes them in after it.
  progressServiceSyncs(b);
  recordDeployments(b);
}
