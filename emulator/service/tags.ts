import type { Backend } from "./backend";
import { paginate } from "./pagination";
import type { Tag } from "./state";
import type { Handlers } from "./wire";
import { notFound, validation } from "../protocol/errors";

/** Every taggable record, found by ARN. */
function taggable(b: Backend, arn: string): { tags: Tag[] } {
  const s = b.state;
  const all: { arn: string; tags: Tag[] }[] = [
    ...Object.values(s.templates),
    ...Object.values(s.versions),
    ...Object.values(s.environments),
    ...Object.values(s.services),
    ...Object.values(s.instances),
    ...Object.values(s.connections),
    ...Object.values(s.components),
    ...Object.values(s.repositories),
  ];
  const found = all.find((r) => r.arn === arn);
  if (!found) throw notFound(`The resource '${arn}' does not exist`);
  return found;
}

const MAX_TAGS = 50;

export const tagOps = {
  TagResource: (b, input) => {
    const r = taggable(b, input.resourceArn);
    const merged = new Map(r.tags.map((t) => [t.key, t.value]));
    for (const t of input.tags) merged.set(t.key, t.value);
    if (merged.size > MAX_TAGS) throw validation(`A resource can have at most ${MAX_TAGS} tags`);
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
    const { page, nextToken } = paginate("ListTagsForResource", sorted, input);
    return { tags: page, ...(nextToken ? { nextToken } : {}) };
  },
} satisfies Partial<Handlers>;
