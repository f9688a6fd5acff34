"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bundleFiles = bundleFiles;
exports.versionBundle = versionBundle;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const bundle_archive_1 = require("../../common/bundle-archive");
const bundle_path_1 = require("./bundle-path");
const state_1 = require("./state");
// The files of a registered template version's bundle, for rendering its deployments: the bundle a
// template sync stored, else the `.tar.gz` object or unpacked folder under the bundle root.
/** Every file of a bundle folder or `.tar.gz` at `path` (relative path -> text). */
function bundleFiles(path) {
    let stat;
    try {
        stat = (0, node_fs_1.statSync)(path);
    }
    catch {
        return undefined;
    }
    if (stat.isDirectory())
        return new Map((0, bundle_archive_1.bundleEntries)(path)
            .filter((p) => (0, node_fs_1.statSync)((0, node_path_1.join)(path, p)).isFile())
            .map((p) => [p, (0, node_fs_1.readFileSync)((0, node_path_1.join)(path, p), "utf8")]));
    const entries = [...(0, bundle_archive_1.readArchive)(path)].filter(([, e]) => e.type === "File");
    // A tarball holds the bundle at its root or inside one top folder.
    const tops = new Set(entries.map(([p]) => p.split("/")[0]));
    const prefix = !entries.some(([p]) => p === "schema/schema.yaml") && tops.size === 1 ? `${[...tops][0]}/` : "";
    return new Map(entries.map(([p, e]) => [p.slice(prefix.length), e.data.toString("utf8")]));
}
/** The bundle of template version `name:major.minor`, or undefined when it can't be found. */
function versionBundle(b, kind, name, major, minor) {
    const key = (0, state_1.versionKey)(kind, name, major, minor);
    const synced = b.state.syncedBundles?.[key];
    if (synced)
        return new Map(Object.entries(synced));
    const version = b.state.versions[key];
    const root = b.options.bundleRoot;
    const path = version && root ? (0, bundle_path_1.bundlePath)(root, version.source.s3) : undefined;
    try {
        return path === undefined ? undefined : bundleFiles(path);
    }
    catch {
        return undefined;
    }
}
