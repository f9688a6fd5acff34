import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

/** Every file under `dir` (the file backend: stacks, backups, history) with its text, gzip undone. */
export function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const raw = readFileSync(path);
      return { path, text: (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8") };
    });
}

/** Where the file backend keeps a project-scoped stack's checkpoint. */
export function checkpointPath(stateDir: string, project: string, stack: string): string {
  return join(stateDir, ".pulumi", "stacks", project, `${stack}.json`);
}

const parses = (path: string) => {
  try {
    JSON.parse(readFileSync(path, "utf8"));
    return true;
  } catch {
    return false;
  }
};

/**
 * Repairs a checkpoint a SIGKILL left unreadable ("failed to load checkpoint: EOF") and says what it did.
 * The file backend replaces `<stack>.json` atomically (temp file and rename), but rewrites its metadata
 * sidecar `<stack>.json.attrs` in place, so a kill there leaves the sidecar torn while the checkpoint is
 * whole. The sidecar holds only a content type and a checksum, and the backend reads a missing one as empty:
 * deleting it keeps the newest checkpoint, where restoring `<stack>.json.bak` would lose the last step.
 */
export function repairCheckpoint(checkpoint: string): string {
  const sidecar = `${checkpoint}.attrs`;
  if (!existsSync(checkpoint)) throw new Error(`no checkpoint at ${checkpoint}`);
  if (existsSync(sidecar) && !parses(sidecar)) {
    rmSync(sidecar);
    return "remove torn .json.attrs";
  }
  throw new Error(`checkpoint ${checkpoint} and its sidecar both parse; nothing known to repair`);
}
