import type { LoadRequest } from './engine-types.ts';
import { loadProfile } from './ours.ts';

/** Our engine at the `fast` profile (`--profile fast` on the server; docs/decisions/fast-profile.md). */
export const load = (req: LoadRequest) => loadProfile('fast', req);
