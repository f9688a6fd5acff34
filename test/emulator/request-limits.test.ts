import { expect } from "@jest/globals";
import { request, type IncomingMessage } from "node:http";
import { CreateEnvironmentCommand, ListServicesCommand } from "@aws-sdk/client-proton";
import { MAX_BODY_BYTES } from "../../emulator/protocol/body";
import { ROLE_ARN, envTemplate, expectError, uniq, useHarness } from "./helpers";

// Request bodies are bounded (MAX_BODY_BYTES, 1 MiB): a larger one is answered 413 as soon as it is known
// to be too large (from Content-Length, or from the bytes received so far), without reading the rest.

const h = useHarness();
const MiB = 1024 * 1024;

interface Outcome {
  status?: number;
  body?: string;
  /** Bytes the client had written when the answer came. */
  written: number;
}

/**
 * Streams up to `total` bytes to `path` in 64 KiB chunks, pausing between chunks, and reports the answer
 * as soon as it comes (or after `waitMs` with no answer). The body is never finished before an answer.
 */
function upload(
  path: string,
  total: number,
  options: { declareLength?: boolean; waitMs?: number } = {},
): Promise<Outcome> {
  const url = new URL(h.local.endpoint);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let written = 0;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ written });
    }, options.waitMs ?? 3000);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: "POST",
        path,
        headers: {
          "content-type": path === "/" ? "application/x-amz-json-1.0" : "application/json",
          ...(options.declareLength ? { "content-length": String(total) } : {}),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          clearTimeout(timer);
          req.destroy();
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"), written });
        });
      },
    );
    req.on("error", () => undefined); // the server closes the connection after a 413
    const pump = () => {
      if (req.destroyed || written >= total) return;
      written += chunk.length;
      req.write(chunk, () => setTimeout(pump, 2));
    };
    pump();
  });
}

describe("request body bound", () => {
  test("the bound has margin over Proton's largest input (a 51,200-character spec, JSON-escaped)", () => {
    expect(MAX_BODY_BYTES).toBeGreaterThanOrEqual(3 * 51_200 * 6);
  });

  test("a declared 200 MB body is answered 413 before it is sent", async () => {
    const outcome = await upload("/", 200 * MiB, { declareLength: true });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body!)).toEqual({
      __type: "RequestEntityTooLargeException",
      message: expect.stringContaining(String(MAX_BODY_BYTES)),
    });
    expect(outcome.written).toBeLessThan(20 * MiB);
  });

  test("an undeclared (chunked) body is answered 413 once it passes the bound, before it ends", async () => {
    const outcome = await upload("/", 200 * MiB);
    expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(20 * MiB);
  });

  test("the control plane has the same bound", async () => {
    const outcome = await upload("/_proton-local/faults", 200 * MiB);
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body!)).toEqual({ error: expect.stringContaining(String(MAX_BODY_BYTES)) });
  });

  test("other calls are answered while a too-large body is refused", async () => {
    const [big] = await Promise.all([upload("/", 200 * MiB), h.client.send(new ListServicesCommand({}))]);
    expect(big.status).toBe(413);
  });

  test("a spec of 51,200 three-byte characters is not refused for size", async () => {
    const et = await envTemplate(h);
    const filler = "界".repeat(51_200 - 100);
    const spec = `proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n  flow_logs: true\n# ${filler}\n`;
    expect(spec.length).toBeLessThanOrEqual(51_200);
    const name = uniq("env");
    const created = await h.client.send(
      new CreateEnvironmentCommand({
        name,
        templateName: et,
        templateMajorVersion: "1",
        spec,
        protonServiceRoleArn: ROLE_ARN,
      }),
    );
    expect(created.environment!.name).toBe(name);
  });

  test("a spec longer than 51,200 characters is Proton's ValidationException, not a 413", async () => {
    const et = await envTemplate(h);
    const spec = `proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n# ${"x".repeat(51_200)}\n`;
    await expectError(
      h.client.send(
        new CreateEnvironmentCommand({
          name: uniq("env"),
          templateName: et,
          templateMajorVersion: "1",
          spec,
          protonServiceRoleArn: ROLE_ARN,
        }),
      ),
      "ValidationException",
    );
  });
});
