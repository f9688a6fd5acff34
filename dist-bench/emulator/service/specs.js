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
exports.parseServiceSpec = exports.parseEnvironmentSpec = void 0;
exports.readBundle = readBundle;
exports.readSyncedBundle = readSyncedBundle;
exports.validateInputs = validateInputs;
const node_fs_1 = require("node:fs");
const bundle_archive_1 = require("../../common/bundle-archive");
const spec = __importStar(require("../../common/spec"));
const errors_1 = require("../protocol/errors");
const bundle_path_1 = require("./bundle-path");
function asValidation(parse) {
    try {
        return parse();
    }
    catch (e) {
        if (e instanceof spec.SpecError)
            throw (0, errors_1.validation)(e.message);
        throw e;
    }
}
const parseEnvironmentSpec = (text) => asValidation(() => spec.parseEnvironmentSpec(text));
exports.parseEnvironmentSpec = parseEnvironmentSpec;
const parseServiceSpec = (text) => asValidation(() => spec.parseServiceSpec(text));
exports.parseServiceSpec = parseServiceSpec;
/** An unpacked bundle folder; every lookup inside it goes through bundlePath too. */
function folderBundle(root, source) {
    const schemaPath = (0, bundle_path_1.bundlePath)(root, source, "schema", "schema.yaml");
    return {
        schemaText: schemaPath === undefined ? undefined : (0, node_fs_1.readFileSync)(schemaPath, "utf8"),
        hasFolder: (name) => (0, bundle_path_1.bundlePath)(root, source, name) !== undefined,
    };
}
/** A tarball holds the bundle at its root or, as `tar -czf b.tar.gz environment/` makes it, in one top folder. */
function archiveBundle(file) {
    const entries = (0, bundle_archive_1.readArchive)(file);
    const tops = new Set([...entries.keys()].map((p) => p.split("/")[0]));
    const prefix = !entries.has("schema/schema.yaml") && tops.size === 1 ? `${[...tops][0]}/` : "";
    const schema = entries.get(`${prefix}schema/schema.yaml`);
    return {
        schemaText: schema?.data.toString("utf8"),
        hasFolder: (name) => [...entries.keys()].some((p) => p.startsWith(`${prefix}${name}/`)),
    };
}
/**
 * Reads a template bundle from the folder that stands in for S3, as a `.tar.gz` object or an unpacked
 * folder. Throws a message suitable for REGISTRATION_FAILED when the bundle is missing or invalid.
 */
function readBundle(root, source, kind) {
    const where = `s3://${source.bucket}/${source.key}`;
    // Every lookup goes through bundlePath: nothing outside the root is read or even probed.
    const path = root === undefined ? undefined : (0, bundle_path_1.bundlePath)(root, source);
    if (root === undefined || path === undefined)
        throw new Error(`Unable to retrieve the template bundle ${where}: The specified key does not exist.`);
    let files;
    try {
        files = (0, node_fs_1.statSync)(path).isDirectory() ? folderBundle(root, source) : archiveBundle(path);
    }
    catch (e) {
        throw new Error(`Unable to read the template bundle ${where}: ${e.message}`);
    }
    return checkBundle(files, kind);
}
/** Registration's judgement of a bundle's files: its schema and layout, or the REGISTRATION_FAILED message. */
function checkBundle(files, kind) {
    if (files.schemaText === undefined)
        throw new Error("Template bundle is not valid: Missing file [schema/schema.yaml]");
    const hasPipeline = kind === "SERVICE" && files.hasFolder("pipeline_infrastructure");
    const problem = spec.bundleSchemaProblem(files.schemaText, kind, hasPipeline);
    if (problem)
        throw new Error(problem);
    return { schema: files.schemaText, hasPipeline };
}
/** A bundle template sync took from a pushed commit: path relative to the bundle -> text. */
function readSyncedBundle(files, kind) {
    const paths = Object.keys(files);
    return checkBundle({
        schemaText: files["schema/schema.yaml"],
        hasFolder: (name) => paths.some((p) => p.startsWith(`${name}/`)),
    }, kind);
}
/**
 * Validates spec inputs against the OpenAPI type the template schema names under `typeKey`.
 * No schema (a version restored from a state file written before bundles were required) means nothing to check.
 */
function validateInputs(schemaText, typeKey, inputs, where) {
    if (!schemaText)
        return;
    const typeName = spec.schemaTypeName(schemaText, typeKey);
    if (typeName === undefined) {
        if (typeKey === "pipeline_input_type" && Object.keys(inputs).length > 0)
            throw (0, errors_1.validation)(`${where}: the template has no pipeline, so the spec must not set pipeline inputs`);
        return;
    }
    const problems = spec.schemaProblems(schemaText, typeKey, inputs);
    if (problems.length)
        throw (0, errors_1.validation)(`${where} does not match the template schema (${typeName}): ${problems.join("; ")}`);
}
