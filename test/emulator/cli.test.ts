import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CreateEnvironmentTemplateCommand, ListEnvironmentTemplatesCommand } from "@aws-sdk/client-proton";
import { ProtonLocalControl } from "../../emulator";
import { expectError, makeClient } from "./helpers";

// The `proton-local` bin as users run it. It loads dist/, so `npm run build` comes first.

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "proton-local.js");

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "emulator", "cli.js")))
    throw new Error("dist/emulator/cli.js is missing: run `npm run build` first");
});

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  // A failed test must not leave its server behind.
  for (const child of running) child.kill("SIGKILL");
});

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Waits until the startup banner is printed in full and returns the endpoint it names. */
function endpointOf(r: Run): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /proton-local listening on (http:\/\/\S+)\n[\s\S]*control plane: \S+\n/.exec(r.stdout());
      if (m) {
        r.child.stdout!.off("data", check);
        resolve(m[1]);
      }
    };
    r.child.stdout!.on("data", check);
    check();
    r.exit.then((code) => reject(new Error(`proton-local exited with ${code}: ${r.stderr()}`)), reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the CLI's output");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("proton-local CLI", () => {
  test("prints its endpoint, serves the SDK, and stops on SIGTERM", async () => {
    const r = run(["--port", "0"]);
    const endpoint = await endpointOf(r);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(r.stdout()).toContain(`export AWS_ENDPOINT_URL_PROTON=${endpoint}`);
    const client = makeClient(endpoint);
    await client.send(new CreateEnvironmentTemplateCommand({ name: "from-cli" }));
    const { templates } = await client.send(new ListEnvironmentTemplatesCommand({}));
    expect(templates!.map((t) => t.name)).toEqual(["from-cli"]);
    client.destroy();
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
  });

  test("flags set the credentials and durations", async () => {
    const r = run([
      "--port",
      "0",
      "--access-key-id",
      "local",
      "--secret-access-key",
      "s3cret",
      "--deployment-duration",
      "5s",
    ]);
    try {
      const endpoint = await endpointOf(r);
      expect((await new ProtonLocalControl(endpoint).durations()).deploymentMs).toBe(5000);
      const wrong = makeClient(endpoint);
      await expectError(wrong.send(new ListEnvironmentTemplatesCommand({})), "UnrecognizedClientException");
      wrong.destroy();
      const right = makeClient(endpoint, {
        credentials: { accessKeyId: "local", secretAccessKey: "s3cret" },
      });
      expect((await right.send(new ListEnvironmentTemplatesCommand({}))).$metadata.httpStatusCode).toBe(200);
      right.destroy();
    } finally {
      r.child.kill("SIGTERM");
      await r.exit;
    }
  });

  test("--host 0.0.0.0 warns, prints a control token, and never advertises 0.0.0.0 as the endpoint", async () => {
    const r = run(["--port", "0", "--host", "0.0.0.0"]);
    const endpoint = await endpointOf(r);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await until(() => /WARNING/.test(r.stderr()));
    expect(r.stderr()).toMatch(/WARNING: .*all interfaces/);
    expect(`${r.stdout()}${r.stderr()}`).not.toMatch(/0\.0\.0\.0:\d/);
    const token = /PROTON_LOCAL_CONTROL_TOKEN=(\S+)/.exec(r.stdout())?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    await expect(new ProtonLocalControl(endpoint, { token: "" }).health()).rejects.toThrow(/401/);
    expect((await new ProtonLocalControl(endpoint, { token }).health()).ok).toBe(true);
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
  });

  test("--control-token sets the token the control plane requires", async () => {
    const r = run(["--port", "0", "--control-token", "a-token-chosen-by-the-user"]);
    const endpoint = await endpointOf(r);
    await expect(new ProtonLocalControl(endpoint, { token: "" }).health()).rejects.toThrow(/401/);
    const control = new ProtonLocalControl(endpoint, { token: "a-token-chosen-by-the-user" });
    expect((await control.health()).ok).toBe(true);
    r.child.kill("SIGTERM");
    expect(await r.exit).toBe(0);
  });

  test("an unknown flag exits non-zero with a clear message", async () => {
    const r = run(["--bogus"]);
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toMatch(/^proton-local: Unknown option '--bogus'/);
  });

  test("a bad flag value exits non-zero with a clear message", async () => {
    const r = run(["--port", "seventy"]);
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toContain("proton-local: --port must be 0..65535, got 'seventy'");
    const d = run(["--port", "0", "--deployment-duration", "soon"]);
    expect(await d.exit).toBe(1);
    expect(d.stderr()).toContain("--deployment-duration must be a duration such as 500ms or 2s, got 'soon'");
  });

  test("--help prints the usage", async () => {
    const r = run(["--help"]);
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toMatch(/^Usage: proton-local \[options\]/);
    expect(r.stdout()).toContain("--state-file");
  });
});
