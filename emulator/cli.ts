import { parseArgs } from "node:util";
import { parseDuration } from "../common/duration";
import { isLoopback } from "./control/guard";
import { startProtonLocal, type ProtonLocalOptions } from "./server";

const USAGE = `Usage: proton-local [options]

A local AWS Proton API emulator (awsJson1_0 over HTTP, SigV4-checked).

Options:
  --port <n>                    port to listen on (default 4577; 0 picks a free one)
  --host <addr>                 address to bind (default 127.0.0.1). Beyond loopback (e.g. 0.0.0.0) anyone
                                who can reach the port can call the API, so the control plane then
                                requires a token (given with --control-token, or generated and printed)
  --control-token <token>       require Authorization: Bearer <token> on the control plane
  --state-file <path>           keep state across restarts in this file
  --bundle-root <dir>           folder standing in for S3: <dir>/<bucket>/<key> is a .tar.gz or a bundle folder
  --access-key-id <id>          accepted access key (default test)
  --secret-access-key <secret>  its secret (default test)
  --account-id <12 digits>      account id in ARNs (default 000000000000)
  --region <region>             region in ARNs (default us-east-1)
  --registration-duration <d>   template version registration time (default 1s)
  --deployment-duration <d>     deployment time (default 2s)
  --deletion-duration <d>       async deletion time (default 1s)
  --cancellation-duration <d>   deployment cancellation time (default 500ms)
  --seed <n>                    seed for probabilistic faults (default 1)
  -h, --help                    show this help

Durations look like 500ms, 2s, 1m. Control plane: <endpoint>/_proton-local (see README).`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4577" },
      host: { type: "string", default: "127.0.0.1" },
      "control-token": { type: "string" },
      "state-file": { type: "string" },
      "bundle-root": { type: "string" },
      "access-key-id": { type: "string", default: "test" },
      "secret-access-key": { type: "string", default: "test" },
      "account-id": { type: "string", default: "000000000000" },
      region: { type: "string", default: "us-east-1" },
      "registration-duration": { type: "string" },
      "deployment-duration": { type: "string" },
      "deletion-duration": { type: "string" },
      "cancellation-duration": { type: "string" },
      seed: { type: "string", default: "1" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const duration = (flag: string): number | undefined => {
    const raw = values[flag as keyof typeof values] as string | undefined;
    if (raw === undefined) return undefined;
    const ms = parseDuration(raw);
    if (ms === undefined) throw new Error(`--${flag} must be a duration such as 500ms or 2s, got '${raw}'`);
    return ms;
  };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0..65535, got '${values.port}'`);
  if (!/^\d{12}$/.test(values["account-id"])) throw new Error("--account-id must be 12 digits");
  const durations: ProtonLocalOptions["durations"] = {};
  const map = {
    "registration-duration": "registrationMs",
    "deployment-duration": "deploymentMs",
    "deletion-duration": "deletionMs",
    "cancellation-duration": "cancellationMs",
  } as const;
  for (const [flag, key] of Object.entries(map)) {
    const ms = duration(flag);
    if (ms !== undefined) durations[key] = ms;
  }
  const local = await startProtonLocal({
    port,
    host: values.host,
    stateFile: values["state-file"],
    bundleRoot: values["bundle-root"],
    credentials: [
      {
        accessKeyId: values["access-key-id"],
        secretAccessKey: values["secret-access-key"],
      },
    ],
    accountId: values["account-id"],
    region: values.region,
    durations,
    seed: Number(values.seed),
    controlToken: values["control-token"],
  });
  if (!isLoopback(values.host))
    console.error(
      `proton-local: WARNING: bound to ${values.host}, beyond loopback${values.host === "0.0.0.0" || values.host === "::" ? " (all interfaces)" : ""}: ` +
        "anyone who can reach this port can call the API with the configured credentials; " +
        `the control plane requires the control token (${values["control-token"] === undefined ? "printed below" : "--control-token"}).`,
    );
  console.log(`proton-local listening on ${local.endpoint}`);
  console.log(`  export AWS_ENDPOINT_URL_PROTON=${local.endpoint}`);
  if (local.controlToken && values["control-token"] === undefined)
    console.log(`  export PROTON_LOCAL_CONTROL_TOKEN=${local.controlToken}`);
  console.log(`  control plane: ${local.controlUrl}`);
  const stop = () => {
    local.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error("proton-local: could not shut down cleanly:", e);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
