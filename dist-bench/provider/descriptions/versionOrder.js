"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.templateVersions = templateVersions;
exports.deleteRefusal = deleteRefusal;
exports.deletionOrder = deletionOrder;
exports.refusalMessage = refusalMessage;
const P = __importStar(require("@aws-sdk/client-proton"));
const label = (v) => `${v.majorVersion}.${v.minorVersion}`;
const isRecommendedMinor = (v) => v.recommendedMinorVersion === v.minorVersion;
const LIST = {
    Environment: P.paginateListEnvironmentTemplateVersions,
    Service: P.paginateListServiceTemplateVersions,
};
const GET_TEMPLATE = {
    Environment: async (client, name) => (await client.send(new P.GetEnvironmentTemplateCommand({ name }))).environmentTemplate,
    Service: async (client, name) => (await client.send(new P.GetServiceTemplateCommand({ name }))).serviceTemplate,
};
/** Every version of a template (Proton lists one entry per major without a major, every minor with one). */
async function templateVersions(client, kind, templateName) {
    const list = async (majorVersion) => {
        const found = [];
        for await (const page of LIST[kind]({ client }, { templateName, majorVersion }))
            for (const v of page.templateVersions ?? [])
                found.push({
                    majorVersion: String(v.majorVersion),
                    minorVersion: String(v.minorVersion),
                    recommendedMinorVersion: v.recommendedMinorVersion,
                });
        return found;
    };
    const majors = [...new Set((await list()).map((v) => v.majorVersion))];
    const versions = (await Promise.all(majors.map((m) => list(m)))).flat();
    const template = await GET_TEMPLATE[kind](client, templateName);
    return { recommendedVersion: template?.recommendedVersion, versions };
}
/** Why Proton refuses to delete `major.minor` now, or undefined when its rules allow it. */
function deleteRefusal(all, majorVersion, minorVersion) {
    const target = all.versions.find((v) => v.majorVersion === majorVersion && v.minorVersion === minorVersion);
    if (!target)
        return undefined;
    const others = all.versions.filter((v) => v !== target);
    if (all.recommendedVersion === label(target) && others.length)
        return { rule: "it is the template's recommended version", blockers: others.map(label) };
    const sameMajor = others.filter((v) => v.majorVersion === majorVersion);
    if (isRecommendedMinor(target) && sameMajor.length)
        return {
            rule: `it is the recommended minor version of major ${majorVersion}`,
            blockers: sameMajor.map(label),
        };
    return undefined;
}
/**
 * An order Proton accepts for deleting every version: major by major, the template's recommended major
 * last; within a major, its recommended minor last.
 */
function deletionOrder(all) {
    const recommendedMajor = all.recommendedVersion?.split(".")[0];
    const rank = (v) => [
        v.majorVersion === recommendedMajor ? 1 : 0,
        Number(v.majorVersion),
        isRecommendedMinor(v) ? 1 : 0,
        Number(v.minorVersion),
    ];
    const compare = (a, b) => {
        const [ra, rb] = [rank(a), rank(b)];
        const i = ra.findIndex((x, k) => x !== rb[k]);
        return i < 0 ? 0 : ra[i] - rb[i];
    };
    return [...all.versions].sort(compare);
}
/** Why a version delete is refused, and what a user can do about it. */
function refusalMessage(templateName, version, refusal) {
    const blockers = refusal.blockers.join(", ");
    return (`Proton refuses to delete ${templateName}:${version} while ${blockers} ` +
        `${refusal.blockers.length > 1 ? "exist" : "exists"}: ${refusal.rule}, which Proton deletes last. ` +
        "To delete the whole template, give its versions `template: <the template resource>` instead of " +
        "`templateName`: they are then deleted with the template, in the order Proton allows. " +
        `To remove only ${version}, first add a newer minor version (${version} is then no longer recommended), ` +
        `or remove ${blockers} in an earlier \`pulumi up\`.`);
}
