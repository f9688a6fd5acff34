"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.repositoryOps = exports.repositoryArn = void 0;
exports.linkedRepository = linkedRepository;
const backend_1 = require("./backend");
const idempotency_1 = require("./idempotency");
const pagination_1 = require("./pagination");
const render_1 = require("./render");
const state_1 = require("./state");
const errors_1 = require("../protocol/errors");
// Repository links. A link is keyed by provider and name and never changes (there is no
// UpdateRepository); Proton lowercases the provider in the ARN ("repository/github:owner/repo").
const repositoryArn = (b, provider, name) => b.arn(`repository/${provider.toLowerCase()}:${name}`);
exports.repositoryArn = repositoryArn;
const renderRepository = (r) => (0, render_1.clean)({
    arn: r.arn,
    provider: r.provider,
    name: r.name,
    connectionArn: r.connectionArn,
    encryptionKey: r.encryptionKey,
});
const describe = (provider, name) => `The repository '${name}' (${provider})`;
/** The linked repository, or a ValidationException naming `field` when the link does not exist. */
function linkedRepository(b, provider, name, field) {
    const r = b.state.repositories[(0, state_1.repositoryKey)(provider, name)];
    if (!r)
        throw (0, errors_1.validation)(`${field}: ${describe(provider, name)} is not linked to Proton; link it with CreateRepository first`);
    return r;
}
/** What still uses a repository link, so it can't be unlinked: sync configs, environments, account settings. */
function usersOf(b, r) {
    const s = b.state;
    const same = (provider, name) => provider === r.provider && name === r.name;
    return [
        ...Object.values(s.templateSyncConfigs)
            .filter((c) => same(c.repositoryProvider, c.repositoryName))
            .map((c) => `the template sync configuration of ${c.templateType.toLowerCase()} template '${c.templateName}'`),
        ...Object.values(s.serviceSyncConfigs)
            .filter((c) => same(c.repositoryProvider, c.repositoryName))
            .map((c) => `the service sync configuration of service '${c.serviceName}'`),
        ...Object.values(s.environments)
            .filter((e) => e.provisioningRepository && same(e.provisioningRepository.provider, e.provisioningRepository.name))
            .map((e) => `environment '${e.name}' (provisioningRepository)`),
        ...(s.accountSettings.pipelineProvisioningRepository &&
            same(s.accountSettings.pipelineProvisioningRepository.provider, s.accountSettings.pipelineProvisioningRepository.name)
            ? ["the account settings (pipelineProvisioningRepository)"]
            : []),
    ];
}
exports.repositoryOps = {
    CreateRepository: (b, input) => {
        const key = (0, state_1.repositoryKey)(input.provider, input.name);
        const existing = b.state.repositories[key];
        const { hash, existing: retry } = (0, idempotency_1.nameKeyedCreate)(existing && { createHash: existing.createHash, modified: false }, input, describe(input.provider, input.name));
        if (retry)
            return { repository: renderRepository(existing) };
        const r = {
            provider: input.provider,
            name: input.name,
            arn: (0, exports.repositoryArn)(b, input.provider, input.name),
            connectionArn: input.connectionArn,
            encryptionKey: input.encryptionKey,
            tags: (0, backend_1.copyTags)(input.tags), // validated: every tag has a key and a value
            createHash: hash,
        };
        b.state.repositories[key] = r;
        delete b.state.tombstones[`repository/${key}`];
        return { repository: renderRepository(r) };
    },
    GetRepository: (b, input) => {
        const r = b.state.repositories[(0, state_1.repositoryKey)(input.provider, input.name)];
        if (!r)
            throw (0, errors_1.notFound)(`${describe(input.provider, input.name)} is not linked`);
        return { repository: renderRepository(r) };
    },
    DeleteRepository: (b, input) => {
        const key = (0, state_1.repositoryKey)(input.provider, input.name);
        const r = b.state.repositories[key];
        if (!r) {
            if (b.state.tombstones[`repository/${key}`])
                return {};
            throw (0, errors_1.notFound)(`${describe(input.provider, input.name)} is not linked`);
        }
        const users = usersOf(b, r);
        if (users.length)
            throw (0, errors_1.conflict)(`${describe(r.provider, r.name)} is still used by ${users.join(", ")}`);
        delete b.state.repositories[key];
        b.state.tombstones[`repository/${key}`] = b.now();
        return { repository: renderRepository(r) };
    },
    ListRepositories: (b, input) => {
        const all = Object.values(b.state.repositories).sort((x, y) => x.provider.localeCompare(y.provider) || x.name.localeCompare(y.name));
        const { page, nextToken } = (0, pagination_1.paginate)("ListRepositories", all, input);
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
