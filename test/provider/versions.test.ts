import {
  GetEnvironmentTemplateVersionCommand,
  GetServiceTemplateVersionCommand,
  ListEnvironmentTemplateVersionsCommand,
} from "@aws-sdk/client-proton";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BUCKET,
  ENV_BUNDLE_DIR,
  environmentOn,
  publishedEnvTemplate,
  startHarness,
  unique,
  versionOn,
  WEB_BUNDLE_DIR,
  type ProviderHarness,
  partialFailure,
} from "./harness";

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

async function template(type = "EnvironmentTemplate") {
  const name = unique("vt");
  await h.create(type, { name, logicalId: `p/s/${name}` });
  return name;
}

const envVersion = (templateName: string, extra: Record<string, unknown> = {}) => ({
  templateName,
  source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
  logicalId: `p/s/${templateName}-v`,
  ...extra,
});

test("create waits for registration, publishes, and reports server-assigned numbers", async () => {
  const name = await template();
  const { id, outs } = await h.create(
    "EnvironmentTemplateVersion",
    envVersion(name, { bundleDir: ENV_BUNDLE_DIR }),
  );
  expect(id).toBe(`${name}:1.0`);
  expect(outs).toMatchObject({
    majorVersion: "1",
    minorVersion: "0",
    version: "1.0",
    status: "PUBLISHED",
    recommendedMinorVersion: "0",
  });
  expect(String(outs.schema)).toContain("environment_input_type");
});

test("refresh returns the inputs the program sends: the schema check reads from bundleDir, publish as declared", async () => {
  const name = await template();
  const withBundle = envVersion(name, { bundleDir: ENV_BUNDLE_DIR });
  const { id, outs } = await h.create("EnvironmentTemplateVersion", withBundle);
  const { inputs: checked } = await h.check("EnvironmentTemplateVersion", withBundle);
  const refreshed = await h.provider("EnvironmentTemplateVersion").read(id, outs);
  expect(refreshed.inputs).toMatchObject({ schema: checked?.schema, bundleDir: ENV_BUNDLE_DIR });
  expect(refreshed.inputs).not.toHaveProperty("publish");
  const bare = await h.create(
    "EnvironmentTemplateVersion",
    envVersion(name, { majorVersion: "1", logicalId: `p/s/${name}-bare` }),
  );
  const bareRefreshed = await h.provider("EnvironmentTemplateVersion").read(bare.id, bare.outs);
  expect(bareRefreshed.inputs).not.toHaveProperty("schema");
});

test("a create retried after the first call succeeded returns the same version, never a second one", async () => {
  const name = await template();
  const inputs = envVersion(name);
  await h.mark();
  const first = await h.create("EnvironmentTemplateVersion", inputs);
  const retry = await h.create("EnvironmentTemplateVersion", inputs);
  expect(retry.id).toBe(first.id);
  expect((await h.counts()).CreateEnvironmentTemplateVersion.ok).toBe(2);
  const list = await h.client.send(
    new ListEnvironmentTemplateVersionsCommand({ templateName: name, majorVersion: "1" }),
  );
  expect(list.templateVersions).toHaveLength(1);
});

test("a second version resource of the same template gets its own token and the next minor", async () => {
  const name = await template();
  await h.create("EnvironmentTemplateVersion", envVersion(name));
  const minor = await h.create(
    "EnvironmentTemplateVersion",
    envVersion(name, { majorVersion: "1", logicalId: `p/s/${name}-v1-1` }),
  );
  expect(minor.id).toBe(`${name}:1.1`);
});

test("publish: false leaves a DRAFT; turning it on publishes in place; turning it off fails the preview", async () => {
  const name = await template();
  const { id, outs } = await h.create("EnvironmentTemplateVersion", envVersion(name, { publish: false }));
  expect(outs.status).toBe("DRAFT");
  const on = envVersion(name, { publish: true });
  expect(await h.diff("EnvironmentTemplateVersion", outs, on)).toMatchObject({ changes: true, replaces: [] });
  const { outs: published } = (await h.provider("EnvironmentTemplateVersion").update(id, outs, on)) as {
    outs: Record<string, unknown>;
  };
  expect(published.status).toBe("PUBLISHED");
  // A replacement by a draft would leave this version the template's recommended one, which Proton deletes
  // last: the replacement's delete could never succeed.
  for (const before of [on, envVersion(name)]) {
    const { failures } = await h
      .provider("EnvironmentTemplateVersion")
      .check(before, envVersion(name, { publish: false }));
    expect(failures?.map((f) => f.property)).toEqual(["publish"]);
    expect(failures?.[0].reason).toMatch(/publish can't go from true to false: .*remove this version/);
  }
});

describe("a replacement Proton is sent the same create parameters for is a new version", () => {
  // The engine checks the resource against its old inputs (a `--replace` target too, whose diff it skips),
  // creates the replacement, then deletes the version it replaces: were the replacement answered with that
  // version (the same client token), the delete would leave none.
  async function replaced(before: Record<string, unknown>, after: Record<string, unknown>) {
    const provider = h.provider("EnvironmentTemplateVersion");
    const old = await h.create("EnvironmentTemplateVersion", before);
    const { inputs: olds } = await h.check("EnvironmentTemplateVersion", before);
    const { inputs: checked } = await provider.check(olds!, after);
    const diff = await provider.diff(old.id, old.outs, checked!);
    const replacement = (await provider.create(checked!)) as { id: string };
    // A replacement retried (its answer lost) gets its first attempt back.
    expect(((await provider.create(checked!)) as { id: string }).id).toBe(replacement.id);
    expect(replacement.id).not.toBe(old.id);
    await h.provider("EnvironmentTemplateVersion").delete(old.id, old.outs);
    const [templateName, version] = replacement.id.split(":");
    const [majorVersion, minorVersion] = version.split(".");
    const live = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({ templateName, majorVersion, minorVersion }),
    );
    return { diff, replacement, live: live.environmentTemplateVersion };
  }

  test("a bundle whose schema changed under the same S3 key", async () => {
    const name = await template();
    const edited = mkdtempSync(join(tmpdir(), "bundle-"));
    cpSync(ENV_BUNDLE_DIR, edited, { recursive: true });
    const schemaFile = join(edited, "schema", "schema.yaml");
    const schema = readFileSync(schemaFile, "utf8");
    writeFileSync(schemaFile, schema.replace("Send VPC flow logs to CloudWatch", "Send VPC flow logs to S3"));
    const { diff, replacement, live } = await replaced(
      envVersion(name, { bundleDir: ENV_BUNDLE_DIR }),
      envVersion(name, { bundleDir: edited }),
    );
    expect(diff).toMatchObject({ changes: true, replaces: ["schema"], deleteBeforeReplace: false });
    expect(replacement.id).toBe(`${name}:2.0`);
    expect(live?.status).toBe("PUBLISHED");
  });

  test("`pulumi up --replace` with nothing changed is answered with the version itself, which stays", async () => {
    // The engine checks a --replace target without its old inputs and never diffs it: its create is a
    // first create's, and Proton answers the token with the version. The engine's delete of the old one
    // then finds it is that answer and leaves it.
    const name = await template();
    const inputs = envVersion(name, { bundleDir: ENV_BUNDLE_DIR });
    const provider = h.provider("EnvironmentTemplateVersion");
    const old = await h.create("EnvironmentTemplateVersion", inputs);
    // A later `up`: the version was made before the replacement's create was sent.
    await new Promise((r) => setTimeout(r, 1100));
    const replacement = await h.create("EnvironmentTemplateVersion", inputs);
    expect(replacement.id).toBe(old.id);
    await provider.delete(old.id, old.outs);
    const left = await h.client.send(new ListEnvironmentTemplateVersionsCommand({ templateName: name }));
    expect(left.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(["1.0"]);
  });
});

test("source and template changes replace; description updates in place; server numbers never diff", async () => {
  const name = await template();
  const { outs } = await h.create("EnvironmentTemplateVersion", envVersion(name, { description: "one" }));
  expect(
    await h.diff("EnvironmentTemplateVersion", outs, envVersion(name, { description: "one" })),
  ).toMatchObject({ changes: false });
  expect(
    await h.diff("EnvironmentTemplateVersion", outs, envVersion(name, { description: "two" })),
  ).toMatchObject({ changes: true, replaces: [] });
  const moved = { ...envVersion(name), source: { s3: { bucket: BUCKET, key: "env-vpc/v2" } } };
  expect(await h.diff("EnvironmentTemplateVersion", outs, moved)).toMatchObject({
    replaces: ["source"],
    deleteBeforeReplace: false,
  });
});

test("registration failure is a partial create carrying the id and Proton's message; the next diff replaces it", async () => {
  const name = await template("ServiceTemplate");
  const inputs = {
    templateName: name,
    source: { s3: { bucket: BUCKET, key: "svc-bad-pipeline/v1" } },
    compatibleEnvironmentTemplates: [{ templateName: "whatever", majorVersion: "1" }],
    logicalId: `p/s/${name}-bad`,
  };
  await h.create("EnvironmentTemplate", { name: "whatever", logicalId: "p/s/whatever" });
  const err = await partialFailure(h.create("ServiceTemplateVersion", inputs));
  expect(err.id).toBe(`${name}:1.0`);
  expect(err.message).toMatch(/REGISTRATION_FAILED.*pipelineInputType/);
  expect(err.properties).toMatchObject({ status: "REGISTRATION_FAILED" });
  expect(await h.diff("ServiceTemplateVersion", err.properties, inputs)).toMatchObject({
    changes: true,
    replaces: ["status"],
  });
});

/** A service template and the inputs of its first version, compatible with a new environment template. */
async function serviceVersionInputs<E extends Record<string, unknown>>(extra = {} as E) {
  const env = await template();
  const name = await template("ServiceTemplate");
  const inputs = {
    templateName: name,
    source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
    bundleDir: WEB_BUNDLE_DIR,
    compatibleEnvironmentTemplates: [{ templateName: env, majorVersion: "1" }],
    logicalId: `p/s/${name}-v`,
    ...extra,
  };
  return { env, name, inputs };
}

test("service template version: compatible environments update in place", async () => {
  const { env, inputs } = await serviceVersionInputs();
  const { id, outs } = await h.create("ServiceTemplateVersion", inputs);
  const other = await template();
  const news = {
    ...inputs,
    compatibleEnvironmentTemplates: [
      { templateName: env, majorVersion: "1" },
      { templateName: other, majorVersion: "1" },
    ],
  };
  expect(await h.diff("ServiceTemplateVersion", outs, news)).toMatchObject({ changes: true, replaces: [] });
  const { outs: updated } = (await h.provider("ServiceTemplateVersion").update(id, outs, news)) as {
    outs: Record<string, unknown>;
  };
  expect(updated.compatibleEnvironmentTemplates).toHaveLength(2);
});

test("service template version: component sources taken out are cleared, and none diff as none", async () => {
  const { name, inputs } = await serviceVersionInputs({ supportedComponentSources: ["DIRECTLY_DEFINED"] });
  const { id, outs } = await h.create("ServiceTemplateVersion", inputs);
  const { supportedComponentSources: _left, ...news } = inputs;
  expect(await h.diff("ServiceTemplateVersion", outs, news)).toMatchObject({ changes: true, replaces: [] });
  const { outs: cleared } = (await h.provider("ServiceTemplateVersion").update(id, outs, news)) as {
    outs: Record<string, unknown>;
  };
  const live = await h.client.send(
    new GetServiceTemplateVersionCommand({ templateName: name, majorVersion: "1", minorVersion: "0" }),
  );
  expect(live.serviceTemplateVersion?.supportedComponentSources ?? []).toEqual([]);
  const refreshed = await h.provider("ServiceTemplateVersion").read(id, cleared);
  expect(await h.diff("ServiceTemplateVersion", refreshed.props!, news)).toMatchObject({ changes: false });
  expect(
    await h.diff("ServiceTemplateVersion", cleared, { ...news, supportedComponentSources: [] }),
  ).toMatchObject({
    changes: false,
  });
});

test("delete removes the version; deleting again succeeds", async () => {
  const name = await template();
  const { id, outs } = await h.create("EnvironmentTemplateVersion", envVersion(name));
  await h.provider("EnvironmentTemplateVersion").delete(id, outs);
  await expect(
    h.client.send(
      new GetEnvironmentTemplateVersionCommand({ templateName: name, majorVersion: "1", minorVersion: "0" }),
    ),
  ).rejects.toThrow(/does not exist/);
  await expect(h.provider("EnvironmentTemplateVersion").delete(id, outs)).resolves.toBeUndefined();
});

test("a publish refused after registration is a partial create that names the resource and the access problem", async () => {
  const name = await template();
  await h.control.addFault({
    kind: "error",
    operation: "UpdateEnvironmentTemplateVersion",
    errorType: "AccessDeniedException",
    message: "User is not authorized to perform proton:UpdateEnvironmentTemplateVersion",
    count: 1,
  });
  const err = await partialFailure(h.create("EnvironmentTemplateVersion", envVersion(name)));
  // The version exists (registered, not yet published): the state must keep it, and say why it stopped.
  expect(err.id).toBe(`${name}:1.0`);
  expect(err.message).toMatch(
    new RegExp(
      `${name}.*access denied while trying to finish creating it.*AccessDeniedException.*not authorized`,
    ),
  );
  expect(err.properties).toMatchObject({ status: "DRAFT" });
});

describe("deletes in the order Proton allows", () => {
  /** A template with majors 1 (1.0, 1.1) and 2 (2.0); returns its name and the versions' outputs by label. */
  async function twoMajors() {
    const name = await template();
    const made: Record<string, Record<string, unknown>> = {};
    for (const [label, majorVersion] of [
      ["1.0", undefined],
      ["1.1", "1"],
      ["2.0", undefined],
    ] as const)
      made[label] = (
        await h.create(
          "EnvironmentTemplateVersion",
          envVersion(name, { majorVersion, logicalId: `p/s/${name}-${label}` }),
        )
      ).outs;
    return { name, made };
  }

  test("a major's recommended minor, while an older minor exists, is refused at once with the reason and the fix", async () => {
    const { name, made } = await twoMajors();
    await h.mark();
    await expect(h.provider("EnvironmentTemplateVersion").delete(`${name}:1.1`, made["1.1"])).rejects.toThrow(
      `environment template version '${name}:1.1': Proton refuses to delete ${name}:1.1 while 1.0 exists: ` +
        "it is the recommended minor version of major 1, which Proton deletes last.",
    );
    expect((await h.counts()).DeleteEnvironmentTemplateVersion).toEqual({ total: 2, ok: 0, failed: 2 });
  });

  test("a refused delete goes through once the versions in its way are deleted meanwhile", async () => {
    const { name, made } = await twoMajors();
    const provider = h.provider("EnvironmentTemplateVersion");
    await Promise.all([
      provider.delete(`${name}:1.1`, made["1.1"]),
      new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
        provider.delete(`${name}:1.0`, made["1.0"]),
      ),
    ]);
    const left = await h.client.send(new ListEnvironmentTemplateVersionsCommand({ templateName: name }));
    expect(left.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(["2.0"]);
  });

  test("deleting the template deletes the versions left, each major's recommended minor last", async () => {
    const { name } = await twoMajors();
    await h.mark();
    await h.provider("EnvironmentTemplate").delete(name, { name });
    const { calls } = await h.control.calls();
    const deletes = calls
      .slice(-4)
      .map((c) => `${c.operation} ${c.target?.majorVersion ?? ""}.${c.target?.minorVersion ?? ""}`);
    expect(deletes).toEqual([
      "DeleteEnvironmentTemplateVersion 1.0",
      "DeleteEnvironmentTemplateVersion 1.1",
      "DeleteEnvironmentTemplateVersion 2.0",
      "DeleteEnvironmentTemplate .",
    ]);
    expect(await stateCountsOf(name)).toBe(0);
  });
});

const stateCountsOf = async (templateName: string) =>
  Object.values((await h.control.state()).state.versions).filter((v) => v.templateName === templateName)
    .length;

describe("a version an environment runs", () => {
  test("is deleted once that environment, deleted alongside, is gone", async () => {
    const template = await publishedEnvTemplate(h);
    const env = await h.create("Environment", environmentOn(template, unique("env")));
    const versionDelete = h
      .provider("EnvironmentTemplateVersion")
      .delete(template.version.id, template.version.outs);
    await new Promise((r) => setTimeout(r, 2000));
    await h.provider("Environment").delete(env.id, env.outs);
    await versionDelete;
    const list = await h.client.send(
      new ListEnvironmentTemplateVersionsCommand({ templateName: template.templateName }),
    );
    expect(list.templateVersions).toEqual([]);
  });

  test("fails within seconds, naming the environment and the fix, when none that runs it is changing", async () => {
    const template = await publishedEnvTemplate(h);
    const name = unique("env");
    await h.create("Environment", environmentOn(template, name));
    // Its delete timeout is the default hour: waiting on the conflict would outlast this test's timeout.
    await expect(
      h.provider("EnvironmentTemplateVersion").delete(template.version.id, template.version.outs),
    ).rejects.toThrow(
      new RegExp(
        `could not delete it: ConflictException: .*in use by environment '${name}'.*; none of the environments ` +
          "that run it is changing: move them to another version \\(or delete them\\) in an earlier `up`",
      ),
    );
    // So does the template's delete, which deletes the versions left.
    await expect(h.provider("EnvironmentTemplate").delete(template.templateName, {})).rejects.toThrow(
      /in use by environment .*; none of the environments that run it is changing/,
    );
  });

  test("holds the template's delete before any other version goes: a destroy that can't finish changes nothing", async () => {
    const template = await publishedEnvTemplate(h);
    // A second major, which the environment runs; the first, unused, would be deleted first.
    await h.create("EnvironmentTemplateVersion", {
      ...versionOn(template.templateName, "env-vpc/v1"),
      description: "second major",
      logicalId: `t/${template.templateName}-v2`,
    });
    const name = unique("env");
    await h.create("Environment", environmentOn(template, name, { templateMajorVersion: "2" }));
    await h.mark();
    const id = template.templateName;
    await expect(h.provider("EnvironmentTemplate").delete(id, { name: id })).rejects.toThrow(
      new RegExp(
        `environment template '${id}': could not delete it: ConflictException: its versions are in use by ` +
          `environment '${name}'; none of the environments that run it is changing`,
      ),
    );
    const counts = await h.counts();
    expect([counts.DeleteEnvironmentTemplateVersion, counts.DeleteEnvironmentTemplate]).toEqual([
      undefined,
      undefined,
    ]);
    const left = await h.client.send(
      new ListEnvironmentTemplateVersionsCommand({ templateName: template.templateName }),
    );
    expect(left.templateVersions?.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(["1.0", "2.0"]);
  });
});
