import * as settings from "@pulumi/pulumi/runtime/settings";

// Why: inline programs run in this (long-lived) test process, and grpc-js shares connections to one address
// across clients in a process-wide pool. The engine of each CLI run listens on a fresh port, but the OS
// hands ports out again: a run whose resource monitor got the port of an earlier, finished run reused that
// run's dead connection, its first call failed at once with UNAVAILABLE, and the Pulumi SDK, taking
// UNAVAILABLE for an engine shutting down, ended the program quietly. The preview then "succeeded" without
// the program's resources, and the leftover rejections failed whichever test was running.

/** Gives every resource-monitor client of the Pulumi SDK its own connections in this process. */
export function isolateEngineConnections(): void {
  const options = (settings as unknown as { grpcClientOptions?: Record<string, unknown> }).grpcClientOptions;
  if (!options) throw new Error("@pulumi/pulumi/runtime/settings no longer has grpcClientOptions");
  options["grpc.use_local_subchannel_pool"] = 1;
}
