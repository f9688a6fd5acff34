"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bundlePath = bundlePath;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
// The bundle root (`--bundle-root`) stands in for S3: `<root>/<bucket>/<key>` is the object. S3 keys are
// opaque strings, so every lookup goes through bundlePath, which guarantees nothing outside the root is
// ever read and that what lies outside never changes an answer (an escaping key is simply "absent"):
//  - a bucket or key with a `.` or `..` segment is absent: in S3 `a/../b` is its own object, not `b`;
//  - the resolved path must lie strictly inside the root;
//  - symlinks are followed, and the real path must lie inside the root's real path: links may point
//    anywhere inside the root (e.g. one bundle version sharing another's folder), never outside it.
// The caller reads the returned real path itself, so a link swapped after the check is not followed.
function isInside(parent, child) {
    const rel = (0, node_path_1.relative)(parent, child);
    return rel !== "" && rel !== ".." && !rel.startsWith(`..${node_path_1.sep}`) && !(0, node_path_1.isAbsolute)(rel);
}
const hasDotSegment = (s) => s.split("/").some((part) => part === "." || part === "..");
function realpath(path) {
    try {
        return (0, node_fs_1.realpathSync)(path);
    }
    catch {
        return undefined; // missing, a dangling link, a NUL byte, a loop: all "absent"
    }
}
/**
 * The real path of `<root>/<bucket>/<key>[/<inside>...]` when it exists inside the bundle root, else
 * undefined. `inside` are fixed path segments chosen by the emulator (e.g. "schema", "schema.yaml").
 */
function bundlePath(root, source, ...inside) {
    if (hasDotSegment(source.bucket) || source.bucket.includes("/") || hasDotSegment(source.key))
        return undefined;
    const lexicalRoot = (0, node_path_1.resolve)(root);
    const lexical = (0, node_path_1.resolve)(lexicalRoot, source.bucket, ...source.key.split("/").filter(Boolean), ...inside);
    if (!isInside(lexicalRoot, lexical))
        return undefined;
    const realRoot = realpath(lexicalRoot);
    const real = realpath(lexical);
    if (!realRoot || !real || !isInside(realRoot, real))
        return undefined;
    return real;
}
