import { readdirSync, readFileSync } from "node:fs";
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
