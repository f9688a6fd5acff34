import {
  CreateEnvironmentTemplateCommand,
  CreateServiceTemplateVersionCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListEnvironmentTemplatesCommand,
  UpdateEnvironmentCommand,
  type CreateEnvironmentTemplateCommandInput,
} from "@aws-sdk/client-proton";
import { BUNDLES, envTemplate, expectError, uniq, useHarness } from "./helpers";

// The SDK validates nothing, so every constraint of the model must be enforced by proton-local, with
// AWS's message: "Value 'x' at 'member.path' failed to satisfy constraint: Member must ...".

const h = useHarness();

describe("model-driven validation", () => {
  test("a missing required member", async () => {
    const input = {} as CreateEnvironmentTemplateCommandInput;
    await expectError(
      h.client.send(new CreateEnvironmentTemplateCommand(input)),
      "ValidationException",
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  test("a string that is too long", async () => {
    await expectError(
      h.client.send(new CreateEnvironmentTemplateCommand({ name: "a".repeat(101) })),
      "ValidationException",
      /at 'name' failed to satisfy constraint: Member must have length less than or equal to 100/,
    );
  });

  test("a string that breaks the pattern", async () => {
    await expectError(
      h.client.send(new CreateEnvironmentTemplateCommand({ name: "bad name!" })),
      "ValidationException",
      /Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  test("a value outside the enum", async () => {
    const err = await expectError(
      h.client.send(new UpdateEnvironmentCommand({ name: "env", deploymentType: "SOMETIMES" as never })),
      "ValidationException",
      /Value 'SOMETIMES' at 'deploymentType' failed to satisfy constraint: Member must satisfy enum value set: \[NONE, CURRENT_VERSION, MINOR_VERSION, MAJOR_VERSION\]/,
    );
    expect(err.message).not.toMatch(/does not exist/);
  });

  test.each([0, 101])("maxResults %i is out of range", async (maxResults) => {
    const rule = maxResults === 0 ? "greater than or equal to 1" : "less than or equal to 100";
    await expectError(
      h.client.send(new ListEnvironmentTemplatesCommand({ maxResults })),
      "ValidationException",
      new RegExp(
        `Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${rule}`,
      ),
    );
  });

  test("more than 50 tags", async () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    await expectError(
      h.client.send(new CreateEnvironmentTemplateCommand({ name: uniq("tags"), tags })),
      "ValidationException",
      /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/,
    );
  });

  test("a nested member is named by its path", async () => {
    await expectError(
      h.client.send(
        new CreateEnvironmentTemplateCommand({ name: uniq("tags"), tags: [{ key: "", value: "v" }] }),
      ),
      "ValidationException",
      /at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    );
  });

  test.each([0, 11])("compatibleEnvironmentTemplates with %i entries", async (n) => {
    const et = await envTemplate(h, uniq("envt"), { publish: false });
    const rule = n === 0 ? "greater than or equal to 1" : "less than or equal to 10";
    await expectError(
      h.client.send(
        new CreateServiceTemplateVersionCommand({
          templateName: uniq("svct"),
          source: { s3: BUNDLES.web },
          compatibleEnvironmentTemplates: Array.from({ length: n }, () => ({
            templateName: et,
            majorVersion: "1",
          })),
        }),
      ),
      "ValidationException",
      new RegExp(
        `at 'compatibleEnvironmentTemplates' failed to satisfy constraint: Member must have length ${rule}`,
      ),
    );
  });

  test("every violation is reported, counted, in one message", async () => {
    const err = await expectError(
      h.client.send(
        new ListEnvironmentAccountConnectionsCommand({
          requestedBy: "NOBODY" as never,
          environmentName: "-x",
          maxResults: 500,
        }),
      ),
      "ValidationException",
      /^3 validation errors detected: /,
    );
    for (const member of ["requestedBy", "environmentName", "maxResults"])
      expect(err.message).toContain(`'${member}'`);
  });

  test("a union must set exactly one member", async () => {
    await expectError(
      h.client.send(
        new CreateServiceTemplateVersionCommand({
          templateName: uniq("svct"),
          source: {} as never,
          compatibleEnvironmentTemplates: [{ templateName: "e", majorVersion: "1" }],
        }),
      ),
      "ValidationException",
      /at 'source' failed to satisfy constraint: Member must have exactly one member set/,
    );
  });

  test("validation runs before the operation looks anything up", async () => {
    await expectError(
      h.client.send(
        new UpdateEnvironmentCommand({
          name: uniq("missing"),
          deploymentType: "NONE",
          templateMajorVersion: "01",
        }),
      ),
      "ValidationException",
      /at 'templateMajorVersion' failed to satisfy constraint/,
    );
  });
});
