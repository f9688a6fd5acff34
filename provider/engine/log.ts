import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

// Progress lines (polls, adoption, retries, versions deleted with their template), attached to the resource
// they are about. The dynamic-provider host turns a provider's stdout into diagnostics attached to no
// resource: the CLI showed every poll on the Stack row and again under "Diagnostics:". Native providers
// log through the engine's Log RPC with the resource's URN instead, and so does this: the engine address is
// the provider process's last argument, and each resource passes its own URN as the `resourceUrn` input
// (the host never gives provider methods the URN), which runtime.run keeps for the length of the call.
// Polls are ephemeral: shown on the resource's row while it runs, not repeated in the summary.
// Outside a provider process (in-process tests), lines go to stdout as before.

const currentUrn = new AsyncLocalStorage<string | undefined>();

/** Runs `fn` with progress lines attached to `urn`. */
export const withResource = <T>(urn: string | undefined, fn: () => T): T => currentUrn.run(urn, fn);

type Send = (message: string, urn: string, ephemeral: boolean) => void;

let engineLog: Send | null | undefined;

/** The engine's Log RPC when this process is the dynamic-provider host the CLI started, else null. */
function engine(): Send | null {
  if (engineLog !== undefined) return engineLog;
  engineLog = null;
  const address = process.argv[process.argv.length - 1];
  const host = require.main?.filename.replace(/\\/g, "/") ?? "";
  if (!host.endsWith("cmd/dynamic-provider/index.js") || !/^[\w.[\]:-]+:\d+$/.test(address)) return null;
  try {
    // The same gRPC and protobuf modules @pulumi/pulumi itself talks to the engine with.
    // Loaded here, not imported: only the provider process the CLI started needs them.
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = fromPulumi("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
    const rpc = fromPulumi(
      "@pulumi/pulumi/proto/engine_grpc_pb",
    ) as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
    const pb = fromPulumi(
      "@pulumi/pulumi/proto/engine_pb",
    ) as typeof import("@pulumi/pulumi/proto/engine_pb");
    const client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
    engineLog = (message, urn, ephemeral) => {
      const request = new pb.LogRequest();
      request.setSeverity(pb.LogSeverity.INFO);
      request.setMessage(message);
      request.setUrn(urn);
      request.setEphemeral(ephemeral);
      client.log(request, (error) => {
        if (error) console.log(message);
      });
    };
  } catch {
    engineLog = null;
  }
  return engineLog;
}

/**
 * One progress line about the resource of the current call. Ephemeral lines (polls) show while the
 * resource runs; lasting ones (an adoption, a retry) are kept with the resource in the summary.
 */
export function progress(message: string, { lasting = false } = {}): void {
  const urn = currentUrn.getStore();
  const send = urn ? engine() : null;
  if (send && urn) send(message, urn, !lasting);
  else console.log(message);
}
