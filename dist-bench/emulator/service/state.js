"use strict";
// proton-local's whole state: plain JSON data, so it can be dumped, persisted and restored as is.
// Times are epoch milliseconds on the emulated clock; the protocol layer turns them into epoch seconds.
Object.defineProperty(exports, "__esModule", { value: true });
exports.branchKey = exports.repositoryKey = exports.instanceKey = exports.versionKey = exports.templateKey = exports.emptyState = void 0;
const emptyState = () => ({
    templates: {},
    versions: {},
    environments: {},
    services: {},
    instances: {},
    connections: {},
    components: {},
    deployments: {},
    accountSettings: {},
    clientTokens: {},
    repositories: {},
    templateSyncConfigs: {},
    serviceSyncConfigs: {},
    branches: {},
    repositorySyncs: {},
    resourceSyncs: {},
    syncBlockers: {},
    syncedBundles: {},
    tombstones: {},
});
exports.emptyState = emptyState;
const templateKey = (kind, name) => `${kind}/${name}`;
exports.templateKey = templateKey;
const versionKey = (kind, name, major, minor) => `${kind}/${name}/${major}.${minor}`;
exports.versionKey = versionKey;
const instanceKey = (serviceName, name) => `${serviceName}/${name}`;
exports.instanceKey = instanceKey;
const repositoryKey = (provider, name) => `${provider}:${name}`;
exports.repositoryKey = repositoryKey;
const branchKey = (provider, name, branch) => `${provider}:${name}@${branch}`;
exports.branchKey = branchKey;
