export * from "./code";
export * from "./rules";
export * from "./registry";
export * from "./scan";
