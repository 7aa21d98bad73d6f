/**
 * Reading response bodies with a size cap. A registry (or whatever sits at a redirect target)
 * decides how many bytes it sends, so the cap is enforced while streaming, not after.
 */

export type CappedBody = { readonly kind: 'complete'; readonly bytes: Uint8Array } | { readonly kind: 'too-large'; readonly limit: number };

export async function readCapped(response: Response, limit: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'too-large', limit };
  }
  if (!response.body) return { kind: 'complete', bytes: new Uint8Array(0) };
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'too-large', limit };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'complete', bytes };
}

/** Read at most `limit` bytes as UTF-8 text; a larger body yields undefined (error bodies are small). */
export async function readSmallText(response: Response, limit = 64 * 1024): Promise<string | undefined> {
  const body = await readCapped(response, limit);
  return body.kind === 'complete' ? new TextDecoder().decode(body.bytes) : undefined;
}
