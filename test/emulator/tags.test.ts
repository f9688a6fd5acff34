import {
  CreateEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceInstanceCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-proton";
import { envTemplate, expectError, service, serviceWorld, uniq, useHarness } from "./helpers";

const h = useHarness();

const tagsOf = async (resourceArn: string) =>
  (await h.client.send(new ListTagsForResourceCommand({ resourceArn }))).tags!.map(
    (t) => `${t.key}=${t.value}`,
  );

describe("tags", () => {
  test("tags given at create are listed; TagResource adds and overwrites; UntagResource removes", async () => {
    const { environmentTemplate: t } = await h.client.send(
      new CreateEnvironmentTemplateCommand({ name: uniq("envt"), tags: [{ key: "team", value: "net" }] }),
    );
    const arn = t!.arn!;
    expect(await tagsOf(arn)).toEqual(["team=net"]);
    await h.client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: "team", value: "platform" },
          { key: "cost-center", value: "42" },
        ],
      }),
    );
    expect(await tagsOf(arn)).toEqual(["cost-center=42", "team=platform"]);
    const out = await h.client.send(
      new UntagResourceCommand({ resourceArn: arn, tagKeys: ["team", "not-there"] }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await tagsOf(arn)).toEqual(["cost-center=42"]);
  });

  test("template versions and service instances are taggable by ARN", async () => {
    const w = await serviceWorld(h);
    const svc = await service(h, w);
    const { environmentTemplateVersion: v } = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({
        templateName: w.envTemplate,
        majorVersion: "1",
        minorVersion: "0",
      }),
    );
    const { serviceInstance: i } = await h.client.send(
      new GetServiceInstanceCommand({ serviceName: svc, name: "one" }),
    );
    for (const arn of [v!.arn!, i!.arn!]) {
      await h.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "env", value: "dev" }] }));
      expect(await tagsOf(arn)).toEqual(["env=dev"]);
    }
  });

  test("an unknown ARN is ResourceNotFoundException", async () => {
    const arn = `arn:aws:proton:us-east-1:000000000000:environment-template/${uniq("ghost")}`;
    await expectError(
      h.client.send(new ListTagsForResourceCommand({ resourceArn: arn })),
      "ResourceNotFoundException",
    );
    await expectError(
      h.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "a", value: "b" }] })),
      "ResourceNotFoundException",
    );
    await expectError(
      h.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["a"] })),
      "ResourceNotFoundException",
    );
  });

  test("a resource holds at most 50 tags", async () => {
    const name = await envTemplate(h, uniq("envt"), { publish: false });
    const { environmentTemplateVersion: v } = await h.client.send(
      new GetEnvironmentTemplateVersionCommand({ templateName: name, majorVersion: "1", minorVersion: "0" }),
    );
    const tags = (from: number) =>
      Array.from({ length: 30 }, (_, i) => ({ key: `k${from + i}`, value: "v" }));
    await h.client.send(new TagResourceCommand({ resourceArn: v!.arn!, tags: tags(0) }));
    await expectError(
      h.client.send(new TagResourceCommand({ resourceArn: v!.arn!, tags: tags(30) })),
      "ValidationException",
      /50 tags/,
    );
    expect(await tagsOf(v!.arn!)).toHaveLength(30);
  });
});
