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
exports.TemplateBundle = void 0;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const node_zlib_1 = require("node:zlib");
const pulumi = __importStar(require("@pulumi/pulumi"));
const bundle_archive_1 = require("../../common/bundle-archive");
/**
 * A template bundle folder packed into a deterministic `.tar.gz` and put in S3 as an
 * `aws.s3.BucketObjectv2` (from `@pulumi/aws`, loaded only when this component uploads), under a key
 * derived from the content hash. Pass it as a template version's `bundle`: it gives both `source` and
 * `bundleDir`. A changed file gives a new key, so a new version; an unchanged folder gives the same
 * bytes and key, so no diff.
 */
class TemplateBundle extends pulumi.ComponentResource {
    /** The S3 location of the archive, known once the object exists (versions depend on it). */
    source;
    /** The bundle folder, for preview-time schema checks. */
    bundleDir;
    /** The object key: `<keyPrefix><first 16 hex digits of the content hash>.tar.gz`. */
    key;
    /** SHA-256 of the tarball inside the gzip: the same files always give the same hash. */
    contentHash;
    /** The archive's bytes. */
    archive;
    /** The `aws.s3.BucketObjectv2` holding the archive; undefined with `localRoot`. */
    object;
    constructor(name, args, opts) {
        super("pulumi-proton:index:TemplateBundle", name, {}, opts);
        try {
            this.archive = (0, bundle_archive_1.packBundle)(args.dir);
        }
        catch (e) {
            throw new Error(`TemplateBundle '${name}': dir: ${e.message}`);
        }
        const archive = this.archive;
        // The key follows the tar content, not the gzip bytes, so another zlib build never means a new version.
        this.contentHash = (0, bundle_archive_1.sha256)((0, node_zlib_1.gunzipSync)(archive));
        const key = (this.key = `${args.keyPrefix ?? `${name}/`}${this.contentHash.slice(0, 16)}.tar.gz`);
        this.bundleDir = args.dir;
        if (args.localRoot !== undefined) {
            const root = args.localRoot;
            this.object = undefined;
            this.source = pulumi.output(args.bucket).apply((bucket) => {
                writeIfChanged((0, node_path_1.join)(root, bucket, key), archive);
                return { s3: { bucket, key } };
            });
        }
        else {
            const object = new (loadAws(name).s3.BucketObjectv2)(name, {
                bucket: args.bucket,
                key,
                contentBase64: archive.toString("base64"),
                contentType: "application/gzip",
            }, { parent: this });
            this.object = object;
            this.source = pulumi.all([object.bucket, object.key]).apply(([bucket, objectKey]) => ({
                s3: { bucket, key: objectKey },
            }));
        }
        this.registerOutputs({ source: this.source, key, contentHash: this.contentHash });
    }
}
exports.TemplateBundle = TemplateBundle;
/** `@pulumi/aws` is an optional peer dependency: only programs that upload bundles need it. */
function loadAws(name) {
    try {
        return require("@pulumi/aws");
    }
    catch (e) {
        if (e.code !== "MODULE_NOT_FOUND")
            throw e;
        throw new Error(`TemplateBundle '${name}': uploading to S3 needs @pulumi/aws (npm install @pulumi/aws), or set localRoot to write the archive for proton-local`);
    }
}
function writeIfChanged(file, bytes) {
    if ((0, node_fs_1.existsSync)(file) && (0, node_fs_1.readFileSync)(file).equals(bytes))
        return;
    (0, node_fs_1.mkdirSync)((0, node_path_1.dirname)(file), { recursive: true });
    (0, node_fs_1.writeFileSync)(file, bytes);
}
