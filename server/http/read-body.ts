import { formatBytes } from "@/server/contracts/limits";
import { AppError } from "@/server/errors";

/**
 * The request body as text, refused with 413 once it passes `limit` bytes: a declared
 * Content-Length over the limit is refused before a byte is read, and a body streamed without
 * one (or longer than it said) is read chunk by chunk and dropped as soon as it passes, so an
 * oversized body never sits in memory whole nor reaches JSON.parse.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  checkDeclaredLength(req, limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** 413 when the request says up front that its body is over `limit` (any route, any method). */
export function checkDeclaredLength(req: Request, limit: number): void {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit);
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than this endpoint accepts (at most ${formatBytes(limit)}).`, {
    limitBytes: limit,
  });
}
