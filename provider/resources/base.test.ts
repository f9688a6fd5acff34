import * as pulumi from "@pulumi/pulumi";
import * as closure from "@pulumi/pulumi/runtime/closure/serializeClosure";
import { providerModule } from "../shim";
import { Environment } from "./environment";
import { Service } from "./service";
import { EnvironmentTemplate } from "./templates";

// What a resource registers with the engine, under Pulumi's unit-test mocks: the dynamic-provider type token
// and shim.ts's provider text, with no closure serialization in the program.

const registered = new Map<string, { type: string; inputs: Record<string, unknown> }>();
beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (r) => {
        registered.set(r.name, { type: r.type, inputs: r.inputs as Record<string, unknown> });
        // What the provider returns: the deployed version, the minor chosen by Proton.
        const deployed = r.type.endsWith(":Environment") || r.type.endsWith(":Service");
        const state = { ...(r.inputs as Record<string, unknown>) };
        if (deployed) state.templateMinorVersion ??= "0";
        return { id: `${r.name}-id`, state };
      },
      call: (c) => c.inputs as Record<string, unknown>,
    },
    "base",
    "test",
    false,
  ),
);

const urnOf = (r: pulumi.Resource): Promise<string> => new Promise((resolve) => r.urn.apply(resolve));

test("a resource registers as a Node.js dynamic resource carrying its type's provider text, serializing nothing", async () => {
  const serialize = jest.spyOn(closure, "serializeFunction");
  const template = new EnvironmentTemplate("vpc", { name: "vpc" });
  const env = new Environment("staging", {
    name: "staging",
    templateName: template.name,
    templateMajorVersion: "1",
    spec: "proton: EnvironmentSpec\nspec: {}\n",
    protonServiceRoleArn: "arn:aws:iam::000000000000:role/ProtonServiceRole",
  });
  await Promise.all([urnOf(template), urnOf(env)]);
  expect(registered.get("vpc")).toMatchObject({
    type: "pulumi-nodejs:dynamic/proton:EnvironmentTemplate",
    inputs: { name: "vpc", __provider: providerModule("EnvironmentTemplate") },
  });
  expect(registered.get("staging")).toMatchObject({
    type: "pulumi-nodejs:dynamic/proton:Environment",
    inputs: { __provider: providerModule("Environment") },
  });
  expect(serialize).not.toHaveBeenCalled();
});

test("a template version given by its numbers, the minor left out, leaves the minor to Proton", async () => {
  const env = new Environment("numbered", {
    name: "numbered",
    templateVersion: { templateName: "vpc", majorVersion: "2" },
    spec: "proton: EnvironmentSpec\nspec: {}\n",
    protonServiceRoleArn: "arn:aws:iam::000000000000:role/ProtonServiceRole",
  });
  await urnOf(env);
  const { inputs } = registered.get("numbered")!;
  expect(inputs).toMatchObject({ templateName: "vpc", templateMajorVersion: "2" });
  expect(inputs.templateMinorVersion).toBeUndefined();
});

test("an environment or service whose program leaves the minor out still has the deployed one as an output", async () => {
  const env = new Environment("minor-out", {
    name: "minor-out",
    templateName: "vpc",
    templateMajorVersion: "2",
    spec: "proton: EnvironmentSpec\nspec: {}\n",
    protonServiceRoleArn: "arn:aws:iam::000000000000:role/ProtonServiceRole",
  });
  const web = new Service("minor-out-web", {
    name: "minor-out-web",
    templateName: "web",
    templateMajorVersion: "1",
    spec: "proton: ServiceSpec\ninstances: []\n",
  });
  const minorOf = (o: pulumi.Output<string>) => new Promise((resolve) => o.apply(resolve));
  expect(await Promise.all([minorOf(env.templateMinorVersion), minorOf(web.templateMinorVersion)])).toEqual([
    "0",
    "0",
  ]);
});
