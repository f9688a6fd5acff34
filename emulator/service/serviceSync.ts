import { isDeepStrictEqual } from "node:util";
import type {
  CreateServiceSyncConfigCommandInput,
  CreateServiceSyncConfigCommandOutput,
  DeleteServiceSyncConfigCommandInput,
  DeleteServiceSyncConfigCommandOutput,
  GetServiceInstanceSyncStatusCommandInput,
  GetServiceInstanceSyncStatusCommandOutput,
  GetServiceSyncBlockerSummaryCommandInput,
  GetServiceSyncBlockerSummaryCommandOutput,
  GetServiceSyncConfigCommandInput,
  GetServiceSyncConfigCommandOutput,
  RepositoryProvider,
  UpdateServiceSyncBlockerCommandInput,
  UpdateServiceSyncBlockerCommandOutput,
  UpdateServiceSyncConfigCommandInput,
  UpdateServiceSyncConfigCommandOutput,
} from "@aws-sdk/client-proton";
import { parse } from "yaml";
import type { Backend } from "./backend";
import { branchHead, normalizeDir } from "./git";
import { nameKeyedCreate } from "./idempotency";
import { clean, seconds } from "./render";
import { linkedRepository } from "./repositories";
import { getService, serviceOps } from "./services";
import { parseServiceSpec } from "./specs";
import { event, finishAttempt, recordRepositorySync, renderSyncStatus, startAttempt } from "./sync";
import {
  instanceKey,
  type ServiceSyncConfigRecord,
  type SyncBlockerRecord,
  type SyncEventRecord,
} from "./state";
import type { Handlers, Valid, Wire } from "./wire";
import { conflict, notFound, ProtonError, validation } from "../protocol/errors";
import { valueText } from "./text";

// Service sync, as the Proton user guide describes it: the service sync configuration names a proton-ops
// file on a branch; its `sync.services.<service>.<instance>` entries name the branch and spec file each
// instance syncs from. A push to one of those branches creates a missing instance or updates one whose
// spec inputs changed (CURRENT_VERSION), and an unchanged instance is left alone. A manual change through
// the API blocks sync: creating or updating an instance blocks that instance, removing an instance from the
// service blocks the whole service, until UpdateServiceSyncBlocker resolves the blocker.

const statusKey = (serviceName: string, instanceName: string) =>
  `instance/${instanceKey(serviceName, instanceName)}`;

const renderConfig = (c: ServiceSyncConfigRecord) => ({
  serviceName: c.serviceName,
  repositoryProvider: c.repositoryProvider,
  repositoryName: c.repositoryName,
  branch: c.branch,
  filePath: c.filePath,
});

const renderBlocker = (x: SyncBlockerRecord) =>
  clean({
    id: x.id,
    type: x.type,
    status: x.status,
    createdReason: x.createdReason,
    createdAt: seconds(x.createdAt),
    contexts: x.contexts,
    resolvedReason: x.resolvedReason,
    resolvedAt: x.resolvedAt === undefined ? undefined : seconds(x.resolvedAt),
  });

function getConfig(b: Backend, serviceName: string): ServiceSyncConfigRecord {
  const c = b.state.serviceSyncConfigs[serviceName];
  if (!c) throw notFound(`The service '${serviceName}' has no service sync configuration`);
  return c;
}

const activeBlocker = (b: Backend, serviceName: string, instanceName?: string) =>
  Object.values(b.state.syncBlockers).find(
    (x) => x.status === "ACTIVE" && x.serviceName === serviceName && x.serviceInstanceName === instanceName,
  );

/** Blocks sync of a service (no instance) or of one instance, unless that scope is blocked already. */
function block(b: Backend, serviceName: string, instanceName: string | undefined, reason: string): void {
  if (!b.state.serviceSyncConfigs[serviceName] || activeBlocker(b, serviceName, instanceName)) return;
  const id = b.uuid();
  b.state.syncBlockers[id] = {
    id,
    type: "AUTOMATED",
    status: "ACTIVE",
    createdReason: reason,
    createdAt: b.now(),
    contexts: [
      { key: "serviceName", value: serviceName },
      ...(instanceName ? [{ key: "serviceInstanceName", value: instanceName }] : []),
    ],
    serviceName,
    ...(instanceName ? { serviceInstanceName: instanceName } : {}),
  };
}

/** One instance entry of a proton-ops file. */
interface OpsEntry {
  instance: string;
  branch: string;
  spec: string;
}

/** The entries the proton-ops file on the configuration's branch lists for its service. */
function opsEntries(b: Backend, c: ServiceSyncConfigRecord): OpsEntry[] | string {
  const head = branchHead(b, c.repositoryProvider, c.repositoryName, c.branch);
  const path = normalizeDir(c.filePath);
  const text = head?.files[path];
  if (text === undefined) return `The proton-ops file '${c.filePath}' is not on branch ${c.branch}`;
  let doc: { sync?: { services?: Record<string, Record<string, { branch?: unknown; spec?: unknown }>> } };
  try {
    doc = (parse(text) ?? {}) as typeof doc;
  } catch (e) {
    return `The proton-ops file '${c.filePath}' is not YAML: ${(e as Error).message}`;
  }
  const instances = doc.sync?.services?.[c.serviceName];
  if (!instances || typeof instances !== "object")
    return `The proton-ops file '${c.filePath}' has no sync.services.${c.serviceName}`;
  return Object.entries(instances).map(([instance, entry]) => ({
    instance,
    branch: valueText(entry?.branch ?? c.branch),
    spec: valueText(entry?.spec ?? ""),
  }));
}

/** What one sync did to one instance, for the push's answer. */
export interface ServiceSyncResult {
  serviceName: string;
  serviceInstanceName: string;
  outcome: "CREATED" | "UPDATED" | "UNCHANGED" | "BLOCKED" | "QUEUED" | "WAITING" | "FAILED";
  message?: string;
}

function syncInstance(b: Backend, c: ServiceSyncConfigRecord, entry: OpsEntry): ServiceSyncResult {
  const base = { serviceName: c.serviceName, serviceInstanceName: entry.instance };
  if (activeBlocker(b, c.serviceName) || activeBlocker(b, c.serviceName, entry.instance))
    return { ...base, outcome: "BLOCKED" };
  const rec = (b.state.resourceSyncs[statusKey(c.serviceName, entry.instance)] ??= {});
  if (rec.latestSync?.status === "IN_PROGRESS") {
    rec.queued = true;
    return { ...base, outcome: "QUEUED" };
  }
  const head = branchHead(b, c.repositoryProvider, c.repositoryName, entry.branch);
  const specPath = normalizeDir(entry.spec);
  const revision = {
    repositoryName: c.repositoryName,
    repositoryProvider: c.repositoryProvider,
    // A spec branch never pushed has no commit: the attempt names the ops file's commit instead.
    sha:
      head?.commitId ?? branchHead(b, c.repositoryProvider, c.repositoryName, c.branch)?.commitId ?? "none",
    directory: specPath.split("/").slice(0, -1).join("/") || "/",
    branch: entry.branch,
  };
  const text = head?.files[specPath];
  const current = b.state.instances[instanceKey(c.serviceName, entry.instance)];
  let wanted: { environment: string; inputs: unknown } | undefined;
  let problem: string | undefined;
  try {
    if (text === undefined) problem = `The spec file '${entry.spec}' is not on branch ${entry.branch}`;
    else {
      wanted = parseServiceSpec(text).instances.find((i) => i.name === entry.instance);
      if (!wanted) problem = `The spec file '${entry.spec}' has no instance '${entry.instance}'`;
    }
  } catch (e) {
    problem = (e as Error).message;
  }
  if (!problem && current && wanted) {
    const now = current.spec
      ? parseServiceSpec(current.spec).instances.find((i) => i.name === entry.instance)
      : undefined;
    if (now && now.environment === wanted.environment && isDeepStrictEqual(now.inputs, wanted.inputs))
      return { ...base, outcome: "UNCHANGED" };
  }
  const attempt = startAttempt(rec, entry.instance, revision, b.now(), [
    event(
      b,
      "SYNC_STARTED",
      `Syncing ${entry.spec} at ${revision.sha} to service instance '${c.serviceName}/${entry.instance}'`,
      revision.sha,
    ),
  ]);
  const fail = (message: string): ServiceSyncResult => {
    finishAttempt(rec, attempt, false, [event(b, "SYNC_FAILED", message)]);
    return { ...base, outcome: "FAILED", message };
  };
  if (problem) return fail(problem);
  try {
    if (current)
      serviceOps.UpdateServiceInstance(b, {
        serviceName: c.serviceName,
        name: entry.instance,
        deploymentType: "CURRENT_VERSION",
        spec: text,
      });
    else
      serviceOps.CreateServiceInstance(b, { serviceName: c.serviceName, name: entry.instance, spec: text });
  } catch (e) {
    if (!(e instanceof ProtonError)) throw e;
    // Busy with another deployment: the sync waits (INITIATED) and starts once the service is free.
    if (e.type === "ConflictException") {
      attempt.status = "INITIATED";
      attempt.events.push(event(b, "SYNC_WAITING", e.message));
      return { ...base, outcome: "WAITING", message: e.message };
    }
    return fail(`${e.type}: ${e.message}`);
  }
  const i = b.state.instances[instanceKey(c.serviceName, entry.instance)];
  attempt.events.push(
    event(
      b,
      "DEPLOYMENT_STARTED",
      `Deploying service instance '${c.serviceName}/${entry.instance}'`,
      i.lastAttemptedDeploymentId,
    ),
  );
  attempt.waitsOn = { kind: "instance", key: instanceKey(c.serviceName, entry.instance) };
  return { ...base, outcome: current ? "UPDATED" : "CREATED" };
}

const isNew = (b: Backend, c: ServiceSyncConfigRecord, e: OpsEntry) =>
  !b.state.instances[instanceKey(c.serviceName, e.instance)];

/** Syncs the instances a configuration lists; `branch` limits it to those a push to that branch changes. */
function syncService(
  b: Backend,
  c: ServiceSyncConfigRecord,
  branch?: string,
  only?: string,
): { results: ServiceSyncResult[]; events: SyncEventRecord[] } {
  const entries = opsEntries(b, c);
  if (typeof entries === "string")
    return {
      results: [],
      events: branch === undefined || branch === c.branch ? [event(b, "OPS_FILE_INVALID", entries)] : [],
    };
  const results = entries
    .filter((e) => branch === undefined || branch === c.branch || e.branch === branch)
    .filter((e) => only === undefined || e.instance === only)
    // New instances first: an update deploying elsewhere in the service would hold up a create.
    .sort((x, y) => Number(isNew(b, c, y)) - Number(isNew(b, c, x)))
    .map((e) => syncInstance(b, c, e));
  const events = results.map((r) =>
    event(
      b,
      `INSTANCE_${r.outcome}`,
      `${r.serviceName}/${r.serviceInstanceName}: ${r.outcome.toLowerCase()}${r.message ? `: ${r.message}` : ""}`,
    ),
  );
  return { results, events };
}

/** After a push: syncs every service whose proton-ops file or instance specs live on the branch. */
export function syncServicesOnPush(
  b: Backend,
  repository: { provider: RepositoryProvider; name: string },
  branch: string,
  commitId: string,
): ServiceSyncResult[] {
  const configs = Object.values(b.state.serviceSyncConfigs).filter(
    (c) => c.repositoryProvider === repository.provider && c.repositoryName === repository.name,
  );
  const events = [event(b, "COMMIT_RECEIVED", `Received commit ${commitId} on ${branch}`, commitId)];
  const results: ServiceSyncResult[] = [];
  for (const c of configs) {
    const synced = syncService(b, c, branch);
    results.push(...synced.results);
    events.push(...synced.events);
  }
  if (events.length > 1)
    recordRepositorySync(
      b,
      "SERVICE_SYNC",
      { repositoryProvider: repository.provider, repositoryName: repository.name, branch },
      events,
    );
  return results;
}

/** Ends instance syncs whose deployment settled; a batched commit then syncs. */
export function progressServiceSyncs(b: Backend): void {
  for (const [statusKeyOf, rec] of Object.entries(b.state.resourceSyncs)) {
    const attempt = rec.latestSync;
    if (attempt?.status === "INITIATED" && statusKeyOf.startsWith("instance/")) {
      const [serviceName, instanceName] = statusKeyOf.slice("instance/".length).split("/");
      const c = b.state.serviceSyncConfigs[serviceName];
      if (c) syncService(b, c, undefined, instanceName);
      continue;
    }
    if (attempt?.status !== "IN_PROGRESS" || attempt.waitsOn?.kind !== "instance") continue;
    const key = attempt.waitsOn.key;
    const i = b.state.instances[key];
    if (i && (i.deploymentStatus === "IN_PROGRESS" || i.deploymentStatus === "CANCELLING")) continue;
    const ok = i?.deploymentStatus === "SUCCEEDED";
    finishAttempt(rec, attempt, ok, [
      ok
        ? event(b, "DEPLOYMENT_SUCCEEDED", `Service instance '${key}' deployed`, i.lastSucceededDeploymentId)
        : event(
            b,
            "DEPLOYMENT_FAILED",
            i
              ? `${i.deploymentStatus}: ${i.deploymentStatusMessage ?? ""}`.trim()
              : "The service instance is gone",
            i?.lastAttemptedDeploymentId,
          ),
      event(
        b,
        ok ? "SYNC_SUCCEEDED" : "SYNC_FAILED",
        `Synced ${attempt.targetRevision.branch} at ${attempt.targetRevision.sha}`,
      ),
    ]);
    if (rec.queued) {
      delete rec.queued;
      const [serviceName, instanceName] = key.split("/");
      const c = b.state.serviceSyncConfigs[serviceName];
      if (c) syncService(b, c, undefined, instanceName);
    }
  }
}

/**
 * The API's own instance changes, which block sync of what they touch: the operations wrapped here are
 * the ones a user calls; service sync itself calls the unwrapped ones.
 */
export function blockingManualChanges(ops: typeof serviceOps) {
  return {
    CreateServiceInstance: (b, input) => {
      const out = ops.CreateServiceInstance(b, input);
      block(b, input.serviceName, input.name, `Service instance '${input.name}' was created manually`);
      return out;
    },
    UpdateServiceInstance: (b, input) => {
      const out = ops.UpdateServiceInstance(b, input);
      block(b, input.serviceName, input.name, `Service instance '${input.name}' was updated manually`);
      return out;
    },
    UpdateService: (b, input) => {
      const before = Object.values(b.state.instances)
        .filter((i) => i.serviceName === input.name && i.deploymentStatus !== "DELETE_IN_PROGRESS")
        .map((i) => i.name);
      const out = ops.UpdateService(b, input);
      const gone = before.filter(
        (n) => b.state.instances[instanceKey(input.name, n)]?.deploymentStatus === "DELETE_IN_PROGRESS",
      );
      if (gone.length)
        block(
          b,
          input.name,
          undefined,
          `Service instance${gone.length > 1 ? "s" : ""} ${gone.map((n) => `'${n}'`).join(", ")} deleted manually`,
        );
      return out;
    },
  } satisfies Partial<Handlers>;
}

function configFrom(
  b: Backend,
  input: Valid<CreateServiceSyncConfigCommandInput>,
  createHash: string,
  modified: boolean,
): ServiceSyncConfigRecord {
  linkedRepository(b, input.repositoryProvider, input.repositoryName, "repositoryName");
  return {
    serviceName: input.serviceName,
    repositoryProvider: input.repositoryProvider,
    repositoryName: input.repositoryName,
    branch: input.branch,
    filePath: input.filePath,
    createHash,
    modified,
  };
}

export const serviceSyncOps = {
  CreateServiceSyncConfig: (
    b: Backend,
    input: Valid<CreateServiceSyncConfigCommandInput>,
  ): Wire<CreateServiceSyncConfigCommandOutput> => {
    const existing = b.state.serviceSyncConfigs[input.serviceName];
    const { hash, existing: retry } = nameKeyedCreate(
      existing,
      input,
      `The service sync configuration of service '${input.serviceName}'`,
    );
    if (retry) return { serviceSyncConfig: renderConfig(existing) };
    if (!b.state.services[input.serviceName])
      throw validation(`serviceName: the service '${input.serviceName}' does not exist`);
    const c = configFrom(b, input, hash, false);
    b.state.serviceSyncConfigs[c.serviceName] = c;
    delete b.state.tombstones[`service-sync/${c.serviceName}`];
    syncService(b, c);
    return { serviceSyncConfig: renderConfig(c) };
  },

  GetServiceSyncConfig: (
    b: Backend,
    input: Valid<GetServiceSyncConfigCommandInput>,
  ): Wire<GetServiceSyncConfigCommandOutput> => ({
    serviceSyncConfig: renderConfig(getConfig(b, input.serviceName)),
  }),

  UpdateServiceSyncConfig: (
    b: Backend,
    input: Valid<UpdateServiceSyncConfigCommandInput>,
  ): Wire<UpdateServiceSyncConfigCommandOutput> => {
    const old = getConfig(b, input.serviceName);
    const c = configFrom(b, input, old.createHash, true);
    b.state.serviceSyncConfigs[c.serviceName] = c;
    syncService(b, c);
    return { serviceSyncConfig: renderConfig(c) };
  },

  DeleteServiceSyncConfig: (
    b: Backend,
    input: Valid<DeleteServiceSyncConfigCommandInput>,
  ): Wire<DeleteServiceSyncConfigCommandOutput> => {
    const c = b.state.serviceSyncConfigs[input.serviceName];
    if (!c) {
      if (b.state.tombstones[`service-sync/${input.serviceName}`]) return {};
      throw notFound(`The service '${input.serviceName}' has no service sync configuration`);
    }
    // The instances stay: deleting the configuration only stops syncing.
    delete b.state.serviceSyncConfigs[c.serviceName];
    b.state.tombstones[`service-sync/${c.serviceName}`] = b.now();
    return { serviceSyncConfig: renderConfig(c) };
  },

  GetServiceInstanceSyncStatus: (
    b: Backend,
    input: Valid<GetServiceInstanceSyncStatusCommandInput>,
  ): Wire<GetServiceInstanceSyncStatusCommandOutput> => {
    // An instance service sync is still creating (waiting, or failed) has a sync status before it exists.
    const rec = b.state.resourceSyncs[statusKey(input.serviceName, input.serviceInstanceName)];
    if (!rec && !b.state.instances[instanceKey(input.serviceName, input.serviceInstanceName)])
      throw notFound(
        `The service instance '${input.serviceName}/${input.serviceInstanceName}' does not exist`,
      );
    return renderSyncStatus(rec);
  },

  GetServiceSyncBlockerSummary: (
    b: Backend,
    input: Valid<GetServiceSyncBlockerSummaryCommandInput>,
  ): Wire<GetServiceSyncBlockerSummaryCommandOutput> => {
    getService(b, input.serviceName);
    const scope = Object.values(b.state.syncBlockers)
      .filter(
        (x) => x.serviceName === input.serviceName && x.serviceInstanceName === input.serviceInstanceName,
      )
      .sort((x, y) => y.createdAt - x.createdAt);
    const active = scope.filter((x) => x.status === "ACTIVE");
    const lastResolved = scope
      .filter((x) => x.status === "RESOLVED")
      .sort((x, y) => (y.resolvedAt ?? 0) - (x.resolvedAt ?? 0))[0];
    return {
      serviceSyncBlockerSummary: clean({
        serviceName: input.serviceName,
        serviceInstanceName: input.serviceInstanceName,
        latestBlockers: [...active, ...(lastResolved ? [lastResolved] : [])].map(renderBlocker),
      }),
    };
  },

  UpdateServiceSyncBlocker: (
    b: Backend,
    input: Valid<UpdateServiceSyncBlockerCommandInput>,
  ): Wire<UpdateServiceSyncBlockerCommandOutput> => {
    const x = b.state.syncBlockers[input.id];
    if (!x) throw notFound(`The service sync blocker '${input.id}' does not exist`);
    if (x.status === "RESOLVED") throw conflict(`The service sync blocker '${x.id}' is already resolved`);
    x.status = "RESOLVED";
    x.resolvedReason = input.resolvedReason;
    x.resolvedAt = b.now();
    // Sync resumes from the branch heads, so the Git side wins again over the manual change.
    const c = b.state.serviceSyncConfigs[x.serviceName];
    if (c) syncService(b, c, undefined, x.serviceInstanceName);
    return clean({
      serviceName: x.serviceName,
      serviceInstanceName: x.serviceInstanceName,
      serviceSyncBlocker: renderBlocker(x),
    });
  },
};
