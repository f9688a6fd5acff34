/**
 * Runs `f` now and hands back its result as a promise; a throw becomes a rejection, as it would in an async
 * function. For provider methods that the interface wants asynchronous but that have nothing to wait for.
 */
export const promised = <T>(f: () => T): Promise<T> => new Promise((resolve) => resolve(f()));
