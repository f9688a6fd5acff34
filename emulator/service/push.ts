import type { Backend } from "./backend";
import { recordDeployments } from "./deployment-history";
import { moveHead, readPush } from "./git";
import { syncServicesOnPush, type ServiceSyncResult } from "./serviceSync";
import { syncTemplatesOnPush, type TemplateSyncResult } from "./templateSync";

/** What proton-local did with a pushed commit. */
export interface PushResult {
  repository: { provider: string; name: string };
  branch: string;
  commitId: string;
  /** True when the branch already was at this commit: a repeated push changes nothing. */
  unchanged: boolean;
  templateSyncs: TemplateSyncResult[];
  serviceSyncs: ServiceSyncResult[];
}

/** The control plane's `POST /git/push`: moves the branch head and runs the syncs that track the branch. */
export function receivePush(b: Backend, body: Record<string, unknown>): PushResult {
  const push = readPush(b, body);
  const base = { repository: push.repository, branch: push.branch, commitId: push.commitId };
  if (!moveHead(b, push)) return { ...base, unchanged: true, templateSyncs: [], serviceSyncs: [] };
  const result = {
    ...base,
    unchanged: false,
    // Templates first: a commit may add the template version its services move to.
    templateSyncs: syncTemplatesOnPush(b, push.repository, push.branch, push.commitId),
    serviceSyncs: syncServicesOnPush(b, push.repository, push.branch, push.commitId),
  };
  // Deployments the syncs started join the deployment history, as after an API call.
  recordDeployments(b);
  return result;
}
