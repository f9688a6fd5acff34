import type { Backend } from "./backend";
import { moveHead, readPush } from "./git";
import { syncTemplatesOnPush, type TemplateSyncResult } from "./templateSync";

/** What proton-local did with a pushed commit. */
export interface PushResult {
  repository: { provider: string; name: string };
  branch: string;
  commitId: string;
  /** True when the branch already was at this commit: a repeated push changes nothing. */
  unchanged: boolean;
  templateSyncs: TemplateSyncResult[];
}

/** The control plane's `POST /git/push`: moves the branch head and runs the syncs that track the branch. */
export function receivePush(b: Backend, body: Record<string, unknown>): PushResult {
  const push = readPush(b, body);
  const base = { repository: push.repository, branch: push.branch, commitId: push.commitId };
  if (!moveHead(b, push)) return { ...base, unchanged: true, templateSyncs: [] };
  return {
    ...base,
    unchanged: false,
    templateSyncs: syncTemplatesOnPush(b, push.repository, push.branch, push.commitId),
  };
}
