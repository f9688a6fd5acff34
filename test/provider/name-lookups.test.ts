import { expect } from "@jest/globals";
import { CreateEnvironmentCommand } from "@aws-sdk/client-proton";
import {
  environmentOn,
  envSpec,
  publishedEnvTemplate,
  ROLE_ARN,
  startHarness,
  unique,
  type Props,
  type ProviderHarness,
} from "./harness";

// Environments created together look their names up with one ListEnvironments instead of a GetEnvironment
// each (engine/name-lookups.ts), and still take over what is already there or refuse what differs.

let h: ProviderHarness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h.close());

test("twelve environments created at once look their names up with one listing, as safely as with a read each", async () => {
  const template = await publishedEnvTemplate(h);
  const { templateName } = template;
  const names = Array.from({ length: 12 }, () => unique("env"));
  // Left by an earlier run: one just as the program declares it, one with another spec.
  const [same, differing] = [names[4], names[9]];
  const made = (name: string, spec: string) => ({
    name,
    templateName,
    templateMajorVersion: "1",
    spec,
    protonServiceRoleArn: ROLE_ARN,
  });
  await h.client.send(new CreateEnvironmentCommand(made(same, envSpec())));
  await h.client.send(new CreateEnvironmentCommand(made(differing, envSpec("10.9.0.0/16"))));

  const environment = h.provider("Environment");
  const checked = await Promise.all(names.map((n) => environment.check({}, environmentOn(template, n))));
  const since = (await h.control.calls()).lastSeq;
  // Started in one go, as the engine starts independent creates.
  const results = await Promise.allSettled(checked.map((c) => environment.create(c.inputs as Props)));

  names.forEach((name, i) => {
    const r = results[i];
    if (name === differing) {
      expect(r.status).toBe("rejected");
      expect(String((r as PromiseRejectedResult).reason)).toMatch(
        new RegExp(`environment '${name}' already exists in Proton and differs from the program in: spec`),
      );
    } else {
      expect(r).toMatchObject({
        status: "fulfilled",
        value: { id: name, outs: { deploymentStatus: "SUCCEEDED" } },
      });
    }
  });

  const { calls } = await h.control.calls({ since });
  const firstCreate = new Map<string, number>();
  for (const c of calls)
    if (c.operation === "CreateEnvironment" && !firstCreate.has(String(c.target?.name)))
      firstCreate.set(String(c.target?.name), c.seq);
  // The two left over are read and taken over or refused, never created again; the ten others are created.
  expect([...firstCreate.keys()].sort()).toEqual(names.filter((n) => n !== same && n !== differing).sort());
  // Lookups: one GetEnvironment for the first name, one listing for the eleven queued behind it, a full
  // read of each name the listing has. Nothing else reads an environment before its create.
  const lookups = calls.filter(
    (c) =>
      (c.operation === "GetEnvironment" && c.seq < (firstCreate.get(String(c.target?.name)) ?? Infinity)) ||
      c.operation === "ListEnvironments",
  );
  const leftOver = (c: (typeof calls)[number]) => [same, differing].includes(String(c.target?.name));
  expect(lookups.filter((c) => c.operation === "ListEnvironments")).toHaveLength(1);
  expect(lookups.filter((c) => c.operation === "GetEnvironment" && !leftOver(c))).toHaveLength(1);
  expect(calls.filter((c) => c.operation === "GetEnvironment" && c.target?.name === differing)).toHaveLength(
    1,
  );
});
