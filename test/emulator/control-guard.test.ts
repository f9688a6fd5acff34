import { request } from "node:http";
import { CreateEnvironmentTemplateCommand, ListServicesCommand } from "@aws-sdk/client-proton";
import { ProtonLocalControl, startProtonLocal } from "../../emulator";
import { makeClient, startHarness, uniq, useHarness } from "./helpers";

// The control plane can reset state, inject faults and move the clock, so no web page may drive it: a
// request carrying an Origin, naming a non-loopback Host (DNS rebinding) or sending a body that is not
// JSON is refused, and every body is checked against its route's schema. Binding beyond loopback needs
// a control token.

const h = useHarness();

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One raw HTTP request with exactly these headers (node:http lets a test set Host and Origin). */
function raw(
  endpoint: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(options.body === undefined ? {} : { "content-length": Buffer.byteLength(options.body) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const control = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  raw(h.local.endpoint, method, `/_proton-local${path}`, {
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

beforeEach(() => h.control.reset());

describe("requests a web page could send", () => {
  test("a CORS-simple POST /faults (Origin, text/plain) is refused and adds nothing", async () => {
    const answer = await control("POST", "/faults", '{"kind":"throttle"}', {
      origin: "http://evil.example",
      "content-type": "text/plain",
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/Origin/);
    expect((await h.control.faults()).faults).toEqual([]);
  });

  test.each([
    ["POST", "/reset", undefined],
    ["POST", "/clock", { advance: "8h" }],
    ["PUT", "/durations", { deploymentMs: 1 }],
    ["GET", "/state", undefined],
  ])("%s %s with an Origin header is refused", async (method, path, body) => {
    const name = uniq("kept");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name }));
    const answer = await control(method, path, body, { origin: "http://localhost:3000" });
    expect(answer.status).toBe(403);
    expect((await h.control.clock()).offsetMs).toBe(0);
    expect((await h.control.state()).state.templates[`ENVIRONMENT/${name}`]).toBeDefined();
    expect((await h.control.durations()).deploymentMs).not.toBe(1);
  });

  test.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "a body sent as %s is refused with 415",
    async (contentType) => {
      const answer = await control("POST", "/clock", { advance: "8h" }, { "content-type": contentType });
      expect(answer.status).toBe(415);
      expect((await h.control.clock()).offsetMs).toBe(0);
    },
  );

  test("a POST with no content type at all is refused", async () => {
    const answer = await raw(h.local.endpoint, "POST", "/_proton-local/reset");
    expect(answer.status).toBe(415);
  });

  test.each(["rebind.evil.example", "rebind.evil.example:4577", "192.168.1.10", "127.0.0.1.evil.example"])(
    "Host %s (DNS rebinding) is refused on the control plane and the API",
    async (host) => {
      const state = await control("GET", "/state", undefined, { host });
      expect(state.status).toBe(403);
      expect(state.body.error).toMatch(/Host/);
      const api = await raw(h.local.endpoint, "POST", "/", {
        headers: { host, "content-type": "application/x-amz-json-1.0" },
        body: "{}",
      });
      expect(api.status).toBe(403);
    },
  );

  test.each(["127.0.0.1", "localhost", "[::1]", "127.1.2.3"])(
    "Host %s (loopback) is served",
    async (name) => {
      const port = new URL(h.local.endpoint).port;
      const answer = await control("GET", "/health", undefined, { host: `${name}:${port}` });
      expect(answer.status).toBe(200);
    },
  );
});

describe("control bodies are checked against their route's schema", () => {
  test.each([
    ["POST", "/faults", { kind: "constructor" }, /kind/],
    ["POST", "/faults", { kind: "__proto__" }, /kind/],
    ["POST", "/faults", { kind: "throttle", bogus: 1 }, /bogus/],
    ["POST", "/faults", JSON.parse('{"kind":"throttle","__proto__":{"count":1}}') as unknown, /__proto__/],
    ["POST", "/faults", { kind: "throttle", constructor: {} }, /constructor/],
    ["POST", "/faults", { kind: "throttle", probability: 2 }, /probability/],
    ["POST", "/faults", { kind: "throttle", count: -1 }, /count/],
    ["POST", "/faults", { kind: "throttle", operation: "NoSuchOperation" }, /operation/],
    ["POST", "/faults", { kind: "error" }, /errorType/],
    ["POST", "/faults", { kind: "error", errorType: "toString" }, /errorType/],
    ["POST", "/faults", { kind: "latency", latencyMs: "soon" }, /latencyMs/],
    ["POST", "/faults", { kind: "throttle", message: { a: { b: { c: {} } } } }, /message/],
    ["POST", "/faults", [{ kind: "throttle" }], /object/],
    ["PUT", "/durations", { constructor: 5 }, /constructor/],
    ["PUT", "/durations", { deploymentMs: -5 }, /deploymentMs/],
    ["PUT", "/durations", { deploymentMs: { nested: 1 } }, /deploymentMs/],
    ["POST", "/clock", {}, /advance/],
    ["POST", "/clock", { advance: "8h", extra: true }, /extra/],
    ["POST", "/freeze", { phases: ["nope"] }, /phases/],
    ["POST", "/thaw", { phases: "deployment" }, /phases/],
    ["POST", "/reset", { everything: true }, /everything/],
    ["DELETE", "/faults", { id: "1" }, /id/],
  ])("%s %s %j is a 400 naming the problem", async (method, path, body, problem) => {
    const answer = await control(method, path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(problem);
    expect(await h.control.faults()).toEqual({ faults: [], frozen: [] });
  });

  test("a body that is not JSON is a 400", async () => {
    expect((await control("POST", "/faults", "{kind:")).status).toBe(400);
  });

  test("after a refused deeply nested body, GET /faults still answers", async () => {
    const nested = `${'{"n":'.repeat(5000)}"x"${"}".repeat(5000)}`;
    const body = `{"kind":"throttle","message":${nested}}`;
    expect((await control("POST", "/faults", body)).status).toBe(400);
    const answer = await control("GET", "/faults");
    expect(answer.status).toBe(200);
  });

  test("every valid body the client sends is accepted", async () => {
    await h.control.addFault({ kind: "throttle", operation: "ListServices", probability: 0.5, count: 3 });
    await h.control.addFault({ kind: "error", errorType: "ConflictException", message: "busy" });
    await h.control.addFault({ kind: "latency", latencyMs: 5, operation: "*" });
    await h.control.addFault({ kind: "fail-deployment", resource: "env-1", message: "boom" });
    await h.control.freeze(["deployment"]);
    await h.control.thaw();
    await h.control.advanceClock("1m");
    await h.control.advanceClock(1000);
    await h.control.setDurations({ deploymentMs: "2s", registrationMs: 10 });
    const { faults } = await h.control.faults();
    expect(faults.map((f) => f.kind)).toEqual(["throttle", "error", "latency", "fail-deployment"]);
    await h.control.removeFault(faults[0].id);
    await h.control.clearFaults();
    await h.control.clearCalls();
  });
});

describe("control token", () => {
  test("when configured, a control request without it is refused; the client sends it", async () => {
    const secured = await startHarness({ controlToken: "s3cret-token-for-tests" });
    try {
      const answer = await raw(secured.local.endpoint, "GET", "/_proton-local/state");
      expect(answer.status).toBe(401);
      const wrong = await raw(secured.local.endpoint, "GET", "/_proton-local/state", {
        headers: { authorization: "Bearer wrong" },
      });
      expect(wrong.status).toBe(401);
      await expect(new ProtonLocalControl(secured.local.endpoint).health()).rejects.toThrow(/401|token/);
      const client = new ProtonLocalControl(secured.local.endpoint, { token: "s3cret-token-for-tests" });
      expect((await client.health()).ok).toBe(true);
      await client.advanceClock("1s");
      // The API is unaffected: it is protected by SigV4.
      expect((await secured.client.send(new ListServicesCommand({}))).$metadata.httpStatusCode).toBe(200);
    } finally {
      await secured.close();
    }
  });

  test("binding beyond loopback generates a token and never names 0.0.0.0 as the endpoint", async () => {
    const local = await startProtonLocal({ host: "0.0.0.0", port: 0 });
    try {
      expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(local.controlToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      const refused = await raw(local.endpoint, "GET", "/_proton-local/health");
      expect(refused.status).toBe(401);
      const client = new ProtonLocalControl(local.endpoint, { token: local.controlToken });
      expect((await client.health()).ok).toBe(true);
      // Bound elsewhere on purpose: other Host names are served (with the token).
      const port = new URL(local.endpoint).port;
      const byName = await raw(local.endpoint, "GET", "/_proton-local/health", {
        headers: { host: `proton.lan:${port}`, authorization: `Bearer ${local.controlToken}` },
      });
      expect(byName.status).toBe(200);
      const sdk = makeClient(local.endpoint);
      expect((await sdk.send(new ListServicesCommand({}))).$metadata.httpStatusCode).toBe(200);
      sdk.destroy();
    } finally {
      await local.close();
    }
  });
});
