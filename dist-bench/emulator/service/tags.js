"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tagOps = void 0;
const pagination_1 = require("./pagination");
const errors_1 = require("../protocol/errors");
/** Every taggable record, found by ARN. */
function taggable(b, arn) {
    const s = b.state;
    const all = [
        ...Object.values(s.templates),
        ...Object.values(s.versions),
        ...Object.values(s.environments),
        ...Object.values(s.services),
        ...Object.values(s.instances),
        ...Object.values(s.connections),
        ...Object.values(s.repositories),
    ];
    const found = all.find((r) => r.arn === arn);
    if (!found)
        throw (0, errors_1.notFound)(`The resource '${arn}' does not exist`);
    return found;
}
const MAX_TAGS = 50;
exports.tagOps = {
    TagResource: (b, input) => {
        const r = taggable(b, input.resourceArn);
        const merged = new Map(r.tags.map((t) => [t.key, t.value]));
        for (const t of input.tags)
            merged.set(t.key, t.value);
        if (merged.size > MAX_TAGS)
            throw (0, errors_1.validation)(`A resource can have at most ${MAX_TAGS} tags`);
        r.tags = [...merged].map(([key, value]) => ({ key, value }));
        return {};
    },
    UntagResource: (b, input) => {
        const r = taggable(b, input.resourceArn);
        const drop = new Set(input.tagKeys);
        r.tags = r.tags.filter((t) => !drop.has(t.key));
        return {};
    },
    ListTagsForResource: (b, input) => {
        const r = taggable(b, input.resourceArn);
        const sorted = [...r.tags].sort((x, y) => x.key.localeCompare(y.key));
        const { page, nextToken } = (0, pagination_1.paginate)("ListTagsForResource", sorted, input);
        return { tags: page, ...(nextToken ? { nextToken } : {}) };
    },
};
