// Deletes this provider process is carrying out (one process serves a stack). A delete refused while
// another resource still uses it can tell that the user is on its way out before Proton shows it: an
// environment whose own delete waits for its components or service instances still reads as deployed.

const deleting = new Set<string>();
const key = (type: string, id: string) => `${type}:${id}`;

/** Marks `type`/`id` as being deleted until the returned function is called. */
export function deletingNow(type: string, id: string): () => void {
  deleting.add(key(type, id));
  return () => deleting.delete(key(type, id));
}

/** Whether this process is deleting `type`/`id` right now. */
export const isBeingDeleted = (type: string, id: string): boolean => deleting.has(key(type, id));
