"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.normalizeDir = exports.branchHead = exports.PushError = void 0;
exports.readPush = readPush;
exports.moveHead = moveHead;
exports.filesUnder = filesUnder;
exports.directoriesOf = directoriesOf;
const node_fs_1 = require("node:fs");
const bundle_path_1 = require("./bundle-path");
const state_1 = require("./state");
const PROVIDERS = ["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"];
/** Proton's limit for a synced repository is 250 MB; a local tree stays well below. */
const MAX_TREE_BYTES = 50 * 1024 * 1024;
const MAX_FILES = 10_000;
class PushError extends Error {
}
exports.PushError = PushError;
/** A relative, `/`-separated path with no empty, `.` or `..` segment. */
function checkPath(path) {
    const parts = path.split("/");
    if (!path || path.startsWith("/") || parts.some((p) => p === "" || p === "." || p === ".."))
        throw new PushError(`files: '${path}' must be a relative path without empty, '.' or '..' segments`);
    return path;
}
/** Reads a folder under the bundle root as a tree; every lookup goes through bundlePath. */
function readFolder(root, folder) {
    const [bucket, ...rest] = folder.split("/").filter(Boolean);
    const source = { bucket: bucket ?? "", key: rest.join("/") };
    const top = root === undefined || !bucket ? undefined : (0, bundle_path_1.bundlePath)(root, source);
    if (root === undefined || top === undefined || !(0, node_fs_1.statSync)(top).isDirectory())
        throw new PushError(`folder: '${folder}' is not a folder under --bundle-root`);
    const files = {};
    let bytes = 0;
    const walk = (segments, depth) => {
        if (depth > 32)
            throw new PushError(`folder: '${folder}' nests deeper than 32 levels`);
        const here = (0, bundle_path_1.bundlePath)(root, source, ...segments);
        if (here === undefined)
            return; // a link leading out of the root is absent, as for bundles
        for (const entry of (0, node_fs_1.readdirSync)(here).sort()) {
            const path = (0, bundle_path_1.bundlePath)(root, source, ...segments, entry);
            if (path === undefined)
                continue;
            if ((0, node_fs_1.statSync)(path).isDirectory())
                walk([...segments, entry], depth + 1);
            else {
                const text = (0, node_fs_1.readFileSync)(path, "utf8");
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
function readPush(b, body) {
    const repo = body.repository;
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
        throw new PushError("give the commit's tree as files (path -> text) or as a folder under --bundle-root, not both");
    let tree;
    if (folder !== undefined) {
        if (typeof folder !== "string")
            throw new PushError("folder must be a path relative to --bundle-root");
        tree = readFolder(b.options.bundleRoot, folder);
    }
    else {
        if (typeof files !== "object" || files === null || Array.isArray(files))
            throw new PushError("files must map paths to file text");
        tree = {};
        for (const [path, text] of Object.entries(files)) {
            if (typeof text !== "string")
                throw new PushError(`files: '${path}' must be text`);
            tree[checkPath(path)] = text;
        }
        if (Object.keys(tree).length > MAX_FILES)
            throw new PushError(`files: more than ${MAX_FILES} files`);
    }
    return {
        repository: { provider: repo.provider, name: repo.name },
        branch,
        commitId,
        files: tree,
    };
}
/** Moves the branch head to the pushed commit; false when it already is there (a repeated push). */
function moveHead(b, push) {
    const key = (0, state_1.branchKey)(push.repository.provider, push.repository.name, push.branch);
    if (b.state.branches[key]?.commitId === push.commitId)
        return false;
    b.state.branches[key] = { commitId: push.commitId, pushedAt: b.now(), files: push.files };
    return true;
}
const branchHead = (b, provider, name, branch) => b.state.branches[(0, state_1.branchKey)(provider, name, branch)];
exports.branchHead = branchHead;
/** The files under `dir` (no trailing slash; "" is the root), keyed by their path relative to it. */
function filesUnder(files, dir) {
    const prefix = dir ? `${dir}/` : "";
    return Object.fromEntries(Object.entries(files)
        .filter(([path]) => path.startsWith(prefix))
        .map(([path, text]) => [path.slice(prefix.length), text]));
}
/** Every directory of the tree ("" is the root), sorted by depth then name. */
function directoriesOf(files) {
    const dirs = new Set([""]);
    for (const path of Object.keys(files)) {
        const parts = path.split("/");
        for (let i = 1; i < parts.length; i++)
            dirs.add(parts.slice(0, i).join("/"));
    }
    const depth = (d) => (d ? d.split("/").length : 0);
    return [...dirs].sort((x, y) => depth(x) - depth(y) || x.localeCompare(y));
}
/** A path as written in a sync configuration ("/templates/", "./x") in the tree's form ("templates", "x"). */
const normalizeDir = (path) => (path ?? "")
    .split("/")
    .filter((p) => p !== "" && p !== ".")
    .join("/");
exports.normalizeDir = normalizeDir;
