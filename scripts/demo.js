#!/usr/bin/env node
// The demo: starts proton-local, deploys the platform in examples/platform with the real Pulumi CLI,
// shows a spec change as `preview --diff`, then cleans up (pass --keep to leave everything running).
const { execFileSync } = require("child_process");
const { mkdtempSync, rmSync } = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const keep = process.argv.includes("--keep");

function pulumiRoot() {
  // Uses a `pulumi` already on PATH when new enough, otherwise builds it once into a cache.
  const out = execFileSync(path.join(__dirname, "ensure-pulumi"), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return path.dirname(out.trim().split("\n").pop());
}

const step = (text) => console.log(`\n=== ${text}`);

/** Passes output on line by line, leaving out Pulumi's after-destroy hint to remove the stack. */
function withoutStackRmHint(print) {
  const hint = /history and configuration associated with the stack|remove the stack completely, run/;
  let partial = "";
  return (chunk) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop();
    for (const line of lines) if (!hint.test(line)) print(`${line}\n`);
  };
}

async function main() {
  const { startProtonLocal, ProtonLocalControl } = require(path.join(ROOT, "dist/emulator"));
  const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
  const { platform } = require(path.join(ROOT, "examples/platform"));

  step("Pulumi CLI");
  const pulumi = await PulumiCommand.get({ root: pulumiRoot() });
  console.log(`using pulumi ${pulumi.version} from ${pulumi.command}`);

  step("Starting proton-local");
  const local = await startProtonLocal({
    port: Number(process.env.PROTON_LOCAL_PORT ?? 0),
    bundleRoot: path.join(ROOT, "examples/bundles"),
    durations: { registrationMs: 500, deploymentMs: 1500, deletionMs: 800 },
  });
  const control = new ProtonLocalControl(local.endpoint);
  console.log(`proton-local listening on ${local.endpoint}`);

  const stateDir = mkdtempSync(path.join(os.tmpdir(), "pulumi-proton-demo-"));
  const env = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_PROTON: local.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    PULUMI_PROTON_POLL_MIN_SECONDS: "0.25",
    PULUMI_PROTON_POLL_MAX_SECONDS: "1",
  };
  Object.assign(process.env, env);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName: "pulumi-proton-demo", program: platform },
    {
      pulumiCommand: pulumi,
      envVars: env,
      projectSettings: {
        name: "pulumi-proton-demo",
        runtime: "nodejs",
        main: ROOT,
        backend: { url: `file://${stateDir}` },
      },
    },
  );
  await stack.setConfig("aws:region", { value: "us-east-1" });
  const print = (s) => process.stdout.write(s);

  try {
    step("pulumi up: templates, versions, environments, a service and an account connection");
    // Pulumi prints the stack outputs itself, at the end of the update.
    await stack.up({ onOutput: print, color: "never" });
    const { counts } = await control.calls();
    const creates = Object.entries(counts)
      .filter(([op]) => op.startsWith("Create"))
      .map(([op, c]) => `${op} x${c.ok}`);
    console.log(`proton-local saw: ${creates.join(", ")}`);

    step("A spec change, as a pull request would show it: pulumi preview --diff (demo:webPort 8080 -> 9090)");
    await stack.setConfig("demo:webPort", { value: "9090" });
    const mark = (await control.calls()).lastSeq;
    const preview = await stack.preview({ diff: true, color: "never" });
    print(preview.stdout.endsWith("\n") ? preview.stdout : `${preview.stdout}\n`);
    const during = (await control.calls({ since: mark })).calls.filter((c) => c.mutating);
    console.log(`mutating Proton calls during the preview: ${during.length}`);
    await stack.removeConfig("demo:webPort");

    if (keep) {
      step("Kept running (--keep)");
      console.log(
        `State: ${stateDir}\nproton-local: ${local.endpoint} (Ctrl-C stops it; the stack goes with it)`,
      );
      return;
    }
    step("pulumi destroy");
    // `remove`: the stack goes with its resources (its folder is deleted below); Pulumi still ends the
    // destroy with its hint to `pulumi stack rm` it, which would send readers after a stack that is gone.
    await stack.destroy({ onOutput: withoutStackRmHint(print), color: "never", remove: true });
    const { state } = await control.state();
    const left = Object.entries(state).filter(
      ([k, v]) =>
        typeof v === "object" &&
        !["accountSettings", "clientTokens", "tombstones"].includes(k) &&
        Object.keys(v).length,
    );
    console.log(
      left.length ? `left behind: ${left.map(([k]) => k).join(", ")}` : "proton-local is empty again.",
    );
  } finally {
    if (!keep) {
      await local.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
