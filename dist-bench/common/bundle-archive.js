"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.sha256 = void 0;
exports.bundleEntries = bundleEntries;
exports.packBundle = packBundle;
exports.readArchive = readArchive;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const tar = __importStar(require("tar"));
// Template bundles as Proton reads them: a gzipped tarball of the bundle folder (`schema/`,
// `infrastructure/`...). Packing is deterministic, so the same files always give the same bytes and the
// same content hash: entries sorted by path, owners and times fixed, modes normalised, and a gzip header
// without a timestamp. proton-local reads archives with the same library.
/** The fixed modification time of every file entry (tools warn about 1970 timestamps). */
const FIXED_MTIME = new Date("1980-01-01T00:00:00Z");
/** Files and folders of a bundle, relative POSIX paths in byte order; dot-files (.git, .DS_Store) are left out. */
function bundleEntries(dir) {
    const found = [];
    const walk = (rel) => {
        for (const name of (0, node_fs_1.readdirSync)((0, node_path_1.join)(dir, rel))) {
            if (name.startsWith("."))
                continue;
            const path = rel ? `${rel}/${name}` : name;
            const stat = (0, node_fs_1.statSync)((0, node_path_1.join)(dir, path));
            if (stat.isDirectory()) {
                found.push(path);
                walk(path);
            }
            else if (stat.isFile())
                found.push(path);
        }
    };
    walk("");
    return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
/** Executable files stay executable (CodeBuild scripts); everything else is 0644, folders 0755. */
const normalMode = (mode, isDir) => (mode & ~0o7777) | (isDir || mode & 0o111 ? 0o755 : 0o644);
/** The bundle folder as a deterministic `.tar.gz`. */
function packBundle(dir) {
    const entries = bundleEntries(dir);
    if (!entries.length)
        throw new Error(`bundle folder '${dir}' is empty`);
    const pack = tar.create({
        sync: true,
        cwd: dir,
        gzip: { level: 9 },
        portable: true, // no uid/gid/owner names, no atime/ctime; gzip header without time, OS "unknown"
        mtime: FIXED_MTIME,
        noDirRecurse: true, // the sorted list above is the whole archive, in that order
        follow: true,
        onWriteEntry: (entry) => {
            if (entry.stat)
                entry.stat.mode = normalMode(entry.stat.mode, entry.type === "Directory");
        },
    }, entries);
    return pack.read();
}
/** Hex SHA-256 of an archive: what a bundle's S3 key is derived from. */
const sha256 = (bytes) => (0, node_crypto_1.createHash)("sha256").update(bytes).digest("hex");
exports.sha256 = sha256;
/** The entries of a `.tar.gz` (path → entry); throws when it is not a gzipped tarball. */
function readArchive(file) {
    const entries = new Map();
    try {
        listEntries(file, entries);
    }
    catch (e) {
        // A stream error surfaces as Node's "Unhandled error" wrapping the parser's own error.
        const cause = e.context ?? e;
        const detail = (cause instanceof Error ? cause.message : String(cause)).split("\n")[0];
        throw new Error(`it is not a gzipped tar archive (${detail})`);
    }
    if (!entries.size)
        throw new Error("it holds no files");
    return entries;
}
function listEntries(file, entries) {
    tar.list({
        sync: true,
        file,
        strict: true,
        onReadEntry: (entry) => {
            const chunks = [];
            entry.on("data", (c) => chunks.push(c));
            entry.on("end", () => entries.set(entry.path.replace(/\/$/, ""), {
                type: entry.type,
                mode: entry.mode ?? 0,
                data: Buffer.concat(chunks),
            }));
        },
    });
}
