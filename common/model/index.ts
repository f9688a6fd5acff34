// The Proton API model (2020-07-20), shared by the provider (preview-time checks) and proton-local
// (request validation): operation input shapes with their constraints, the validation they drive, and
// canonical JSON.
export * from "./shapes";
export * from "./operations";
export * from "./validate";
export * from "./canonical";
