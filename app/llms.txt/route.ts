import { headers } from 'next/headers';
import { groupOperations, type OpenApiDocument } from '@/components/reference/openapi-model';
import { portalOpenApiDocument } from '@/lib/api/portal-openapi-document';
import { apiRoutes } from '@/lib/api/routes';
import { publicOrigin } from '@/lib/auth/public-origin';
import { currentDocReader } from '@/lib/docs/doc-reader';
import { formatLlmsTxt, llmsDocs } from '@/lib/docs/llms-txt';

export const dynamic = 'force-dynamic';

/** The docs this reader may read (signed out: the public ones) and the API reference, as an index for language models. */
export async function GET(request: Request) {
  const reader = await currentDocReader();
  const document = (await portalOpenApiDocument(apiRoutes)) as unknown as OpenApiDocument;
  const origin = publicOrigin(await headers(), new URL(request.url).protocol.replace(':', '')) ?? new URL(request.url).origin;
  const body = formatLlmsTxt({
    origin,
    title: document.info.title,
    docs: await llmsDocs(reader.scope),
    // The reference's paths are relative to the server (`/api/v1`); the index names them in full.
    operations: groupOperations(document)
      .flatMap((group) => group.operations)
      .map((op) => ({ ...op, path: `${document.servers?.[0]?.url ?? ''}${op.path}` })),
  });
  // What a signed-in partner gets differs from the public index: never shared by a cache.
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store', vary: 'Cookie' } });
}
