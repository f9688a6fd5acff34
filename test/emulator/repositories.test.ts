import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  GetAccountSettingsCommand,
  GetRepositoryCommand,
  ListRepositoriesCommand,
  ListTagsForResourceCommand,
  UpdateAccountSettingsCommand,
  paginateListRepositories,
} from "@aws-sdk/client-proton";
import { ACCOUNT_ID, CONNECTION_ARN, expectError, uniq, useHarness } from "./helpers";

const h = useHarness();
const CONNECTION = CONNECTION_ARN;
const link = (name = `acme/${uniq("repo")}`, extra: { encryptionKey?: string } = {}) =>
  h.client.send(
    new CreateRepositoryCommand({ provider: "GITHUB", name, connectionArn: CONNECTION, ...extra }),
  );

describe("repository links", () => {
  test("CreateRepository links a repository; Get returns it with Proton's ARN (provider lowercased)", async () => {
    const name = `acme/${uniq("repo")}`;
    const { repository } = await h.client.send(
      new CreateRepositoryCommand({
        provider: "GITHUB",
        name,
        connectionArn: CONNECTION,
        tags: [{ key: "team", value: "platform" }],
      }),
    );
    expect(repository).toEqual({
      arn: `arn:aws:proton:us-east-1:${ACCOUNT_ID}:repository/github:${name}`,
      provider: "GITHUB",
      name,
      connectionArn: CONNECTION,
    });
    const got = await h.client.send(new GetRepositoryCommand({ provider: "GITHUB", name }));
    expect(got.repository).toEqual(repository);
    const { tags } = await h.client.send(new ListTagsForResourceCommand({ resourceArn: repository!.arn }));
    expect(tags).toEqual([{ key: "team", value: "platform" }]);
  });

  test("CreateRepository is name-keyed: an identical retry returns the link, other parameters are a mismatch", async () => {
    const name = `acme/${uniq("repo")}`;
    const first = await link(name);
    const again = await link(name);
    expect(again.repository).toEqual(first.repository);
    await expectError(
      link(name, { encryptionKey: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/abc` }),
      "ValidationException",
      /IdempotentParameterMismatch/,
    );
  });

  test("the same name under another provider is another link", async () => {
    const name = `acme/${uniq("repo")}`;
    await link(name);
    const { repository } = await h.client.send(
      new CreateRepositoryCommand({ provider: "BITBUCKET", name, connectionArn: CONNECTION }),
    );
    expect(repository!.arn).toBe(`arn:aws:proton:us-east-1:${ACCOUNT_ID}:repository/bitbucket:${name}`);
  });

  test("the model is enforced: a name without owner/ and a bad connection ARN are ValidationException", async () => {
    await expectError(
      h.client.send(
        new CreateRepositoryCommand({ provider: "GITHUB", name: "noslash", connectionArn: CONNECTION }),
      ),
      "ValidationException",
      /name/,
    );
    await expectError(
      h.client.send(new CreateRepositoryCommand({ provider: "GITHUB", name: "a/b", connectionArn: "nope" })),
      "ValidationException",
      /connectionArn/,
    );
  });

  test("DeleteRepository unlinks; a repeated delete answers {}; an unknown link is ResourceNotFoundException", async () => {
    const name = `acme/${uniq("repo")}`;
    const { repository } = await link(name);
    const deleted = await h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name }));
    expect(deleted.repository).toEqual(repository);
    const again = await h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name }));
    expect(again.repository).toBeUndefined();
    await expectError(
      h.client.send(new GetRepositoryCommand({ provider: "GITHUB", name })),
      "ResourceNotFoundException",
    );
    await expectError(
      h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name: "acme/never-linked" })),
      "ResourceNotFoundException",
    );
  });

  test("ListRepositories pages through every link in a stable order", async () => {
    await h.control.reset();
    const names = ["acme/c", "acme/a", "acme/b"];
    for (const n of names) await link(n);
    const seen: string[] = [];
    for await (const page of paginateListRepositories({ client: h.client, pageSize: 2 }, {}))
      seen.push(...page.repositories!.map((r) => r.name!));
    expect(seen).toEqual(["acme/a", "acme/b", "acme/c"]);
    const first = await h.client.send(new ListRepositoriesCommand({ maxResults: 1 }));
    expect(first.repositories![0]).toEqual({
      arn: `arn:aws:proton:us-east-1:${ACCOUNT_ID}:repository/github:acme/a`,
      provider: "GITHUB",
      name: "acme/a",
      connectionArn: CONNECTION,
    });
  });
});

describe("account settings and repository links", () => {
  test("pipelineProvisioningRepository must be a linked repository; nothing changes when it is not", async () => {
    await h.control.reset();
    await expectError(
      h.client.send(
        new UpdateAccountSettingsCommand({
          pipelineServiceRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/Pipeline`,
          pipelineProvisioningRepository: { provider: "GITHUB", name: "acme/unlinked", branch: "main" },
        }),
      ),
      "ValidationException",
      /pipelineProvisioningRepository: The repository 'acme\/unlinked' \(GITHUB\) is not linked/,
    );
    const { accountSettings } = await h.client.send(new GetAccountSettingsCommand({}));
    expect(accountSettings).toEqual({});
  });

  test("a repository the account settings use can't be unlinked until the settings let go of it", async () => {
    const name = `acme/${uniq("pipelines")}`;
    const { repository } = await link(name);
    const { accountSettings } = await h.client.send(
      new UpdateAccountSettingsCommand({
        pipelineProvisioningRepository: { provider: "GITHUB", name, branch: "main" },
      }),
    );
    expect(accountSettings!.pipelineProvisioningRepository).toEqual({
      arn: repository!.arn,
      provider: "GITHUB",
      name,
      branch: "main",
    });
    await expectError(
      h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name })),
      "ConflictException",
      /account settings \(pipelineProvisioningRepository\)/,
    );
    await h.client.send(new UpdateAccountSettingsCommand({ deletePipelineProvisioningRepository: true }));
    await h.client.send(new DeleteRepositoryCommand({ provider: "GITHUB", name }));
  });
});
