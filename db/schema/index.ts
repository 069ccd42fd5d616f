export * from "./org";
export * from "./auth";
export * from "./quiz";
export * from "./classes";
export * from "./methods";
export * from "./video";
export * from "./eligibility";
export * from "./jobs";
