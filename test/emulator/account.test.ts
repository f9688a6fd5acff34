import {
  CreateRepositoryCommand,
  GetAccountSettingsCommand,
  UpdateAccountSettingsCommand,
} from "@aws-sdk/client-proton";
import { ACCOUNT_ID, ROLE_ARN, expectError, useHarness } from "./helpers";

const h = useHarness();
const repo = { provider: "GITHUB" as const, name: "acme/pipelines", branch: "main" };

describe("account settings", () => {
  beforeAll(async () => {
    await h.client.send(
      new CreateRepositoryCommand({
        provider: repo.provider,
        name: repo.name,
        connectionArn: `arn:aws:codestar-connections:us-east-1:${ACCOUNT_ID}:connection/pipelines`,
      }),
    );
  });

  test("UpdateAccountSettings sets what GetAccountSettings returns", async () => {
    const codebuild = `arn:aws:iam::${ACCOUNT_ID}:role/CodeBuild`;
    await h.client.send(
      new UpdateAccountSettingsCommand({
        pipelineServiceRoleArn: ROLE_ARN,
        pipelineCodebuildRoleArn: codebuild,
        pipelineProvisioningRepository: repo,
      }),
    );
    const { accountSettings } = await h.client.send(new GetAccountSettingsCommand({}));
    expect(accountSettings).toEqual({
      pipelineServiceRoleArn: ROLE_ARN,
      pipelineCodebuildRoleArn: codebuild,
      pipelineProvisioningRepository: {
        ...repo,
        arn: `arn:aws:proton:us-east-1:${ACCOUNT_ID}:repository/github:acme/pipelines`,
      },
    });
  });

  test('"" clears a role and deletePipelineProvisioningRepository removes the repository', async () => {
    await h.client.send(
      new UpdateAccountSettingsCommand({
        pipelineServiceRoleArn: ROLE_ARN,
        pipelineProvisioningRepository: repo,
      }),
    );
    const { accountSettings } = await h.client.send(
      new UpdateAccountSettingsCommand({
        pipelineServiceRoleArn: "",
        deletePipelineProvisioningRepository: true,
      }),
    );
    expect(accountSettings!.pipelineServiceRoleArn).toBeUndefined();
    expect(accountSettings!.pipelineProvisioningRepository).toBeUndefined();
  });

  test("a repository and its deletion in one call is ValidationException", async () => {
    await expectError(
      h.client.send(
        new UpdateAccountSettingsCommand({
          pipelineProvisioningRepository: repo,
          deletePipelineProvisioningRepository: true,
        }),
      ),
      "ValidationException",
    );
  });
});
