import type { Backend } from "./backend";
import { accountOps } from "./account";
import { connectionOps } from "./connections";
import { environmentOps, progressEnvironments } from "./environments";
import { repositoryOps } from "./repositories";
import { syncStatusOps } from "./sync";
import { progressTemplateSyncs, templateSyncOps } from "./templateSync";
import { progressServices, serviceOps } from "./services";
import { tagOps } from "./tags";
import { progressRegistrations, templateOps } from "./templates";

export type Handler = (b: Backend, input: Record<string, unknown>) => Record<string, unknown>;

/** Operation name -> behaviour. The protocol layer validates input against the model before calling these. */
export const HANDLERS: Record<string, Handler> = {
  ...templateOps("ENVIRONMENT"),
  ...templateOps("SERVICE"),
  ...environmentOps,
  ...serviceOps,
  ...connectionOps,
  ...accountOps,
  ...repositoryOps,
  ...syncStatusOps,
  ...templateSyncOps,
  ...tagOps,
  // Each handler takes its own operation's input, which the model check has validated.
} as unknown as Record<string, Handler>;

/** Brings every async state machine up to the emulated clock's now. Called before each request. */
export function progress(b: Backend): void {
  const now = b.now();
  progressRegistrations(b, now);
  progressTemplateSyncs(b);
  progressEnvironments(b, now);
  progressServices(b, now);
}
