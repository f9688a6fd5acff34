import * as P from "@aws-sdk/client-proton";
import type { ProtonClient } from "@aws-sdk/client-proton";
import type { EnvironmentTemplateArgs, ServiceTemplateArgs, TemplateArgs } from "../resources/templates";
import type { ArgsOf, FieldRules, Inputs, ResourceDescription, TemplateKind } from "../engine/description";
import { tagList } from "../engine/common-fields";
import { isNotFound } from "../engine/errors";
import { progress } from "../engine/log";
import { clearedAsLeftOut, isoTime, shown } from "../engine/values";
import { deletionOrder, templateVersions } from "./versionOrder";
import { usersStaying, whyUsersStay } from "./templateUsers";

// EnvironmentTemplate and ServiceTemplate: name-keyed, updated in place through Update*Template.

type Base = ArgsOf<TemplateArgs>;
/** What both kinds of template report. */
type TemplateLive = P.EnvironmentTemplate | P.ServiceTemplate;
type CreateInput<Args> = Omit<P.CreateEnvironmentTemplateInput, "provisioning"> &
  Partial<Omit<Args, keyof Base>>;

/** What differs between the two kinds: the provisioning argument's name and the SDK commands. */
interface KindApi<Args extends Base, Live extends TemplateLive> {
  kind: TemplateKind;
  /** The rule of the kind's provisioning argument (`provisioning` or `pipelineProvisioning`). */
  provisioningField: FieldRules<Omit<Args, keyof Base>>;
  provisioningOf(from: Partial<Omit<Args, keyof Base>> | Live): Partial<Omit<Args, keyof Base>>;
  create(client: ProtonClient, input: CreateInput<Args> & { tags?: P.Tag[] }): Promise<unknown>;
  get(client: ProtonClient, name: string): Promise<Live | undefined>;
  update(client: ProtonClient, input: P.UpdateEnvironmentTemplateInput): Promise<unknown>;
  delete(client: ProtonClient, name: string): Promise<unknown>;
  deleteVersion(client: ProtonClient, key: P.DeleteEnvironmentTemplateVersionInput): Promise<unknown>;
}

const ENVIRONMENT: KindApi<ArgsOf<EnvironmentTemplateArgs>, P.EnvironmentTemplate> = {
  kind: "Environment",
  provisioningField: { provisioning: { replace: true } },
  provisioningOf: (from) => ({ provisioning: from.provisioning }),
  create: (client, input) => client.send(new P.CreateEnvironmentTemplateCommand(input)),
  get: async (client, name) =>
    (await client.send(new P.GetEnvironmentTemplateCommand({ name }))).environmentTemplate,
  update: (client, input) => client.send(new P.UpdateEnvironmentTemplateCommand(input)),
  delete: (client, name) => client.send(new P.DeleteEnvironmentTemplateCommand({ name })),
  deleteVersion: (client, key) => client.send(new P.DeleteEnvironmentTemplateVersionCommand(key)),
};

const SERVICE: KindApi<ArgsOf<ServiceTemplateArgs>, P.ServiceTemplate> = {
  kind: "Service",
  provisioningField: { pipelineProvisioning: { replace: true } },
  provisioningOf: (from) => ({ pipelineProvisioning: from.pipelineProvisioning }),
  create: (client, input) => client.send(new P.CreateServiceTemplateCommand(input)),
  get: async (client, name) => (await client.send(new P.GetServiceTemplateCommand({ name }))).serviceTemplate,
  update: (client, input) => client.send(new P.UpdateServiceTemplateCommand(input)),
  delete: (client, name) => client.send(new P.DeleteServiceTemplateCommand({ name })),
  deleteVersion: (client, key) => client.send(new P.DeleteServiceTemplateVersionCommand(key)),
};

function templateDescription<Args extends Base, Live extends TemplateLive>(
  api: KindApi<Args, Live>,
): ResourceDescription<Args, Live> {
  const { kind } = api;
  const createInput = (i: Inputs<Args>): CreateInput<Args> => ({
    name: i.name,
    displayName: i.displayName,
    description: i.description,
    encryptionKey: i.encryptionKey,
    ...api.provisioningOf(i),
  });
  const baseFields: FieldRules<Base> = {
    name: { replace: true },
    displayName: {
      notClearable: "UpdateEnvironmentTemplate and UpdateServiceTemplate take 1 to 100 characters",
    },
    description: {},
    encryptionKey: { replace: true },
  };
  return {
    type: `${kind}Template`,
    label: `${kind.toLowerCase()} template`,
    idempotency: "name-keyed",
    deleteKind: "sync",
    createOperation: `Create${kind}Template`,
    // Why the assertion: the compiler can't see that a generic Args is exactly Base plus its own fields.
    fields: { ...baseFields, ...api.provisioningField } as FieldRules<Args>,
    nameOf: (inputs) => shown(inputs.name),
    idFromInputs: (inputs) => String(inputs.name),
    createInput,
    async create(ctx, inputs) {
      await api.create(ctx.client, { ...createInput(inputs), tags: tagList(inputs.tags) });
      return String(inputs.name);
    },
    read: (ctx, id) => api.get(ctx.client, id),
    health: () => ({ state: "stable" }),
    liveInputs: (live, prior) =>
      ({
        name: live.name,
        displayName: live.displayName,
        description: clearedAsLeftOut(live.description, prior.description),
        encryptionKey: live.encryptionKey,
        ...api.provisioningOf(live),
      }) as Partial<Args>,
    outputs: (live) => ({
      arn: live.arn,
      recommendedVersion: live.recommendedVersion ?? "",
      createdAt: isoTime(live.createdAt),
      lastModifiedAt: isoTime(live.lastModifiedAt),
    }),
    async update(ctx, id, _olds, news, changed) {
      if (!changed.some((f) => f === "displayName" || f === "description")) return;
      // An absent description is cleared with "", which the API accepts (displayName can't be emptied).
      await api.update(ctx.client, {
        name: id,
        displayName: news.displayName,
        description: news.description ?? "",
      });
    },
    async delete(ctx, id) {
      // Proton deletes a template only once its versions are gone. Versions given `template:` are deleted
      // with it (Pulumi's deletedWith), so the ones left go here, in the order Proton allows.
      const left = await templateVersions(ctx.client, kind, id).catch((e: unknown) => {
        if (isNotFound(e)) return { versions: [] };
        throw e;
      });
      // Refused as Proton would refuse the version, before any other version goes: a destroy that can't
      // finish leaves the template as it was.
      const staying = left.versions.length ? await usersStaying(ctx.client, kind, id) : undefined;
      if (staying)
        throw new P.ConflictException({
          message: `its versions are in use by ${staying.join(", ")}`,
          $metadata: {},
        });
      for (const v of deletionOrder(left)) {
        progress(`${ctx.what}: deleting its version ${v.majorVersion}.${v.minorVersion}`);
        await api
          .deleteVersion(ctx.client, {
            templateName: id,
            majorVersion: v.majorVersion,
            minorVersion: v.minorVersion,
          })
          .catch((e: unknown) => {
            if (!isNotFound(e)) throw e;
          });
      }
      await api.delete(ctx.client, id);
    },
    // A version left that something still runs holds the template: fails unless one of its users is changing.
    whyConflictStays: (ctx, id) => whyUsersStay(ctx.client, kind, { templateName: id }),
  };
}

export const environmentTemplate = templateDescription(ENVIRONMENT);
export const serviceTemplate = templateDescription(SERVICE);
