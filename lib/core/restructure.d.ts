// restructure (fontkit's binary encoder) ships no types; lib/core/pdf-cff.ts reaches two of its classes.
declare module "restructure" {
  /** A number type (its prototype is restructure's NumberT's). */
  export const uint8: object;
  export const Pointer: { prototype: object };
}
