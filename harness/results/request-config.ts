import { z } from 'zod';

/**
 * How each request was sent (results.json `target`, beside url and field): the body kind, the query
 * the harness added, and the extra headers by name only. Header values are secrets (tokens) and are
 * never written: `Authorization: ***`. Added in v1, optional.
 */
export const targetRequestFields = {
  body: z.enum(['multipart', 'json']).optional(),
  headers: z.array(z.string()).optional(),
  query: z.record(z.string(), z.string()).optional(),
};

/**
 * The request options the scenario sets itself (mode, cls); what it leaves out is the server's
 * default, and is not sent, embedded or --target alike. Added in v1, optional.
 */
export const scenarioRequestSchema = z.object({ mode: z.enum(['page', 'line']).optional(), cls: z.boolean().optional() });
