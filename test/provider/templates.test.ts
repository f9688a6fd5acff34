import {
  GetEnvironmentTemplateCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateServiceTemplateCommand,
  CreateEnvironmentTemplateCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-proton";
import { startHarness, unique, type ProviderHarness } from "./harness";

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

describe.each(["EnvironmentTemplate", "ServiceTemplate"])("%s", (type) => {
  test("create returns clean JSON outputs with the inputs and computed values", async () => {
    const name = unique("tpl");
    const { id, outs } = await h.create(type, {
      name,
      displayName: "Shared",
      tags: { team: "platform" },
      logicalId: `p/s/${name}`,
    });
    expect(id).toBe(name);
    expect(outs).toMatchObject({
      name,
      displayName: "Shared",
      tags: { team: "platform" },
      region: "us-east-1",
    });
    expect(outs.arn).toMatch(new RegExp(`:(environment|service)-template/${name}$`));
    expect(typeof outs.createdAt).toBe("string");
    expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
  });

  test("a retried create takes over the identical template instead of failing", async () => {
    const name = unique("tpl");
    const inputs = { name, description: "d", logicalId: `p/s/${name}` };
    const first = await h.create(type, inputs);
    const second = await h.create(type, inputs);
    expect(second.id).toBe(first.id);
    expect(second.outs.arn).toBe(first.outs.arn);
  });

  test("diff: display name and description update in place, name and encryption key replace (delete first)", async () => {
    const olds = { name: "a", displayName: "A", description: "x", region: "us-east-1", arn: "arn" };
    expect(await h.diff(type, olds, { name: "a", displayName: "A", description: "x" })).toMatchObject({
      changes: false,
    });
    expect(await h.diff(type, olds, { name: "a", displayName: "B", description: "x" })).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await h.diff(type, olds, { name: "b", displayName: "A", description: "x" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    const key = "arn:aws:kms:us-east-1:000000000000:key/abc";
    expect(
      (await h.diff(type, olds, { name: "a", displayName: "A", description: "x", encryptionKey: key }))
        .replaces,
    ).toEqual(["encryptionKey"]);
  });

  test("tags are order-insensitive and change in place", async () => {
    const olds = { name: "a", tags: { a: "1", b: "2" }, region: "us-east-1" };
    expect(await h.diff(type, olds, { name: "a", tags: { b: "2", a: "1" } })).toMatchObject({
      changes: false,
    });
    expect(await h.diff(type, olds, { name: "a", tags: { a: "1" } })).toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  test("update changes display name, description and tags; returns the full outputs", async () => {
    const name = unique("tpl");
    const { id, outs } = await h.create(type, {
      name,
      displayName: "A",
      tags: { a: "1", b: "2" },
      logicalId: `p/s/${name}`,
    });
    const news = {
      name,
      displayName: "B",
      description: "new",
      tags: { a: "1", c: "3" },
      logicalId: `p/s/${name}`,
    };
    const { outs: updated } = (await h.provider(type).update(id, outs, news)) as {
      outs: Record<string, unknown>;
    };
    expect(updated).toMatchObject({
      name,
      displayName: "B",
      description: "new",
      tags: { a: "1", c: "3" },
      arn: outs.arn,
    });
    const read = await h.provider(type).read(id, updated);
    expect(read.props).toMatchObject({ displayName: "B", description: "new", tags: { a: "1", c: "3" } });
  });

  test("refresh reports out-of-band drift and no phantom diff follows", async () => {
    const name = unique("tpl");
    const { id, outs } = await h.create(type, { name, displayName: "A", logicalId: `p/s/${name}` });
    const clean = await h.provider(type).read(id, outs);
    expect((await h.diff(type, clean.props!, clean.inputs!)).changes).toBe(false);
    if (type === "EnvironmentTemplate")
      await h.client.send(new UpdateEnvironmentTemplateCommand({ name, displayName: "Changed" }));
    else await h.client.send(new UpdateServiceTemplateCommand({ name, displayName: "Changed" }));
    const drifted = await h.provider(type).read(id, outs);
    expect(drifted.props).toMatchObject({ displayName: "Changed" });
    expect(drifted.inputs).toMatchObject({ displayName: "Changed" });
    expect((await h.diff(type, drifted.props!, { name, displayName: "A" })).changes).toBe(true);
  });

  test("a description taken out is cleared, and refresh, reading it back as '', finds no difference", async () => {
    const name = unique("tpl");
    const inputs = { name, description: "old", logicalId: `p/s/${name}` };
    const { id, outs } = await h.create(type, inputs);
    const { description: _left, ...news } = inputs;
    const { outs: cleared } = (await h.provider(type).update(id, outs, news)) as {
      outs: Record<string, unknown>;
    };
    const refreshed = await h.provider(type).read(id, cleared);
    expect(refreshed.inputs).not.toHaveProperty("description");
    expect((await h.diff(type, refreshed.props!, news)).changes).toBe(false);
  });

  test("read of a deleted template returns a blank id; delete of a deleted template succeeds", async () => {
    const name = unique("tpl");
    const { id, outs } = await h.create(type, { name, logicalId: `p/s/${name}` });
    await h.provider(type).delete(id, outs);
    expect((await h.provider(type).read(id, outs)).id).toBe("");
    await expect(h.provider(type).delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("adopting an existing template", () => {
  test("a differing existing template fails with the differing fields unless adoptExisting", async () => {
    const name = unique("adopt");
    await h.client.send(
      new CreateEnvironmentTemplateCommand({ name, displayName: "Made by hand", description: "old" }),
    );
    await expect(
      h.create("EnvironmentTemplate", {
        name,
        displayName: "Declared",
        description: "old",
        logicalId: `p/s/${name}`,
      }),
    ).rejects.toThrow(/already exists in Proton and differs from the program in: displayName.*adoptExisting/);
    const { outs } = await h.create("EnvironmentTemplate", {
      name,
      displayName: "Declared",
      description: "new",
      adoptExisting: true,
      logicalId: `p/s/${name}`,
    });
    expect(outs).toMatchObject({ displayName: "Declared", description: "new" });
    const live = await h.client.send(new GetEnvironmentTemplateCommand({ name }));
    expect(live.environmentTemplate).toMatchObject({ displayName: "Declared", description: "new" });
  });
});

describe("whose resource a template is", () => {
  const ownerTag = async (name: string) => {
    const { environmentTemplate } = await h.client.send(new GetEnvironmentTemplateCommand({ name }));
    const { tags } = await h.client.send(
      new ListTagsForResourceCommand({ resourceArn: environmentTemplate!.arn }),
    );
    return tags?.find((t) => t.key === "pulumi-proton:resource")?.value;
  };

  test("another stack's template is refused, naming its resource, unless adoptExisting moves it over", async () => {
    const name = unique("owned");
    const inputs = { name, displayName: "Shared", tags: { team: "a" } };
    const { outs } = await h.create("EnvironmentTemplate", { ...inputs, logicalId: `p/a/${name}` });
    // The owner tag is the provider's own: never among the resource's tags, so never in a diff.
    expect(outs.tags).toEqual({ team: "a" });
    expect(await ownerTag(name)).toBe(`p/a/${name}`);
    // The same program as stack b: the same inputs, another resource.
    await expect(h.create("EnvironmentTemplate", { ...inputs, logicalId: `p/b/${name}` })).rejects.toThrow(
      new RegExp(
        `environment template '${name}' already exists in Proton, created by the Pulumi resource p/a/${name} ` +
          ".*Choose another name, or set `adoptExisting: true`",
      ),
    );
    expect(await ownerTag(name)).toBe(`p/a/${name}`);
    const moved = await h.create("EnvironmentTemplate", {
      ...inputs,
      adoptExisting: true,
      logicalId: `p/b/${name}`,
    });
    expect(moved.outs.tags).toEqual({ team: "a" });
    expect(await ownerTag(name)).toBe(`p/b/${name}`);
    // Only a create reads adoptExisting: taking it out afterwards, or setting it on a template already in
    // the state, is no change to show.
    const b = { ...inputs, logicalId: `p/b/${name}` };
    expect(await h.diff("EnvironmentTemplate", moved.outs, b)).toMatchObject({ changes: false });
    expect(await h.diff("EnvironmentTemplate", moved.outs, { ...b, adoptExisting: false })).toMatchObject({
      changes: false,
    });
    const a = { ...inputs, logicalId: `p/a/${name}` };
    expect(await h.diff("EnvironmentTemplate", outs, { ...a, adoptExisting: true })).toMatchObject({
      changes: false,
    });
    // Its refresh shows no owner tag either.
    const read = await h.provider("EnvironmentTemplate").read(name, moved.outs);
    expect(read.inputs?.tags).toEqual({ team: "a" });
  });

  test("a create retried by the resource that made it takes its first attempt over without a word of adopting", async () => {
    const name = unique("owned");
    const inputs = { name, displayName: "Shared", logicalId: `p/a/${name}` };
    const first = await h.create("EnvironmentTemplate", inputs);
    const retried = await h.create("EnvironmentTemplate", inputs);
    expect(retried.outs.arn).toBe(first.outs.arn);
    expect(await ownerTag(name)).toBe(`p/a/${name}`);
  });

  test("a template made outside Pulumi that matches the program is taken over and becomes this resource's", async () => {
    const name = unique("owned");
    await h.client.send(new CreateEnvironmentTemplateCommand({ name, displayName: "Shared" }));
    await h.create("EnvironmentTemplate", { name, displayName: "Shared", logicalId: `p/a/${name}` });
    expect(await ownerTag(name)).toBe(`p/a/${name}`);
    await expect(
      h.create("EnvironmentTemplate", { name, displayName: "Shared", logicalId: `p/b/${name}` }),
    ).rejects.toThrow(/created by the Pulumi resource/);
  });

  test("a renamed stack's update retags its resources with the new name", async () => {
    const name = unique("owned");
    const olds = { name, displayName: "Shared", logicalId: `p/a/${name}` };
    const { outs } = await h.create("EnvironmentTemplate", olds);
    const news = (await h.check("EnvironmentTemplate", { ...olds, logicalId: `p/renamed/${name}` })).inputs!;
    await h.provider("EnvironmentTemplate").update(name, outs, news);
    expect(await ownerTag(name)).toBe(`p/renamed/${name}`);
  });
});

test("a provider setting that breaks its rule fails the preview of every resource, naming the variable, the rule and the value", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    PULUMI_PROTON_POLL_MAX_SECONDS: "2m",
    PULUMI_PROTON_POLL_SCHEDULE: "exponentail",
  });
  try {
    const name = unique("tpl");
    await h.mark();
    const checked = await h.check("EnvironmentTemplate", { name, logicalId: `p/s/${name}` });
    expect(checked.failures).toEqual([
      {
        property: "",
        reason: `EnvironmentTemplate '${name}': the environment variable PULUMI_PROTON_POLL_SCHEDULE must be "expected" or "exponential", got 'exponentail'`,
      },
      {
        property: "",
        reason: `EnvironmentTemplate '${name}': the environment variable PULUMI_PROTON_POLL_MAX_SECONDS must be a positive number, got '2m'`,
      },
    ]);
    // Judged from the environment alone: nothing was asked of Proton.
    expect(await h.counts()).toEqual({});
  } finally {
    process.env = saved;
  }
});
