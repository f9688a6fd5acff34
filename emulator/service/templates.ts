import type {
  Provisioning,
  ServiceTemplateSupportedComponentSourceType,
  TemplateVersionStatus,
} from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { copyTags } from "./backend";
import { clientTokenCreate, nameKeyedCreate } from "./idempotency";
import { paginate } from "./pagination";
import { clean, renderTemplate, renderVersion, type RenderedTemplate, type RenderedVersion } from "./render";
import { readBundle, readSyncedBundle } from "./specs";
import {
  templateKey,
  versionKey,
  type Tag,
  type TemplateKind,
  type TemplateRecord,
  type VersionRecord,
} from "./state";
import type { Handlers, OperationInput } from "./wire";
import { conflict, notFound, validation } from "../protocol/errors";

// Environment and service templates and their versions: one model, parameterised by kind.

type CompatibleTemplate = { templateName: string; majorVersion: string };

export const label = (kind: TemplateKind) =>
  kind === "ENVIRONMENT" ? "environment template" : "service template";
export const arnPart = (kind: TemplateKind) =>
  kind === "ENVIRONMENT" ? "environment-template" : "service-template";

export function getTemplate(b: Backend, kind: TemplateKind, name: string): TemplateRecord {
  const t = b.state.templates[templateKey(kind, name)];
  if (!t) throw notFound(`The ${label(kind)} '${name}' does not exist`);
  return t;
}

export function versionsOf(b: Backend, kind: TemplateKind, name: string): VersionRecord[] {
  return Object.values(b.state.versions)
    .filter((v) => v.kind === kind && v.templateName === name)
    .sort((x, y) => x.major - y.major || x.minor - y.minor);
}

export function getVersion(
  b: Backend,
  kind: TemplateKind,
  name: string,
  major: string,
  minor: string,
): VersionRecord {
  const v = b.state.versions[versionKey(kind, name, major, minor)];
  if (!v) throw notFound(`The ${label(kind)} version '${name}:${major}.${minor}' does not exist`);
  return v;
}

/** The recommended minor of a major: its highest published minor. */
export function recommendedMinor(
  b: Backend,
  kind: TemplateKind,
  name: string,
  major: number,
): number | undefined {
  const published = versionsOf(b, kind, name).filter((v) => v.major === major && v.status === "PUBLISHED");
  return published.length ? published[published.length - 1].minor : undefined;
}

/** The template's recommended version: the recommended minor of its highest major that has one. */
export function recommendedVersion(
  b: Backend,
  kind: TemplateKind,
  name: string,
): { major: number; minor: number } | undefined {
  const published = versionsOf(b, kind, name).filter((v) => v.status === "PUBLISHED");
  if (!published.length) return undefined;
  const major = published[published.length - 1].major;
  return { major, minor: recommendedMinor(b, kind, name, major) as number };
}

const renderT = (b: Backend, t: TemplateRecord): RenderedTemplate => {
  const rec = recommendedVersion(b, t.kind, t.name);
  return renderTemplate(t, rec ? `${rec.major}.${rec.minor}` : undefined);
};
const renderV = (b: Backend, v: VersionRecord, summary = false): RenderedVersion => {
  const rec = recommendedMinor(b, v.kind, v.templateName, v.major);
  return renderVersion(v, rec === undefined ? undefined : String(rec), summary);
};

/**
 * Resolves the version a deployment asks for: the given minor, or the recommended minor of the major.
 * Only published versions can be deployed.
 */
export function resolveDeployableVersion(
  b: Backend,
  kind: TemplateKind,
  name: string,
  major: string,
  minor: string | undefined,
): VersionRecord {
  getTemplate(b, kind, name);
  if (minor === undefined) {
    const rec = recommendedMinor(b, kind, name, Number(major));
    if (rec === undefined)
      throw validation(`The ${label(kind)} '${name}' has no published version in major version ${major}`);
    minor = String(rec);
  }
  const v = getVersion(b, kind, name, major, minor);
  if (v.status !== "PUBLISHED")
    throw validation(
      `The ${label(kind)} version '${name}:${major}.${minor}' is ${v.status}; only published versions can be deployed`,
    );
  return v;
}

/** A template create's members both kinds share; `provisioning` is the kind's own provisioning member. */
interface TemplateCreate {
  name: string;
  displayName?: string;
  description?: string;
  encryptionKey?: string;
  tags?: Tag[];
}

interface VersionCreate {
  clientToken?: string;
  templateName: string;
  description?: string;
  majorVersion?: string;
  source: OperationInput<"CreateEnvironmentTemplateVersion">["source"];
  compatibleEnvironmentTemplates?: CompatibleTemplate[];
  supportedComponentSources?: ServiceTemplateSupportedComponentSourceType[];
  tags?: Tag[];
}

interface VersionUpdate {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  description?: string;
  status?: TemplateVersionStatus;
  compatibleEnvironmentTemplates?: CompatibleTemplate[];
  supportedComponentSources?: ServiceTemplateSupportedComponentSourceType[];
}

interface VersionId {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
}

interface Page {
  nextToken?: string;
  maxResults?: number;
}

/** The behaviour of templates and their versions, one model for both kinds; the tables below name the operations. */
function templateBehaviour(kind: TemplateKind) {
  const prefix = kind === "ENVIRONMENT" ? "Environment" : "Service";

  const inUse = (b: Backend, v: VersionRecord): string | undefined => {
    const matches = (d: {
      templateName: string;
      templateMajorVersion: string;
      templateMinorVersion: string;
    }) =>
      d.templateName === v.templateName &&
      d.templateMajorVersion === String(v.major) &&
      d.templateMinorVersion === String(v.minor);
    if (kind === "ENVIRONMENT") {
      const env = Object.values(b.state.environments).find(matches);
      return env && `environment '${env.name}'`;
    }
    const inst = Object.values(b.state.instances).find(matches);
    if (inst) return `service instance '${inst.serviceName}/${inst.name}'`;
    const svc = Object.values(b.state.services).find((s) => s.pipeline && matches(s.pipeline));
    return svc && `the pipeline of service '${svc.name}'`;
  };

  const checkCompatible = (b: Backend, compatible: CompatibleTemplate[]) => {
    for (const c of compatible) {
      if (!b.state.templates[templateKey("ENVIRONMENT", c.templateName)])
        throw validation(`Compatible environment template '${c.templateName}' does not exist`);
    }
  };

  return {
    create(b: Backend, input: TemplateCreate, provisioning: Provisioning | undefined): RenderedTemplate {
      const key = templateKey(kind, input.name);
      const existing = b.state.templates[key];
      const { hash, existing: retry } = nameKeyedCreate(
        existing,
        input,
        `The ${label(kind)} '${input.name}'`,
      );
      if (retry) return renderT(b, existing);
      const now = b.now();
      const t: TemplateRecord = {
        kind,
        name: input.name,
        arn: b.arn(`${arnPart(kind)}/${input.name}`),
        createdAt: now,
        lastModifiedAt: now,
        displayName: input.displayName,
        description: input.description,
        encryptionKey: input.encryptionKey,
        provisioning,
        tags: copyTags(input.tags),
        createHash: hash,
        modified: false,
      };
      b.state.templates[key] = t;
      delete b.state.tombstones[key];
      return renderT(b, t);
    },

    get: (b: Backend, name: string): RenderedTemplate => renderT(b, getTemplate(b, kind, name)),

    update(
      b: Backend,
      input: { name: string; displayName?: string; description?: string },
    ): RenderedTemplate {
      const t = getTemplate(b, kind, input.name);
      if (input.displayName !== undefined) t.displayName = input.displayName;
      if (input.description !== undefined) t.description = input.description;
      t.lastModifiedAt = b.now();
      t.modified = true;
      return renderT(b, t);
    },

    /** The deleted template as it was, or undefined for a repeated delete. */
    delete(b: Backend, name: string): RenderedTemplate | undefined {
      const key = templateKey(kind, name);
      const t = b.state.templates[key];
      if (!t) {
        if (b.state.tombstones[key]) return undefined;
        throw notFound(`The ${label(kind)} '${name}' does not exist`);
      }
      if (versionsOf(b, kind, name).length > 0)
        throw conflict(`The ${label(kind)} '${name}' still has versions; delete them first`);
      const out = renderT(b, t);
      delete b.state.templates[key];
      b.state.tombstones[key] = b.now();
      return out;
    },

    list(b: Backend, input: Page) {
      const all = Object.values(b.state.templates)
        .filter((t) => t.kind === kind)
        .sort((x, y) => x.name.localeCompare(y.name));
      const { page, nextToken } = paginate(`List${prefix}Templates`, all, input);
      return {
        templates: page.map((t) => {
          const { encryptionKey: _omit, ...summary } = renderT(b, t);
          return summary;
        }),
        ...(nextToken ? { nextToken } : {}),
      };
    },

    createVersion: (b: Backend, input: VersionCreate): RenderedVersion =>
      clientTokenCreate(
        b,
        `Create${prefix}TemplateVersion`,
        input,
        (key) => {
          const v = b.state.versions[key];
          return v && renderV(b, v);
        },
        () => {
          getTemplate(b, kind, input.templateName);
          const versions = versionsOf(b, kind, input.templateName);
          let major: number;
          let minor: number;
          if (input.majorVersion === undefined) {
            major = versions.length ? Math.max(...versions.map((v) => v.major)) + 1 : 1;
            minor = 0;
          } else {
            major = Number(input.majorVersion);
            const sameMajor = versions.filter((v) => v.major === major);
            if (!sameMajor.length)
              throw validation(
                `The ${label(kind)} '${input.templateName}' has no major version ${major}; leave majorVersion out to start a new major version`,
              );
            minor = Math.max(...sameMajor.map((v) => v.minor)) + 1;
          }
          if (kind === "SERVICE") checkCompatible(b, input.compatibleEnvironmentTemplates ?? []);
          const s3 = input.source.s3;
          if (!s3) throw validation("source must name an S3 object (source.s3)");
          const now = b.now();
          const key = versionKey(kind, input.templateName, major, minor);
          const v: VersionRecord = {
            kind,
            templateName: input.templateName,
            major,
            minor,
            status: "REGISTRATION_IN_PROGRESS",
            description: input.description,
            arn: b.arn(`${arnPart(kind)}/${input.templateName}:${major}.${minor}`),
            createdAt: now,
            lastModifiedAt: now,
            source: { s3: { bucket: s3.bucket, key: s3.key } },
            compatibleEnvironmentTemplates: input.compatibleEnvironmentTemplates?.map((c) => ({
              templateName: c.templateName,
              majorVersion: c.majorVersion,
            })),
            supportedComponentSources: input.supportedComponentSources,
            tags: copyTags(input.tags),
            pending: b.schedule("register", "registration", input.templateName),
          };
          b.state.versions[key] = v;
          delete b.state.tombstones[key];
          return { key, result: renderV(b, v) };
        },
      ),

    getVersion: (b: Backend, input: VersionId): RenderedVersion =>
      renderV(b, getVersion(b, kind, input.templateName, input.majorVersion, input.minorVersion)),

    updateVersion(b: Backend, input: VersionUpdate): RenderedVersion {
      const v = getVersion(b, kind, input.templateName, input.majorVersion, input.minorVersion);
      if (v.status === "REGISTRATION_IN_PROGRESS")
        throw conflict(
          `The ${label(kind)} version '${input.templateName}:${v.major}.${v.minor}' is still registering`,
        );
      if (input.status !== undefined && input.status !== v.status) {
        const allowed = v.status === "DRAFT" && input.status === "PUBLISHED";
        if (!allowed)
          throw validation(
            `A ${label(kind)} version can't move from ${v.status} to ${input.status}; only DRAFT -> PUBLISHED is allowed`,
          );
        v.status = input.status;
      }
      if (input.description !== undefined) v.description = input.description;
      if (input.compatibleEnvironmentTemplates !== undefined) {
        checkCompatible(b, input.compatibleEnvironmentTemplates);
        v.compatibleEnvironmentTemplates = input.compatibleEnvironmentTemplates;
      }
      if (input.supportedComponentSources !== undefined)
        v.supportedComponentSources = input.supportedComponentSources;
      v.lastModifiedAt = b.now();
      return renderV(b, v);
    },

    /** The deleted version as it was, or undefined for a repeated delete. */
    deleteVersion(b: Backend, input: VersionId): RenderedVersion | undefined {
      const key = versionKey(kind, input.templateName, input.majorVersion, input.minorVersion);
      const v = b.state.versions[key];
      if (!v) {
        if (b.state.tombstones[key]) return undefined;
        throw notFound(
          `The ${label(kind)} version '${input.templateName}:${input.majorVersion}.${input.minorVersion}' does not exist`,
        );
      }
      const user = inUse(b, v);
      if (user)
        throw conflict(
          `The ${label(kind)} version '${v.templateName}:${v.major}.${v.minor}' is in use by ${user}`,
        );
      const all = versionsOf(b, kind, v.templateName);
      const rec = recommendedVersion(b, kind, v.templateName);
      if (rec && rec.major === v.major && rec.minor === v.minor && all.length > 1)
        throw conflict(
          `'${v.templateName}:${v.major}.${v.minor}' is the recommended version; delete it last`,
        );
      const recMinor = recommendedMinor(b, kind, v.templateName, v.major);
      if (recMinor === v.minor && all.filter((x) => x.major === v.major).length > 1)
        throw conflict(
          `'${v.templateName}:${v.major}.${v.minor}' is the recommended minor version of major ${v.major}; delete it last in its major`,
        );
      const out = renderV(b, v);
      delete b.state.versions[key];
      delete b.state.syncedBundles[key];
      b.state.tombstones[key] = b.now();
      return out;
    },

    listVersions(b: Backend, input: Page & { templateName: string; majorVersion?: string }) {
      getTemplate(b, kind, input.templateName);
      let all = versionsOf(b, kind, input.templateName);
      if (input.majorVersion !== undefined) {
        all = all.filter((v) => v.major === Number(input.majorVersion));
      } else {
        // Without a major version, one entry per major: its recommended minor, else its latest minor.
        const byMajor = new Map<number, VersionRecord>();
        for (const v of all) {
          const rec = recommendedMinor(b, kind, v.templateName, v.major);
          if (rec === undefined ? true : v.minor === rec) byMajor.set(v.major, v);
        }
        all = [...byMajor.values()];
      }
      const { page, nextToken } = paginate(`List${prefix}TemplateVersions`, all, input);
      return { templateVersions: page.map((v) => renderV(b, v, true)), ...(nextToken ? { nextToken } : {}) };
    },
  };
}

const environment = templateBehaviour("ENVIRONMENT");
const service = templateBehaviour("SERVICE");

export const environmentTemplateOps = {
  CreateEnvironmentTemplate: (b, input) => ({
    environmentTemplate: environment.create(b, input, input.provisioning),
  }),
  GetEnvironmentTemplate: (b, input) => ({ environmentTemplate: environment.get(b, input.name) }),
  UpdateEnvironmentTemplate: (b, input) => ({ environmentTemplate: environment.update(b, input) }),
  DeleteEnvironmentTemplate: (b, input) => clean({ environmentTemplate: environment.delete(b, input.name) }),
  ListEnvironmentTemplates: (b, input) => environment.list(b, input),
  CreateEnvironmentTemplateVersion: (b, input) => ({
    environmentTemplateVersion: environment.createVersion(b, input),
  }),
  GetEnvironmentTemplateVersion: (b, input) => ({
    environmentTemplateVersion: environment.getVersion(b, input),
  }),
  UpdateEnvironmentTemplateVersion: (b, input) => ({
    environmentTemplateVersion: environment.updateVersion(b, input),
  }),
  DeleteEnvironmentTemplateVersion: (b, input) =>
    clean({ environmentTemplateVersion: environment.deleteVersion(b, input) }),
  ListEnvironmentTemplateVersions: (b, input) => environment.listVersions(b, input),
} satisfies Partial<Handlers>;

export const serviceTemplateOps = {
  CreateServiceTemplate: (b, input) => ({
    serviceTemplate: service.create(b, input, input.pipelineProvisioning),
  }),
  GetServiceTemplate: (b, input) => ({ serviceTemplate: service.get(b, input.name) }),
  UpdateServiceTemplate: (b, input) => ({ serviceTemplate: service.update(b, input) }),
  DeleteServiceTemplate: (b, input) => clean({ serviceTemplate: service.delete(b, input.name) }),
  ListServiceTemplates: (b, input) => service.list(b, input),
  CreateServiceTemplateVersion: (b, input) => ({ serviceTemplateVersion: service.createVersion(b, input) }),
  GetServiceTemplateVersion: (b, input) => ({ serviceTemplateVersion: service.getVersion(b, input) }),
  UpdateServiceTemplateVersion: (b, input) => ({ serviceTemplateVersion: service.updateVersion(b, input) }),
  DeleteServiceTemplateVersion: (b, input) =>
    clean({ serviceTemplateVersion: service.deleteVersion(b, input) }),
  ListServiceTemplateVersions: (b, input) => service.listVersions(b, input),
} satisfies Partial<Handlers>;

/** Completes due registrations: DRAFT when the bundle is found and valid, else REGISTRATION_FAILED. */
export function progressRegistrations(b: Backend, now: number): void {
  for (const v of Object.values(b.state.versions)) {
    if (!b.isDue(v.pending, "registration", now)) continue;
    const { failWith } = v.pending;
    v.lastModifiedAt = b.finishedAt(v.pending, "registration", now);
    delete v.pending;
    if (failWith !== undefined) {
      v.status = "REGISTRATION_FAILED";
      v.statusMessage = failWith;
      continue;
    }
    try {
      const synced = b.state.syncedBundles[versionKey(v.kind, v.templateName, v.major, v.minor)];
      const bundle = synced
        ? readSyncedBundle(synced, v.kind)
        : readBundle(b.options.bundleRoot, v.source.s3, v.kind);
      v.schema = bundle.schema;
      v.hasPipeline = bundle.hasPipeline;
      v.status = "DRAFT";
    } catch (e) {
      v.status = "REGISTRATION_FAILED";
      v.statusMessage = (e as Error).message;
    }
  }
}
