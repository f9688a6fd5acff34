import type {
  CreateRepositoryCommandInput,
  CreateRepositoryCommandOutput,
  DeleteRepositoryCommandInput,
  DeleteRepositoryCommandOutput,
  GetRepositoryCommandInput,
  GetRepositoryCommandOutput,
  ListRepositoriesCommandInput,
  ListRepositoriesCommandOutput,
} from "@aws-sdk/client-proton";
import type { Backend } from "./backend";
import { copyTags } from "./backend";
import { nameKeyedCreate } from "./idempotency";
import { paginate } from "./pagination";
import { clean } from "./render";
import { repositoryKey, type RepositoryRecord } from "./state";
import type { Valid, Wire } from "./wire";
import { conflict, notFound, validation } from "../protocol/errors";

// Repository links. A link is keyed by provider and name and never changes (there is no
// UpdateRepository); Proton lowercases the provider in the ARN ("repository/github:owner/repo").

export const repositoryArn = (b: Backend, provider: string, name: string) =>
  b.arn(`repository/${provider.toLowerCase()}:${name}`);

const renderRepository = (r: RepositoryRecord) =>
  clean({
    arn: r.arn,
    provider: r.provider,
    name: r.name,
    connectionArn: r.connectionArn,
    encryptionKey: r.encryptionKey,
  });

const describe = (provider: string, name: string) => `The repository '${name}' (${provider})`;

/** The linked repository, or a ValidationException naming `field` when the link does not exist. */
export function linkedRepository(
  b: Backend,
  provider: string,
  name: string,
  field: string,
): RepositoryRecord {
  const r = b.state.repositories[repositoryKey(provider, name)];
  if (!r)
    throw validation(
      `${field}: ${describe(provider, name)} is not linked to Proton; link it with CreateRepository first`,
    );
  return r;
}

/** What still uses a repository link, so it can't be unlinked: sync configs, environments, account settings. */
function usersOf(b: Backend, r: RepositoryRecord): string[] {
  const s = b.state;
  const same = (provider: string, name: string) => provider === r.provider && name === r.name;
  return [
    ...Object.values(s.templateSyncConfigs)
      .filter((c) => same(c.repositoryProvider, c.repositoryName))
      .map(
        (c) =>
          `the template sync configuration of ${c.templateType.toLowerCase()} template '${c.templateName}'`,
      ),
    ...Object.values(s.serviceSyncConfigs)
      .filter((c) => same(c.repositoryProvider, c.repositoryName))
      .map((c) => `the service sync configuration of service '${c.serviceName}'`),
    ...Object.values(s.environments)
      .filter(
        (e) =>
          e.provisioningRepository && same(e.provisioningRepository.provider, e.provisioningRepository.name),
      )
      .map((e) => `environment '${e.name}' (provisioningRepository)`),
    ...(s.accountSettings.pipelineProvisioningRepository &&
    same(
      s.accountSettings.pipelineProvisioningRepository.provider,
      s.accountSettings.pipelineProvisioningRepository.name,
    )
      ? ["the account settings (pipelineProvisioningRepository)"]
      : []),
  ];
}

export const repositoryOps = {
  CreateRepository: (
    b: Backend,
    input: Valid<CreateRepositoryCommandInput>,
  ): Wire<CreateRepositoryCommandOutput> => {
    const key = repositoryKey(input.provider, input.name);
    const existing = b.state.repositories[key];
    const { hash, existing: retry } = nameKeyedCreate(
      existing && { createHash: existing.createHash, modified: false },
      input,
      describe(input.provider, input.name),
    );
    if (retry) return { repository: renderRepository(existing) };
    const r: RepositoryRecord = {
      provider: input.provider,
      name: input.name,
      arn: repositoryArn(b, input.provider, input.name),
      connectionArn: input.connectionArn,
      encryptionKey: input.encryptionKey,
      tags: copyTags(input.tags), // validated: every tag has a key and a value
      createHash: hash,
    };
    b.state.repositories[key] = r;
    delete b.state.tombstones[`repository/${key}`];
    return { repository: renderRepository(r) };
  },

  GetRepository: (b: Backend, input: Valid<GetRepositoryCommandInput>): Wire<GetRepositoryCommandOutput> => {
    const r = b.state.repositories[repositoryKey(input.provider, input.name)];
    if (!r) throw notFound(`${describe(input.provider, input.name)} is not linked`);
    return { repository: renderRepository(r) };
  },

  DeleteRepository: (
    b: Backend,
    input: Valid<DeleteRepositoryCommandInput>,
  ): Wire<DeleteRepositoryCommandOutput> => {
    const key = repositoryKey(input.provider, input.name);
    const r = b.state.repositories[key];
    if (!r) {
      if (b.state.tombstones[`repository/${key}`]) return {};
      throw notFound(`${describe(input.provider, input.name)} is not linked`);
    }
    const users = usersOf(b, r);
    if (users.length) throw conflict(`${describe(r.provider, r.name)} is still used by ${users.join(", ")}`);
    delete b.state.repositories[key];
    b.state.tombstones[`repository/${key}`] = b.now();
    return { repository: renderRepository(r) };
  },

  ListRepositories: (
    b: Backend,
    input: Valid<ListRepositoriesCommandInput>,
  ): Wire<ListRepositoriesCommandOutput> => {
    const all = Object.values(b.state.repositories).sort(
      (x, y) => x.provider.localeCompare(y.provider) || x.name.localeCompare(y.name),
    );
    const { page, nextToken } = paginate("ListRepositories", all, input);
    return {
      repositories: page.map((r) => ({
        arn: r.arn,
        provider: r.provider,
        name: r.name,
        connectionArn: r.connectionArn,
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
};
