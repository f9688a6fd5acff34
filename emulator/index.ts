// proton-local: a local AWS Proton API emulator. The API model it validates against is common/model.
//   protocol/  the wire: awsJson1_0, SigV4 verification, error shapes
//   service/   Proton's behaviour: state, idempotency, async state machines, dependency rules
//   control/   the control plane: call log, fault injection, clock, durations
export { startProtonLocal, type ProtonLocal, type ProtonLocalOptions } from "./server";
export { ProtonLocalControl } from "./control/client";
export type { FaultSpec, Fault, RateLimitSpec, RateLimit } from "./control/faults";
export type { CallRecord } from "./control/calls";
export type { Durations, Phase } from "./service/backend";
export type { State } from "./service/state";
export { CLIENT_TOKEN_TTL_MS } from "./service/idempotency";
export type { GitPush } from "./service/git";
export type { PushResult } from "./service/push";
