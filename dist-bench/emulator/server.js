"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startProtonLocal = startProtonLocal;
const node_crypto_1 = require("node:crypto");
const node_http_1 = require("node:http");
const calls_1 = require("./control/calls");
const faults_1 = require("./control/faults");
const routes_1 = require("./control/routes");
const model_1 = require("../common/model");
const body_1 = require("./protocol/body");
const errors_1 = require("./protocol/errors");
const validate_1 = require("./protocol/validate");
const sigv4_1 = require("./protocol/sigv4");
const persistence_1 = require("./persistence");
const backend_1 = require("./service/backend");
const index_1 = require("./service/index");
const TARGET_PREFIX = "AwsProton20200720.";
const CONTENT_TYPE = "application/x-amz-json-1.0";
function send(res, status, body, contentType = CONTENT_TYPE) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        "content-type": contentType,
        "content-length": Buffer.byteLength(text),
        "x-amzn-requestid": (0, node_crypto_1.randomUUID)(),
    });
    res.end(text);
}
/** Answers 413 and closes the connection once the answer is out, so the rest of the body is never read. */
function refuseTooLarge(req, res, e, control) {
    res.shouldKeepAlive = false;
    res.once("finish", () => req.socket.destroySoon());
    if (control)
        send(res, 413, { error: e.message }, "application/json");
    else
        send(res, 413, { __type: "RequestEntityTooLargeException", message: e.message });
}
const utf8 = new TextDecoder("utf-8", { fatal: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function startProtonLocal(options = {}) {
    const backend = new backend_1.Backend({
        accountId: options.accountId ?? "000000000000",
        region: options.region ?? "us-east-1",
        bundleRoot: options.bundleRoot,
        durations: { ...backend_1.DEFAULT_DURATIONS, ...options.durations },
    });
    const faults = new faults_1.Faults(options.seed ?? 1);
    backend.outcomes = faults;
    const calls = new calls_1.CallLog();
    const credentials = options.credentials ?? [{ accessKeyId: "test", secretAccessKey: "test" }];
    if (options.stateFile)
        (0, persistence_1.loadState)(options.stateFile, backend);
    const persist = () => {
        if (options.stateFile)
            (0, persistence_1.saveState)(options.stateFile, backend);
    };
    let endpoint = "";
    const sockets = new Set();
    let interceptor;
    /** Resets the connection instead of answering; the call is logged with `error`. */
    const drop = (req, operation, input, status, error, extra = {}) => {
        calls.record(operation, input, status, { ...extra, error });
        req.socket.destroy();
    };
    async function handleApi(req, res, body) {
        const target = String(req.headers["x-amz-target"] ?? "");
        const operation = target.startsWith(TARGET_PREFIX)
            ? target.slice(TARGET_PREFIX.length)
            : target || "(none)";
        let input;
        // Faults applied to this call, kept on its call-log record so tests can assert them without timing.
        let injected = {};
        try {
            if (req.method !== "POST")
                throw new errors_1.ProtonError("UnknownOperationException", `${req.method} is not supported`);
            await (0, sigv4_1.verifySignature)({ method: req.method, url: req.url ?? "/", headers: req.headers }, body.sha256, credentials);
            if (!target.startsWith(TARGET_PREFIX) || !(0, model_1.isOperationName)(operation))
                throw new errors_1.ProtonError("UnknownOperationException", `Unknown operation ${operation}`);
            let text;
            try {
                text = utf8.decode(body.bytes);
            }
            catch {
                throw new errors_1.ProtonError("SerializationException", "Request body is not valid UTF-8");
            }
            try {
                input = text.length ? JSON.parse(text) : {};
            }
            catch {
                throw new errors_1.ProtonError("SerializationException", "Request body is not valid JSON");
            }
            const observed = { operation, input: (input ?? {}) };
            if (interceptor?.({ phase: "received", ...observed }) === "drop")
                return drop(req, operation, input, 0, "ConnectionReset");
            const verdict = faults.onRequest(operation);
            injected = { fault: verdict.fault, ...(verdict.delayMs ? { delayMs: verdict.delayMs } : {}) };
            if (verdict.delayMs)
                await sleep(verdict.delayMs);
            if (verdict.action === "reset")
                return drop(req, operation, input, 0, "ConnectionReset", injected);
            if (verdict.action === "error") {
                const err = new errors_1.ProtonError(verdict.type, verdict.message);
                calls.record(operation, input, err.status, { ...injected, error: err.type });
                return send(res, err.status, { __type: err.type, message: err.message });
            }
            const handler = index_1.HANDLERS[operation];
            if (!handler)
                throw new errors_1.ProtonError("NotImplementedException", `proton-local does not implement ${operation}`);
            (0, validate_1.validateInput)(model_1.OPERATION_INPUTS[operation], input);
            (0, index_1.progress)(backend);
            const output = handler(backend, input);
            if (!(0, model_1.isReadOnly)(operation))
                persist();
            if (verdict.loseResponse || interceptor?.({ phase: "handled", ...observed }) === "drop")
                return drop(req, operation, input, 200, "ResponseLost", injected);
            calls.record(operation, input, 200, injected);
            send(res, 200, output);
        }
        catch (e) {
            if (!(e instanceof errors_1.ProtonError))
                console.error(`proton-local: ${operation} failed:`, e);
            const err = e instanceof errors_1.ProtonError
                ? e
                : new errors_1.ProtonError("InternalServerException", "proton-local hit an internal error");
            calls.record(operation, input, err.status, { ...injected, error: err.type });
            send(res, err.status, { __type: err.type, message: err.message });
        }
    }
    const server = (0, node_http_1.createServer)((req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const isControl = url.pathname === routes_1.CONTROL_PREFIX || url.pathname.startsWith(`${routes_1.CONTROL_PREFIX}/`);
        (0, body_1.readBody)(req)
            .then(async (body) => {
            if (isControl) {
                try {
                    const parsed = body.bytes.length ? JSON.parse(utf8.decode(body.bytes)) : {};
                    send(res, 200, (0, routes_1.handleControl)({ backend, calls, faults, endpoint: () => endpoint, persist }, req.method ?? "GET", url, parsed), "application/json");
                }
                catch (e) {
                    send(res, e instanceof routes_1.ControlError ? e.status : 400, { error: e.message }, "application/json");
                }
                return;
            }
            await handleApi(req, res, body);
        })
            .catch((e) => {
            if (e instanceof body_1.BodyTooLarge)
                return refuseTooLarge(req, res, e, isControl);
            console.error("proton-local: request failed:", e);
            if (!res.headersSent)
                send(res, 500, { __type: "InternalServerException", message: "proton-local internal error" });
        });
    });
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    const host = options.host ?? "127.0.0.1";
    await new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = server.address();
    endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    return {
        endpoint,
        controlUrl: `${endpoint}${routes_1.CONTROL_PREFIX}`,
        backend,
        calls,
        faults,
        intercept: (next) => {
            interceptor = next;
        },
        close: () => new Promise((resolve) => {
            for (const s of sockets)
                s.destroy();
            server.close(() => resolve());
        }),
    };
}
