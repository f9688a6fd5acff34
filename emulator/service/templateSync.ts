import { createHash } from "node:crypto";
import type {
  ServiceTemplateSupportedComponentSourceType,
  CreateTemplateSyncConfigCommandInput,
  CreateTemplateSyncConfigCommandOutput,
  DeleteTemplateSyncConfigCommandInput,
  DeleteTemplateSyncConfigCommandOutput,
  GetTemplateSyncConfigCommandInput,
  GetTemplateSyncConfigCommandOutput,
  GetTemplateSyncStatusCommandInput,
  GetTemplateSyncStatusCommandOutput,
  UpdateTemplateSyncConfigCommandInput,
  UpdateTemplateSyncConfigCommandOutput,
} from "@aws-sdk/client-proton";
import { parse } from "yaml";
import type { Backend } from "./backend";
import { branchHead, directoriesOf, filesUnder, normalizeDir } from "./git";
import { nameKeyedCreate } from "./idempotency";
import { clean } from "./render";
import { linkedRepository } from "./repositories";
import { event, finishAttempt, recordRepositorySync, renderSyncStatus, startAttempt } from "./sync";
import {
  templateKey,
  versionKey,
  type SyncEventRecord,
  type TemplateKind,
  type TemplateSyncConfigRecord,
  type VersionRecord,
} from "./state";
import { arnPart, label, versionsOf } from "./templates";
import type { Valid, Wire } from "./wire";
import { notFound, validation } from "../protocol/errors";

// Template sync, as the Proton user guide describes it: on a push to the tracked branch, Proton looks for
// the template's directory (`<subdirectory>/.../<templateName>/`), and in it for major version directories
// `v<N>`. Each major version directory whose contents differ from the last successful sync (or whose last
// synced minor version was deleted) is registered as a new minor version of major N (major N is created
// when it doesn't exist); an unchanged directory makes no version. New versions are DRAFT. Syncs to one
// major version run one at a time; commits pushed meanwhile are batched into one sync after it.

const configKey = (type: TemplateKind, name: string) => templateKey(type, name);
const statusKey = (type: TemplateKind, name: string, major: number | string) =>
  `${templateKey(type, name)}/${major}`;
const MAJOR_DIR = /^v(0|[1-9]\d*)$/;

const renderConfig = (c: TemplateSyncConfigRecord) =>
  clean({
    templateName: c.templateName,
    templateType: c.templateType,
    repositoryProvider: c.repositoryProvider,
    repositoryName: c.repositoryName,
    branch: c.branch,
    subdirectory: c.subdirectory,
  });

function getConfig(b: Backend, type: TemplateKind, name: string): TemplateSyncConfigRecord {
  const c = b.state.templateSyncConfigs[configKey(type, name)];
  if (!c) throw notFound(`The ${label(type)} '${name}' has no template sync configuration`);
  return c;
}

/** The first directory named after the template, at or under the subdirectory (shallowest, then by name). */
function templateDirectory(files: Record<string, string>, c: TemplateSyncConfigRecord): string | undefined {
  const root = normalizeDir(c.subdirectory);
  return directoriesOf(files).find(
    (d) => (d === root || root === "" || d.startsWith(`${root}/`)) && d.split("/").pop() === c.templateName,
  );
}

const contentHash = (files: Record<string, string>) =>
  createHash("sha256")
    .update(JSON.stringify(Object.entries(files).sort(([x], [y]) => x.localeCompare(y))))
    .digest("hex");

/** A service template version's registration details, from `.template-registration.yaml` (or `.compatible-envs`). */
const isComponentSources = (x: unknown): x is ServiceTemplateSupportedComponentSourceType[] =>
  Array.isArray(x) && x.every((s) => s === "DIRECTLY_DEFINED");

function registrationOf(
  b: Backend,
  files: Record<string, string>,
): Pick<VersionRecord, "compatibleEnvironmentTemplates" | "supportedComponentSources"> {
  let compatible: unknown;
  let sources: unknown;
  if (files[".template-registration.yaml"] !== undefined) {
    const doc = parse(files[".template-registration.yaml"]) as Record<string, unknown> | null;
    compatible = doc?.compatible_environments;
    sources = doc?.supported_component_sources;
  } else if (files[".compatible-envs"] !== undefined) {
    compatible = files[".compatible-envs"].split(/\s+/).filter(Boolean);
  }
  if (!Array.isArray(compatible) || compatible.length === 0)
    throw new Error(
      "A service template version needs .template-registration.yaml in its major version directory, listing compatible_environments as <environment-template>:<major-version>",
    );
  const compatibleEnvironmentTemplates = compatible.map((entry) => {
    const m = /^([0-9A-Za-z][0-9A-Za-z_-]*):(0|[1-9]\d*)$/.exec(String(entry));
    if (!m)
      throw new Error(
        `compatible_environments: '${String(entry)}' is not <environment-template>:<major-version>`,
      );
    if (!b.state.templates[templateKey("ENVIRONMENT", m[1])])
      throw new Error(`compatible_environments: environment template '${m[1]}' does not exist`);
    return { templateName: m[1], majorVersion: m[2] };
  });
  if (sources === undefined) return { compatibleEnvironmentTemplates };
  if (!isComponentSources(sources))
    throw new Error("supported_component_sources: the only supported value is DIRECTLY_DEFINED");
  return { compatibleEnvironmentTemplates, supportedComponentSources: sources };
}

/** What one push did to one template major version, for the push's answer. */
export interface TemplateSyncResult {
  templateName: string;
  templateType: TemplateKind;
  majorVersion: string;
  outcome: "VERSION_CREATED" | "UNCHANGED" | "QUEUED" | "FAILED";
  version?: string;
  message?: string;
}

/** Syncs one major version directory of a template from the branch head. */
function syncMajor(
  b: Backend,
  c: TemplateSyncConfigRecord,
  dir: string,
  major: number,
  commitId: string,
  files: Record<string, string>,
): TemplateSyncResult {
  const kind = c.templateType;
  const base = { templateName: c.templateName, templateType: kind, majorVersion: String(major) };
  const key = statusKey(kind, c.templateName, major);
  const rec = (b.state.resourceSyncs[key] ??= {});
  if (rec.latestSync?.status === "IN_PROGRESS") {
    rec.queued = true;
    return { ...base, outcome: "QUEUED" };
  }
  const hash = contentHash(files);
  if (rec.syncedHash === hash && rec.syncedVersionKey && b.state.versions[rec.syncedVersionKey])
    return { ...base, outcome: "UNCHANGED" };

  const revision = {
    repositoryName: c.repositoryName,
    repositoryProvider: c.repositoryProvider,
    sha: commitId,
    directory: dir,
    branch: c.branch,
  };
  const attempt = startAttempt(rec, c.templateName, revision, b.now(), [
    event(
      b,
      "SYNC_STARTED",
      `Syncing ${dir}/ at ${commitId} to ${label(kind)} '${c.templateName}' major version ${major}`,
      commitId,
    ),
  ]);
  attempt.contentHash = hash;
  const fail = (message: string): TemplateSyncResult => {
    finishAttempt(rec, attempt, false, [event(b, "SYNC_FAILED", message)]);
    return { ...base, outcome: "FAILED", message };
  };
  if (!b.state.templates[templateKey(kind, c.templateName)])
    return fail(
      `The ${label(kind)} '${c.templateName}' does not exist; template sync creates versions, not templates`,
    );
  let registration: ReturnType<typeof registrationOf> = {};
  try {
    if (kind === "SERVICE") registration = registrationOf(b, files);
  } catch (e) {
    return fail((e as Error).message);
  }
  const sameMajor = versionsOf(b, kind, c.templateName).filter((v) => v.major === major);
  const minor = sameMajor.length ? Math.max(...sameMajor.map((v) => v.minor)) + 1 : 0;
  const vkey = versionKey(kind, c.templateName, major, minor);
  const now = b.now();
  const v: VersionRecord = {
    kind,
    templateName: c.templateName,
    major,
    minor,
    status: "REGISTRATION_IN_PROGRESS",
    arn: b.arn(`${arnPart(kind)}/${c.templateName}:${major}.${minor}`),
    createdAt: now,
    lastModifiedAt: now,
    // Never read: the bundle is the commit's folder, kept in syncedBundles.
    source: { s3: { bucket: "proton-template-sync", key: `${c.repositoryName}/${commitId}/${dir}` } },
    ...registration,
    tags: [],
    pending: b.schedule("register", "registration", c.templateName),
  };
  b.state.versions[vkey] = v;
  b.state.syncedBundles[vkey] = files;
  delete b.state.tombstones[vkey];
  attempt.events.push(event(b, "VERSION_CREATED", `Created ${label(kind)} version ${major}.${minor}`, v.arn));
  attempt.waitsOn = { kind: "version", key: vkey };
  return { ...base, outcome: "VERSION_CREATED", version: `${major}.${minor}` };
}

/** Syncs a template from the head of its configured branch, if the branch was pushed. */
function syncTemplate(
  b: Backend,
  c: TemplateSyncConfigRecord,
): { results: TemplateSyncResult[]; events: SyncEventRecord[] } {
  const head = branchHead(b, c.repositoryProvider, c.repositoryName, c.branch);
  if (!head) return { results: [], events: [] };
  const dir = templateDirectory(head.files, c);
  if (dir === undefined)
    return {
      results: [],
      events: [
        event(
          b,
          "TEMPLATE_NOT_FOUND",
          `No directory named '${c.templateName}' under '/${normalizeDir(c.subdirectory)}'`,
        ),
      ],
    };
  const results = directoriesOf(filesUnder(head.files, dir))
    .filter((d) => MAJOR_DIR.test(d))
    .map((d) =>
      syncMajor(
        b,
        c,
        dir ? `${dir}/${d}` : d,
        Number(d.slice(1)),
        head.commitId,
        filesUnder(head.files, dir ? `${dir}/${d}` : d),
      ),
    );
  const events = results.map((r) =>
    event(
      b,
      `TEMPLATE_${r.outcome}`,
      `${r.templateName} major version ${r.majorVersion}: ${r.outcome.toLowerCase().replace(/_/g, " ")}${r.version ? ` ${r.version}` : ""}${r.message ? `: ${r.message}` : ""}`,
    ),
  );
  return { results, events };
}

/** After a push: syncs every template tracking the branch and records the repository's sync attempt. */
export function syncTemplatesOnPush(
  b: Backend,
  repository: { provider: TemplateSyncConfigRecord["repositoryProvider"]; name: string },
  branch: string,
  commitId: string,
): TemplateSyncResult[] {
  const configs = Object.values(b.state.templateSyncConfigs).filter(
    (c) =>
      c.repositoryProvider === repository.provider &&
      c.repositoryName === repository.name &&
      c.branch === branch,
  );
  if (!configs.length) return [];
  const events = [event(b, "COMMIT_RECEIVED", `Received commit ${commitId} on ${branch}`, commitId)];
  const results: TemplateSyncResult[] = [];
  for (const c of configs) {
    const synced = syncTemplate(b, c);
    results.push(...synced.results);
    events.push(...synced.events);
  }
  recordRepositorySync(
    b,
    "TEMPLATE_SYNC",
    { repositoryProvider: repository.provider, repositoryName: repository.name, branch },
    events,
  );
  return results;
}

/** Ends template syncs whose version finished registering; a batched commit then syncs. */
export function progressTemplateSyncs(b: Backend): void {
  for (const [key, rec] of Object.entries(b.state.resourceSyncs)) {
    const attempt = rec.latestSync;
    if (attempt?.status !== "IN_PROGRESS" || attempt.waitsOn?.kind !== "version") continue;
    const v = b.state.versions[attempt.waitsOn.key];
    if (v?.status === "REGISTRATION_IN_PROGRESS") continue;
    const versionKeyOfAttempt = attempt.waitsOn.key;
    if (v && (v.status === "DRAFT" || v.status === "PUBLISHED")) {
      rec.syncedHash = attempt.contentHash;
      rec.syncedVersionKey = versionKeyOfAttempt;
      finishAttempt(rec, attempt, true, [
        event(b, "VERSION_REGISTERED", `Version ${v.major}.${v.minor} registered as ${v.status}`, v.arn),
        event(
          b,
          "SYNC_SUCCEEDED",
          `Synced ${attempt.targetRevision.directory}/ at ${attempt.targetRevision.sha}`,
        ),
      ]);
    } else {
      finishAttempt(rec, attempt, false, [
        event(
          b,
          "REGISTRATION_FAILED",
          v ? (v.statusMessage ?? "Registration failed") : "The version was deleted while registering",
          v?.arn,
        ),
        event(
          b,
          "SYNC_FAILED",
          `Could not sync ${attempt.targetRevision.directory}/ at ${attempt.targetRevision.sha}`,
        ),
      ]);
    }
    if (rec.queued) {
      delete rec.queued;
      const [type, name] = key.split("/");
      const c = b.state.templateSyncConfigs[configKey(type as TemplateKind, name)];
      if (c) syncFromHead(b, c);
    }
  }
}

/** Syncs the branch a configuration tracks from its head, when it was ever pushed. */
function syncFromHead(b: Backend, c: TemplateSyncConfigRecord): void {
  const head = branchHead(b, c.repositoryProvider, c.repositoryName, c.branch);
  if (head)
    syncTemplatesOnPush(
      b,
      { provider: c.repositoryProvider, name: c.repositoryName },
      c.branch,
      head.commitId,
    );
}

function configFrom(
  b: Backend,
  input: Valid<CreateTemplateSyncConfigCommandInput>,
  createHash: string,
  modified: boolean,
): TemplateSyncConfigRecord {
  linkedRepository(b, input.repositoryProvider, input.repositoryName, "repositoryName");
  return {
    templateName: input.templateName,
    templateType: input.templateType,
    repositoryProvider: input.repositoryProvider,
    repositoryName: input.repositoryName,
    branch: input.branch,
    subdirectory: input.subdirectory,
    createHash,
    modified,
  };
}

export const templateSyncOps = {
  CreateTemplateSyncConfig: (
    b: Backend,
    input: Valid<CreateTemplateSyncConfigCommandInput>,
  ): Wire<CreateTemplateSyncConfigCommandOutput> => {
    const key = configKey(input.templateType, input.templateName);
    const existing = b.state.templateSyncConfigs[key];
    const what = `The template sync configuration of ${label(input.templateType)} '${input.templateName}'`;
    const { hash, existing: retry } = nameKeyedCreate(existing, input, what);
    if (retry) return { templateSyncConfig: renderConfig(existing) };
    if (!b.state.templates[templateKey(input.templateType, input.templateName)])
      throw validation(
        `templateName: the ${label(input.templateType)} '${input.templateName}' does not exist; template sync adds versions to an existing template`,
      );
    const c = configFrom(b, input, hash, false);
    b.state.templateSyncConfigs[key] = c;
    delete b.state.tombstones[`template-sync/${key}`];
    // The branch may already hold the template's bundles: they sync now, as after a push.
    syncFromHead(b, c);
    return { templateSyncConfig: renderConfig(c) };
  },

  GetTemplateSyncConfig: (
    b: Backend,
    input: Valid<GetTemplateSyncConfigCommandInput>,
  ): Wire<GetTemplateSyncConfigCommandOutput> => ({
    templateSyncConfig: renderConfig(getConfig(b, input.templateType, input.templateName)),
  }),

  UpdateTemplateSyncConfig: (
    b: Backend,
    input: Valid<UpdateTemplateSyncConfigCommandInput>,
  ): Wire<UpdateTemplateSyncConfigCommandOutput> => {
    const old = getConfig(b, input.templateType, input.templateName);
    const c = configFrom(b, input, old.createHash, true);
    b.state.templateSyncConfigs[configKey(input.templateType, input.templateName)] = c;
    syncFromHead(b, c);
    return { templateSyncConfig: renderConfig(c) };
  },

  DeleteTemplateSyncConfig: (
    b: Backend,
    input: Valid<DeleteTemplateSyncConfigCommandInput>,
  ): Wire<DeleteTemplateSyncConfigCommandOutput> => {
    const key = configKey(input.templateType, input.templateName);
    const c = b.state.templateSyncConfigs[key];
    if (!c) {
      if (b.state.tombstones[`template-sync/${key}`]) return {};
      throw notFound(
        `The ${label(input.templateType)} '${input.templateName}' has no template sync configuration`,
      );
    }
    // A sync in progress runs to its end (its version still registers); nothing batched follows it.
    delete b.state.templateSyncConfigs[key];
    b.state.tombstones[`template-sync/${key}`] = b.now();
    return { templateSyncConfig: renderConfig(c) };
  },

  GetTemplateSyncStatus: (
    b: Backend,
    input: Valid<GetTemplateSyncStatusCommandInput>,
  ): Wire<GetTemplateSyncStatusCommandOutput> => {
    getConfig(b, input.templateType, input.templateName);
    return renderSyncStatus(
      b.state.resourceSyncs[statusKey(input.templateType, input.templateName, input.templateVersion)],
    );
  },
};
