import {
  CreateEnvironmentAccountConnectionCommand,
  CreateEnvironmentCommand,
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceCommand,
  CreateServiceInstanceCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  DeleteEnvironmentAccountConnectionCommand,
  DeleteEnvironmentCommand,
  DeleteEnvironmentTemplateCommand,
  DeleteEnvironmentTemplateVersionCommand,
  DeleteServiceCommand,
  DeleteServiceTemplateCommand,
  DeleteServiceTemplateVersionCommand,
  GetEnvironmentCommand,
  GetServiceCommand,
  RejectEnvironmentAccountConnectionCommand,
  UpdateEnvironmentCommand,
  UpdateEnvironmentTemplateCommand,
  UpdateServiceCommand,
  UpdateServiceInstanceCommand,
  UpdateServiceTemplateCommand,
} from "@aws-sdk/client-proton";
import { CLIENT_TOKEN_TTL_MS } from "../../emulator";
import {
  ACCOUNT_ID,
  BUNDLES,
  ROLE_ARN,
  environment,
  envSpec,
  envTemplate,
  expectError,
  type Harness,
  service,
  serviceSpec,
  serviceWorld,
  uniq,
  useHarness,
} from "./helpers";

// Proton's documented idempotency groups (reference §13), one test per rule and operation.

const h = useHarness();

/** A client-token create: `create(token, variant)` returns the identity of what it got back. */
interface TokenCreate {
  op: string;
  setup: (h: Harness) => Promise<TokenCreateSteps> | TokenCreateSteps;
}

interface TokenCreateSteps {
  create(token: string, variant?: string): Promise<string>;
  count(): Promise<number>;
  remove(id: string): Promise<void>;
  /** Frees whatever stops a second resource from existing beside the first (nothing for most). */
  release(id: string): Promise<void> | void;
}

const versionCount = async (h: Harness, templateName: string) =>
  Object.values((await h.control.state()).state.versions).filter((v) => v.templateName === templateName)
    .length;

const TOKEN_CREATES: TokenCreate[] = [
  {
    op: "CreateEnvironmentTemplateVersion",
    setup: async (h) => {
      const templateName = uniq("envt");
      await h.client.send(new CreateEnvironmentTemplateCommand({ name: templateName }));
      return {
        create: async (clientToken, description = "v") => {
          const { environmentTemplateVersion: v } = await h.client.send(
            new CreateEnvironmentTemplateVersionCommand({
              templateName,
              clientToken,
              description,
              source: { s3: BUNDLES.env },
            }),
          );
          return `${v!.majorVersion}.${v!.minorVersion}`;
        },
        count: () => versionCount(h, templateName),
        remove: async (id) => {
          const [majorVersion, minorVersion] = id.split(".");
          await h.client.send(
            new DeleteEnvironmentTemplateVersionCommand({ templateName, majorVersion, minorVersion }),
          );
        },
        release: () => undefined,
      };
    },
  },
  {
    op: "CreateServiceTemplateVersion",
    setup: async (h) => {
      const et = await envTemplate(h);
      const templateName = uniq("svct");
      await h.client.send(new CreateServiceTemplateCommand({ name: templateName }));
      return {
        create: async (clientToken, description = "v") => {
          const { serviceTemplateVersion: v } = await h.client.send(
            new CreateServiceTemplateVersionCommand({
              templateName,
              clientToken,
              description,
              source: { s3: BUNDLES.web },
              compatibleEnvironmentTemplates: [{ templateName: et, majorVersion: "1" }],
            }),
          );
          return `${v!.majorVersion}.${v!.minorVersion}`;
        },
        count: () => versionCount(h, templateName),
        remove: async (id) => {
          const [majorVersion, minorVersion] = id.split(".");
          await h.client.send(
            new DeleteServiceTemplateVersionCommand({ templateName, majorVersion, minorVersion }),
          );
        },
        release: () => undefined,
      };
    },
  },
  {
    op: "CreateEnvironmentAccountConnection",
    setup: (h) => {
      const environmentName = uniq("remote");
      return {
        create: async (clientToken, variant = "ProtonServiceRole") => {
          const { environmentAccountConnection: c } = await h.client.send(
            new CreateEnvironmentAccountConnectionCommand({
              clientToken,
              environmentName,
              managementAccountId: ACCOUNT_ID,
              roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/${variant}`,
            }),
          );
          return c!.id!;
        },
        count: async () =>
          Object.values((await h.control.state()).state.connections).filter(
            (c) => c.environmentName === environmentName,
          ).length,
        remove: async (id) => {
          await h.client.send(new DeleteEnvironmentAccountConnectionCommand({ id }));
        },
        // proton-local allows one open (not rejected) connection per environment and management account.
        release: async (id) => {
          await h.client.send(new RejectEnvironmentAccountConnectionCommand({ id }));
        },
      };
    },
  },
];

describe.each(TOKEN_CREATES)("client-token create: $op", ({ setup }) => {
  // Tokens are scoped to the account and operation, so every test uses its own.
  test("same token and parameters give back the original resource, and create nothing", async () => {
    const r = await setup(h);
    const token = uniq("token");
    const first = await r.create(token);
    expect(await r.create(token)).toBe(first);
    expect(await r.count()).toBe(1);
  });

  test("same token with other parameters is ValidationException IdempotentParameterMismatch", async () => {
    const r = await setup(h);
    const token = uniq("token");
    await r.create(token);
    await expectError(r.create(token, "Other"), "ValidationException", /IdempotentParameterMismatch/);
    expect(await r.count()).toBe(1);
  });

  test("a token older than 8 hours creates a new resource", async () => {
    const r = await setup(h);
    const token = uniq("token");
    const first = await r.create(token);
    await h.control.advanceClock(CLIENT_TOKEN_TTL_MS - 60_000);
    expect(await r.create(token)).toBe(first);
    await r.release(first);
    await h.control.advanceClock(60_001);
    const second = await r.create(token);
    expect(second).not.toBe(first);
    expect(await r.count()).toBe(2);
  });

  test("after the resource was deleted, a retry creates a new one", async () => {
    const r = await setup(h);
    const token = uniq("token");
    const first = await r.create(token);
    await h.settle();
    await r.remove(first);
    expect(await r.count()).toBe(0);
    await r.create(token);
    expect(await r.count()).toBe(1);
  });
});

test("a different token creates a different resource", async () => {
  const r = await TOKEN_CREATES[0].setup(h);
  expect(await r.create(uniq("token"))).not.toBe(await r.create(uniq("token")));
});

describe("client tokens on service instances", () => {
  test("CreateServiceInstance: same token gives the original instance; other parameters mismatch", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const spec = (port: number) =>
      serviceSpec([
        { name: "one", environment: w.environment, spec: { port: 8080 } },
        { name: "two", environment: w.environment, spec: { port } },
      ]);
    const first = await h.client.send(
      new CreateServiceInstanceCommand({ serviceName: name, name: "two", spec: spec(1), clientToken: "t" }),
    );
    const again = await h.client.send(
      new CreateServiceInstanceCommand({ serviceName: name, name: "two", spec: spec(1), clientToken: "t" }),
    );
    expect(again.serviceInstance!.lastAttemptedDeploymentId).toBe(
      first.serviceInstance!.lastAttemptedDeploymentId,
    );
    await expectError(
      h.client.send(
        new CreateServiceInstanceCommand({ serviceName: name, name: "two", spec: spec(2), clientToken: "t" }),
      ),
      "ValidationException",
      /IdempotentParameterMismatch/,
    );
  });

  test("UpdateServiceInstance: a retry with the same token starts no second deployment", async () => {
    const w = await serviceWorld(h);
    const name = await service(h, w, { instances: ["one"] });
    const input = {
      serviceName: name,
      name: "one",
      deploymentType: "CURRENT_VERSION" as const,
      clientToken: "redeploy-1",
    };
    const first = await h.client.send(new UpdateServiceInstanceCommand(input));
    await h.settle();
    const again = await h.client.send(new UpdateServiceInstanceCommand(input));
    expect(again.serviceInstance!.lastAttemptedDeploymentId).toBe(
      first.serviceInstance!.lastAttemptedDeploymentId,
    );
    expect(again.serviceInstance!.deploymentStatus).toBe("SUCCEEDED");
  });
});

/** A name-keyed create: `create(variant)` sends the same name; `modify()` updates the resource. */
interface NameCreate {
  op: string;
  setup: (h: Harness) => Promise<NameCreateSteps> | NameCreateSteps;
}

interface NameCreateSteps {
  create(variant?: string): Promise<{ arn?: string; createdAt?: Date }>;
  modify(): Promise<void>;
}

const NAME_CREATES: NameCreate[] = [
  {
    op: "CreateEnvironmentTemplate",
    setup: (h) => {
      const name = uniq("envt");
      return {
        create: async (description = "a") =>
          (await h.client.send(new CreateEnvironmentTemplateCommand({ name, description })))
            .environmentTemplate!,
        modify: async () => {
          await h.client.send(new UpdateEnvironmentTemplateCommand({ name, description: "changed" }));
        },
      };
    },
  },
  {
    op: "CreateServiceTemplate",
    setup: (h) => {
      const name = uniq("svct");
      return {
        create: async (description = "a") =>
          (await h.client.send(new CreateServiceTemplateCommand({ name, description }))).serviceTemplate!,
        modify: async () => {
          await h.client.send(new UpdateServiceTemplateCommand({ name, description: "changed" }));
        },
      };
    },
  },
  {
    op: "CreateEnvironment",
    setup: async (h) => {
      const templateName = await envTemplate(h);
      const name = uniq("env");
      return {
        create: async (description = "a") =>
          (
            await h.client.send(
              new CreateEnvironmentCommand({
                name,
                description,
                templateName,
                templateMajorVersion: "1",
                spec: envSpec(),
                protonServiceRoleArn: ROLE_ARN,
              }),
            )
          ).environment!,
        modify: async () => {
          await h.settle();
          await h.client.send(
            new UpdateEnvironmentCommand({ name, deploymentType: "NONE", description: "changed" }),
          );
        },
      };
    },
  },
  {
    op: "CreateService",
    setup: async (h) => {
      const w = await serviceWorld(h);
      const name = uniq("svc");
      return {
        create: async (description = "a") =>
          (
            await h.client.send(
              new CreateServiceCommand({
                name,
                description,
                templateName: w.serviceTemplate,
                templateMajorVersion: "1",
                spec: serviceSpec([{ name: "one", environment: w.environment }]),
              }),
            )
          ).service!,
        modify: async () => {
          await h.settle();
          await h.client.send(new UpdateServiceCommand({ name, description: "changed" }));
        },
      };
    },
  },
];

describe.each(NAME_CREATES)("name-keyed create: $op", ({ setup }) => {
  test("an identical retry gives back the original", async () => {
    const r = await setup(h);
    const first = await r.create();
    await h.control.advanceClock(1000);
    const again = await r.create();
    expect(again.arn).toBe(first.arn);
    expect(again.createdAt).toEqual(first.createdAt);
  });

  test("a retry after the resource was modified is ConflictException", async () => {
    const r = await setup(h);
    await r.create();
    await r.modify();
    await expectError(r.create(), "ConflictException", /modified/);
  });

  test("a retry with other parameters is ValidationException IdempotentParameterMismatch", async () => {
    const r = await setup(h);
    await r.create();
    await expectError(r.create("b"), "ValidationException", /IdempotentParameterMismatch/);
  });
});

/** An idempotent synchronous delete: `remove()` deletes the resource made by `setup`. */
interface SyncDelete {
  op: string;
  setup: (h: Harness) => Promise<() => Promise<{ $metadata: { httpStatusCode?: number } }>>;
}

const SYNC_DELETES: SyncDelete[] = [
  {
    op: "DeleteEnvironmentTemplate",
    setup: async (h) => {
      const name = uniq("envt");
      await h.client.send(new CreateEnvironmentTemplateCommand({ name }));
      return () => h.client.send(new DeleteEnvironmentTemplateCommand({ name }));
    },
  },
  {
    op: "DeleteEnvironmentTemplateVersion",
    setup: async (h) => {
      const templateName = await envTemplate(h, uniq("envt"), { publish: false });
      return () =>
        h.client.send(
          new DeleteEnvironmentTemplateVersionCommand({ templateName, majorVersion: "1", minorVersion: "0" }),
        );
    },
  },
  {
    op: "DeleteServiceTemplate",
    setup: async (h) => {
      const name = uniq("svct");
      await h.client.send(new CreateServiceTemplateCommand({ name }));
      return () => h.client.send(new DeleteServiceTemplateCommand({ name }));
    },
  },
  {
    op: "DeleteServiceTemplateVersion",
    setup: async (h) => {
      const et = await envTemplate(h);
      const templateName = uniq("svct");
      await h.client.send(new CreateServiceTemplateCommand({ name: templateName }));
      await h.client.send(
        new CreateServiceTemplateVersionCommand({
          templateName,
          source: { s3: BUNDLES.web },
          compatibleEnvironmentTemplates: [{ templateName: et, majorVersion: "1" }],
        }),
      );
      await h.settle();
      return () =>
        h.client.send(
          new DeleteServiceTemplateVersionCommand({ templateName, majorVersion: "1", minorVersion: "0" }),
        );
    },
  },
  {
    op: "DeleteEnvironmentAccountConnection",
    setup: async (h) => {
      const { environmentAccountConnection: c } = await h.client.send(
        new CreateEnvironmentAccountConnectionCommand({
          environmentName: uniq("remote"),
          managementAccountId: ACCOUNT_ID,
          roleArn: ROLE_ARN,
        }),
      );
      return () => h.client.send(new DeleteEnvironmentAccountConnectionCommand({ id: c!.id! }));
    },
  },
];

describe.each(SYNC_DELETES)("idempotent delete: $op", ({ setup }) => {
  test("the first call returns the deleted resource, a repeat returns {}", async () => {
    const remove = await setup(h);
    const { $metadata: _first, ...first } = await remove();
    expect(Object.keys(first)).toHaveLength(1);
    const { $metadata, ...again } = await remove();
    expect($metadata.httpStatusCode).toBe(200);
    expect(again).toEqual({});
  });
});

test("deleting something that never existed is ResourceNotFoundException", async () => {
  await expectError(
    h.client.send(new DeleteEnvironmentTemplateCommand({ name: uniq("never") })),
    "ResourceNotFoundException",
  );
});

describe("asynchronous idempotent delete", () => {
  test("DeleteEnvironment: DELETE_IN_PROGRESS metadata on retries while deleting, {} once gone", async () => {
    const name = await environment(h, await envTemplate(h));
    const first = await h.client.send(new DeleteEnvironmentCommand({ name }));
    expect(first.environment!.deploymentStatus).toBe("DELETE_IN_PROGRESS");
    const retry = await h.client.send(new DeleteEnvironmentCommand({ name }));
    expect(retry.environment).toMatchObject({ name, deploymentStatus: "DELETE_IN_PROGRESS" });
    await h.settle();
    const { $metadata: _, ...gone } = await h.client.send(new DeleteEnvironmentCommand({ name }));
    expect(gone).toEqual({});
    await expectError(h.client.send(new GetEnvironmentCommand({ name })), "ResourceNotFoundException");
  });

  test("DeleteService: DELETE_IN_PROGRESS metadata on retries while deleting, {} once gone", async () => {
    const name = await service(h, await serviceWorld(h));
    const first = await h.client.send(new DeleteServiceCommand({ name }));
    expect(first.service!.status).toBe("DELETE_IN_PROGRESS");
    const retry = await h.client.send(new DeleteServiceCommand({ name }));
    expect(retry.service).toMatchObject({ name, status: "DELETE_IN_PROGRESS" });
    await h.settle();
    const { $metadata: _, ...gone } = await h.client.send(new DeleteServiceCommand({ name }));
    expect(gone).toEqual({});
    await expectError(h.client.send(new GetServiceCommand({ name })), "ResourceNotFoundException");
  });
});
