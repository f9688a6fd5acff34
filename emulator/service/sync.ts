import type {
  GetRepositorySyncStatusCommandInput,
  GetRepositorySyncStatusCommandOutput,
  ListRepositorySyncDefinitionsCommandInput,
  ListRepositorySyncDefinitionsCommandOutput,
  RepositoryProvider,
} from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { clean, seconds } from "./render";
import {
  branchKey,
  repositoryKey,
  type RepositorySyncRecord,
  type ResourceSyncRecord,
  type ResourceSyncStatusRecord,
  type RevisionRecord,
  type SyncEventRecord,
} from "./state";
import type { Valid, Wire } from "./wire";
import { notFound, validation } from "../protocol/errors";

// What template sync and service sync share: sync attempts with their events, their wire shapes, and the
// per-branch repository sync status. Proton documents an event's `type` as a free string; proton-local's
// vocabulary is listed in the README.

export type SyncType = "TEMPLATE_SYNC" | "SERVICE_SYNC";

export const event = (b: Backend, type: string, text: string, externalId?: string): SyncEventRecord => ({
  type,
  event: text,
  time: b.now(),
  ...(externalId !== undefined ? { externalId } : {}),
});

const renderEvent = (e: SyncEventRecord) =>
  clean({ type: e.type, event: e.event, time: seconds(e.time), externalId: e.externalId });

const renderRevision = (r: RevisionRecord) => ({
  repositoryName: r.repositoryName,
  repositoryProvider: r.repositoryProvider,
  sha: r.sha,
  directory: r.directory,
  branch: r.branch,
});

const renderAttempt = (a: ResourceSyncRecord) => ({
  initialRevision: renderRevision(a.initialRevision),
  targetRevision: renderRevision(a.targetRevision),
  target: a.target,
  startedAt: seconds(a.startedAt),
  status: a.status as "SUCCEEDED",
  events: a.events.map(renderEvent),
});

/** GetTemplateSyncStatus / GetServiceInstanceSyncStatus: every member is absent until a sync happened. */
export const renderSyncStatus = (rec: ResourceSyncStatusRecord | undefined) =>
  clean({
    latestSync: rec?.latestSync && renderAttempt(rec.latestSync),
    latestSuccessfulSync: rec?.latestSuccessfulSync && renderAttempt(rec.latestSuccessfulSync),
    desiredState: rec?.desiredState && renderRevision(rec.desiredState),
  });

/** Starts a resource sync attempt: the new desired state, started from the last successful one. */
export function startAttempt(
  rec: ResourceSyncStatusRecord,
  target: string,
  targetRevision: RevisionRecord,
  startedAt: number,
  events: SyncEventRecord[],
): ResourceSyncRecord {
  const attempt: ResourceSyncRecord = {
    initialRevision: rec.latestSuccessfulSync?.targetRevision ?? targetRevision,
    targetRevision,
    target,
    startedAt,
    status: "IN_PROGRESS",
    events,
  };
  rec.latestSync = attempt;
  rec.desiredState = targetRevision;
  return attempt;
}

/** Ends an attempt; a success becomes the latest successful sync. */
export function finishAttempt(
  rec: ResourceSyncStatusRecord,
  attempt: ResourceSyncRecord,
  ok: boolean,
  events: SyncEventRecord[],
): void {
  attempt.status = ok ? "SUCCEEDED" : "FAILED";
  attempt.events.push(...events);
  delete attempt.waitsOn;
  if (ok) rec.latestSuccessfulSync = attempt;
}

export const repositorySyncKey = (
  syncType: SyncType,
  provider: RepositoryProvider,
  name: string,
  branch: string,
) => `${syncType}/${branchKey(provider, name, branch)}`;

/** Records the repository side of a push: the commit was read and its syncs dispatched. */
export function recordRepositorySync(
  b: Backend,
  syncType: SyncType,
  revision: { repositoryProvider: RepositoryProvider; repositoryName: string; branch: string },
  events: SyncEventRecord[],
  status: "SUCCEEDED" | "FAILED" = "SUCCEEDED",
): void {
  const record: RepositorySyncRecord = { startedAt: b.now(), status, events };
  b.state.repositorySyncs[
    repositorySyncKey(syncType, revision.repositoryProvider, revision.repositoryName, revision.branch)
  ] = record;
}

export const syncStatusOps = {
  GetRepositorySyncStatus: (
    b: Backend,
    input: Valid<GetRepositorySyncStatusCommandInput>,
  ): Wire<GetRepositorySyncStatusCommandOutput> => {
    if (!b.state.repositories[repositoryKey(input.repositoryProvider, input.repositoryName)])
      throw notFound(`The repository '${input.repositoryName}' (${input.repositoryProvider}) is not linked`);
    const latest =
      b.state.repositorySyncs[
        repositorySyncKey(input.syncType, input.repositoryProvider, input.repositoryName, input.branch)
      ];
    return clean({
      latestSync: latest && {
        startedAt: seconds(latest.startedAt),
        status: latest.status as "SUCCEEDED",
        events: latest.events.map(renderEvent),
      },
    });
  },

  ListRepositorySyncDefinitions: (
    b: Backend,
    input: Valid<ListRepositorySyncDefinitionsCommandInput>,
  ): Wire<ListRepositorySyncDefinitionsCommandOutput> => {
    if (input.syncType !== "TEMPLATE_SYNC")
      throw validation("syncType: ListRepositorySyncDefinitions supports only TEMPLATE_SYNC");
    const syncDefinitions = Object.values(b.state.templateSyncConfigs)
      .filter(
        (c) => c.repositoryProvider === input.repositoryProvider && c.repositoryName === input.repositoryName,
      )
      .sort(
        (x, y) =>
          x.templateName.localeCompare(y.templateName) || x.templateType.localeCompare(y.templateType),
      )
      .map((c) => ({
        target: c.templateName,
        parent: c.repositoryName,
        branch: c.branch,
        directory: c.subdirectory ?? "/",
      }));
    return { syncDefinitions };
  },
};
