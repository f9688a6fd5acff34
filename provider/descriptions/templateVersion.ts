import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as P from "@aws-sdk/client-proton";
import type { ProtonClient } from "@aws-sdk/client-proton";
import type { ServiceTemplateVersionFields, TemplateVersionFields } from "../resources/templateVersions";
import { tagList } from "../engine/common-fields";
import type {
  ArgsOf,
  FieldOf,
  FieldRules,
  Inputs,
  ResourceDescription,
  Stored,
  TemplateKind,
} from "../engine/description";
import { answered, Explained, isConflict } from "../engine/errors";
import { createPastFailedAttempts } from "../engine/token";
import { waitFor } from "../engine/wait";
import { clearedAsLeftOut, hasUnknown, isoTime, shown } from "../engine/values";
import { sameSpec } from "../spec/semantic";
import { deepEqual } from "../../common/model";
import { bundleSchemaProblem } from "../../common/spec";
import { whyUsersStay } from "./templateUsers";
import { deleteRefusal, refusalMessage, templateVersions } from "./versionOrder";

// EnvironmentTemplateVersion and ServiceTemplateVersion: client-token creates whose major/minor numbers
// Proton assigns; registered asynchronously, then published unless `publish: false`.

/**
 * What the provider receives: the resource class has turned `template` into `templateName` and `bundle` into
 * `source` and `bundleDir`, and check adds the bundle's schema.
 */
type VersionArgs<Fields> = ArgsOf<Omit<Fields, "bundle">> & {
  templateName: string;
  /** The local bundle's schema, read by check from bundleDir. */
  schema?: string;
};
type Base = VersionArgs<TemplateVersionFields>;
type Own<Args> = Omit<Args, keyof Base>;
type VersionLive = P.EnvironmentTemplateVersion | P.ServiceTemplateVersion;
type Key = P.GetEnvironmentTemplateVersionInput;

/** What differs between the two kinds: the service kind's own arguments and the SDK commands. */
interface KindApi<Args extends Base, Live extends VersionLive> {
  kind: TemplateKind;
  ownFields: FieldRules<Own<Args>>;
  /** The kind's own create members. */
  ownCreate(i: Inputs<Args>): Partial<Own<Args>>;
  /** The live values of the kind's own arguments. */
  ownLive(live: Live, prior: Partial<Stored<Args>>): Partial<Own<Args>>;
  /** The kind's own update members for the changed fields. */
  ownUpdate(news: Inputs<Args>, changed: FieldOf<Args>[]): Partial<Own<Args>>;
  create(
    client: ProtonClient,
    input: P.CreateEnvironmentTemplateVersionInput,
    own: Partial<Own<Args>>,
  ): Promise<Live | undefined>;
  get(client: ProtonClient, key: Key): Promise<Live | undefined>;
  update(
    client: ProtonClient,
    input: P.UpdateEnvironmentTemplateVersionInput,
    own?: Partial<Own<Args>>,
  ): Promise<unknown>;
  delete(client: ProtonClient, key: Key): Promise<unknown>;
}

const ENVIRONMENT: KindApi<Base, P.EnvironmentTemplateVersion> = {
  kind: "Environment",
  ownFields: {},
  ownCreate: () => ({}),
  ownLive: () => ({}),
  ownUpdate: () => ({}),
  create: async (client, input) =>
    (await client.send(new P.CreateEnvironmentTemplateVersionCommand(input))).environmentTemplateVersion,
  get: async (client, key) =>
    (await client.send(new P.GetEnvironmentTemplateVersionCommand(key))).environmentTemplateVersion,
  update: (client, input) => client.send(new P.UpdateEnvironmentTemplateVersionCommand(input)),
  delete: (client, key) => client.send(new P.DeleteEnvironmentTemplateVersionCommand(key)),
};

type ServiceArgs = VersionArgs<ServiceTemplateVersionFields>;

const SERVICE: KindApi<ServiceArgs, P.ServiceTemplateVersion> = {
  kind: "Service",
  ownFields: {
    compatibleEnvironmentTemplates: {},
    // Left out is none: taking it out stops new component attachments (sent as []).
    supportedComponentSources: { same: (a, b) => deepEqual(a ?? [], b ?? []) },
  },
  ownCreate: (i) => ({
    compatibleEnvironmentTemplates: i.compatibleEnvironmentTemplates,
    supportedComponentSources: i.supportedComponentSources,
  }),
  ownLive: (live, prior) => ({
    compatibleEnvironmentTemplates: live.compatibleEnvironmentTemplates?.map((t) => ({
      templateName: t.templateName ?? "",
      majorVersion: t.majorVersion ?? "",
    })),
    // Proton may read none back as absent or []: as the program wrote it.
    supportedComponentSources: live.supportedComponentSources?.length
      ? live.supportedComponentSources
      : prior.supportedComponentSources === undefined
        ? undefined
        : [],
  }),
  ownUpdate: (news, changed) => ({
    ...(changed.includes("compatibleEnvironmentTemplates")
      ? { compatibleEnvironmentTemplates: news.compatibleEnvironmentTemplates }
      : {}),
    ...(changed.includes("supportedComponentSources")
      ? { supportedComponentSources: news.supportedComponentSources ?? [] }
      : {}),
  }),
  create: async (client, input, own) =>
    (
      await client.send(
        new P.CreateServiceTemplateVersionCommand({
          ...input,
          compatibleEnvironmentTemplates: own.compatibleEnvironmentTemplates,
          supportedComponentSources: own.supportedComponentSources,
        }),
      )
    ).serviceTemplateVersion,
  get: async (client, key) =>
    (await client.send(new P.GetServiceTemplateVersionCommand(key))).serviceTemplateVersion,
  update: (client, input, own) =>
    client.send(new P.UpdateServiceTemplateVersionCommand({ ...input, ...own })),
  delete: (client, key) => client.send(new P.DeleteServiceTemplateVersionCommand(key)),
};

/** "vpc:1.0" -> key members of the Get/Update/Delete calls. */
export function versionKey(id: string): { templateName: string; majorVersion: string; minorVersion: string } {
  const m = /^(.+):(\d+)\.(\d+)$/.exec(id);
  if (!m) throw new Error(`'${id}' is not a template version id (template:major.minor)`);
  return { templateName: m[1], majorVersion: m[2], minorVersion: m[3] };
}

/**
 * Reads `schema/schema.yaml` from a local bundle folder, for preview-time checks and diffs, and judges it
 * by the rules registration applies (common/spec.ts), so a bundle Proton would refuse fails at preview.
 */
function readLocalSchema(dir: string, kind: TemplateKind): { schema?: string; problem?: string } {
  const file = join(dir, "schema", "schema.yaml");
  if (!existsSync(file)) return { problem: `bundleDir '${dir}' has no schema/schema.yaml` };
  const text = readFileSync(file, "utf8");
  const hasPipeline = kind === "Service" && existsSync(join(dir, "pipeline_infrastructure"));
  const problem = bundleSchemaProblem(text, kind === "Environment" ? "ENVIRONMENT" : "SERVICE", hasPipeline);
  return problem ? { problem: `bundleDir '${dir}': ${problem}` } : { schema: text };
}

function templateVersionDescription<Args extends Base, Live extends VersionLive>(
  api: KindApi<Args, Live>,
): ResourceDescription<Args, Live> {
  const { kind } = api;
  const baseFields: FieldRules<Base> = {
    templateName: { replace: true },
    majorVersion: { replace: true, serverDefault: true },
    source: { replace: true },
    /** A changed schema in the local bundle means a new version: versions are immutable. */
    schema: {
      replace: true,
      serverDefault: true,
      same: sameSpec,
      declaredWhen: (state) => state.bundleDir !== undefined,
    },
    description: {},
    /**
     * Publishing is one way, and a replacement by a draft would leave this version the template's recommended
     * one, which Proton deletes last: the draft's `up` could never delete it.
     */
    publish: {
      same: (a, b) => (a ?? true) === (b ?? true),
      refused: (a, b) =>
        (a ?? true) === true && b === false
          ? "publish can't go from true to false: Proton never returns a published version to DRAFT. To stop " +
            "offering it, remove this version (or publish a newer one, which becomes the recommended version); " +
            "for a draft, declare another version with `publish: false`"
          : undefined,
    },
    bundleDir: { local: true },
  };
  const baseCreate = (i: Inputs<Args>): P.CreateEnvironmentTemplateVersionInput => ({
    templateName: i.templateName,
    description: i.description,
    majorVersion: i.majorVersion,
    source: i.source,
  });
  const createInput = (i: Inputs<Args>) => ({ ...baseCreate(i), ...api.ownCreate(i) });
  const idOf = (v: VersionLive) => `${v.templateName}:${v.majorVersion}.${v.minorVersion}`;
  return {
    type: `${kind}TemplateVersion`,
    label: `${kind.toLowerCase()} template version`,
    idempotency: "client-token",
    deleteKind: "sync",
    createOperation: `Create${kind}TemplateVersion`,
    // Why the assertion: the compiler can't see that a generic Args is exactly Base plus its own fields.
    fields: { ...baseFields, ...api.ownFields } as FieldRules<Args>,
    nameOf: (inputs, id) => id ?? `${shown(inputs.templateName)}:${inputs.majorVersion ?? "new major"}`,
    check(inputs) {
      const failures: { property: string; reason: string }[] = [];
      const publish: unknown = inputs.publish;
      if (publish !== undefined && !hasUnknown(publish) && typeof publish !== "boolean")
        failures.push({ property: "publish", reason: "publish must be true or false" });
      if (typeof inputs.bundleDir === "string" && !hasUnknown(inputs.bundleDir)) {
        const { schema, problem } = readLocalSchema(inputs.bundleDir, kind);
        if (problem) failures.push({ property: "bundleDir", reason: problem });
        else inputs.schema = schema;
      }
      return failures;
    },
    createInput,
    async create(ctx, inputs, token) {
      const v = await createPastFailedAttempts(
        token,
        async (clientToken) =>
          answered(
            await api.create(
              ctx.client,
              { ...baseCreate(inputs), tags: tagList(inputs.tags), clientToken },
              api.ownCreate(inputs),
            ),
            ctx.what,
            `${kind === "Service" ? "service" : "environment"}TemplateVersion`,
          ),
        // A new version starts REGISTRATION_IN_PROGRESS: a failed one is the attempt being replaced.
        (answer) => (answer.status === "REGISTRATION_FAILED" ? idOf(answer) : undefined),
      );
      return idOf(v);
    },
    read: (ctx, id) => api.get(ctx.client, versionKey(id)),
    health: (live) =>
      live.status === "REGISTRATION_IN_PROGRESS"
        ? { state: "busy", status: live.status }
        : live.status === "REGISTRATION_FAILED"
          ? {
              state: "failed",
              status: "REGISTRATION_FAILED",
              message: live.statusMessage ?? "registration failed",
            }
          : { state: "stable" },
    // A registration ends with the version's last change: exact, where two polls only bracket it.
    tookMs: (live) =>
      live.status === "DRAFT" && live.createdAt && live.lastModifiedAt
        ? live.lastModifiedAt.getTime() - live.createdAt.getTime()
        : undefined,
    liveInputs: (live, prior) =>
      ({
        templateName: live.templateName,
        majorVersion: prior.majorVersion === undefined ? undefined : live.majorVersion,
        source: prior.source,
        schema:
          prior.schema === undefined || sameSpec(prior.schema, live.schema) ? prior.schema : live.schema,
        description: clearedAsLeftOut(live.description, prior.description),
        publish:
          live.status === "PUBLISHED" ? prior.publish : live.status === "DRAFT" ? false : prior.publish,
        ...api.ownLive(live, prior),
      }) as Partial<Args>,
    outputs: (live) => ({
      majorVersion: live.majorVersion,
      minorVersion: live.minorVersion,
      version: `${live.majorVersion}.${live.minorVersion}`,
      status: live.status,
      statusMessage: live.statusMessage ?? "",
      recommendedMinorVersion: live.recommendedMinorVersion ?? "",
      arn: live.arn,
      schema: live.schema ?? "",
      createdAt: isoTime(live.createdAt),
      lastModifiedAt: isoTime(live.lastModifiedAt),
    }),
    needsReplacement: (olds) => (olds.status === "REGISTRATION_FAILED" ? "status" : undefined),
    async update(ctx, id, _olds, news, changed) {
      const fields = changed.filter(
        (f) =>
          f === "description" || f === "compatibleEnvironmentTemplates" || f === "supportedComponentSources",
      );
      if (!fields.length) return;
      await api.update(
        ctx.client,
        {
          ...versionKey(id),
          ...(changed.includes("description") ? { description: news.description ?? "" } : {}),
        },
        api.ownUpdate(news, changed),
      );
    },
    async converge(ctx, id, inputs, live) {
      if (inputs.publish === false || live.status !== "DRAFT") return false;
      await api.update(ctx.client, { ...versionKey(id), status: "PUBLISHED" });
      return true;
    },
    async delete(ctx, id) {
      const key = versionKey(id);
      const version = `${key.majorVersion}.${key.minorVersion}`;
      // Why: Proton deletes a major's recommended minor (and the template's recommended version) last. A
      // refusal by that rule is retried only while the versions blocking it are going away (siblings
      // deleted in the same run); otherwise it is final at once, with the reason and the fix, instead of
      // a conflict retried until the delete timeout.
      let blockedBy: string | undefined;
      await waitFor(ctx.client, ctx.what, "the versions Proton deletes first", ctx.timeoutMs, async () => {
        try {
          await api.delete(ctx.client, key);
          return { state: "done", value: undefined };
        } catch (e) {
          if (!isConflict(e)) throw e;
          const all = await templateVersions(ctx.client, kind, key.templateName);
          const refusal = deleteRefusal(all, key.majorVersion, key.minorVersion);
          if (!refusal) throw e;
          const blockers = refusal.blockers.join(", ");
          if (blockers === blockedBy)
            throw new Explained(`${ctx.what}: ${refusalMessage(key.templateName, version, refusal)}`);
          blockedBy = blockers;
          return { state: "pending", status: `waiting for ${blockers} to be deleted first` };
        }
      });
    },
    // Refused while environments (or instances and pipelines) run it: fails unless one of them is changing.
    whyConflictStays: (ctx, id) => whyUsersStay(ctx.client, kind, versionKey(id)),
  };
}

export const environmentTemplateVersion = templateVersionDescription(ENVIRONMENT);
export const serviceTemplateVersion = templateVersionDescription(SERVICE);
