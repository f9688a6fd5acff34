"use strict";
// Node.js language host for the Pulumi CLI (the `pulumi-language-nodejs`
// plugin), written in Node.js on top of the @pulumi/pulumi package.
//
// Started by the `pulumi-language-nodejs` launcher (see that file). It serves
// the pulumirpc.LanguageRuntime gRPC service, prints its port as the first
// line on stdout and runs until the CLI stops it (SIGINT). Like the upstream Go host, `Run`
// spawns `node @pulumi/pulumi/cmd/run ...` (resolved from the program
// directory) with the program's configuration in PULUMI_CONFIG and
// PULUMI_CONFIG_SECRET_KEYS, so module loading, TypeScript support (ts-node),
// error reporting and exit codes are the SDK's own. `Cancel` and SIGINT
// interrupt running programs. Deviations from upstream: README.md here.
//
// Command line (as built by the CLI):
//   pulumi-language-nodejs-host.js [--logtostderr] [-v=N] [--tracing URL] [ENGINE_ADDRESS]
// The obsolete upstream flags --typescript, --root, --tsconfig, --nodeargs and
// --packagemanager are accepted and ignored (runtime options come from
// Pulumi.yaml through the requests).
//
// Environment:
//   PULUMI_LANGUAGE_NODEJS_RUN_PATH  module or path used instead of
//                                    @pulumi/pulumi/cmd/run (as upstream)

const { Buffer } = require("buffer");
const childProcess = require("child_process");
const fs = require("fs");
const path = require("path");
const { setInterval } = require("timers");

const NAME = "pulumi-language-nodejs";

// Exit code of `cmd/run` meaning "the error was already reported to the user".
const EXIT_ALREADY_REPORTED = 32;

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function parseCommandLine(argv) {
  const opts = { tracing: "", verbose: 0, logToStderr: false, positional: [] };
  const valueFlags = new Set(["tracing", "root", "tsconfig", "nodeargs", "packagemanager", "v"]);
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      break;
    }
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    let value;
    if (eq >= 0) {
      value = body.slice(eq + 1);
    } else if (valueFlags.has(name)) {
      value = argv[++i] ?? "";
    } else {
      // A flag without a value: a boolean (logtostderr, typescript, logflow) or an unknown one to ignore.
      value = "true";
    }
    if (name === "tracing") {
      opts.tracing = value;
    } else if (name === "v") {
      opts.verbose = parseInt(value, 10) || 0;
    } else if (name === "logtostderr") {
      opts.logToStderr = value !== "false";
    }
  }
  opts.positional = argv.slice(i);
  return opts;
}

const cli = parseCommandLine(process.argv.slice(2));

function debug(level, msg) {
  if (cli.logToStderr && cli.verbose >= level) {
    process.stderr.write(`${NAME}: ${msg}\n`);
  }
}

// ---------------------------------------------------------------------------
// The @pulumi/pulumi package that provides gRPC and the protobuf definitions
// ---------------------------------------------------------------------------

function resolveSdkDir() {
  const bases = [process.cwd(), __dirname];
  for (const base of bases) {
    try {
      return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [base] }));
    } catch {
      // try the next base
    }
  }
  return undefined;
}

const sdkDir = resolveSdkDir();
if (!sdkDir) {
  process.stderr.write(
    `${NAME}: cannot resolve '@pulumi/pulumi' from ${process.cwd()}.\n` +
      `${NAME}: the language host runs on the program's own @pulumi/pulumi package; ` +
      `install the program's dependencies first (e.g. 'npm install' in the project directory).\n`,
  );
  process.exit(1);
}

function sdkRequire(mod) {
  return require(require.resolve(mod, { paths: [sdkDir] }));
}

const grpc = sdkRequire("@grpc/grpc-js");
const langproto = require(path.join(sdkDir, "proto", "language_pb.js"));
const langrpc = require(path.join(sdkDir, "proto", "language_grpc_pb.js"));
const plugproto = require(path.join(sdkDir, "proto", "plugin_pb.js"));
const engrpc = require(path.join(sdkDir, "proto", "engine_grpc_pb.js"));
const engproto = require(path.join(sdkDir, "proto", "engine_pb.js"));
const emptyproto = sdkRequire("google-protobuf/google/protobuf/empty_pb.js");
const structproto = sdkRequire("google-protobuf/google/protobuf/struct_pb.js");
const sdkVersion = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")).version;

let maxRpcMessageSize = 400 * 1024 * 1024;
try {
  maxRpcMessageSize =
    require(path.join(sdkDir, "runtime", "settings.js")).maxRPCMessageSize || maxRpcMessageSize;
} catch {
  // keep the default
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

let engineAddress = cli.positional[0] || "";

/** Children started by Run/RunPlugin/InstallDependencies, killed when the host exits. */
const children = new Set();

/** The subset of `children` running programs (Run): what Cancel interrupts. */
const programs = new Set();

/** Set by Cancel: like upstream, a cancelled host starts no further program. */
let cancelled = false;

/** Set by the first SIGINT; a second one exits at once. */
let stopping = false;

// How long an interrupted child gets to exit before it is killed (upstream's WaitDelay).
const INTERRUPT_GRACE_MS = 5000;

// How long an idle host waits for calls in flight after SIGINT. The CLI kills a plugin 5 s after its
// SIGINT, and a client connection that the graceful shutdown keeps waiting on (seen now and then with the
// CLI's own, after About and after a preview) made a command wait those 5 s, up to twice per `pulumi up`.
const IDLE_GRACE_MS = 500;

function track(child, group = children) {
  children.add(child);
  group.add(child);
  child.on("close", () => {
    children.delete(child);
    group.delete(child);
  });
  return child;
}

/** SIGINT, then SIGKILL if the child is still running after the grace period. */
function interrupt(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGKILL"), INTERRUPT_GRACE_MS);
  timer.unref();
  child.once("close", () => clearTimeout(timer));
}

function shutdown(code) {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  process.exit(code);
}

function grpcError(code, details) {
  const err = new Error(details);
  err.code = code;
  err.details = details;
  return err;
}

function unimplemented(method) {
  return (call, callback) => {
    const err = grpcError(
      grpc.status.UNIMPLEMENTED,
      `${method} is not implemented by this Node.js language host`,
    );
    if (typeof callback === "function") {
      callback(err);
    } else {
      call.emit("error", err);
    }
  };
}

/** Converts a handler returning a promise into a unary gRPC handler. */
function unary(name, fn) {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request, call))
      .then(
        (resp) => callback(null, resp),
        (err) => {
          debug(3, `${name} failed: ${err && err.stack ? err.stack : err}`);
          if (err && typeof err.code === "number") {
            callback(err);
          } else {
            callback(grpcError(grpc.status.UNKNOWN, err && err.message ? err.message : String(err)));
          }
        },
      );
  };
}

/** ProgramInfo.options as a plain object. */
function infoOptions(info) {
  const options = info && info.getOptions ? info.getOptions() : undefined;
  return options ? options.toJavaScript() : {};
}

/** The runtime options of Pulumi.yaml (`runtime.options`), validated like upstream. */
function parseOptions(raw) {
  const opts = { typescript: true, tsconfigpath: "", nodeargs: "", packagemanager: "auto" };
  if ("typescript" in raw) {
    if (typeof raw.typescript !== "boolean") {
      throw new Error("typescript option must be a boolean");
    }
    opts.typescript = raw.typescript;
  }
  if ("tsconfig" in raw) {
    if (typeof raw.tsconfig !== "string") {
      throw new Error("tsconfigpath option must be a string");
    }
    opts.tsconfigpath = raw.tsconfig;
  }
  if ("nodeargs" in raw) {
    if (typeof raw.nodeargs !== "string") {
      throw new Error("nodeargs option must be a string");
    }
    opts.nodeargs = raw.nodeargs;
  }
  if ("packagemanager" in raw) {
    const pm = raw.packagemanager;
    if (typeof pm !== "string") {
      throw new Error("packagemanager option must be a string");
    }
    if (!["auto", "npm", "yarn", "pnpm"].includes(pm)) {
      throw new Error(`packagemanager option must be one of auto, npm, yarn or pnpm, got "${pm}"`);
    }
    opts.packagemanager = pm;
  }
  return opts;
}

/** Splits a command line into words (POSIX shell quoting, no expansion). */
function shellSplit(s) {
  const words = [];
  let cur = "";
  let inWord = false;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      if (c === "'") {
        quote = "";
      } else {
        cur += c;
      }
    } else if (quote === '"') {
      if (c === '"') {
        quote = "";
      } else if (c === "\\" && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
        cur += s[++i];
      } else {
        cur += c;
      }
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) {
        words.push(cur);
        cur = "";
        inWord = false;
      }
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) {
    throw new Error(`unterminated quote in nodeargs: ${s}`);
  }
  if (inWord) {
    words.push(cur);
  }
  return words;
}

/** Resolves a module (or an existing path) the way `node -e "require.resolve(mod)"` would from dir. */
function resolveModule(mod, dir, installHint) {
  try {
    return require.resolve(mod, { paths: [dir] });
  } catch (err) {
    if (err && err.code === "MODULE_NOT_FOUND") {
      throw new Error(`It looks like the Pulumi SDK has not been installed. Have you run ${installHint}?`);
    }
    throw err;
  }
}

/** Pulumi config keys as the runtime expects them: "<namespace>:config:<name>". */
function transformConfigKey(k) {
  const parts = k.split(":");
  if (parts.length === 2) {
    return `${parts[0]}:config:${parts[1]}`;
  }
  if (parts.length === 3 && parts[1] === "config") {
    return k;
  }
  throw new Error(
    `could not parse ${k} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
  );
}

/** The environment that tells `@pulumi/pulumi`'s runners to compile TypeScript, from the runtime options. */
function typescriptEnv(opts) {
  const env = {};
  if (opts.typescript) {
    env.PULUMI_NODEJS_TYPESCRIPT = "true";
  }
  if (opts.tsconfigpath) {
    env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfigpath;
  }
  return env;
}

/** What the CLI is told when a program process ends other than with exit code 0. */
function exitMessage(code, signal) {
  return code !== null
    ? `Program exited with non-zero exit code: ${code}`
    : `Program exited unexpectedly: signal ${signal}`;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function searchUp(dir, names) {
  let cur = path.resolve(dir);
  for (;;) {
    for (const name of names) {
      const p = path.join(cur, name);
      if (fs.existsSync(p)) {
        return p;
      }
    }
    const parent = path.dirname(cur);
    if (parent === cur) {
      return undefined;
    }
    cur = parent;
  }
}

// ---------------------------------------------------------------------------
// Engine health check: exit when the engine that started us has gone away.
// ---------------------------------------------------------------------------

let healthTimer;

function startHealthCheck(addr) {
  if (!addr || healthTimer) {
    return;
  }
  const client = new grpc.Client(addr, grpc.credentials.createInsecure());
  const check = () => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      () => Buffer.alloc(0),
      (b) => b,
      {},
      { deadline: Date.now() + 60 * 1000 },
      (err) => {
        // Unimplemented still means the engine is alive.
        if (err && err.code !== grpc.status.UNIMPLEMENTED) {
          debug(3, `engine at ${addr} is gone (${err.message}); exiting`);
          shutdown(1);
        }
      },
    );
  };
  healthTimer = setInterval(check, 5 * 60 * 1000);
  healthTimer.unref();
}

// ---------------------------------------------------------------------------
// GetRequiredPackages: plugins of packages under node_modules
// ---------------------------------------------------------------------------

function isPolicyPack(dir) {
  return (
    fs.existsSync(path.join(dir, "PulumiPolicy.yaml")) || fs.existsSync(path.join(dir, "PulumiPolicy.yml"))
  );
}

function pluginName(info) {
  if (info.pulumi && info.pulumi.name) {
    return info.pulumi.name;
  }
  const name = info.name;
  if (!name) {
    throw new Error('missing expected "name" property');
  }
  if (name.startsWith("@pulumi/")) {
    return name.slice("@pulumi/".length);
  }
  throw new Error(
    `Missing property "name" for the third-party plugin '${name}' inside package.json under the "pulumi" section.`,
  );
}

function pluginVersion(info) {
  const version = (info.pulumi && info.pulumi.version) || info.version;
  if (!version) {
    throw new Error('Missing expected "version" property');
  }
  return version.startsWith("v") ? version : `v${version}`;
}

function collectPackages(dir, inNodeModules, state) {
  let real;
  try {
    real = fs.realpathSync(dir);
  } catch (err) {
    state.errors.push(err);
    return;
  }
  if (state.visited.has(real)) {
    return;
  }
  state.visited.add(real);

  let entries;
  try {
    entries = fs.readdirSync(real, { withFileTypes: true });
  } catch (err) {
    state.errors.push(err);
    return;
  }
  const childInNodeModules = inNodeModules || path.basename(dir) === "node_modules";
  for (const ent of entries) {
    const curr = path.join(real, ent.name);
    let isDir = ent.isDirectory();
    if (ent.isSymbolicLink()) {
      try {
        isDir = fs.statSync(curr).isDirectory();
      } catch (err) {
        state.errors.push(err);
        continue;
      }
    }
    if (isDir) {
      if (isPolicyPack(curr)) {
        continue;
      }
      collectPackages(curr, childInNodeModules, state);
    } else if (inNodeModules && ent.name === "package.json") {
      let info;
      try {
        info = readJson(curr);
      } catch (err) {
        state.errors.push(new Error(`unmarshaling package.json ${curr}: ${err.message}`));
        continue;
      }
      if (info.name === "@pulumi/pulumi" && typeof info.version === "string") {
        state.pulumiVersions.set(curr, info.version);
      }
      if (!info.pulumi || info.pulumi.resource !== true) {
        continue;
      }
      try {
        const dep = new plugproto.PackageDependency();
        dep.setName(pluginName(info));
        dep.setKind("resource");
        dep.setVersion(pluginVersion(info));
        dep.setServer(info.pulumi.server || "");
        const p = info.pulumi.parameterization;
        if (p) {
          const param = new plugproto.PackageParameterization();
          param.setName(p.name || "");
          param.setVersion(p.version || "");
          param.setValue(typeof p.value === "string" ? Buffer.from(p.value, "base64") : new Uint8Array());
          dep.setParameterization(param);
        }
        state.packages.push(dep);
      } catch (err) {
        state.errors.push(new Error(`package.json ${curr}: ${err.message}`));
      }
    }
  }
}

function getRequiredPackages(req) {
  const info = req.getInfo();
  const programDir = (info && info.getProgramDirectory()) || process.cwd();
  const state = { visited: new Set(), errors: [], packages: [], pulumiVersions: new Map() };
  collectPackages(programDir, false, state);

  // Warn about @pulumi/pulumi copies with different major versions.
  const versions = [...state.pulumiVersions.entries()];
  if (versions.length > 1) {
    const [firstPath, firstVersion] = versions[0];
    const major = (v) => parseInt(v, 10);
    for (const [p, v] of versions.slice(1)) {
      if (major(v) !== major(firstVersion)) {
        process.stderr.write(
          "Found incompatible versions of @pulumi/pulumi. Differing major versions are not supported.\n" +
            `  Version ${firstVersion} referenced at ${firstPath}\n  Version ${v} referenced at ${p}\n`,
        );
        break;
      }
    }
  }
  if (state.errors.length) {
    debug(
      3,
      `one or more errors while discovering plugins: ${state.errors.map((e) => e.message).join("; ")}`,
    );
  }
  const resp = new langproto.GetRequiredPackagesResponse();
  resp.setPackagesList(state.packages);
  return resp;
}

// ---------------------------------------------------------------------------
// Run: execute the program with @pulumi/pulumi/cmd/run
// ---------------------------------------------------------------------------

async function startDebugging(pid) {
  const client = new engrpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  const req = new engproto.StartDebuggingRequest();
  req.setConfig(
    structproto.Struct.fromJavaScript({
      name: "Pulumi: Program (Node.js)",
      type: "node",
      request: "attach",
      processId: pid,
      continueOnAttach: true,
      skipFiles: ["<node_internals>/**"],
    }),
  );
  req.setMessage(`on process id ${pid}`);
  try {
    await new Promise((resolve, reject) =>
      client.startDebugging(req, (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    client.close();
  }
}

function runResponse(error, bail) {
  const resp = new langproto.RunResponse();
  resp.setError(error || "");
  resp.setBail(!!bail);
  return resp;
}

async function run(req, call) {
  if (cancelled) {
    return runResponse("Problem executing program (could not run language executor): the run was cancelled");
  }
  if (!engineAddress) {
    throw new Error("when debugging or running explicitly, must call Handshake before Run");
  }
  const info = req.getInfo();
  const programDir = (info && info.getProgramDirectory()) || req.getPwd() || process.cwd();
  const entryPoint = (info && info.getEntryPoint()) || req.getProgram() || ".";

  let opts;
  try {
    opts = parseOptions(infoOptions(info));
  } catch (err) {
    return runResponse(err.message);
  }

  let runPath;
  try {
    runPath = resolveModule(
      process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run",
      programDir,
      "pulumi install",
    );
  } catch (err) {
    return runResponse(err.message);
  }

  let config;
  try {
    const transformed = {};
    for (const [k, v] of req.getConfigMap().entries()) {
      transformed[transformConfigKey(k)] = v;
    }
    config = JSON.stringify(transformed);
  } catch (err) {
    return runResponse(`failed to serialize configuration: ${err.message}`);
  }
  const secretKeys = JSON.stringify(req.getConfigsecretkeysList() || []);

  const args = [runPath];
  const add = (k, v) => {
    if (v !== undefined && v !== null && v !== "") {
      args.push(`--${k}`, String(v));
    }
  };
  add("monitor", req.getMonitorAddress());
  add("engine", engineAddress);
  add("organization", req.getOrganization());
  add("project", req.getProject());
  add("root-directory", info && info.getRootDirectory());
  add("stack", req.getStack());
  add("pwd", programDir);
  if (req.getDryrun()) {
    args.push("--dry-run");
  }
  add("parallel", String(req.getParallel()));
  add("tracing", cli.tracing);
  args.push(entryPoint, ...req.getArgsList());

  const env = { ...process.env, PULUMI_CONFIG: config, PULUMI_CONFIG_SECRET_KEYS: secretKeys };
  Object.assign(env, typescriptEnv(opts));

  let nodeArgs;
  try {
    nodeArgs = shellSplit(opts.nodeargs);
  } catch (err) {
    return runResponse(err.message);
  }
  const attach = req.getAttachDebugger();
  if (attach) {
    nodeArgs.push("--inspect-brk", "--inspect-publish-uid=http");
  }
  nodeArgs.push(...args);
  debug(5, `launching process: ${process.execPath} ${nodeArgs.join(" ")}`);

  return await new Promise((resolve) => {
    let settled = false;
    const finish = (resp) => {
      if (!settled) {
        settled = true;
        resolve(resp);
      }
    };
    let child;
    try {
      child = track(
        childProcess.spawn(process.execPath, nodeArgs, { env, stdio: ["ignore", "inherit", "inherit"] }),
        programs,
      );
    } catch (err) {
      finish(runResponse(`Problem executing program (could not run language executor): ${err.message}`));
      return;
    }
    child.on("error", (err) => {
      finish(runResponse(`Problem executing program (could not run language executor): ${err.message}`));
    });
    // The caller giving up on the call interrupts the program, as Cancel does.
    call.on("cancelled", () => interrupt(child));
    child.on("close", (code, signal) => {
      if (code === 0) {
        finish(runResponse(""));
      } else if (code === EXIT_ALREADY_REPORTED) {
        // The program already showed the user an actionable message.
        finish(runResponse("", true));
      } else {
        finish(runResponse(exitMessage(code, signal)));
      }
    });
    if (attach && child.pid) {
      startDebugging(child.pid).catch((err) => {
        child.kill("SIGKILL");
        finish(runResponse(`unable to start debugging: ${err.message}`));
      });
    }
  });
}

// ---------------------------------------------------------------------------
// InstallDependencies / RunPlugin: streamed child processes
// ---------------------------------------------------------------------------

function detectPackageManager(dir, configured) {
  if (configured && configured !== "auto") {
    return configured;
  }
  const lock = searchUp(dir, ["yarn.lock", "pnpm-lock.yaml", "package-lock.json"]);
  if (lock && path.basename(lock) === "yarn.lock") {
    return "yarn";
  }
  if (lock && path.basename(lock) === "pnpm-lock.yaml") {
    return "pnpm";
  }
  return "npm";
}

function installDependencies(call) {
  const req = call.request;
  const info = req.getInfo();
  const dir = (info && info.getProgramDirectory()) || req.getDirectory() || process.cwd();

  const send = (stream, data) => {
    const resp = new langproto.InstallDependenciesResponse();
    if (stream === "stdout") {
      resp.setStdout(Buffer.isBuffer(data) ? data : Buffer.from(data));
    } else {
      resp.setStderr(Buffer.isBuffer(data) ? data : Buffer.from(data));
    }
    call.write(resp);
  };
  const fail = (msg) => call.emit("error", grpcError(grpc.status.UNKNOWN, msg));

  let pm;
  try {
    pm = detectPackageManager(dir, parseOptions(infoOptions(info)).packagemanager);
  } catch (err) {
    fail(`failed to parse options: ${err.message}`);
    return;
  }
  send("stdout", "Installing dependencies...\n\n");
  const child = track(
    childProcess.spawn(pm, ["install"], { cwd: dir, env: process.env, stdio: ["ignore", "pipe", "pipe"] }),
  );
  child.stdout.on("data", (d) => send("stdout", d));
  child.stderr.on("data", (d) => send("stderr", d));
  child.on("error", (err) => fail(`${pm} install failed: ${err.message}`));
  child.on("close", (code, signal) => {
    if (code === 0) {
      send("stdout", "Finished installing dependencies\n\n");
      call.end();
    } else if (code !== null) {
      fail(`${pm} install exited with code ${code}`);
    } else {
      fail(`${pm} install was terminated by signal ${signal}`);
    }
  });
  call.on("cancelled", () => child.kill("SIGINT"));
}

function runPlugin(call) {
  const req = call.request;
  const info = req.getInfo();
  const programDir = (info && info.getProgramDirectory()) || req.getProgram() || process.cwd();
  const fail = (msg) => call.emit("error", grpcError(grpc.status.UNKNOWN, msg));

  let opts;
  let runPath;
  let nodeArgs;
  try {
    opts = parseOptions(infoOptions(info));
    runPath = resolveModule(
      process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run-plugin",
      programDir,
      `npm install in ${programDir}`,
    );
    nodeArgs = shellSplit(opts.nodeargs);
  } catch (err) {
    fail(err.message);
    return;
  }

  // The request carries the complete environment for the plugin.
  const env = {};
  for (const kv of req.getEnvList()) {
    const i = kv.indexOf("=");
    if (i > 0) {
      env[kv.slice(0, i)] = kv.slice(i + 1);
    }
  }
  Object.assign(env, typescriptEnv(opts));
  const args = [runPath, ...nodeArgs, programDir, ...req.getArgsList()];
  debug(5, `launching plugin: ${process.execPath} ${args.join(" ")}`);

  const send = (setter, data) => {
    const resp = new langproto.RunPluginResponse();
    resp[setter](data);
    call.write(resp);
  };
  let child;
  try {
    child = track(
      childProcess.spawn(process.execPath, args, {
        cwd: req.getPwd() || undefined,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  } catch (err) {
    fail(`Problem executing plugin program (could not run language executor): ${err.message}`);
    return;
  }
  child.stdout.on("data", (d) => send("setStdout", d));
  child.stderr.on("data", (d) => send("setStderr", d));
  child.on("error", (err) =>
    fail(`Problem executing plugin program (could not run language executor): ${err.message}`),
  );
  child.on("close", (code, signal) => {
    if (code === 0) {
      call.end();
    } else {
      fail(exitMessage(code, signal));
    }
  });
  // The CLI cancels the call to stop the plugin.
  call.on("cancelled", () => child.kill("SIGINT"));
}

// ---------------------------------------------------------------------------
// About / GetProgramDependencies
// ---------------------------------------------------------------------------

function installedVersion(name, fromDir) {
  const manifest = searchUp(fromDir, [path.join("node_modules", name, "package.json")]);
  if (manifest === undefined) {
    return undefined;
  }
  try {
    return readJson(manifest).version || "";
  } catch {
    return "";
  }
}

function getProgramDependencies(req) {
  const info = req.getInfo();
  const programDir = (info && info.getProgramDirectory()) || req.getPwd() || process.cwd();
  const manifest = searchUp(programDir, ["package.json"]);
  if (!manifest) {
    throw new Error(`no package.json found (searching upwards from ${programDir})`);
  }
  const root = path.dirname(manifest);
  const deps = [];
  const push = (name, version) => {
    const d = new langproto.DependencyInfo();
    d.setName(name);
    d.setVersion(version);
    deps.push(d);
  };
  if (req.getTransitivedependencies()) {
    const nm = path.join(root, "node_modules");
    const names = [];
    for (const ent of fs.existsSync(nm) ? fs.readdirSync(nm) : []) {
      if (ent.startsWith(".")) {
        continue;
      }
      if (ent.startsWith("@")) {
        for (const sub of fs.readdirSync(path.join(nm, ent))) {
          names.push(`${ent}/${sub}`);
        }
      } else {
        names.push(ent);
      }
    }
    for (const name of names.sort()) {
      const v = installedVersion(name, root);
      if (v !== undefined) {
        push(name, v);
      }
    }
  } else {
    const pkg = readJson(manifest);
    const declared = { ...(pkg.devDependencies || {}), ...(pkg.dependencies || {}) };
    for (const name of Object.keys(declared).sort()) {
      const v = installedVersion(name, root);
      push(name, v !== undefined && v !== "" ? v : declared[name]);
    }
  }
  const resp = new langproto.GetProgramDependenciesResponse();
  resp.setDependenciesList(deps);
  return resp;
}

// ---------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------

const service = {
  handshake: unary("Handshake", (req) => {
    if (req.getEngineAddress()) {
      engineAddress = req.getEngineAddress();
      startHealthCheck(engineAddress);
    }
    return new langproto.LanguageHandshakeResponse();
  }),
  // Superseded by GetRequiredPackages; the CLI falls back only on UNIMPLEMENTED.
  getRequiredPlugins: unimplemented("GetRequiredPlugins"),
  getRequiredPackages: unary("GetRequiredPackages", getRequiredPackages),
  run: unary("Run", run),
  getPluginInfo: unary("GetPluginInfo", () => {
    const info = new plugproto.PluginInfo();
    info.setVersion(sdkVersion);
    return info;
  }),
  installDependencies: installDependencies,
  runtimeOptionsPrompts: unary("RuntimeOptionsPrompts", () => {
    const resp = new langproto.RuntimeOptionsResponse();
    resp.setPromptsList([]);
    return resp;
  }),
  template: unimplemented("Template"),
  about: unary("About", () => {
    const resp = new langproto.AboutResponse();
    resp.setExecutable(process.execPath);
    resp.setVersion(process.version);
    return resp;
  }),
  getProgramDependencies: unary("GetProgramDependencies", getProgramDependencies),
  runPlugin: runPlugin,
  generateProgram: unimplemented("GenerateProgram"),
  generateProject: unimplemented("GenerateProject"),
  generatePackage: unimplemented("GeneratePackage"),
  pack: unimplemented("Pack"),
  link: unimplemented("Link"),
  // Interrupts every running program (SIGINT, then SIGKILL after a grace period); their Run calls answer
  // with the exit. Later Run calls are refused, as upstream's cancelled context refuses them.
  cancel: unary("Cancel", () => {
    cancelled = true;
    for (const child of programs) {
      interrupt(child);
    }
    return new emptyproto.Empty();
  }),
};

function main() {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxRpcMessageSize,
    "grpc.max_send_message_length": maxRpcMessageSize,
  });
  server.addService(langrpc.LanguageRuntimeService, service);
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`${NAME}: could not start language host RPC server: ${err.message}\n`);
      process.exit(1);
    }
    // The CLI reads the port from the first line on stdout.
    process.stdout.write(`${port}\n`);
    debug(
      5,
      `serving on port ${port} (engine ${engineAddress || "unknown"}, @pulumi/pulumi ${sdkVersion} in ${sdkDir})`,
    );
  });

  startHealthCheck(engineAddress);

  // The CLI keeps our stdin (a pipe) open; EOF means it is gone.
  try {
    const st = fs.fstatSync(0);
    if (st.isFIFO() || st.isSocket()) {
      process.stdin.on("end", () => shutdown(0));
      process.stdin.on("error", () => shutdown(0));
      process.stdin.resume();
    }
  } catch {
    // no usable stdin
  }
  // The CLI stops plugins with SIGINT (to the whole process group, which
  // includes a running program). Like upstream: stop taking calls, interrupt
  // what runs, answer the calls in flight, then exit; a second SIGINT exits
  // at once. An idle host exits 0 (the CLI's normal teardown); one that
  // interrupted work exits non-zero.
  process.on("SIGINT", () => {
    if (stopping) {
      shutdown(130);
    }
    stopping = true;
    const code = children.size > 0 ? 130 : 0;
    for (const child of children) {
      interrupt(child);
    }
    server.tryShutdown(() => shutdown(code));
    // Calls that outlive their interrupted children (a stuck client) do not keep the host alive, and an
    // idle host has nothing to wait for beyond the answers already on their way.
    const grace = children.size > 0 ? 2 * INTERRUPT_GRACE_MS : IDLE_GRACE_MS;
    setTimeout(() => {
      debug(1, `stopping with a call or connection still open after ${grace} ms`);
      shutdown(code);
    }, grace).unref();
  });
  process.on("SIGTERM", () => shutdown(143));
}

main();
