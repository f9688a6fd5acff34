import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CallLog } from "./control/calls";
import { Faults } from "./control/faults";
import { checkControl, checkHost, isLoopback, Refusal, type GuardOptions } from "./control/guard";
import { CONTROL_PREFIX, ControlError, handleControl } from "./control/routes";
import { isOperationName, isReadOnly, OPERATION_INPUTS } from "../common/model";
import { BodyTooLarge, readBody, type Body } from "./protocol/body";
import { ProtonError } from "./protocol/errors";
import { validateInput } from "./protocol/validate";
import { verifySignature, type Credentials } from "./protocol/sigv4";
import { StateFile } from "./persistence";
import { Backend, DEFAULT_DURATIONS, type Durations } from "./service/backend";
import { handle, progress } from "./service/index";
import type { OperationInput } from "./service/wire";

const TARGET_PREFIX = "AwsProton20200720.";
const CONTENT_TYPE = "application/x-amz-json-1.0";

export interface ProtonLocalOptions {
  port?: number;
  host?: string;
  /** Credentials whose signatures are accepted (default: access key `test`, secret `test`). */
  credentials?: Credentials[];
  accountId?: string;
  /** Region used in ARNs (clients may sign for any region). */
  region?: string;
  /** Folder standing in for S3 template bundles: `<bundleRoot>/<bucket>/<key>` is a `.tar.gz` or a bundle folder; without it every bundle is missing. */
  bundleRoot?: string;
  /** Persist state across restarts in this file (written atomically). */
  stateFile?: string;
  durations?: Partial<Durations>;
  /** Seed for probabilistic faults. */
  seed?: number;
  /**
   * Control-plane requests must then carry `Authorization: Bearer <token>`. Generated when binding beyond
   * loopback without one (see ProtonLocal.controlToken).
   */
  controlToken?: string;
}

/**
 * An in-process observer of API calls, for tests that must act at an exact point of a client's run (e.g.
 * kill it). Called when a call arrives (before it runs) and after it ran (before the answer is sent).
 * Returning "drop" resets the connection instead of going on: on "received" the call never runs, on
 * "handled" its effect stays but the answer is lost.
 */
export type CallInterceptor = (call: {
  phase: "received" | "handled";
  operation: string;
  input: Record<string, unknown>;
}) => "drop" | void;

export interface ProtonLocal {
  /** The API endpoint, e.g. http://127.0.0.1:4566 — use it as AWS_ENDPOINT_URL_PROTON. */
  endpoint: string;
  /** The control plane's base URL. */
  controlUrl: string;
  /** The token the control plane requires, if any (given, or generated when bound beyond loopback). */
  controlToken?: string;
  backend: Backend;
  calls: CallLog;
  faults: Faults;
  /** Sets (or with no argument removes) the call interceptor. */
  intercept(interceptor?: CallInterceptor): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, contentType = CONTENT_TYPE): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": randomUUID(),
  });
  res.end(text);
}

/**
 * Answers a request refused before its body was read, and closes the connection once the answer is out,
 * so the rest of the body is never read.
 */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  e: Refusal | BodyTooLarge,
  control: boolean,
): void {
  res.shouldKeepAlive = false;
  res.once("finish", () => req.socket.destroySoon());
  const status = e instanceof Refusal ? e.status : 413;
  if (control) send(res, status, { error: e.message }, "application/json");
  else if (e instanceof Refusal) send(res, status, { __type: "AccessDeniedException", message: e.message });
  else send(res, status, { __type: "RequestEntityTooLargeException", message: e.message });
}

/** Whether the request announces a body (Content-Length > 0 or chunked). */
const announcesBody = (req: IncomingMessage) =>
  Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;

/** The URL clients use: a wildcard bind address is not one, so it becomes loopback. */
function endpointFor(host: string, port: number): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startProtonLocal(options: ProtonLocalOptions = {}): Promise<ProtonLocal> {
  const backend = new Backend({
    accountId: options.accountId ?? "000000000000",
    region: options.region ?? "us-east-1",
    bundleRoot: options.bundleRoot,
    durations: { ...DEFAULT_DURATIONS, ...options.durations },
  });
  const faults = new Faults(options.seed ?? 1);
  backend.outcomes = faults;
  const calls = new CallLog();
  const credentials = options.credentials ?? [{ accessKeyId: "test", secretAccessKey: "test" }];
  const stateFile = options.stateFile ? new StateFile(options.stateFile) : undefined;
  stateFile?.open(backend);
  /** Saves a change; when that fails the state is back as last saved and the call answers an error. */
  const persist = () => {
    try {
      stateFile?.save(backend);
    } catch (e) {
      throw new ProtonError(
        "InternalServerException",
        `proton-local: the change could not be saved to ${stateFile?.file} (${(e as Error).message}), so it was not made`,
      );
    }
  };
  let endpoint = "";
  const sockets = new Set<Socket>();
  let interceptor: CallInterceptor | undefined;
  /** Resets the connection instead of answering; the call is logged with `error`. */
  const drop = (
    req: IncomingMessage,
    operation: string,
    input: unknown,
    status: number,
    error: string,
    extra = {},
  ) => {
    calls.record(operation, input, status, { ...extra, error });
    req.socket.destroy();
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : target || "(none)";
    let input: unknown;
    // Faults applied to this call, kept on its call-log record so tests can assert them without timing.
    let injected: { fault?: string; delayMs?: number } = {};
    try {
      if (req.method !== "POST")
        throw new ProtonError("UnknownOperationException", `${req.method} is not supported`);
      await verifySignature(
        { method: req.method, url: req.url ?? "/", headers: req.headers },
        body.sha256,
        credentials,
      );
      if (!target.startsWith(TARGET_PREFIX) || !isOperationName(operation))
        throw new ProtonError("UnknownOperationException", `Unknown operation ${operation}`);
      let text: string;
      try {
        text = utf8.decode(body.bytes);
      } catch {
        throw new ProtonError("SerializationException", "Request body is not valid UTF-8");
      }
      try {
        input = text.length ? JSON.parse(text) : {};
      } catch {
        throw new ProtonError("SerializationException", "Request body is not valid JSON");
      }
      const observed = { operation, input: (input ?? {}) as Record<string, unknown> };
      if (interceptor?.({ phase: "received", ...observed }) === "drop")
        return drop(req, operation, input, 0, "ConnectionReset");
      const verdict = faults.onRequest(operation);
      injected = { fault: verdict.fault, ...(verdict.delayMs ? { delayMs: verdict.delayMs } : {}) };
      if (verdict.delayMs) await sleep(verdict.delayMs);
      if (verdict.action === "reset") return drop(req, operation, input, 0, "ConnectionReset", injected);
      if (verdict.action === "error") {
        const err = new ProtonError(verdict.type, verdict.message);
        calls.record(operation, input, err.status, { ...injected, error: err.type });
        return send(res, err.status, { __type: err.type, message: err.message });
      }
      validateInput(OPERATION_INPUTS[operation], input);
      progress(backend);
      // The wire boundary: the JSON body has just passed the model check for this operation (required
      // members present at every level, types, enums and constraints), so it is that operation's input.
      const output = handle(backend, operation, input as OperationInput<typeof operation>);
      if (!isReadOnly(operation)) persist();
      if (verdict.loseResponse || interceptor?.({ phase: "handled", ...observed }) === "drop")
        return drop(req, operation, input, 200, "ResponseLost", injected);
      calls.record(operation, input, 200, injected);
      send(res, 200, output);
    } catch (e) {
      if (!(e instanceof ProtonError)) console.error(`proton-local: ${operation} failed:`, e);
      const err =
        e instanceof ProtonError
          ? e
          : new ProtonError("InternalServerException", "proton-local hit an internal error");
      calls.record(operation, input, err.status, { ...injected, error: err.type });
      send(res, err.status, { __type: err.type, message: err.message });
    }
  }

  const host = options.host ?? "127.0.0.1";
  const guard: GuardOptions = {
    loopbackOnly: isLoopback(host),
    controlToken:
      options.controlToken ?? (isLoopback(host) ? undefined : randomBytes(32).toString("base64url")),
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const isControl = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    try {
      checkHost(req.headers, guard);
      if (isControl) checkControl(req.method ?? "GET", req.headers, announcesBody(req), guard);
    } catch (e) {
      if (e instanceof Refusal) return refuse(req, res, e, isControl);
      throw e;
    }
    readBody(req)
      .then(async (body) => {
        if (isControl) {
          try {
            const parsed: unknown = body.bytes.length ? JSON.parse(utf8.decode(body.bytes)) : {};
            send(
              res,
              200,
              handleControl(
                { backend, calls, faults, endpoint: () => endpoint, persist },
                req.method ?? "GET",
                url,
                parsed,
              ),
              "application/json",
            );
          } catch (e) {
            send(
              res,
              e instanceof ControlError || e instanceof ProtonError ? e.status : 400,
              { error: (e as Error).message },
              "application/json",
            );
          }
          return;
        }
        await handleApi(req, res, body);
      })
      .catch((e) => {
        if (e instanceof BodyTooLarge) return refuse(req, res, e, isControl);
        console.error("proton-local: request failed:", e);
        if (!res.headersSent)
          send(res, 500, { __type: "InternalServerException", message: "proton-local internal error" });
      });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  endpoint = endpointFor(host, port);
  return {
    endpoint,
    controlUrl: `${endpoint}${CONTROL_PREFIX}`,
    controlToken: guard.controlToken,
    backend,
    calls,
    faults,
    intercept: (next) => {
      interceptor = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
