import { ProtonClient } from "@aws-sdk/client-proton";
import { RequestBudget, requestRates } from "./request-budget";
import { PerCallRetryStrategy } from "./retry";

// One Proton client per (region, endpoint) per provider process, in the standard retry mode call by call
// (retry.ts), with every call drawn from one request budget shared by every resource (request-budget.ts).
// Why not the adaptive mode: its client-side limiter halves the whole process's rate on every throttled
// call (x0.7, floor 0.5 calls/s, burst 1), so a few throttled polls serialised a stack of hundreds of
// resources; pacing calls ahead of time keeps it under Proton's rates.

/** Attempts per API call; with the standard mode's backoff (up to 20 s) this rides out long throttling storms. */
export const MAX_ATTEMPTS = 12;

/** The process's request budget (every attempt of every call draws a token of its operation). */
export const requestBudget = new RequestBudget(requestRates());

export interface Target {
  region: string;
  /** Custom endpoint (proton-local); absent means the SDK's own resolution, AWS_ENDPOINT_URL_PROTON included. */
  endpoint?: string;
}

const clients = new Map<string, ProtonClient>();

/** Region from the stack's `aws:region` config, set by the provider's configure(). */
let configuredRegion: string | undefined;
export function setConfiguredRegion(region: string | undefined): void {
  configuredRegion = region || undefined;
}

/** Where a resource lives: its `region`/`endpoint` args, else stack config, else the environment. */
export function resolveTarget(args: { region?: string; endpoint?: string }): Target {
  const region = args.region ?? configuredRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region)
    throw new Error(
      "No AWS region: set the resource's `region` argument, the stack config `aws:region`, or AWS_REGION.",
    );
  const endpoint = args.endpoint ?? process.env.AWS_ENDPOINT_URL_PROTON ?? undefined;
  return endpoint ? { region, endpoint } : { region };
}

export function protonClient(target: Target): ProtonClient {
  const key = `${target.region}|${target.endpoint ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new ProtonClient({
      region: target.region,
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      retryStrategy: new PerCallRetryStrategy(MAX_ATTEMPTS),
    });
    // Inside the retry loop (finalizeRequest, after the retry middleware), so retries are paced as well.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const waitMs = requestBudget.reserve(String(context.commandName ?? "").replace(/Command$/, ""));
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
        return next(args);
      },
      { step: "finalizeRequest", priority: "low", name: "protonRequestBudget" },
    );
    clients.set(key, client);
  }
  return client;
}
