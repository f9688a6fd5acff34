import { ProtonClient } from "@aws-sdk/client-proton";

// One Proton client per (region, endpoint) per provider process: the adaptive retry mode's rate
// limiter is then shared by every resource, which is what keeps a throttling storm from snowballing.

/** Attempts per API call; with the adaptive mode's backoff this rides out long throttling storms. */
export const MAX_ATTEMPTS = 12;

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
      retryMode: "adaptive",
      maxAttempts: MAX_ATTEMPTS,
    });
    clients.set(key, client);
  }
  return client;
}
