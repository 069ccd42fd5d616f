import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonField } from "@/app/_lib/fields";

/** An editor's list sent as one JSON form field: bad JSON, too long or the wrong shape is refused, never thrown. */
describe("jsonField", () => {
  const field = jsonField(40, z.array(z.object({ id: z.number().int() })).max(2));

  it("reads a list that fits the schema", () => {
    expect(field.parse('[{"id":1},{"id":2}]')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("refuses text that is not JSON with the invalid-input message", () => {
    const r = field.safeParse("[{id:1}");
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(["errors.invalidInput"]);
  });

  it("refuses a field longer than its limit before parsing it, and JSON of the wrong shape", () => {
    expect(field.safeParse(`[${'{"id":1},'.repeat(10)}{"id":1}]`).success).toBe(false);
    expect(field.safeParse('[{"id":1},{"id":2},{"id":3}]').success).toBe(false);
    expect(field.safeParse('[{"id":"x"}]').success).toBe(false);
  });
});
