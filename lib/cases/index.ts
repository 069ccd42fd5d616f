export * from "./cases";
export * from "./rules";
