import { readdirSync, readFileSync, statSync } from "node:fs";
import type { RepositoryProvider } from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { bundlePath } from "./bundle-path";
import { branchKey } from "./state";

// The Git side of template and service sync. proton-local can't reach GitHub, so the control plane plays
// the provider: `POST /_proton-local/git/push` delivers a commit (the whole tree of the branch at that
// commit, as inline files or as a folder under --bundle-root), and proton-local then syncs from it as
// Proton does after a push webhook.

export interface GitPush {
  repository: { provider: RepositoryProvider; name: string };
  branch: string;
  /** The commit id, reported as the revision's `sha` (1..255 characters, no spaces). */
  commitId: string;
  /** The tree inline: path (`/`-separated, relative) -> file text. */
  files?: Record<string, string>;
  /** Or a folder under --bundle-root whose files are the tree (the same containment rules as bundles). */
  folder?: string;
}

const PROVIDERS: readonly string[] = ["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"];
/** Proton's limit for a synced repository is 250 MB; a local tree stays well below. */
const MAX_TREE_BYTES = 50 * 1024 * 1024;
const MAX_FILES = 10_000;

export class PushError extends Error {}

/** A tree keyed by path with no prototype, so a file named `__proto__` is kept like any other. */
const emptyTree = (): Record<string, string> => Object.create(null) as Record<string, string>;

/** A relative, `/`-separated path with no empty, `.` or `..` segment. */
function checkPath(path: string): string {
  const parts = path.split("/");
  if (!path || path.startsWith("/") || parts.some((p) => p === "" || p === "." || p === ".."))
    throw new PushError(`files: '${path}' must be a relative path without empty, '.' or '..' segments`);
  return path;
}

/** Reads a folder under the bundle root as a tree; every lookup goes through bundlePath. */
function readFolder(root: string | undefined, folder: string): Record<string, string> {
  const [bucket, ...rest] = folder.split("/").filter(Boolean);
  const source = { bucket: bucket ?? "", key: rest.join("/") };
  const top = root === undefined || !bucket ? undefined : bundlePath(root, source);
  if (root === undefined || top === undefined || !statSync(top).isDirectory())
    throw new PushError(`folder: '${folder}' is not a folder under --bundle-root`);
  const files = emptyTree();
  let bytes = 0;
  const walk = (segments: string[], depth: number) => {
    if (depth > 32) throw new PushError(`folder: '${folder}' nests deeper than 32 levels`);
    const here = bundlePath(root, source, ...segments);
    if (here === undefined) return; // a link leading out of the root is absent, as for bundles
    for (const entry of readdirSync(here).sort()) {
      const path = bundlePath(root, source, ...segments, entry);
      if (path === undefined) continue;
      if (statSync(path).isDirectory()) walk([...segments, entry], depth + 1);
      else {
        const text = readFileSync(path, "utf8");
        bytes += Buffer.byteLength(text);
        files[[...segments, entry].join("/")] = text;
        if (bytes > MAX_TREE_BYTES || Object.keys(files).length > MAX_FILES)
          throw new PushError(`folder: '${folder}' is larger than ${MAX_FILES} files or 50 MB`);
      }
    }
  };
  walk([], 0);
  return files;
}

/** Checks a push body and reads its tree. */
export function readPush(
  b: Backend,
  body: Record<string, unknown>,
): GitPush & { files: Record<string, string> } {
  const repo = body.repository as { provider?: unknown; name?: unknown } | undefined;
  if (typeof repo !== "object" || repo === null || !PROVIDERS.includes(String(repo.provider)))
    throw new PushError(`repository.provider must be one of ${PROVIDERS.join(", ")}`);
  if (typeof repo.name !== "string" || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo.name))
    throw new PushError("repository.name must be owner/repo");
  const { branch, commitId, files, folder } = body;
  if (typeof branch !== "string" || branch.length < 1 || branch.length > 200)
    throw new PushError("branch must be a branch name of 1..200 characters");
  if (typeof commitId !== "string" || !/^[!-~]{1,255}$/.test(commitId))
    throw new PushError("commitId must be 1..255 characters without spaces");
  if ((files === undefined) === (folder === undefined))
    throw new PushError(
      "give the commit's tree as files (path -> text) or as a folder under --bundle-root, not both",
    );
  let tree: Record<string, string>;
  if (folder !== undefined) {
    if (typeof folder !== "string") throw new PushError("folder must be a path relative to --bundle-root");
    tree = readFolder(b.options.bundleRoot, folder);
  } else {
    if (typeof files !== "object" || files === null || Array.isArray(files))
      throw new PushError("files must map paths to file text");
    tree = emptyTree();
    for (const [path, text] of Object.entries(files)) {
      if (typeof text !== "string") throw new PushError(`files: '${path}' must be text`);
      tree[checkPath(path)] = text;
    }
    if (Object.keys(tree).length > MAX_FILES) throw new PushError(`files: more than ${MAX_FILES} files`);
  }
  return {
    repository: { provider: repo.provider as RepositoryProvider, name: repo.name },
    branch,
    commitId,
    files: tree,
  };
}

/** Moves the branch head to the pushed commit; false when it already is there (a repeated push). */
export function moveHead(b: Backend, push: GitPush & { files: Record<string, string> }): boolean {
  const key = branchKey(push.repository.provider, push.repository.name, push.branch);
  if (b.state.branches[key]?.commitId === push.commitId) return false;
  b.state.branches[key] = { commitId: push.commitId, pushedAt: b.now(), files: push.files };
  return true;
}

export const branchHead = (b: Backend, provider: RepositoryProvider, name: string, branch: string) =>
  b.state.branches[branchKey(provider, name, branch)];

/** The files under `dir` (no trailing slash; "" is the root), keyed by their path relative to it. */
export function filesUnder(files: Record<string, string>, dir: string): Record<string, string> {
  const prefix = dir ? `${dir}/` : "";
  return Object.fromEntries(
    Object.entries(files)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, text]) => [path.slice(prefix.length), text]),
  );
}

/** Every directory of the tree ("" is the root), sorted by depth then name. */
export function directoriesOf(files: Record<string, string>): string[] {
  const dirs = new Set<string>([""]);
  for (const path of Object.keys(files)) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const depth = (d: string) => (d ? d.split("/").length : 0);
  return [...dirs].sort((x, y) => depth(x) - depth(y) || x.localeCompare(y));
}

/** A path as written in a sync configuration ("/templates/", "./x") in the tree's form ("templates", "x"). */
export const normalizeDir = (path: string | undefined): string =>
  (path ?? "")
    .split("/")
    .filter((p) => p !== "" && p !== ".")
    .join("/");
