import { ListDeploymentsCommand, type DeploymentSummary, type ProtonClient } from "@aws-sdk/client-proton";
import { progress } from "./log";

// What the account's recent deployments took: Proton keeps each deployment's start and end (ListDeployments),
// so a first deployment in a stack can expect what the account's other environments and services took
// instead of a typical duration that may be off by 8 times either way. One page, read once per provider
// process and account, and only by a wait that has nothing better to go on.

/** The operations each kind of deployment target tells about. */
const OPERATIONS_OF: Readonly<Record<string, readonly string[]>> = {
  ENVIRONMENT: ["Environment:create", "Environment:update"],
  SERVICE_INSTANCE: ["Service:create", "Service:update"],
};

/** The operations whose expectation the account's history can set. */
export const ACCOUNT_KEYS: readonly string[] = Object.values(OPERATIONS_OF).flat();

/** Deployments read: the newest page is plenty for a median, and costs one call. */
export const HISTORY_PAGE = 50;

/** The median duration (ms) of the succeeded deployments per operation key ("Environment:create"). */
export type AccountDurations = Partial<Record<string, number>>;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function accountDurations(deployments: DeploymentSummary[]): AccountDurations {
  const byType = new Map<string, number[]>();
  for (const d of deployments) {
    if (d.deploymentStatus !== "SUCCEEDED" || !d.createdAt || !d.completedAt || !d.targetResourceType)
      continue;
    const ms = d.completedAt.getTime() - d.createdAt.getTime();
    if (ms > 0) byType.set(d.targetResourceType, [...(byType.get(d.targetResourceType) ?? []), ms]);
  }
  const out: AccountDurations = {};
  for (const [type, ms] of byType) for (const key of OPERATIONS_OF[type] ?? []) out[key] = median(ms);
  return out;
}

const loaded = new WeakMap<ProtonClient, Promise<AccountDurations>>();

/**
 * The account's recent deployment durations, read once per client. A refused or failed read (no
 * proton:ListDeployments permission, throttling past the retries) means no history: the wait falls back
 * to Proton's typical durations rather than failing the resource over an optimisation.
 */
export function accountHistory(client: ProtonClient): Promise<AccountDurations> {
  let history = loaded.get(client);
  if (!history) {
    history = client
      .send(new ListDeploymentsCommand({ maxResults: HISTORY_PAGE }))
      .then((r) => accountDurations(r.deployments ?? []))
      .catch((e: unknown) => {
        progress(`no deployment history to plan polls with (${(e as Error).name ?? "error"})`);
        return {};
      });
    loaded.set(client, history);
  }
  return history;
}
