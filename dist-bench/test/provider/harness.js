"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.envSpec = exports.unique = exports.WEB_BUNDLE_DIR = exports.ENV_BUNDLE_DIR = exports.ROLE_ARN = exports.BUCKET = exports.BUNDLE_ROOT = void 0;
exports.startHarness = startHarness;
exports.publishedEnvTemplate = publishedEnvTemplate;
const node_path_1 = require("node:path");
const client_proton_1 = require("@aws-sdk/client-proton");
const emulator_1 = require("../../emulator");
const runtime_1 = require("../../provider/runtime");
// Provider tests run the real lifecycle (runtime.providerFor) against an in-process proton-local over
// HTTP, through the real AWS SDK, exactly as the Pulumi host would call it.
exports.BUNDLE_ROOT = (0, node_path_1.join)(__dirname, "..", "fixtures", "bundles");
exports.BUCKET = "proton-local-fixtures";
exports.ROLE_ARN = "arn:aws:iam::000000000000:role/ProtonServiceRole";
exports.ENV_BUNDLE_DIR = (0, node_path_1.join)(exports.BUNDLE_ROOT, exports.BUCKET, "env-vpc/v1");
exports.WEB_BUNDLE_DIR = (0, node_path_1.join)(exports.BUNDLE_ROOT, exports.BUCKET, "svc-web/v1");
/** How long proton-local's registrations, deployments, deletions and cancellations take here. */
const STATE_CHANGE_MS = 30;
async function startHarness() {
    const ms = STATE_CHANGE_MS;
    const local = await (0, emulator_1.startProtonLocal)({
        bundleRoot: exports.BUNDLE_ROOT,
        durations: { registrationMs: ms, deploymentMs: ms, deletionMs: ms, cancellationMs: ms },
    });
    Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL_PROTON: local.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        PULUMI_PROTON_POLL_MIN_SECONDS: "0.02",
        PULUMI_PROTON_POLL_MAX_SECONDS: "0.1",
    });
    const control = new emulator_1.ProtonLocalControl(local.endpoint);
    const client = new client_proton_1.ProtonClient({
        region: "us-east-1",
        endpoint: local.endpoint,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    let since = 0;
    const check = async (type, news) => (0, runtime_1.providerFor)(type).check({}, { ...news });
    return {
        local,
        control,
        client,
        provider: runtime_1.providerFor,
        check,
        async create(type, inputs) {
            const checked = await check(type, inputs);
            if (checked.failures?.length)
                throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
            return (await (0, runtime_1.providerFor)(type).create(checked.inputs));
        },
        async diff(type, olds, news) {
            const checked = await check(type, news);
            return (0, runtime_1.providerFor)(type).diff("id", olds, checked.inputs);
        },
        async counts() {
            return (await control.calls({ since })).counts;
        },
        async mark() {
            since = (await control.calls()).lastSeq;
        },
        async close() {
            client.destroy();
            await local.close();
        },
    };
}
let seq = 0;
/** A unique name per test, so tests in one file never collide. */
const unique = (prefix) => `${prefix}-${++seq}`;
exports.unique = unique;
const envSpec = (cidr = "10.0.0.0/16") => `proton: EnvironmentSpec\nspec:\n  cidr: ${cidr}\n  flow_logs: true\n`;
exports.envSpec = envSpec;
/** Creates a published environment template version and returns its names. */
async function publishedEnvTemplate(h, name = (0, exports.unique)("envtpl")) {
    await h.create("EnvironmentTemplate", { name, logicalId: `t/${name}` });
    const version = await h.create("EnvironmentTemplateVersion", {
        templateName: name,
        source: { s3: { bucket: exports.BUCKET, key: "env-vpc/v1" } },
        bundleDir: exports.ENV_BUNDLE_DIR,
        logicalId: `t/${name}-v1`,
    });
    return { templateName: name, version };
}
