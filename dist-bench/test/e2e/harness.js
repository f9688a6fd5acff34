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
exports.MANAGEMENT_ACCOUNT = exports.serviceSpec = exports.envSpec = exports.countsOf = exports.stateCounts = exports.NO_RESOURCES = exports.TEST_CREDENTIALS = exports.diagnostics = exports.diagnosticText = exports.nameOf = exports.protonResources = exports.TYPE_PREFIX = exports.PROJECT = exports.WEB_BUNDLE_DIR = exports.ROLE_ARN = exports.ENV_BUNDLE_DIR = exports.BUNDLE_ROOT = exports.BUCKET = exports.REPO_ROOT = void 0;
exports.assertBuilt = assertBuilt;
exports.pulumiRoot = pulumiRoot;
exports.toolchain = toolchain;
exports.recorder = recorder;
exports.steps = steps;
exports.changedKeys = changedKeys;
exports.opsByName = opsByName;
exports.expectOps = expectOps;
exports.engineEnv = engineEnv;
exports.startE2E = startE2E;
exports.inventory = inventory;
exports.platformProgram = platformProgram;
const node_child_process_1 = require("node:child_process");
const node_fs_1 = require("node:fs");
const node_os_1 = require("node:os");
const node_path_1 = require("node:path");
const node_util_1 = require("node:util");
const client_proton_1 = require("@aws-sdk/client-proton");
const pulumi = __importStar(require("@pulumi/pulumi"));
const automation_1 = require("@pulumi/pulumi/automation");
const emulator_1 = require("../../emulator");
const proton = __importStar(require("../../provider"));
const harness_1 = require("../provider/harness");
Object.defineProperty(exports, "BUCKET", { enumerable: true, get: function () { return harness_1.BUCKET; } });
Object.defineProperty(exports, "BUNDLE_ROOT", { enumerable: true, get: function () { return harness_1.BUNDLE_ROOT; } });
Object.defineProperty(exports, "ENV_BUNDLE_DIR", { enumerable: true, get: function () { return harness_1.ENV_BUNDLE_DIR; } });
Object.defineProperty(exports, "ROLE_ARN", { enumerable: true, get: function () { return harness_1.ROLE_ARN; } });
Object.defineProperty(exports, "WEB_BUNDLE_DIR", { enumerable: true, get: function () { return harness_1.WEB_BUNDLE_DIR; } });
const grpc_isolation_1 = require("./grpc-isolation");
// End-to-end harness: the real Pulumi CLI (scripts/ensure-pulumi) drives inline Automation API programs
// against an in-process proton-local, with a local file backend and passphrase secrets. The provider
// process the CLI starts loads the compiled provider (`pulumi-proton/runtime` -> dist/) from the repo root.
const execFileAsync = (0, node_util_1.promisify)(node_child_process_1.execFile);
exports.REPO_ROOT = (0, node_path_1.resolve)(__dirname, "..", "..");
exports.PROJECT = "proton-e2e";
/** Every pulumi-proton resource's type token starts with this. */
exports.TYPE_PREFIX = "pulumi-nodejs:dynamic/proton:";
/** Fails with a clear message when the compiled provider (what the CLI's provider process loads) is missing or stale. */
function assertBuilt() {
    const runtime = (0, node_path_1.join)(exports.REPO_ROOT, "dist", "provider", "runtime.js");
    if (!(0, node_fs_1.existsSync)(runtime))
        throw new Error(`${runtime} is missing: run \`npm run build\` before the e2e tests (the Pulumi CLI runs the compiled provider).`);
    const built = (0, node_fs_1.statSync)(runtime).mtimeMs;
    const newest = (dir) => (0, node_fs_1.readdirSync)(dir, { withFileTypes: true }).reduce((best, entry) => {
        const path = (0, node_path_1.join)(dir, entry.name);
        const candidate = entry.isDirectory()
            ? newest(path)
            : entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")
                ? { file: path, mtime: (0, node_fs_1.statSync)(path).mtimeMs }
                : best;
        return candidate.mtime > best.mtime ? candidate : best;
    }, { file: "", mtime: 0 });
    for (const source of ["provider", "common"].map((d) => newest((0, node_path_1.join)(exports.REPO_ROOT, d))))
        if (source.mtime > built + 1000)
            throw new Error(`dist/ is older than ${source.file}: run \`npm run build\` before the e2e tests.`);
}
let installRoot;
/**
 * The Pulumi CLI install root (the folder holding bin/pulumi and the plugin launchers), found once per test
 * file, which then prints the CLI, language host and Node.js its runs use.
 */
function pulumiRoot() {
    if (installRoot === undefined) {
        const out = (0, node_child_process_1.execFileSync)((0, node_path_1.join)(exports.REPO_ROOT, "scripts", "ensure-pulumi"), {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        });
        const binDir = out.trim().split("\n").pop() ?? "";
        if (!(0, node_fs_1.existsSync)((0, node_path_1.join)(binDir, "pulumi")))
            throw new Error(`scripts/ensure-pulumi printed '${binDir}', which holds no pulumi`);
        process.stderr.write(`${toolchain(binDir)}\n`);
        installRoot = (0, node_path_1.dirname)(binDir);
    }
    return installRoot;
}
/**
 * What the CLI in `binDir` runs programs with. Runs put `binDir` first on PATH, and the CLI takes the first
 * `pulumi-language-nodejs` on PATH (an installed upstream host when `binDir` is an installed CLI's).
 */
function toolchain(binDir) {
    const version = (file, ...args) => (0, node_child_process_1.execFileSync)(file, args, { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } })
        .trim()
        .split("\n")[0];
    // Hosts older than the -version flag exit with their usage instead.
    const hostVersion = (file) => {
        try {
            return version(file, "-version");
        }
        catch {
            return "(version not reported)";
        }
    };
    const host = [binDir, ...(process.env.PATH ?? "").split(node_path_1.delimiter)]
        .map((dir) => (0, node_path_1.join)(dir, "pulumi-language-nodejs"))
        .find((file) => (0, node_fs_1.existsSync)(file));
    const hostText = host === undefined
        ? "none found (project-directory runs fail)"
        : (0, node_fs_1.existsSync)((0, node_path_1.join)((0, node_path_1.dirname)(host), "pulumi-language-nodejs-host.js"))
            ? `the substitute from tools/language-host (${host})`
            : `pulumi-language-nodejs ${hostVersion(host)} (${host})`;
    return [
        `e2e: Pulumi CLI ${version((0, node_path_1.join)(binDir, "pulumi"), "version")} (${(0, node_path_1.join)(binDir, "pulumi")})`,
        `language host: ${hostText}`,
        `Node.js ${process.version} (${process.execPath})`,
    ].join("; ");
}
function recorder() {
    const run = { events: [], stdout: "" };
    return {
        run,
        onEvent: (e) => run.events.push(e),
        onOutput: (s) => (run.stdout += s),
    };
}
/** The pulumi-proton resources among a state's resources. */
const protonResources = (resources = []) => resources.filter((r) => r.type.startsWith(exports.TYPE_PREFIX));
exports.protonResources = protonResources;
/** The logical name at the end of a URN. */
const nameOf = (urn) => urn.slice(urn.lastIndexOf("::") + 2);
exports.nameOf = nameOf;
/** Step metadata of the pulumi-proton resources, in event order. */
function steps(run, kind = "pre") {
    return run.events
        .map((e) => (kind === "pre" ? e.resourcePreEvent : e.resOutputsEvent)?.metadata)
        .filter((m) => !!m && m.type.startsWith(exports.TYPE_PREFIX));
}
/**
 * The top-level properties that differ between two property bags (`__provider` aside). The dynamic-provider
 * host never forwards `diffs`/`detailedDiff` to the engine (it sends only changes, replaces and
 * deleteBeforeReplace), so the step events carry none; their old and new inputs/outputs say what changed.
 */
function changedKeys(olds = {}, news = {}) {
    return [...new Set([...Object.keys(olds), ...Object.keys(news)])]
        .filter((k) => k !== "__provider" && JSON.stringify(olds[k]) !== JSON.stringify(news[k]))
        .sort();
}
/** Logical name -> ops of its steps (a replacement has several), from the resource pre-events. */
function opsByName(run) {
    const out = {};
    for (const m of steps(run))
        (out[(0, exports.nameOf)(m.urn)] ??= []).push(m.op);
    return out;
}
/** Every resource of `names` had exactly the ops in `changed`, the rest "same". */
function expectOps(run, names, changed) {
    const same = Object.fromEntries(names.map((n) => [n, ["same"]]));
    expect(opsByName(run)).toEqual({ ...same, ...changed });
}
/** The text of the diagnostics of a run that `keep` selects. */
const diagnosticText = (run, keep) => run.events
    .map((e) => e.diagnosticEvent)
    .filter((d) => !!d && keep(d))
    .map((d) => d.message)
    .join("");
exports.diagnosticText = diagnosticText;
/** Diagnostics (provider progress lines, errors) as text, all or of one severity. */
const diagnostics = (run, severity) => (0, exports.diagnosticText)(run, (d) => !severity || d.severity === severity);
exports.diagnostics = diagnostics;
/** The keys proton-local accepts unless a test gives others. */
exports.TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
/** Nothing for the default credential chain to find: no keys, no shared files, no instance metadata. */
const NO_CREDENTIALS = {
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
    AWS_CONFIG_FILE: "/nonexistent/config",
    AWS_EC2_METADATA_DISABLED: "true",
};
/**
 * What a CLI run needs to reach proton-local at `endpoint` with a file backend in `stateDir`: passphrase
 * secrets, no update checks, the given keys, and fast polling (proton-local's durations are short).
 */
function engineEnv(endpoint, stateDir, credentials = exports.TEST_CREDENTIALS) {
    return {
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: "test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_REGION: "us-east-1",
        AWS_ENDPOINT_URL_PROTON: endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        PULUMI_PROTON_POLL_MIN_SECONDS: "0.02",
        PULUMI_PROTON_POLL_MAX_SECONDS: "0.1",
    };
}
// The in-process SDK clients (tests, proton-local's own) should not warn about the Node version either.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
let cliRoot;
/** What every startE2E of a test file needs, done once: a fresh build, isolated engine connections, the CLI. */
function prepareOnce() {
    if (cliRoot === undefined) {
        assertBuilt();
        // Many CLI runs in one process: each must reach its own engine (see grpc-isolation.ts).
        (0, grpc_isolation_1.isolateEngineConnections)();
        cliRoot = pulumiRoot();
    }
    return cliRoot;
}
/** Starts proton-local and creates a stack (file backend in a temp dir) that runs `program`. */
async function startE2E(stackName, program, options = {}) {
    const root = prepareOnce();
    const durationMs = options.durationMs ?? 50;
    const credentials = options.credentials ?? exports.TEST_CREDENTIALS;
    const local = await (0, emulator_1.startProtonLocal)({
        bundleRoot: harness_1.BUNDLE_ROOT,
        credentials: [credentials],
        durations: {
            registrationMs: durationMs,
            deploymentMs: durationMs,
            deletionMs: durationMs,
            cancellationMs: durationMs,
        },
    });
    const tmp = (0, node_fs_1.mkdtempSync)((0, node_path_1.join)((0, node_os_1.tmpdir)(), "pulumi-proton-e2e-"));
    const stateDir = (0, node_path_1.join)(tmp, "state");
    const workDir = (0, node_path_1.join)(tmp, "work");
    const pulumiHome = (0, node_path_1.join)(tmp, "home");
    for (const d of [stateDir, workDir, pulumiHome])
        (0, node_fs_1.mkdirSync)(d);
    const backend = `file://${stateDir}`;
    const stack = await automation_1.LocalWorkspace.createOrSelectStack({ stackName, projectName: exports.PROJECT, program }, {
        workDir,
        pulumiHome,
        pulumiCommand: await automation_1.PulumiCommand.get({ root }),
        envVars: engineEnv(local.endpoint, stateDir, credentials),
        secretsProvider: "passphrase",
        // The provider process runs in `main`: the repo root, whose node_modules resolve @pulumi/pulumi
        // and pulumi-proton (a symlink to this repo, so `pulumi-proton/runtime` is dist/provider/runtime.js).
        projectSettings: { name: exports.PROJECT, runtime: "nodejs", main: exports.REPO_ROOT, backend: { url: backend } },
    });
    await stack.setConfig("aws:region", { value: "us-east-1" });
    const workspace = stack.workspace;
    const control = new emulator_1.ProtonLocalControl(local.endpoint);
    const client = new client_proton_1.ProtonClient({ region: "us-east-1", endpoint: local.endpoint, credentials });
    let since = 0;
    return {
        local,
        control,
        client,
        stack,
        stateDir,
        workDir,
        async callsSinceMark() {
            return (await control.calls({ since })).calls;
        },
        async mark() {
            since = (await control.calls()).lastSeq;
        },
        useCredentials(next) {
            const env = workspace.envVars;
            for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", ...Object.keys(NO_CREDENTIALS)])
                delete env[key];
            if (next === "none")
                Object.assign(env, NO_CREDENTIALS);
            else
                Object.assign(env, {
                    AWS_ACCESS_KEY_ID: next.accessKeyId,
                    AWS_SECRET_ACCESS_KEY: next.secretAccessKey,
                });
        },
        async exportState(showSecrets) {
            const args = ["stack", "export", "--stack", stackName, ...(showSecrets ? ["--show-secrets"] : [])];
            const { stdout } = await execFileAsync((0, node_path_1.join)(root, "bin", "pulumi"), args, {
                cwd: workDir,
                env: { ...process.env, PULUMI_HOME: pulumiHome, ...workspace.envVars },
                maxBuffer: 64 * 1024 * 1024,
            });
            return JSON.parse(stdout);
        },
        async close() {
            client.destroy();
            await local.close();
            (0, node_fs_1.rmSync)(tmp, { recursive: true, force: true });
        },
    };
}
/** stateCounts of an empty proton-local. */
exports.NO_RESOURCES = {
    templates: 0,
    versions: 0,
    environments: 0,
    services: 0,
    instances: 0,
    connections: 0,
};
/** Number of records per proton-local state collection (the resources, not bookkeeping). */
const stateCounts = async (control) => (0, exports.countsOf)(await inventory(control));
exports.stateCounts = stateCounts;
/** The number of records in each collection of an inventory. */
const countsOf = (held) => ({
    templates: held.templates.length,
    versions: held.versions.length,
    environments: held.environments.length,
    services: held.services.length,
    instances: held.instances.length,
    connections: held.connections.length,
});
exports.countsOf = countsOf;
/**
 * What proton-local holds, as sorted names per collection with the statuses that matter: equal
 * inventories mean the same resources, none twice, none left over.
 */
async function inventory(control) {
    const { state } = await control.state();
    const sorted = (items, show) => Object.values(items).map(show).sort();
    return {
        templates: Object.keys(state.templates).sort(),
        versions: sorted(state.versions, (v) => `${v.templateName}:${v.major}.${v.minor} ${v.status}`),
        environments: sorted(state.environments, (env) => `${env.name} ${env.deploymentStatus}`),
        services: sorted(state.services, (s) => `${s.name} ${s.status} pipeline ${s.pipeline?.deploymentStatus ?? "none"}`),
        instances: sorted(state.instances, (i) => `${i.serviceName}/${i.name} ${i.deploymentStatus}`),
        connections: sorted(state.connections, (c) => `${c.environmentName} ${c.status}`),
    };
}
const envSpec = (cidr, flowLogs = true) => `proton: EnvironmentSpec\nspec:\n  cidr: ${cidr}\n  flow_logs: ${flowLogs}\n`;
exports.envSpec = envSpec;
const serviceSpec = (devEnv, prodEnv) => [
    "proton: ServiceSpec",
    "pipeline:",
    "  build_cmd: make image",
    "instances:",
    "  - name: web-dev",
    `    environment: ${devEnv}`,
    "    spec:",
    "      port: 8080",
    "  - name: web-prod",
    `    environment: ${prodEnv}`,
    "    spec:",
    "      port: 8080",
    "      size: large",
    "",
].join("\n");
exports.serviceSpec = serviceSpec;
exports.MANAGEMENT_ACCOUNT = "111122223333";
/**
 * The reference stack: all seven resource types wired by outputs. Versions depend on their templates, the
 * environments on the published environment version (major version and schema), the service on both
 * environments (its spec names them) and the service version, and `prod` is provisioned through an
 * accepted environment account connection instead of a service role.
 */
function platformProgram(model) {
    return async () => {
        const envTemplate = new proton.EnvironmentTemplate("env-template", {
            name: "vpc",
            displayName: "Shared VPC",
        });
        const envVersion = new proton.EnvironmentTemplateVersion("env-template-v1", {
            templateName: envTemplate.name,
            source: { s3: { bucket: harness_1.BUCKET, key: "env-vpc/v1" } },
            bundleDir: harness_1.ENV_BUNDLE_DIR,
            description: "VPC v1",
        });
        const svcTemplate = new proton.ServiceTemplate("svc-template", {
            name: "web",
            displayName: "Web service",
        });
        const svcVersion = new proton.ServiceTemplateVersion("svc-template-v1", {
            templateName: svcTemplate.name,
            source: { s3: { bucket: harness_1.BUCKET, key: "svc-web/v1" } },
            bundleDir: harness_1.WEB_BUNDLE_DIR,
            compatibleEnvironmentTemplates: [
                { templateName: envTemplate.name, majorVersion: envVersion.majorVersion },
            ],
        });
        const connection = new proton.EnvironmentAccountConnection("prod-connection", {
            managementAccountId: exports.MANAGEMENT_ACCOUNT,
            environmentName: "prod",
            roleArn: harness_1.ROLE_ARN,
            accept: true,
        });
        const dev = new proton.Environment("dev", {
            name: "dev",
            templateName: envTemplate.name,
            templateMajorVersion: envVersion.majorVersion,
            templateSchema: envVersion.schema,
            spec: model.devSpec,
            protonServiceRoleArn: harness_1.ROLE_ARN,
        });
        const prod = new proton.Environment("prod", {
            name: connection.environmentName,
            templateName: envTemplate.name,
            templateMajorVersion: envVersion.majorVersion,
            templateSchema: envVersion.schema,
            spec: model.prodSpec,
            environmentAccountConnectionId: connection.connectionId,
        });
        const service = new proton.Service("web", {
            name: model.serviceName,
            templateName: svcTemplate.name,
            templateMajorVersion: svcVersion.majorVersion,
            templateSchema: svcVersion.schema,
            spec: pulumi.all([dev.name, prod.name]).apply(([d, p]) => (0, exports.serviceSpec)(d, p)),
        });
        return { service: service.name, instances: service.instances, prodAccount: prod.environmentAccountId };
    };
}
