import { describe, expect, it } from "vitest";
import { attachment, failureText, PDF, plainText, ZIP } from "@/app/_lib/download";
import { forbidden, notFound } from "@/lib/core/result";
import { makeTranslator } from "@/lib/i18n";

describe("app/_lib/download", () => {
  it("answers a file as an attachment: ASCII filename, the real name as RFC 5987 filename*, never cached", async () => {
    const res = attachment(new Uint8Array([1, 2, 3]), { type: PDF, asciiName: "file-800001.pdf", name: "一人一档-张三-800001.pdf" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="file-800001.pdf"; filename*=UTF-8''%E4%B8%80%E4%BA%BA%E4%B8%80%E6%A1%A3-%E5%BC%A0%E4%B8%89-800001.pdf`,
    );
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(res.headers.get("Content-Length")).toBeNull();
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it("sends Content-Length for a stream of known size", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([9, 9]));
        c.close();
      },
    });
    const res = attachment(stream, { type: ZIP, asciiName: "unit-files-7.zip", name: "a b.zip", size: 2 });
    expect(res.headers.get("Content-Length")).toBe("2");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="unit-files-7.zip"; filename*=UTF-8''a%20b.zip`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([9, 9]));
  });

  it("answers a refusal as plain text with its kind's status, in the user's language", async () => {
    const t = makeTranslator("en");
    const nf = failureText(t, notFound("personFile.export.notReady"));
    expect(nf.status).toBe(404);
    expect(nf.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await nf.text()).toBe(t("personFile.export.notReady"));
    const fb = failureText(t, forbidden("members.errors.notFound"), "errors.forbidden");
    expect(fb.status).toBe(403);
    expect(await fb.text()).toBe(t("errors.forbidden"));
    expect(plainText("x", 400).status).toBe(400);
  });
});
