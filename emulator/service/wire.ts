// The SDK's operation shapes as proton-local handles them: a request after model validation (required
// members present) and a reply as sent on the wire (timestamps in epoch seconds, no response metadata).

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** A `*CommandInput` once the model check passed: its required members are set. */
export type Valid<T> = { [K in RequiredKeys<T>]: Exclude<T[K], undefined> } & {
  [K in Exclude<keyof T, RequiredKeys<T>>]?: T[K];
};

/** A `*CommandOutput` as sent: Dates become epoch seconds and `$metadata` is the transport's. */
export type Wire<T> = T extends Date
  ? number
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T as K extends "$metadata" ? never : K]: Wire<T[K]> }
      : T;
