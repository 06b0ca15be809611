// Worker threads in Node 20 do not inherit tsx's loader hooks: register them, then run the TypeScript tool.
import { register } from 'tsx/esm/api';

register();
await import('./threads-vs-processes.ts');
