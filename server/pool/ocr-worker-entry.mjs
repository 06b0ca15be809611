// Worker threads in Node 20 do not inherit the tsx loader hooks the main thread was started with, so
// this plain-JS entry registers tsx in the worker, then hands piscina the TypeScript worker's handler.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./ocr-worker.ts');
export default worker.default;
