export * from "./common";
export * from "./courses";
export * from "./lessons";
export * from "./progress";
export * from "./reports";
export * from "./uploads";
export { mergeSegments, coveredSeconds, isComplete, normalise, type Segment } from "./segments";
