import type { Backend } from "./backend";
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
import { progressRegistrations, templateOps } from "./templates";

export type Handler = (b: Backend, input: Record<string, unknown>) => Record<string, unknown>;

const OPERATIONS = {
  ...templateOps("ENVIRONMENT"),
  ...templateOps("SERVICE"),
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
  // Each handler takes its own operation's input, which the model check has validated.
} as unknown as Record<string, Handler>;

/**
 * Operation name -> behaviour. The protocol layer validates input against the model before calling these.
 * After each one the deployment history takes in what it started or changed.
 */
export const HANDLERS: Record<string, Handler> = Object.fromEntries(
  Object.entries(OPERATIONS).map(([name, handler]) => [
    name,
    (b: Backend, input: Record<string, unknown>) => {
      const output = handler(b, input);
      recordDeployments(b);
      return output;
    },
  ]),
);

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
