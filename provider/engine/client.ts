import { ProtonClient } from "@aws-sdk/client-proton";
import { RequestBudget, requestRates } from "./request-budget";
import { isRetry, PerCallRetryStrategy } from "./retry";
import { wholeSetting } from "./settings";

// One Proton client per (region, endpoint) per provider process, in the standard retry mode call by call
// (retry.ts), with every call drawn from one request budget shared by every resource (request-budget.ts).
// Why not the adaptive mode: its client-side limiter halves the whole process's rate on every throttled
// call (x0.7, floor 0.5 calls/s, burst 1), so a few throttled polls serialised a stack of hundreds of
// resources; pacing calls ahead of time keeps it under Proton's rates.

/**
 * Attempts per API call. With the backoff of retry.ts (8 short retries, then up to 20 s) a call rides out
 * about 80 s of throttling, as 12 attempts did with the SDK's backoff alone.
 */
export const MAX_ATTEMPTS = 16;

/** The SDK's own AWS_MAX_ATTEMPTS when it is set to a whole number of at least 1, else MAX_ATTEMPTS. */
export function maxAttempts(env: NodeJS.ProcessEnv = process.env): number {
  return wholeSetting(env.AWS_MAX_ATTEMPTS) ?? MAX_ATTEMPTS;
}

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
      retryStrategy: new PerCallRetryStrategy(() => maxAttempts()),
    });
    // Inside the retry loop (finalizeRequest, after the retry middleware), so retries are paced as well; the
    // retry middleware numbers each attempt in the amz-sdk-request header ("attempt=2; max=16").
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? "").replace(/Command$/, "");
        await requestBudget.take(operation, isRetry(args.request));
        return next(args);
      },
      { step: "finalizeRequest", priority: "low", name: "protonRequestBudget" },
    );
    clients.set(key, client);
  }
  return client;
}
