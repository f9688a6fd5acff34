import { createWaiter, WaiterState } from "@smithy/util-waiter";
import type { ProtonClient } from "@aws-sdk/client-proton";
import { formatDuration } from "../../common/duration";
import { progress } from "./log";

// Waiting for Proton's async work, on the SDK's waiter machinery (exponential backoff with jitter,
// a deadline), with one progress line per poll because dynamic providers get no engine timeouts.

export type Settled<T> =
  | { state: "done"; value: T }
  | { state: "failed"; value: T; message: string }
  | { state: "pending"; status: string };

/** Poll delays in seconds; proton-local users can shorten them (its state changes take milliseconds). */
function pollDelays(): { minDelay: number; maxDelay: number } {
  const min = Number(process.env.PULUMI_PROTON_POLL_MIN_SECONDS ?? 2);
  const max = Number(process.env.PULUMI_PROTON_POLL_MAX_SECONDS ?? 20);
  const minDelay = min > 0 ? min : 2;
  return { minDelay, maxDelay: Math.max(minDelay, max > 0 ? max : 20) };
}

export class WaitTimeout extends Error {}
export class WaitFailed extends Error {}

/**
 * Polls `poll` until it reports done or failed, or `timeoutMs` passes. Returns the done value; throws
 * WaitFailed (with Proton's status message) or WaitTimeout (with the last status seen).
 */
export async function waitFor<T>(
  client: ProtonClient,
  what: string,
  goal: string,
  timeoutMs: number,
  poll: () => Promise<Settled<T>>,
): Promise<T> {
  const started = Date.now();
  let last: Settled<T> | undefined;
  let polls = 0;
  const { minDelay, maxDelay } = pollDelays();
  await createWaiter(
    { client, maxWaitTime: Math.max(timeoutMs / 1000, minDelay + 0.001), minDelay, maxDelay },
    undefined,
    async () => {
      last = await poll();
      polls++;
      if (last.state === "pending" && polls > 1)
        progress(`${what}: ${last.status}, waiting for ${goal} (${formatDuration(Date.now() - started)})`);
      if (last.state === "done") return { state: WaiterState.SUCCESS };
      if (last.state === "failed") return { state: WaiterState.FAILURE };
      return { state: WaiterState.RETRY };
    },
  );
  if (last?.state === "done") return last.value;
  if (last?.state === "failed") throw new WaitFailed(`${what}: ${last.message}`);
  throw new WaitTimeout(
    `${what}: timed out after ${formatDuration(Date.now() - started)} waiting for ${goal} ` +
      `(last status ${last?.state === "pending" ? last.status : "unknown"}). ` +
      "Raise the resource's `timeouts` argument if Proton needs longer.",
  );
}
