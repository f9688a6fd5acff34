import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as http2 from "node:http2";
import { join, resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { LanguageRuntimeClient } from "@pulumi/pulumi/proto/language_grpc_pb";
import { AboutRequest, ProgramInfo, RunRequest, type RunResponse } from "@pulumi/pulumi/proto/language_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";

// The substitute Node.js language host (tools/language-host) over gRPC, as the Pulumi CLI drives it. Run
// starts a stand-in for @pulumi/pulumi/cmd/run (fake-run.js, via PULUMI_LANGUAGE_NODEJS_RUN_PATH as in
// upstream's own tests) that reports its command line and environment and exits, waits or ignores SIGINT.

const REPO_ROOT = resolve(__dirname, "..", "..");
const LAUNCHER = join(REPO_ROOT, "tools", "language-host", "pulumi-language-nodejs");
const FAKE_RUN = join(__dirname, "fake-run.js");
const ENTRY = "fake-entry";
// No engine is needed for these calls; Run only requires that an address was given.
const ENGINE = "127.0.0.1:1";

interface Report {
  argv: string[];
  config: Record<string, string> | null;
  secretKeys: string[] | null;
  typescript: string;
  started?: boolean;
  interrupted?: boolean;
}

interface Host {
  process: ChildProcess;
  client: LanguageRuntimeClient;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

let tmp: string;
let reportFile: string;
const hosts: Host[] = [];

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "language-host-"));
  reportFile = join(tmp, "report.json");
});

afterEach(() => {
  for (const host of hosts.splice(0)) {
    host.client.close();
    host.process.kill("SIGKILL");
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** Starts the host the way the CLI does (the launcher, the engine address last) and connects to its port. */
async function startHost(): Promise<Host> {
  const child = spawn(LAUNCHER, ["--logtostderr", "-v=1", ENGINE], {
    cwd: REPO_ROOT,
    env: { ...process.env, PULUMI_LANGUAGE_NODEJS_RUN_PATH: FAKE_RUN, FAKE_RUN_REPORT: reportFile },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  const port = await new Promise<number>((done, fail) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split("\n");
      if (line.length > 1) done(Number(line[0]));
    });
    void exited.then(({ code }) => fail(new Error(`the host exited (${code}) before its port:\n${stderr}`)));
  });
  const client = new LanguageRuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const host = { process: child, client, exited, stderr: () => stderr };
  hosts.push(host);
  return host;
}

/** A RunRequest for the fake program with `args`, and optionally the runtime options of Pulumi.yaml. */
function runRequest(args: string[], options: Record<string, JavaScriptValue> = {}): RunRequest {
  const info = new ProgramInfo();
  info.setRootDirectory(tmp);
  info.setProgramDirectory(tmp);
  info.setEntryPoint(ENTRY);
  info.setOptions(Struct.fromJavaScript(options));
  const req = new RunRequest();
  req.setInfo(info);
  req.setProject("proj");
  req.setStack("dev");
  req.setOrganization("org");
  req.setPwd(tmp);
  req.setMonitorAddress("127.0.0.1:2");
  req.setParallel(4);
  req.setArgsList(args);
  return req;
}

const run = (host: Host, req: RunRequest) =>
  new Promise<RunResponse>((done, fail) =>
    host.client.run(req, (err, resp) => (err ? fail(err) : done(resp))),
  );

const cancel = (host: Host) =>
  new Promise<void>((done, fail) => host.client.cancel(new Empty(), (err) => (err ? fail(err) : done())));

const report = (): Report => JSON.parse(readFileSync(reportFile, "utf8")) as Report;

/** Resolves once the fake program has started (its report exists). */
async function started(): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(reportFile); i++) await new Promise((r) => setTimeout(r, 25));
  expect(report().started).toBe(true);
}

test("GetPluginInfo and About report the @pulumi/pulumi and Node.js they run on", async () => {
  const host = await startHost();
  const sdkVersion = (
    JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  const info = await new Promise<string>((done, fail) =>
    host.client.getPluginInfo(new Empty(), (err, resp) => (err ? fail(err) : done(resp.getVersion()))),
  );
  expect(info).toBe(sdkVersion);
  const about = await new Promise<{ executable: string; version: string }>((done, fail) =>
    host.client.about(new AboutRequest(), (err, resp) =>
      err ? fail(err) : done({ executable: resp.getExecutable(), version: resp.getVersion() }),
    ),
  );
  expect(about.version).toMatch(/^v\d+\.\d+\.\d+/);
  expect(existsSync(about.executable)).toBe(true);
});

test("Run starts the program with upstream's command line, configuration and TypeScript setting", async () => {
  const host = await startHost();
  const req = runRequest(["exit", "0"]);
  req.setDryrun(true);
  req.getConfigMap().set("proj:greeting", "hi").set("aws:region", "us-east-1");
  req.setConfigsecretkeysList(["proj:greeting"]);
  const resp = await run(host, req);
  expect({ error: resp.getError(), bail: resp.getBail() }).toEqual({ error: "", bail: false });
  const seen = report();
  expect(seen.argv).toEqual([
    ...["--monitor", "127.0.0.1:2", "--engine", ENGINE, "--organization", "org", "--project", "proj"],
    ...[
      "--root-directory",
      tmp,
      "--stack",
      "dev",
      "--pwd",
      tmp,
      "--dry-run",
      "--parallel",
      "4",
      ENTRY,
      "exit",
      "0",
    ],
  ]);
  expect(seen.config).toEqual({ "proj:config:greeting": "hi", "aws:config:region": "us-east-1" });
  expect(seen.secretKeys).toEqual(["proj:greeting"]);
  expect(seen.typescript).toBe("true");
});

test("Run reports a failed program by its exit code, and exit code 32 as already reported", async () => {
  const host = await startHost();
  const failed = await run(host, runRequest(["exit", "3"]));
  expect(failed.getError()).toBe("Program exited with non-zero exit code: 3");
  const reported = await run(host, runRequest(["exit", "32"]));
  expect({ error: reported.getError(), bail: reported.getBail() }).toEqual({ error: "", bail: true });
});

test("Run refuses invalid runtime options from Pulumi.yaml without starting the program", async () => {
  const host = await startHost();
  const resp = await run(host, runRequest(["exit", "0"], { typescript: "yes" }));
  expect(resp.getError()).toBe("typescript option must be a boolean");
  expect(existsSync(reportFile)).toBe(false);
});

test("Cancel interrupts the running program, and the cancelled host starts no other", async () => {
  const host = await startHost();
  const answer = run(host, runRequest(["wait"]));
  await started();
  await cancel(host);
  expect((await answer).getError()).toBe("Program exited with non-zero exit code: 1");
  expect(report().interrupted).toBe(true);

  rmSync(reportFile);
  const refused = await run(host, runRequest(["exit", "0"]));
  expect(refused.getError()).toMatch(/cancelled/);
  expect(existsSync(reportFile)).toBe(false);
});

test("a program that ignores the interrupt is killed after the grace period", async () => {
  const host = await startHost();
  const answer = run(host, runRequest(["ignore-interrupt"]));
  await started();
  const cancelledAt = Date.now();
  await cancel(host);
  expect((await answer).getError()).toBe("Program exited unexpectedly: signal SIGKILL");
  expect(report().interrupted).toBe(true);
  expect(Date.now() - cancelledAt).toBeGreaterThanOrEqual(4500);
});

test("the caller abandoning Run interrupts the program", async () => {
  const host = await startHost();
  const call = host.client.run(runRequest(["wait"]), () => undefined);
  await started();
  call.cancel();
  for (let i = 0; i < 200 && !report().interrupted; i++) await new Promise((r) => setTimeout(r, 25));
  expect(report().interrupted).toBe(true);
});

test("SIGINT interrupts the running program, answers its Run, and the host exits non-zero", async () => {
  const host = await startHost();
  const answer = run(host, runRequest(["wait"]));
  await started();
  host.process.kill("SIGINT");
  expect((await answer).getError()).toBe("Program exited with non-zero exit code: 1");
  expect(report().interrupted).toBe(true);
  expect(await host.exited).toEqual({ code: 130, signal: null });
});

test("SIGINT to an idle host (the CLI's normal teardown) exits 0", async () => {
  const host = await startHost();
  host.process.kill("SIGINT");
  expect(await host.exited).toEqual({ code: 0, signal: null });
});

test("SIGINT to an idle host with a call held open stops it without waiting for the call, and exits 0", async () => {
  const host = await startHost();
  const port = host.client.getChannel().getTarget().split(":").pop();
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => undefined);
  // A call whose request never ends: the graceful shutdown would wait on it for good.
  const stream = session.request({
    ":method": "POST",
    ":path": "/pulumirpc.LanguageRuntime/GetPluginInfo",
    "content-type": "application/grpc",
  });
  stream.on("error", () => undefined);
  await new Promise((ready) => session.once("remoteSettings", ready));
  host.process.kill("SIGINT");
  expect(await host.exited).toEqual({ code: 0, signal: null });
  expect(host.stderr()).toContain("stopping with a call or connection still open after 500 ms");
  session.destroy();
});
