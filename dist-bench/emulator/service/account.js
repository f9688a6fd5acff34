"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.accountOps = void 0;
const render_1 = require("./render");
const repositories_1 = require("./repositories");
const errors_1 = require("../protocol/errors");
const render = (b) => (0, render_1.clean)({ ...b.state.accountSettings });
exports.accountOps = {
    GetAccountSettings: (b) => ({ accountSettings: render(b) }),
    UpdateAccountSettings: (b, input) => {
        const settings = b.state.accountSettings;
        if (input.deletePipelineProvisioningRepository && input.pipelineProvisioningRepository)
            throw (0, errors_1.validation)("Give pipelineProvisioningRepository or deletePipelineProvisioningRepository, not both");
        // Proton provisions pipelines into a linked repository only; checked before anything changes.
        const r = input.pipelineProvisioningRepository;
        const linked = r && (0, repositories_1.linkedRepository)(b, r.provider, r.name, "pipelineProvisioningRepository");
        for (const field of ["pipelineServiceRoleArn", "pipelineCodebuildRoleArn"]) {
            if (input[field] === "")
                delete settings[field];
            else if (input[field] !== undefined)
                settings[field] = input[field];
        }
        if (input.deletePipelineProvisioningRepository)
            delete settings.pipelineProvisioningRepository;
        if (r && linked) {
            settings.pipelineProvisioningRepository = {
                arn: linked.arn,
                provider: r.provider,
                name: r.name,
                branch: r.branch,
            };
        }
        return { accountSettings: render(b) };
    },
};
